import VitrineEngine

/// Trees packed into one contiguous array of small nodes, the form traversal reads: one
/// cache line holds a node's whole decision, where ``RegressionTree``'s parallel arrays
/// (the form that is saved) would need one access per field.
struct PackedTrees {
    struct Node {
        var feature: Int32
        /// Absolute indices into the packed array.
        var left: Int32
        var right: Int32
        var threshold: Float
        var value: Double
        var thresholdBin: UInt8
        var missingLeft: Bool
    }

    private(set) var nodes: [Node] = []
    private(set) var roots: [Int] = []

    init(_ trees: [RegressionTree]) {
        for tree in trees {
            let offset = Int32(nodes.count)
            roots.append(nodes.count)
            for node in 0..<tree.nodes {
                let isLeaf = tree.feature[node] < 0
                nodes.append(Node(feature: tree.feature[node],
                                  left: isLeaf ? -1 : tree.left[node] + offset,
                                  right: isLeaf ? -1 : tree.right[node] + offset,
                                  threshold: tree.threshold[node], value: tree.value[node],
                                  thresholdBin: tree.thresholdBin[node], missingLeft: tree.missingLeft[node]))
            }
        }
    }

    /// Adds to `raw[row]`, for every row of a column-major value table with `rows` rows, the
    /// leaf values of all trees in tree order (so the sum never depends on the chunking).
    func add(values: UnsafeBufferPointer<Float>, rows: Int, into raw: UnsafeMutableBufferPointer<Double>) {
        addAll(rows: rows, into: raw, skipping: nil) { node, row in
            let x = values[Int(node.feature) * rows + row]
            return x.isNaN ? node.missingLeft : x <= node.threshold
        }
    }

    /// As ``add(values:rows:into:)`` for a column-major bin-code table, leaving out rows
    /// `skipping` marks.
    func add(codes: UnsafeBufferPointer<UInt8>, rows: Int, into raw: UnsafeMutableBufferPointer<Double>,
             skipping: [Bool]? = nil) {
        let missing = UInt8(FeatureBins.missingBin)
        addAll(rows: rows, into: raw, skipping: skipping) { node, row in
            let code = codes[Int(node.feature) * rows + row]
            return code == missing ? node.missingLeft : code <= node.thresholdBin
        }
    }

    @inline(__always)
    private func addAll(rows: Int, into raw: UnsafeMutableBufferPointer<Double>, skipping: [Bool]?,
                        goesLeft: (Node, Int) -> Bool) {
        nodes.withUnsafeBufferPointer { nodes in
            Parallel.forEachChunk(rows, cost: 8 * max(roots.count, 1)) { range in
                // Small blocks of rows stay in cache while every tree visits them.
                for start in stride(from: range.lowerBound, to: range.upperBound, by: 256) {
                    let block = start..<min(start + 256, range.upperBound)
                    for root in roots {
                        for row in block where !(skipping?[row] ?? false) {
                            var index = root
                            while nodes[index].feature >= 0 {
                                index = Int(goesLeft(nodes[index], row) ? nodes[index].left : nodes[index].right)
                            }
                            raw[row] += nodes[index].value
                        }
                    }
                }
            }
        }
    }
}
