import Foundation
import VitrineEngine

/// A place in the stream of batches: the epoch and the index of a batch within it. A harness
/// stores the ``LoaderBatch/resumePosition`` of the last batch it trained on and restarts there.
public struct LoaderPosition: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    public var epoch: Int
    public var batch: Int

    public init(epoch: Int, batch: Int) {
        self.epoch = epoch
        self.batch = batch
    }

    public var description: String { "epoch \(epoch), batch \(batch)" }
}

/// One batch: images stacked as `[B] + image shape` (`[B, C, H, W]` for CHW images), the rows
/// they came from and the rows' labels (empty when the loader has none).
public struct LoaderBatch {
    public let images: Tensor
    public let rows: [Int]
    public let labels: [Int]
    /// Where this batch is in the stream.
    public let position: LoaderPosition
    /// Where to resume once this batch has been used: the next batch, or the next epoch's first.
    public let resumePosition: LoaderPosition
}

/// A failure to produce one image of a batch (decoding, augmentation, or an image whose shape
/// differs from the batch's first), naming the row and where in the stream it was.
public struct LoaderError: Error, CustomStringConvertible {
    public let row: Int
    public let position: LoaderPosition
    /// The image's index within its batch.
    public let item: Int
    public let underlying: Error

    public var description: String { "row \(row) (\(position), item \(item)): \(underlying)" }
}

/// Loads batches of images on background threads, deterministically.
///
/// The caller supplies `decode` (row → image tensor, e.g. a PNG read) and optionally `augment`
/// (image, generator → image). Every image of every batch depends only on its row, the seed,
/// the epoch and its place (batch, item) in the epoch: the batch order comes from
/// ``BatchSampler`` and the augmentation generator from ``sampleSeed(seed:epoch:batch:item:)``.
/// So the same seed gives the same batches, bit for bit, whatever the number of worker threads
/// and however they are scheduled, and a run resumed at (epoch, batch) sees exactly what an
/// uninterrupted run would have.
///
/// Workers share out images one at a time, so even a single large batch is decoded in parallel;
/// at most `prefetch` batches ahead of the consumer are in progress or waiting, which bounds
/// memory. `decode` and `augment` are called concurrently from the worker threads and must be
/// thread-safe; `augment` may change its input in place, so `decode` must return a tensor the
/// loader can own (not a shared cached one). With `workers: 0` everything runs on the calling
/// thread, which is handy in a debugger.
///
/// Batches are delivered in order. An error in a worker is thrown from ``LoaderEpoch/next()``
/// when the consumer reaches that batch (the earliest failing image of the batch is named), and
/// the epoch stops. Stopping early — ``LoaderEpoch/close()`` or dropping the epoch — wakes and
/// joins the workers; an image already being decoded is finished first.
public final class DataLoader {
    public typealias Decode = (Int) throws -> Tensor
    public typealias Augment = (Tensor, Generator) throws -> Tensor

    public let sampler: BatchSampler
    public let workers: Int
    public let prefetch: Int
    let decode: Decode
    let augment: Augment?

    private let planLock = NSLock()
    private var cachedPlan: (epoch: Int, batches: [[Int]])?

    public init(sampler: BatchSampler, workers: Int = 2, prefetch: Int = 2,
                decode: @escaping Decode, augment: Augment? = nil) throws {
        guard workers >= 0 else {
            throw EngineError.invalidArgument("DataLoader", "workers must not be negative, got \(workers)")
        }
        guard prefetch >= 1 else {
            throw EngineError.invalidArgument("DataLoader", "prefetch must be at least 1 batch, got \(prefetch)")
        }
        self.sampler = sampler
        self.workers = workers
        self.prefetch = prefetch
        self.decode = decode
        self.augment = augment
    }

    /// A loader over rows `0..<count` (see ``BatchSampler`` for `sampling` and `labels`).
    public convenience init(count: Int, sampling: Sampling, labels: [Int]? = nil, seed: UInt64,
                            workers: Int = 2, prefetch: Int = 2,
                            decode: @escaping Decode, augment: Augment? = nil) throws {
        try self.init(sampler: BatchSampler(count: count, sampling: sampling, labels: labels, seed: seed),
                      workers: workers, prefetch: prefetch, decode: decode, augment: augment)
    }

