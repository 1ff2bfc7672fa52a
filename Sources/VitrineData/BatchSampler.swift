import VitrineEngine

/// What to do in P×K sampling with a product that has fewer than K images.
public enum ShortGroupPolicy: String, Equatable, Sendable {
    /// Use all of its images and fill up to K by drawing from them again, so small products
    /// still appear (with repeats within their K).
    case sampleWithReplacement
    /// Leave the product out; ``BatchSampler/skippedLabels`` lists it.
    case skip
}

/// How a loader orders rows into batches each epoch.
public enum Sampling: Equatable, Sendable {
    /// Rows in order, `batchSize` at a time; the last batch is smaller unless `dropLast`.
    case sequential(batchSize: Int, dropLast: Bool = false)
    /// A fresh permutation each epoch, `batchSize` at a time.
    case shuffled(batchSize: Int, dropLast: Bool = false)
    /// P×K batches for metric learning: each batch holds `p` distinct labels (products) with
    /// `k` rows each, grouped by label (k rows of the first product, then k of the second, ...).
    case productsAndImages(p: Int, k: Int, shortGroups: ShortGroupPolicy)
}

/// Turns (seed, epoch) into the row indices of every batch of the epoch.
///
/// Each epoch's order comes from a generator seeded by (seed, epoch) alone, never from the
/// previous epoch's state, so any epoch — and any batch within it — can be produced directly:
/// that is what makes a loader resumable at (epoch, batch).
///
/// P×K sampling follows the usual identity sampler of re-identification work: each epoch every
/// label's rows are shuffled and cut into chunks of K (rows that do not fill a last chunk sit
/// the epoch out; short labels are padded by drawing with replacement or skipped); then, while
/// at least P labels have chunks left, P distinct labels are drawn uniformly and each gives its
/// next chunk. So all labels are seen, large ones more often, and the number of batches can vary
/// a little from epoch to epoch.
public struct BatchSampler: Equatable, Sendable {
    public let count: Int
    public let sampling: Sampling
    public let labels: [Int]?
    public let seed: UInt64

    /// Labels (in ascending order) left out of P×K sampling because they have fewer than K rows
    /// and the policy is `.skip`; empty otherwise.
    public let skippedLabels: [Int]
    /// The P×K groups: distinct labels in ascending order with their rows in row order.
    private let groups: [[Int]]

    /// `labels` (one per row) are required for P×K sampling and otherwise optional; the loader
    /// passes them through to its batches.
    public init(count: Int, sampling: Sampling, labels: [Int]? = nil, seed: UInt64) throws {
        guard count >= 0 else { throw EngineError.invalidArgument("BatchSampler", "count must not be negative, got \(count)") }
        if let labels, labels.count != count {
            throw EngineError.invalidArgument("BatchSampler", "\(labels.count) labels for \(count) rows")
        }
        self.count = count
        self.sampling = sampling
        self.labels = labels
        self.seed = seed
        switch sampling {
        case let .sequential(batchSize, _), let .shuffled(batchSize, _):
            guard batchSize > 0 else {
                throw EngineError.invalidArgument("BatchSampler", "batch size must be positive, got \(batchSize)")
            }
            groups = []
            skippedLabels = []
        case let .productsAndImages(p, k, policy):
            guard p >= 1, k >= 1 else {
                throw EngineError.invalidArgument("BatchSampler", "P and K must be at least 1, got P = \(p), K = \(k)")
            }
            guard let labels else {
                throw EngineError.invalidArgument("BatchSampler", "P×K sampling needs a label (product) for every row")
            }
            var byLabel: [Int: [Int]] = [:]
            for (row, label) in labels.enumerated() { byLabel[label, default: []].append(row) }
            let ordered = byLabel.keys.sorted()
            skippedLabels = policy == .skip ? ordered.filter { byLabel[$0]!.count < k } : []
            groups = ordered.filter { policy != .skip || byLabel[$0]!.count >= k }.map { byLabel[$0]! }
            guard groups.count >= p else {
                throw EngineError.invalidArgument(
                    "BatchSampler",
                    "P×K sampling with P = \(p) needs at least \(p) labels with rows"
                        + (policy == .skip ? " and at least K = \(k) rows each" : "") + ", found \(groups.count)")
            }
        }
    }

    /// The row indices of every batch of `epoch`.
    public func batches(epoch: Int) -> [[Int]] {
        switch sampling {
        case let .sequential(batchSize, dropLast):
            return Self.chunk(Array(0..<count), batchSize, dropLast: dropLast)
        case let .shuffled(batchSize, dropLast):
            var order = Array(0..<count)
            Generator(seed: SeedMixer.mix(seed, Self.orderStream, UInt64(truncatingIfNeeded: epoch))).shuffle(&order)
            return Self.chunk(order, batchSize, dropLast: dropLast)
        case let .productsAndImages(p, k, _):
            let g = Generator(seed: SeedMixer.mix(seed, Self.orderStream, UInt64(truncatingIfNeeded: epoch)))
            var chunks: [[[Int]]] = groups.map { rows in
                var rows = rows
                g.shuffle(&rows)
                if rows.count < k {
                    // Every row once, then repeats; only reached for .sampleWithReplacement.
                    let original = rows
                    while rows.count < k { rows.append(original[g.int(below: original.count)]) }
                }
                return Self.chunk(rows, k, dropLast: true)
            }
            var available = chunks.indices.filter { !chunks[$0].isEmpty }
            var batches: [[Int]] = []
            while available.count >= p {
                // Partial Fisher–Yates: the first p slots become a uniform draw without replacement.
                for i in 0..<p { available.swapAt(i, i + g.int(below: available.count - i)) }
                var batch: [Int] = []
                batch.reserveCapacity(p * k)
                for i in 0..<p { batch += chunks[available[i]].removeFirst() }
                batches.append(batch)
                available.removeAll { chunks[$0].isEmpty }
            }
            return batches
        }
    }

    private static func chunk(_ rows: [Int], _ size: Int, dropLast: Bool) -> [[Int]] {
        stride(from: 0, to: rows.count, by: size).compactMap { start in
            let end = min(start + size, rows.count)
            return dropLast && end - start < size ? nil : Array(rows[start..<end])
        }
    }

    /// Stream tags keep epoch orders and per-sample augmentation draws independent even though
    /// both derive from the same seed.
    static let orderStream: UInt64 = 0x6F72_6465_72
    static let sampleStream: UInt64 = 0x7361_6D70_6C65
}
