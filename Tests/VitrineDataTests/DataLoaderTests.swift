import Foundation
import Testing
import VitrineEngine
@testable import VitrineData

/// A copy of a batch that outlives the loader, for comparisons.
private struct Snapshot: Equatable {
    let shape: [Int]
    let pixels: [Float]
    let rows: [Int]
    let labels: [Int]
    let position: LoaderPosition

    init(_ batch: LoaderBatch) {
        shape = batch.images.shape
        pixels = batch.images.array
        rows = batch.rows
        labels = batch.labels
        position = batch.position
    }
}

private struct DecodeFailure: Error, CustomStringConvertible {
    let row: Int
    var description: String { "cannot decode image \(row)" }
}

/// Images `[2, 3, 4]` whose values encode the row, so misplaced rows show.
private func decodeRow(_ row: Int) throws -> Tensor {
    let t = Tensor(zeros: [2, 3, 4])
    for i in 0..<t.count { t.data[i] = Float(row) + Float(i) / 100 }
    return t
}

/// An augmentation that uses its generator: noise and a random flip of the last axis.
private func noisyFlip(_ image: Tensor, _ g: Generator) throws -> Tensor {
    let out = image.copy()
    let w = image.shape[2]
    if g.uniform() < 0.5 {
        for r in 0..<(image.count / w) {
            for x in 0..<w { out.data[r * w + x] = image.data[r * w + w - 1 - x] }
        }
    }
    for i in 0..<out.count { out.data[i] += Float(g.normal()) * 0.01 }
    return out
}

private func collect(_ epoch: LoaderEpoch) throws -> [Snapshot] {
    var out: [Snapshot] = []
    while let batch = try epoch.next() { out.append(Snapshot(batch)) }
    return out
}

private func loader(count: Int = 23, sampling: Sampling = .shuffled(batchSize: 4), labels: [Int]? = nil,
                    seed: UInt64 = 5, workers: Int = 2, prefetch: Int = 2,
                    decode: @escaping DataLoader.Decode = decodeRow,
                    augment: DataLoader.Augment? = noisyFlip) throws -> DataLoader {
    try DataLoader(count: count, sampling: sampling, labels: labels, seed: seed, workers: workers, prefetch: prefetch,
                   decode: decode, augment: augment)
}

/// Counts calls from several threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}

@Suite struct DataLoaderTests {
    @Test func batchesHoldTheRightImagesInOrder() throws {
        let l = try loader(labels: (0..<23).map { $0 % 3 }, augment: nil)
        let batches = try collect(l.epoch(0))
        let plan = l.plan(epoch: 0)
        #expect(batches.map(\.rows) == plan)
        #expect(batches.map(\.shape) == plan.map { [$0.count, 2, 3, 4] })
        for batch in batches {
            #expect(batch.labels == batch.rows.map { $0 % 3 })
            for (i, row) in batch.rows.enumerated() {
                #expect(Array(batch.pixels[(i * 24)..<((i + 1) * 24)]) == (try decodeRow(row)).array)
            }
        }
        #expect(batches.map(\.position) == (0..<6).map { LoaderPosition(epoch: 0, batch: $0) })
    }

