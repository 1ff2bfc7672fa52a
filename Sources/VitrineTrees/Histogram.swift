import VitrineEngine

/// Per-feature, per-bin sums of gradient, hessian and row count over one leaf's rows: all a
/// split search needs, whatever the leaf's size.
///
/// Stored flat as `sums[(feature * 256 + bin) * 3 + k]` with k = 0 gradient, 1 hessian,
/// 2 count (a Double, exact far beyond any row count), so a sibling's histogram is the
/// parent's minus this one's, slot by slot — the subtraction trick that halves the work.
struct Histogram {
    static let stride = 3
    var sums: [Double]

    /// Sums over `rows` (indices into the full table, which has `tableRows` rows) of the
    /// features in `features`; other features' slots stay zero. Features are summed in
    /// parallel, each by one worker in row order, so the sums are the same on every run.
    init(features: [Int], featureCount: Int, codes: UnsafeBufferPointer<UInt8>, tableRows: Int,
         rows: UnsafeBufferPointer<Int32>, gradients: UnsafeBufferPointer<Float>, hessians: UnsafeBufferPointer<Float>) {
        let slots = FeatureBins.slots * Histogram.stride
        sums = [Double](repeating: 0, count: featureCount * slots)
        // Gathering the leaf's gradients once makes them sequential for every feature's pass;
        // only the bin codes are then read out of order.
        let count = rows.count
        var orderedGradients = [Float](repeating: 0, count: count)
        var orderedHessians = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let row = Int(rows[i])
            orderedGradients[i] = gradients[row]
            orderedHessians[i] = hessians[row]
        }
        orderedGradients.withUnsafeBufferPointer { g in
            orderedHessians.withUnsafeBufferPointer { h in
                sums.withUnsafeMutableBufferPointer { out in
                    let out = out
                    Parallel.forEach(features.count, cost: count) { index in
                        let feature = features[index]
                        let column = codes.baseAddress! + feature * tableRows
                        let slot = out.baseAddress! + feature * slots
                        for i in 0..<count {
                            let bin = Int(column[Int(rows[i])]) &* Histogram.stride
                            slot[bin] += Double(g[i])
                            slot[bin + 1] += Double(h[i])
                            slot[bin + 2] += 1
                        }
                    }
                }
            }
        }
    }

    /// Replaces this (a parent's) histogram by the parent's minus `child`'s, over `features`.
    mutating func subtract(_ child: Histogram, features: [Int]) {
        let slots = FeatureBins.slots * Histogram.stride
        sums.withUnsafeMutableBufferPointer { out in
            child.sums.withUnsafeBufferPointer { other in
                for feature in features {
                    let start = feature * slots
                    for k in start..<(start + slots) { out[k] -= other[k] }
                }
            }
        }
    }
}
