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
        // Gathering the leaf's gradient-hessian pairs once makes them sequential for every
        // feature's pass; only the bin codes are then read out of order.
        let count = rows.count
        var ordered = [SIMD2<Float>](repeating: .zero, count: count)
        for i in 0..<count {
            let row = Int(rows[i])
            ordered[i] = SIMD2(gradients[row], hessians[row])
        }
        ordered.withUnsafeBufferPointer { pairs in
            sums.withUnsafeMutableBufferPointer { out in
                let out = out
                Parallel.forEach(features.count, cost: count) { index in
                    let feature = features[index]
                    Histogram.accumulate(column: codes.baseAddress! + feature * tableRows, rows: rows, pairs: pairs,
                                         into: out.baseAddress! + feature * slots)
                }
            }
        }
    }

    /// Sums one feature's pairs and counts by bin into `slot` (256 × 3 Doubles). Two sets of
    /// sums, for even and odd positions, let consecutive rows in the same bin (common for
    /// flags and categories) add without waiting for each other; they are combined at the
    /// end in a fixed order.
    private static func accumulate(column: UnsafePointer<UInt8>, rows: UnsafeBufferPointer<Int32>,
                                   pairs: UnsafeBufferPointer<SIMD2<Float>>, into slot: UnsafeMutablePointer<Double>) {
        let bins = FeatureBins.slots
        let even = UnsafeMutablePointer<SIMD2<Double>>.allocate(capacity: 2 * bins)
        let counts = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * bins)
        defer { even.deallocate(); counts.deallocate() }
        even.initialize(repeating: .zero, count: 2 * bins)
        counts.initialize(repeating: 0, count: 2 * bins)
        let odd = even + bins, oddCounts = counts + bins
        let count = rows.count
        var i = 0
        while i + 1 < count {
            let a = Int(column[Int(rows[i])]), b = Int(column[Int(rows[i + 1])])
            even[a] += SIMD2<Double>(pairs[i])
            counts[a] &+= 1
            odd[b] += SIMD2<Double>(pairs[i + 1])
            oddCounts[b] &+= 1
            i += 2
        }
        if i < count {
            let a = Int(column[Int(rows[i])])
            even[a] += SIMD2<Double>(pairs[i])
            counts[a] &+= 1
        }
        for bin in 0..<bins {
            let total = even[bin] + odd[bin]
            slot[bin * Histogram.stride] = total.x
            slot[bin * Histogram.stride + 1] = total.y
            slot[bin * Histogram.stride + 2] = Double(counts[bin] &+ oddCounts[bin])
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
