import Testing
import VitrineEngine
@testable import VitrineData

@Suite struct BatchSamplerTests {
    @Test func sequentialBatches() throws {
        let s = try BatchSampler(count: 7, sampling: .sequential(batchSize: 3), seed: 1)
        #expect(s.batches(epoch: 0) == [[0, 1, 2], [3, 4, 5], [6]])
        #expect(s.batches(epoch: 5) == s.batches(epoch: 0))
        let dropping = try BatchSampler(count: 7, sampling: .sequential(batchSize: 3, dropLast: true), seed: 1)
        #expect(dropping.batches(epoch: 0) == [[0, 1, 2], [3, 4, 5]])
        #expect(try BatchSampler(count: 0, sampling: .sequential(batchSize: 3), seed: 1).batches(epoch: 0).isEmpty)
    }

    @Test func shuffledIsASeededPermutationPerEpoch() throws {
        let s = try BatchSampler(count: 50, sampling: .shuffled(batchSize: 8), seed: 42)
        let e0 = s.batches(epoch: 0)
        #expect(e0.map(\.count) == [8, 8, 8, 8, 8, 8, 2])
        #expect(e0.flatMap { $0 }.sorted() == Array(0..<50))
        #expect(e0.flatMap { $0 } != Array(0..<50))
        // Same seed and epoch: same order, from a fresh sampler too (no hidden state).
        #expect(try BatchSampler(count: 50, sampling: .shuffled(batchSize: 8), seed: 42).batches(epoch: 0) == e0)
        #expect(s.batches(epoch: 1) != e0)
        #expect(try BatchSampler(count: 50, sampling: .shuffled(batchSize: 8), seed: 43).batches(epoch: 0) != e0)
        // Epoch 3 does not depend on having produced epochs 0...2.
        let late = try BatchSampler(count: 50, sampling: .shuffled(batchSize: 8), seed: 42).batches(epoch: 3)
        _ = s.batches(epoch: 2)
        #expect(s.batches(epoch: 3) == late)
        let dropping = try BatchSampler(count: 50, sampling: .shuffled(batchSize: 8, dropLast: true), seed: 42)
        #expect(dropping.batches(epoch: 0) == Array(e0.prefix(6)))
    }

    /// Labels 0...5 with 1, 2, 3, 4, 5, 6 rows, interleaved.
    private let labels: [Int] = {
        var labels: [Int] = []
        for round in 0..<6 { for label in 0..<6 where round <= label { labels.append(label) } }
        return labels
    }()

    @Test func productsAndImagesStructure() throws {
        let (p, k) = (3, 2)
        let s = try BatchSampler(count: labels.count, sampling: .productsAndImages(p: p, k: k, shortGroups: .skip),
                                 labels: labels, seed: 7)
        #expect(s.skippedLabels == [0])
        for epoch in 0..<4 {
            let batches = s.batches(epoch: epoch)
            #expect(!batches.isEmpty)
            var used: [Int] = []
            for batch in batches {
                #expect(batch.count == p * k)
                let batchLabels = batch.map { labels[$0] }
                // P distinct products, K consecutive rows each.
                let blocks = stride(from: 0, to: batch.count, by: k).map { Array(batchLabels[$0..<($0 + k)]) }
                #expect(blocks.allSatisfy { Set($0).count == 1 }, "\(batchLabels)")
                #expect(Set(blocks.map { $0[0] }).count == p, "\(batchLabels)")
                #expect(!batchLabels.contains(0))
                used += batch
            }
            // Without short products no row is repeated within an epoch.
            #expect(Set(used).count == used.count)
        }
        #expect(s.batches(epoch: 0) != s.batches(epoch: 1))
        #expect(try BatchSampler(count: labels.count, sampling: .productsAndImages(p: p, k: k, shortGroups: .skip),
                                 labels: labels, seed: 7).batches(epoch: 2) == s.batches(epoch: 2))
    }

    @Test func shortProductsSampledWithReplacement() throws {
        let (p, k) = (2, 4)
        let s = try BatchSampler(count: labels.count,
                                 sampling: .productsAndImages(p: p, k: k, shortGroups: .sampleWithReplacement),
                                 labels: labels, seed: 3)
        #expect(s.skippedLabels.isEmpty)
        var seenShort = Set<Int>()
        for epoch in 0..<6 {
            for batch in s.batches(epoch: epoch) {
                #expect(batch.count == p * k)
                for block in stride(from: 0, to: batch.count, by: k).map({ Array(batch[$0..<($0 + k)]) }) {
                    let label = labels[block[0]]
                    #expect(block.allSatisfy { labels[$0] == label })
                    let rowsOfLabel = labels.indices.filter { labels[$0] == label }
                    if rowsOfLabel.count < k {
                        // Every image of a short product appears, then repeats fill the block.
                        #expect(Set(block) == Set(rowsOfLabel))
                        seenShort.insert(label)
                    } else {
                        #expect(Set(block).count == k)
                    }
                }
            }
        }
        #expect(seenShort.isSuperset(of: [0, 1, 2]))
    }

    @Test func invalidSettings() throws {
        #expect(throws: EngineError.invalidArgument("BatchSampler", "batch size must be positive, got 0")) {
            try BatchSampler(count: 4, sampling: .shuffled(batchSize: 0), seed: 0)
        }
        #expect(throws: EngineError.invalidArgument("BatchSampler", "3 labels for 4 rows")) {
            try BatchSampler(count: 4, sampling: .shuffled(batchSize: 2), labels: [0, 1, 2], seed: 0)
        }
        #expect(throws: EngineError.invalidArgument("BatchSampler", "P×K sampling needs a label (product) for every row")) {
            try BatchSampler(count: 4, sampling: .productsAndImages(p: 2, k: 2, shortGroups: .skip), seed: 0)
        }
        #expect(throws: EngineError.invalidArgument("BatchSampler", "P and K must be at least 1, got P = 0, K = 2")) {
            try BatchSampler(count: 4, sampling: .productsAndImages(p: 0, k: 2, shortGroups: .skip), labels: [0, 0, 1, 1], seed: 0)
        }
        #expect(throws: EngineError.invalidArgument(
            "BatchSampler", "P×K sampling with P = 2 needs at least 2 labels with rows and at least K = 3 rows each, found 1")) {
            try BatchSampler(count: 5, sampling: .productsAndImages(p: 2, k: 3, shortGroups: .skip), labels: [0, 0, 0, 1, 1], seed: 0)
        }
    }
}