    @Test func sameSeedSameBatchesWhateverTheThreadCount() throws {
        let reference = try collect(loader(workers: 0).epoch(1))
        #expect(reference.count == 6)
        for (workers, prefetch) in [(1, 1), (2, 2), (3, 4), (4, 1)] {
            #expect(try collect(loader(workers: workers, prefetch: prefetch).epoch(1)) == reference,
                    "\(workers) workers, prefetch \(prefetch)")
        }
        // The augmentation really is random: another seed or epoch changes the pixels.
        #expect(try collect(loader(seed: 6).epoch(1)) != reference)
        let epoch2 = try collect(loader().epoch(2))
        #expect(epoch2.map(\.rows) != reference.map(\.rows))
        // Same rows, different draws: sequential order with augmentation differs by epoch.
        let sequential = try loader(sampling: .sequential(batchSize: 4))
        let (a, b) = (try collect(sequential.epoch(0)), try collect(sequential.epoch(1)))
        #expect(a.map(\.rows) == b.map(\.rows))
        #expect(a.map(\.pixels) != b.map(\.pixels))
    }

    @Test func resumingMidEpochGivesTheTail() throws {
        let l = try loader(workers: 2)
        let full = try collect(l.epoch(3))
        for k in [0, 1, 4, 6] {
            let resumed = try collect(loader(workers: 3).epoch(3, startingAt: k))
            #expect(resumed == Array(full[k...]), "from batch \(k)")
        }
        // A batch's resume position continues the stream, across the epoch boundary too.
        let epoch = try l.epoch(3)
        var last: LoaderBatch?
        while let batch = try epoch.next() { last = batch }
        #expect(last?.resumePosition == LoaderPosition(epoch: 4, batch: 0))
        let fromMiddle = try l.epoch(from: LoaderPosition(epoch: 3, batch: 2))
        let third = try #require(try fromMiddle.next())
        #expect(third.position == LoaderPosition(epoch: 3, batch: 2))
        #expect(third.resumePosition == LoaderPosition(epoch: 3, batch: 3))
        #expect(Snapshot(third) == full[2])
        #expect(throws: EngineError.invalidArgument("DataLoader", "cannot start at epoch 3, batch 7: the epoch has 6 batches")) {
            try l.epoch(3, startingAt: 7)
        }
    }

    @Test func productsAndImagesBatches() throws {
        // 8 products with 1...8 images; P = 3, K = 2; products with fewer than K skipped.
        var labels: [Int] = []
        for product in 0..<8 { labels += Array(repeating: product, count: product + 1) }
        let l = try loader(count: labels.count, sampling: .productsAndImages(p: 3, k: 2, shortGroups: .skip),
                           labels: labels, workers: 3)
        let batches = try collect(l.epoch(0))
        #expect(!batches.isEmpty)
        for batch in batches {
            #expect(batch.shape == [6, 2, 3, 4])
            #expect(batch.labels == batch.rows.map { labels[$0] })
            #expect(Set(batch.labels).count == 3)
            #expect(!batch.labels.contains(0))
            for product in Set(batch.labels) { #expect(batch.labels.filter { $0 == product }.count == 2) }
        }
        #expect(try collect(loader(count: labels.count, sampling: .productsAndImages(p: 3, k: 2, shortGroups: .skip),
                                   labels: labels, workers: 0).epoch(0)) == batches)
    }

    @Test(arguments: [0, 1, 3])
    func workerErrorsSurfaceInOrderNamingTheRow(workers: Int) throws {
        let l = try loader(sampling: .sequential(batchSize: 4), workers: workers, decode: { row in
            if row == 13 || row == 14 { throw DecodeFailure(row: row) }
            return try decodeRow(row)
        })
        let epoch = try l.epoch(0)
        for b in 0..<3 { #expect(try epoch.next()?.position.batch == b) }
        let error = try #require(throws: LoaderError.self) { try epoch.next() }
        // Row 13 is the earliest failure in batch 3 (rows 12...15), whichever thread got there first.
        #expect(error.row == 13)
        #expect(error.item == 1)
        #expect(error.position == LoaderPosition(epoch: 0, batch: 3))
        #expect(error.description == "row 13 (epoch 0, batch 3, item 1): cannot decode image 13")
        // The epoch is over after an error.
        #expect(try epoch.next() == nil)
    }

    @Test func imagesOfAnotherShapeAreErrorsNamingTheRow() throws {
        let l = try loader(sampling: .sequential(batchSize: 4), decode: { row in
            if row == 6 { return Tensor(zeros: [2, 3, 5]) }
            return try decodeRow(row)
        }, augment: nil)
        let epoch = try l.epoch(0)
        _ = try epoch.next()
        let error = try #require(throws: LoaderError.self) { try epoch.next() }
        #expect(error.row == 6)
        #expect("\(error)" == "row 6 (epoch 0, batch 1, item 2): DataLoader: shape mismatch: image shape [2, 3, 5] differs from the batch's first image [2, 3, 4] (row 4)")
    }

    @Test(.timeLimit(.minutes(1)))
    func stoppingEarlyDoesNotDeadlock() throws {
        let calls = Counter()
        let slow: DataLoader.Decode = { row in
            calls.increment()
            usleep(2000)
            return try decodeRow(row)
        }
        let l = try loader(count: 200, workers: 3, prefetch: 2, decode: slow)
        // Close with workers waiting for room in the queue.
        let epoch = try l.epoch(0)
        _ = try epoch.next()
        usleep(50_000)
        epoch.close()
        let afterClose = calls.value
        usleep(20_000)
        #expect(calls.value == afterClose, "no decoding after close() returned")
        #expect(try epoch.next() == nil)
        epoch.close()  // twice is fine
        // Drop an epoch without closing it, mid-batch.
        do {
            let dropped = try l.epoch(1)
            _ = try dropped.next()
        }
        let afterDrop = calls.value
        usleep(20_000)
        #expect(calls.value == afterDrop)
        // Close before anything was consumed, and an epoch that was never started.
        try l.epoch(2).close()
        _ = try l.epoch(3)
    }

    @Test(.timeLimit(.minutes(1)))
    func prefetchBoundsTheWorkAhead() throws {
        let calls = Counter()
        let l = try loader(count: 100, sampling: .sequential(batchSize: 5), workers: 3, prefetch: 2, decode: { row in
            calls.increment()
            return try decodeRow(row)
        })
        /// Waits for the workers to reach `expected` calls, then a little longer to see them stop there.
        func settle(at expected: Int) {
            for _ in 0..<500 where calls.value < expected { usleep(10_000) }
            usleep(50_000)
        }
        let epoch = try l.epoch(0)
        // Nothing consumed: `prefetch` batches are built, and no more.
        settle(at: 10)
        #expect(calls.value == 10)
        _ = try epoch.next()
        settle(at: 15)
        #expect(calls.value == 15)
        epoch.close()
    }

    @Test func invalidSettings() throws {
        #expect(throws: EngineError.invalidArgument("DataLoader", "workers must not be negative, got -1")) {
            try loader(workers: -1)
        }
        #expect(throws: EngineError.invalidArgument("DataLoader", "prefetch must be at least 1 batch, got 0")) {
            try loader(prefetch: 0)
        }
    }

    @Test func sampleSeedsAreDistinct() {
        var seeds = Set<UInt64>()
        for epoch in 0..<3 { for batch in 0..<10 { for item in 0..<10 {
            seeds.insert(DataLoader.sampleSeed(seed: 1, epoch: epoch, batch: batch, item: item))
        } } }
        #expect(seeds.count == 300)
        #expect(DataLoader.sampleSeed(seed: 1, epoch: 0, batch: 1, item: 0) != DataLoader.sampleSeed(seed: 1, epoch: 0, batch: 0, item: 1))
        #expect(DataLoader.sampleSeed(seed: 2, epoch: 0, batch: 0, item: 0) != DataLoader.sampleSeed(seed: 1, epoch: 0, batch: 0, item: 0))
    }
}