    /// The seed of the augmentation generator for item `item` of batch `batch` of `epoch`.
    public static func sampleSeed(seed: UInt64, epoch: Int, batch: Int, item: Int) -> UInt64 {
        SeedMixer.mix(seed, BatchSampler.sampleStream, UInt64(truncatingIfNeeded: epoch),
                      UInt64(truncatingIfNeeded: batch), UInt64(truncatingIfNeeded: item))
    }

    /// The rows of every batch of `epoch` (the last epoch asked for is cached).
    public func plan(epoch: Int) -> [[Int]] {
        planLock.lock()
        defer { planLock.unlock() }
        if let cachedPlan, cachedPlan.epoch == epoch { return cachedPlan.batches }
        let batches = sampler.batches(epoch: epoch)
        cachedPlan = (epoch, batches)
        return batches
    }

    /// The number of batches in `epoch` (fixed except under P×K sampling).
    public func batchCount(epoch: Int) -> Int { plan(epoch: epoch).count }

    /// Starts loading `epoch` from batch `batch` (0 for the whole epoch; the batch count for an
    /// empty rest of the epoch).
    public func epoch(_ epoch: Int, startingAt batch: Int = 0) throws -> LoaderEpoch {
        let batches = plan(epoch: epoch)
        guard epoch >= 0, batch >= 0, batch <= batches.count else {
            throw EngineError.invalidArgument(
                "DataLoader", "cannot start at epoch \(epoch), batch \(batch): the epoch has \(batches.count) batches")
        }
        return LoaderEpoch(pipeline: Pipeline(loader: self, epoch: epoch, batches: batches, start: batch),
                           workers: workers)
    }

    /// Starts loading at `position` (a batch's ``LoaderBatch/resumePosition``).
    public func epoch(from position: LoaderPosition) throws -> LoaderEpoch {
        try epoch(position.epoch, startingAt: position.batch)
    }

    /// Decodes and augments one image.
    func loadSample(row: Int, epoch: Int, batch: Int, item: Int) throws -> Tensor {
        let image = try decode(row)
        guard let augment else { return image }
        return try augment(image, Generator(seed: Self.sampleSeed(seed: sampler.seed, epoch: epoch, batch: batch, item: item)))
    }
}

/// The batches of one epoch, produced in the background; call ``next()`` until it returns nil.
public final class LoaderEpoch {
    public var epoch: Int { pipeline.epoch }
    /// The number of batches in the whole epoch (including any skipped by starting late).
    public var batchCount: Int { pipeline.batches.count }

    private let pipeline: Pipeline
    private let inline: Bool

    fileprivate init(pipeline: Pipeline, workers: Int) {
        self.pipeline = pipeline
        inline = workers == 0
        if !inline { pipeline.start(workers: workers) }
    }

    deinit { pipeline.stop() }

    /// The next batch in order, nil at the end of the epoch or after ``close()``. Throws a
    /// ``LoaderError`` for a batch that could not be built; the epoch is over after that.
    public func next() throws -> LoaderBatch? {
        let result = inline ? pipeline.buildNextInline() : pipeline.takeNext()
        switch result {
        case nil: return nil
        case let .success(batch)?: return batch
        case let .failure(error)?:
            pipeline.stop()
            throw error
        }
    }

    /// Stops the workers and waits for them to exit; later calls to ``next()`` return nil.
    public func close() { pipeline.stop() }
}

/// The state shared by an epoch's consumer and its worker threads, guarded by one condition.
private final class Pipeline: @unchecked Sendable {
    let loader: DataLoader
    let epoch: Int
    let batches: [[Int]]

    private let condition = NSCondition()
    // Next image to hand to a worker.
    private var claimBatch: Int
    private var claimItem = 0
    // Next batch the consumer gets.
    private var nextToDeliver: Int
    private var pending: [Int: PendingBatch] = [:]
    private var ready: [Int: Result<LoaderBatch, LoaderError>] = [:]
    private var stopped = false
    private var liveWorkers = 0

    private struct PendingBatch {
        var images: [Tensor?]
        var failures: [(item: Int, error: Error)] = []
        var remaining: Int

        init(count: Int) {
            images = Array(repeating: nil, count: count)
            remaining = count
        }
    }

