import VitrineEngine

/// Trees packed into one contiguous array of small nodes, the form traversal reads: one
/// cache line holds a node's whole decision, where ``RegressionTree``'s parallel arrays
/// (the form that is saved) would need one access per field.
struct PackedTrees {
    struct Node {
        var feature: Int32
        /// Absolute indices into the packed array (a leaf's own index at a leaf).
        var left: Int32
        var right: Int32
        var threshold: Float
        var value: Double
        var thresholdBin: UInt8
        var missingLeft: Bool
    }

    private(set) var nodes: [Node] = []
    private(set) var roots: [Int] = []
    /// Steps from each root to its deepest leaf.
    private(set) var depths: [Int] = []

    init(_ trees: [RegressionTree]) {
        for tree in trees {
            let offset = Int32(nodes.count)
            roots.append(nodes.count)
            var depth = [Int](repeating: 0, count: tree.nodes)
            for node in 0..<tree.nodes {
                let isLeaf = tree.feature[node] < 0
                if !isLeaf {
                    depth[Int(tree.left[node])] = depth[node] + 1
                    depth[Int(tree.right[node])] = depth[node] + 1
                }
                // A leaf points to itself on both sides, so walking past it stays there and
                // every row can take the same number of steps.
                let me = Int32(node) + offset
                nodes.append(Node(feature: isLeaf ? 0 : tree.feature[node],
                                  left: isLeaf ? me : tree.left[node] + offset,
                                  right: isLeaf ? me : tree.right[node] + offset,
                                  threshold: tree.threshold[node], value: tree.value[node],
                                  thresholdBin: tree.thresholdBin[node], missingLeft: tree.missingLeft[node]))
            }
            depths.append(depth.max() ?? 0)
        }
    }

    /// Adds to `raw[row]`, for every row of a column-major value table with `rows` rows, the
    /// leaf values of all trees in tree order (so the sum never depends on the chunking).
    func add(values: UnsafeBufferPointer<Float>, rows: Int, into raw: UnsafeMutableBufferPointer<Double>) {
        addAll(ValueRouter(values: values, rows: rows), into: raw, skipping: nil)
    }

    /// As ``add(values:rows:into:)`` for a column-major bin-code table, leaving out rows
    /// `skipping` marks.
    func add(codes: UnsafeBufferPointer<UInt8>, rows: Int, into raw: UnsafeMutableBufferPointer<Double>,
             skipping: [Bool]? = nil) {
        addAll(CodeRouter(codes: codes, rows: rows), into: raw, skipping: skipping)
    }

    /// Which way a node sends a row; a generic parameter rather than a closure so each
    /// traversal is specialised and the test inlined.
    private protocol Router {
        func goesLeft(_ node: Node, row: Int) -> Bool
    }

    private struct ValueRouter: Router {
        let values: UnsafeBufferPointer<Float>
        let rows: Int
        @inline(__always) func goesLeft(_ node: Node, row: Int) -> Bool {
            let x = values[Int(node.feature) &* rows &+ row]
            return x.isNaN ? node.missingLeft : x <= node.threshold
        }
    }

    private struct CodeRouter: Router {
        let codes: UnsafeBufferPointer<UInt8>
        let rows: Int
        @inline(__always) func goesLeft(_ node: Node, row: Int) -> Bool {
            let code = codes[Int(node.feature) &* rows &+ row]
            return code == UInt8(FeatureBins.missingBin) ? node.missingLeft : code <= node.thresholdBin
        }
    }

    private func addAll<R: Router>(_ router: R, into raw: UnsafeMutableBufferPointer<Double>, skipping: [Bool]?) {
        let roots = roots, depths = depths
        nodes.withUnsafeBufferPointer { nodes in
            @inline(__always) func step(_ node: Int, _ row: Int) -> Int {
                Int(router.goesLeft(nodes[node], row: row) ? nodes[node].left : nodes[node].right)
            }
            Parallel.forEachChunk(raw.count, cost: 8 * max(roots.count, 1)) { range in
                // Small blocks of rows stay in cache while every tree visits them.
                for start in stride(from: range.lowerBound, to: range.upperBound, by: 256) {
                    let end = min(start + 256, range.upperBound)
                    for (root, depth) in zip(roots, depths) {
                        // Four rows walk the tree side by side, so their memory accesses
                        // overlap instead of each waiting for the one before.
                        var row = start
                        while row < end {
                            let r0 = row, r1 = min(row + 1, end - 1), r2 = min(row + 2, end - 1), r3 = min(row + 3, end - 1)
                            var n0 = root, n1 = root, n2 = root, n3 = root
                            // At most the tree's depth, and no further once all four lanes sit
                            // on leaves (a leaf points to itself): leaf-wise trees are lopsided,
                            // most paths far shorter than the deepest.
                            for _ in 0..<depth {
                                let m0 = step(n0, r0), m1 = step(n1, r1), m2 = step(n2, r2), m3 = step(n3, r3)
                                if m0 == n0 && m1 == n1 && m2 == n2 && m3 == n3 { break }
                                n0 = m0; n1 = m1; n2 = m2; n3 = m3
                            }
                            // Past the end, lanes repeat the last row; only real rows are added.
                            let lanes = end - row
                            @inline(__always) func add(_ row: Int, _ leaf: Int) {
                                if !(skipping?[row] ?? false) { raw[row] += nodes[leaf].value }
                            }
                            add(r0, n0)
                            if lanes > 1 { add(r1, n1) }
                            if lanes > 2 { add(r2, n2) }
                            if lanes > 3 { add(r3, n3) }
                            row += 4
                        }
                    }
                }
            }
        }
    }
}
