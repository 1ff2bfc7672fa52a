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
        // Features go in groups that share one pass over the rows: the row indices and
        // pairs are read once per group, and the group's independent sums keep the core busy.
        let groups = (features.count + Histogram.group - 1) / Histogram.group
        ordered.withUnsafeBufferPointer { pairs in
            sums.withUnsafeMutableBufferPointer { out in
                let out = out
                Parallel.forEach(groups, cost: count * Histogram.group) { group in
                    let members = features[(group * Histogram.group)..<min(features.count, (group + 1) * Histogram.group)]
                    Histogram.accumulate(columns: members.map { codes.baseAddress! + $0 * tableRows }, rows: rows,
                                         pairs: pairs, into: members.map { out.baseAddress! + $0 * slots })
                }
            }
        }
    }

    /// Features summed in one pass over the rows.
    static let group = 4

    /// Sums the pairs and counts of up to ``group`` features by bin, each into its `slots`
    /// entry (256 × 3 Doubles).
    private static func accumulate(columns: [UnsafePointer<UInt8>], rows: UnsafeBufferPointer<Int32>,
                                   pairs: UnsafeBufferPointer<SIMD2<Float>>, into slots: [UnsafeMutablePointer<Double>]) {
        let bins = FeatureBins.slots, width = group
        let sums = UnsafeMutablePointer<SIMD2<Double>>.allocate(capacity: width * bins)
        let counts = UnsafeMutablePointer<UInt32>.allocate(capacity: width * bins)
        defer { sums.deallocate(); counts.deallocate() }
        sums.initialize(repeating: .zero, count: width * bins)
        counts.initialize(repeating: 0, count: width * bins)
        // Missing members read a column of the first one into sums that are thrown away, so
        // the loop never branches on the group's size.
        let column = (0..<width).map { $0 < columns.count ? columns[$0] : columns[0] }
        let c0 = column[0], c1 = column[1], c2 = column[2], c3 = column[3]
        let s1 = sums + bins, s2 = sums + 2 * bins, s3 = sums + 3 * bins
        let n1 = counts + bins, n2 = counts + 2 * bins, n3 = counts + 3 * bins
        for i in 0..<rows.count {
            let row = Int(rows[i])
            let pair = SIMD2<Double>(pairs[i])
            let b0 = Int(c0[row]), b1 = Int(c1[row]), b2 = Int(c2[row]), b3 = Int(c3[row])
            sums[b0] += pair; counts[b0] &+= 1
            s1[b1] += pair; n1[b1] &+= 1
            s2[b2] += pair; n2[b2] &+= 1
            s3[b3] += pair; n3[b3] &+= 1
        }
        for (member, slot) in slots.enumerated() {
            for bin in 0..<bins {
                let total = sums[member * bins + bin]
                slot[bin * Histogram.stride] = total.x
                slot[bin * Histogram.stride + 1] = total.y
                slot[bin * Histogram.stride + 2] = Double(counts[member * bins + bin])
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