    init(loader: DataLoader, epoch: Int, batches: [[Int]], start: Int) {
        self.loader = loader
        self.epoch = epoch
        self.batches = batches
        claimBatch = start
        nextToDeliver = start
    }

    func start(workers: Int) {
        condition.lock()
        liveWorkers = workers
        condition.unlock()
        for n in 0..<workers {
            let thread = Thread { [self] in self.work() }
            thread.name = "vitrine-loader-\(n)"
            thread.start()
        }
    }

    private func work() {
        condition.lock()
        while true {
            while !stopped && claimBatch < batches.count && claimBatch >= nextToDeliver + loader.prefetch {
                condition.wait()
            }
            if stopped || claimBatch >= batches.count { break }
            let (b, i) = (claimBatch, claimItem)
            claimItem += 1
            if claimItem == batches[b].count { (claimBatch, claimItem) = (claimBatch + 1, 0) }
            if pending[b] == nil { pending[b] = PendingBatch(count: batches[b].count) }
            condition.unlock()

            let result = Result { try loader.loadSample(row: batches[b][i], epoch: epoch, batch: b, item: i) }

            condition.lock()
            if stopped { break }
            switch result {
            case let .success(image): pending[b]!.images[i] = image
            case let .failure(error): pending[b]!.failures.append((i, error))
            }
            pending[b]!.remaining -= 1
            if pending[b]!.remaining == 0 {
                let done = pending.removeValue(forKey: b)!
                condition.unlock()
                let batch = assemble(b, done)
                condition.lock()
                ready[b] = batch
                condition.broadcast()
            }
        }
        liveWorkers -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch for the consumer, waiting for it; nil at the end or once stopped.
    func takeNext() -> Result<LoaderBatch, LoaderError>? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && nextToDeliver < batches.count && ready[nextToDeliver] == nil { condition.wait() }
        if stopped || nextToDeliver >= batches.count { return nil }
        let result = ready.removeValue(forKey: nextToDeliver)!
        nextToDeliver += 1
        condition.broadcast()
        return result
    }

    /// The next batch built on the calling thread (no workers).
    func buildNextInline() -> Result<LoaderBatch, LoaderError>? {
        if stopped || nextToDeliver >= batches.count { return nil }
        let b = nextToDeliver
        nextToDeliver += 1
        var done = PendingBatch(count: batches[b].count)
        for (i, row) in batches[b].enumerated() {
            do {
                done.images[i] = try loader.loadSample(row: row, epoch: epoch, batch: b, item: i)
            } catch {
                // Later images cannot change which error is reported: the earliest one wins.
                done.failures.append((i, error))
                break
            }
        }
        return assemble(b, done)
    }

    /// Stacks a finished batch, or reports its earliest failing image.
    private func assemble(_ b: Int, _ done: PendingBatch) -> Result<LoaderBatch, LoaderError> {
        let rows = batches[b]
        let position = LoaderPosition(epoch: epoch, batch: b)
        if let failure = done.failures.min(by: { $0.item < $1.item }) {
            return .failure(LoaderError(row: rows[failure.item], position: position, item: failure.item,
                                        underlying: failure.error))
        }
        let images = done.images.map { $0! }
        let shape = images[0].shape
        if let bad = images.firstIndex(where: { $0.shape != shape }) {
            return .failure(LoaderError(
                row: rows[bad], position: position, item: bad,
                underlying: EngineError.shapeMismatch(
                    "DataLoader", "image shape \(images[bad].shape) differs from the batch's first image \(shape) (row \(rows[0]))")))
        }
        let stacked = Tensor(zeros: [images.count] + shape)
        let stride = images[0].count
        for (i, image) in images.enumerated() where stride > 0 {
            (stacked.data + i * stride).update(from: image.data, count: stride)
        }
        let labels = loader.sampler.labels.map { labels in rows.map { labels[$0] } } ?? []
        let resume = b + 1 < batches.count
            ? LoaderPosition(epoch: epoch, batch: b + 1) : LoaderPosition(epoch: epoch + 1, batch: 0)
        return .success(LoaderBatch(images: stacked, rows: rows, labels: labels, position: position,
                                    resumePosition: resume))
    }

    /// Stops the workers and waits until they have exited. Safe to call more than once.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while liveWorkers > 0 { condition.wait() }
        pending.removeAll()
        ready.removeAll()
        condition.unlock()
    }
}
