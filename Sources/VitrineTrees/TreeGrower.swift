/// Grows one tree best-first (leaf-wise, as LightGBM and scikit-learn's histogram boosting do):
/// among the current leaves, always split the one whose best split gains most, until the
/// tree has `maxLeafNodes` leaves or no leaf can be split.
///
/// Each leaf's rows are a contiguous range of one index array, partitioned in place at every
/// split. Of two new siblings only the smaller one's histogram is built from its rows; the
/// larger one's is the parent's minus it.
struct TreeGrower {
    let parameters: BoostingParameters
    let finder: SplitFinder
    let codes: UnsafeBufferPointer<UInt8>
    let tableRows: Int
    let featureCount: Int

    /// A leaf of the tree being grown.
    private struct Leaf {
        var node: Int
        var rows: Range<Int>
        var depth: Int
        var sums: NodeSums
        var histogram: Histogram?
        var best: SplitCandidate?
    }

    /// The grown tree and, for every leaf, its node and the range of `rows` it holds.
    struct Result {
        var tree: RegressionTree
        var leafRows: [(node: Int, rows: Range<Int>)]
    }

    init(parameters: BoostingParameters, bins: FeatureBins, codes: UnsafeBufferPointer<UInt8>, tableRows: Int) {
        self.parameters = parameters
        self.finder = SplitFinder(parameters: parameters, bins: bins)
        self.codes = codes
        self.tableRows = tableRows
        self.featureCount = bins.features
    }

    /// Grows a tree on `rows` (indices into the table, reordered so each leaf's rows are
    /// contiguous) with per-row `gradients` and `hessians`, splitting only on `features`.
    func grow(rows: inout [Int32], gradients: UnsafeBufferPointer<Float>, hessians: UnsafeBufferPointer<Float>,
              features: [Int]) -> Result {
        var tree = RegressionTree()
        var scratch = [Int32](repeating: 0, count: rows.count)

        func histogram(_ range: Range<Int>) -> Histogram {
            rows.withUnsafeBufferPointer { all in
                Histogram(features: features, featureCount: featureCount, codes: codes, tableRows: tableRows,
                          rows: UnsafeBufferPointer(rebasing: all[range]), gradients: gradients, hessians: hessians)
            }
        }

        var rootSums = NodeSums(gradient: 0, hessian: 0, count: Double(rows.count))
        for row in rows {
            rootSums.gradient += Double(gradients[Int(row)])
            rootSums.hessian += Double(hessians[Int(row)])
        }
        var root = Leaf(node: tree.appendLeaf(value: finder.leafValue(rootSums), count: rows.count),
                        rows: 0..<rows.count, depth: 0, sums: rootSums)
        if canSplit(root) {
            root.histogram = histogram(root.rows)
            root.best = finder.best(histogram: root.histogram!, total: rootSums, features: features)
        }
        var leaves = [root]

        while leaves.count < parameters.maxLeafNodes {
            // The leaf with the largest gain; ties go to the earliest leaf, a fixed order.
            var chosen: Int?
            for (index, leaf) in leaves.enumerated() {
                if let gain = leaf.best?.gain, gain > (chosen.flatMap { leaves[$0].best?.gain } ?? -.infinity) {
                    chosen = index
                }
            }
            guard let chosen, let split = leaves[chosen].best else { break }
            let parent = leaves[chosen]

            let leftCount = partition(&rows, scratch: &scratch, range: parent.rows, split: split)
            let leftRows = parent.rows.lowerBound..<(parent.rows.lowerBound + leftCount)
            let rightRows = leftRows.upperBound..<parent.rows.upperBound
            let leftSums = NodeSums(gradient: split.left.gradient, hessian: split.left.hessian, count: Double(leftCount))
            let rightSums = NodeSums(gradient: parent.sums.gradient - split.left.gradient,
                                     hessian: parent.sums.hessian - split.left.hessian,
                                     count: Double(rightRows.count))
            let (leftNode, rightNode) = tree.split(
                parent.node, feature: split.feature, bin: split.bin,
                threshold: finder.bins.threshold(feature: split.feature, bin: split.bin),
                missingLeft: split.missingLeft, gain: split.gain,
                leftLeaf: (finder.leafValue(leftSums), leftRows.count),
                rightLeaf: (finder.leafValue(rightSums), rightRows.count))
            var left = Leaf(node: leftNode, rows: leftRows, depth: parent.depth + 1, sums: leftSums)
            var right = Leaf(node: rightNode, rows: rightRows, depth: parent.depth + 1, sums: rightSums)

            if canSplit(left) || canSplit(right), var larger = parent.histogram {
                let leftIsSmaller = leftRows.count <= rightRows.count
                let smaller = histogram(leftIsSmaller ? leftRows : rightRows)
                larger.subtract(smaller, features: features)
                left.histogram = leftIsSmaller ? smaller : larger
                right.histogram = leftIsSmaller ? larger : smaller
                if canSplit(left), let histogram = left.histogram {
                    left.best = finder.best(histogram: histogram, total: left.sums, features: features)
                }
                if canSplit(right), let histogram = right.histogram {
                    right.best = finder.best(histogram: histogram, total: right.sums, features: features)
                }
            }
            // Only leaves that may still split keep their histogram.
            if left.best == nil { left.histogram = nil }
            if right.best == nil { right.histogram = nil }
            leaves[chosen] = left
            leaves.insert(right, at: chosen + 1)
        }
        return Result(tree: tree, leafRows: leaves.map { ($0.node, $0.rows) })
    }

    private func canSplit(_ leaf: Leaf) -> Bool {
        if let maxDepth = parameters.maxDepth, leaf.depth >= maxDepth { return false }
        return leaf.rows.count >= 2 * parameters.minSamplesLeaf
    }

    /// Reorders `rows[range]` so the rows the split sends left come first, each side keeping
    /// its order (ascending rows read the codes nearly in sequence); returns the left count.
    private func partition(_ rows: inout [Int32], scratch: inout [Int32], range: Range<Int>,
                           split: SplitCandidate) -> Int {
        let column = codes.baseAddress! + split.feature * tableRows
        let bin = UInt8(split.bin), missing = UInt8(FeatureBins.missingBin), missingLeft = split.missingLeft
        var leftEnd = range.lowerBound, rightCount = 0
        rows.withUnsafeMutableBufferPointer { rows in
            scratch.withUnsafeMutableBufferPointer { scratch in
                for i in range {
                    let row = rows[i]
                    let code = column[Int(row)]
                    if code == missing ? missingLeft : code <= bin {
                        rows[leftEnd] = row
                        leftEnd += 1
                    } else {
                        scratch[rightCount] = row
                        rightCount += 1
                    }
                }
                for i in 0..<rightCount { rows[leftEnd + i] = scratch[i] }
            }
        }
        return leftEnd - range.lowerBound
    }
}
