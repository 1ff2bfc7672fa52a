import VitrineEngine

/// Per-feature bin edges: the map from Float feature values to the UInt8 bin codes the trees
/// split on.
///
/// Feature `f`'s value `v` falls in bin `b`, the first `b` with `v <= edges[f][b]`, or in bin
/// `edges[f].count` when `v` exceeds every edge; NaN falls in ``missingBin``. A tree's split
/// "bin ≤ t" is therefore the same test as "value ≤ edges[f][t]", which is how prediction on
/// raw values reproduces training's routing exactly.
public struct FeatureBins: Codable, Equatable, Sendable {
    /// The bin code of a missing (NaN) value; value bins use codes below it.
    public static let missingBin = 255
    /// Histogram slots per feature: every value bin plus the missing bin.
    public static let slots = 256

    /// Upper edges of every bin but the last, per feature, strictly increasing.
    public let edges: [[Float]]

    /// Bins over the given edges (used when loading a model).
    public init(edges: [[Float]]) {
        self.edges = edges
    }

    /// Quantile bins computed on `matrix`, or on a seeded sample of `sampleSize` of its rows
    /// when it has more: at most `maxBins` value bins per feature (≤ 255), one bin per
    /// distinct value when there are few enough, edges halfway between neighbouring values.
    public init(fitting matrix: FeatureMatrix, maxBins: Int, sampleSize: Int, seed: UInt64) {
        let sampleRows = FeatureBins.sampleRows(count: matrix.rows, sampleSize: sampleSize, seed: seed)
        var edges = [[Float]](repeating: [], count: matrix.features)
        edges.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEach(matrix.features, cost: sampleRows.count * 16) { feature in
                let base = feature * matrix.rows
                var sample = [Float]()
                sample.reserveCapacity(sampleRows.count)
                for row in sampleRows {
                    let value = matrix.values[base + row]
                    if !value.isNaN { sample.append(value) }
                }
                out[feature] = FeatureBins.quantileEdges(of: &sample, maxBins: maxBins)
            }
        }
        self.edges = edges
    }

    /// Number of features the bins were computed for.
    public var features: Int { edges.count }

    /// Number of value bins of `feature` (its missing bin not counted).
    public func valueBins(_ feature: Int) -> Int { edges[feature].count + 1 }

    /// The bin code of `value` for `feature`.
    public func code(_ value: Float, feature: Int) -> UInt8 {
        FeatureBins.code(value, in: blockedEdges(feature))
    }

    /// `feature`'s edges padded with +∞ to 256 and cut into 16 blocks of 16, the form
    /// ``code(_:in:)`` reads.
    func blockedEdges(_ feature: Int) -> BlockedEdges {
        var padded = [Float](repeating: .infinity, count: 256)
        for (index, edge) in edges[feature].enumerated() { padded[index] = edge }
        var blocks = [SIMD16<Float>]()
        for block in 0..<16 { blocks.append(SIMD16(padded[(block * 16)..<(block * 16 + 16)])) }
        return BlockedEdges(blocks: blocks, lastOfEachBlock: SIMD16((0..<16).map { padded[$0 * 16 + 15] }))
    }

    /// Sorted edges in blocks of 16 for branch-free lookup.
    struct BlockedEdges {
        let blocks: [SIMD16<Float>]
        let lastOfEachBlock: SIMD16<Float>
    }

    /// The number of edges below `value` (its bin), or ``missingBin`` for NaN: the count of
    /// whole blocks below it, then the count below it inside the next block, each a single
    /// vector comparison rather than a chain of mispredictable branches.
    @inline(__always)
    static func code(_ value: Float, in edges: BlockedEdges) -> UInt8 {
        if value.isNaN { return UInt8(missingBin) }
        let ones = SIMD16<Int32>(repeating: 1), zeros = SIMD16<Int32>(repeating: 0)
        let block = Int(zeros.replacing(with: ones, where: edges.lastOfEachBlock .< value).wrappedSum())
        // The last block ends with +∞, so `block` ≤ 15 for any non-NaN value.
        let inBlock = Int(zeros.replacing(with: ones, where: edges.blocks[block] .< value).wrappedSum())
        return UInt8(truncatingIfNeeded: block * 16 + inBlock)
    }

    /// The upper value of bin `bin` of `feature`: "value ≤ threshold" is "code ≤ bin".
    /// The last value bin has no upper edge, so its threshold is +∞.
    public func threshold(feature: Int, bin: Int) -> Float {
        bin < edges[feature].count ? edges[feature][bin] : .infinity
    }

    /// `matrix` as bin codes; it must have as many features as the bins.
    public func bin(_ matrix: FeatureMatrix) throws -> BinnedMatrix {
        guard matrix.features == features else {
            throw TreesError.shapeMismatch(
                "feature matrix", "the model was trained on \(features) features, got \(matrix.features)")
        }
        var codes = [UInt8](repeating: 0, count: matrix.rows * matrix.features)
        codes.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEach(matrix.features, cost: matrix.rows * 8) { feature in
                let blocked = blockedEdges(feature)
                let base = feature * matrix.rows
                matrix.values.withUnsafeBufferPointer { values in
                    for row in 0..<matrix.rows {
                        out[base + row] = FeatureBins.code(values[base + row], in: blocked)
                    }
                }
            }
        }
        return BinnedMatrix(rows: matrix.rows, features: matrix.features, codes: codes)
    }

    /// Strictly increasing edges splitting the sorted values of `sample` into at most
    /// `maxBins` bins of about equal counts; `sample` is sorted in place.
    static func quantileEdges(of sample: inout [Float], maxBins: Int) -> [Float] {
        radixSort(&sample)
        guard let first = sample.first else { return [] }
        var distinct = [first]
        for value in sample.dropFirst() where value != distinct[distinct.count - 1] { distinct.append(value) }
        var edges = [Float]()
        if distinct.count <= maxBins {
            for i in 1..<max(distinct.count, 1) { edges.append(midpoint(distinct[i - 1], distinct[i])) }
            return edges
        }
        for i in 1..<maxBins {
            let index = i * sample.count / maxBins
            let edge = midpoint(sample[index - 1], sample[index])
            if edge < sample[sample.count - 1], edges.last.map({ edge > $0 }) ?? true { edges.append(edge) }
        }
        return edges
    }

    /// Sorts NaN-free `values` ascending in four linear passes over the bytes of
    /// order-preserving integer keys (256 buckets keep the scattered writes within cache); a
    /// comparison sort of each feature's 200,000-row sample took most of the binning time.
    static func radixSort(_ values: inout [Float]) {
        let count = values.count
        if count < 2 { return }
        // Negative floats order backwards as integers: flipping all their bits fixes that;
        // positive ones just need the sign bit set to come after every negative one.
        var keys = values.map { value -> UInt32 in
            let bits = value.bitPattern
            return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        }
        var buffer = [UInt32](repeating: 0, count: count)
        let radix = 1 << 8, mask = UInt32(radix - 1)
        var offsets = [Int](repeating: 0, count: radix + 1)
        for shift in stride(from: UInt32(0), to: 32, by: 8) {
            keys.withUnsafeBufferPointer { keys in
                buffer.withUnsafeMutableBufferPointer { buffer in
                    offsets.withUnsafeMutableBufferPointer { offsets in
                        for digit in 0...radix { offsets[digit] = 0 }
                        for key in keys { offsets[Int((key >> shift) & mask) + 1] += 1 }
                        for digit in 0..<radix { offsets[digit + 1] += offsets[digit] }
                        for key in keys {
                            let digit = Int((key >> shift) & mask)
                            buffer[offsets[digit]] = key
                            offsets[digit] += 1
                        }
                    }
                }
            }
            swap(&keys, &buffer)
        }
        for index in 0..<count {
            let key = keys[index]
            values[index] = Float(bitPattern: key & 0x8000_0000 != 0 ? key ^ 0x8000_0000 : ~key)
        }
    }

    /// A value in [low, high) between the two: their midpoint, or `low` when the midpoint
    /// rounds up to `high` (neighbouring floats), so `high` always lands in the upper bin.
    static func midpoint(_ low: Float, _ high: Float) -> Float {
        if low == high { return low }
        let middle = Float((Double(low) + Double(high)) / 2)
        return middle < high && middle.isFinite ? middle : low
    }

    /// Sorted distinct row indices: all rows, or a seeded sample of `sampleSize` of them,
    /// drawn in one pass (Knuth's selection sampling: each row is taken with probability
    /// still-needed / still-left), so a table of many millions of rows needs no index copy.
    static func sampleRows(count: Int, sampleSize: Int, seed: UInt64) -> [Int] {
        if count <= sampleSize { return Array(0..<count) }
        let generator = Generator(seed: seed)
        var rows = [Int]()
        rows.reserveCapacity(sampleSize)
        for row in 0..<count where rows.count < sampleSize {
            if Double(count - row) * generator.uniform() < Double(sampleSize - rows.count) { rows.append(row) }
        }
        return rows
    }
}

/// Bin codes of a feature matrix, column-major like the matrix: `codes[feature * rows + row]`.
public struct BinnedMatrix: Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of features.
    public let features: Int
    /// One code per value: a value bin below ``FeatureBins/missingBin``, or that bin for NaN.
    public let codes: [UInt8]
}
