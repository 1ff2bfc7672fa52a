import VitrineConfig
import VitrineData
import VitrineEngine
import VitrineModels
import VitrineNN
import VitrineSearch

/// Metric learning for similar-product search: a network maps an image to an embedding, trained
/// on P×K batches (P products or classes, K images each) so that images of one product lie
/// close together; evaluated by retrieval on products (or classes) never seen in training,
/// the Stanford Online Products protocol.
public final class EmbeddingTask: TrainingTask {
    public let model: Module
    private let network: any Layer
    private let data: EmbeddingData
    private let loss: EmbeddingLoss
    private let sampler: BatchSampler
    private let batch = Tensor(zeros: [0])
    private let recallKs: [Int]

    public var trainCount: Int { data.train.labels.count }
    public var evaluationSplits: [String] { data.evaluation.map(\.name) }

    public init(config: ResolvedConfig, generator: Generator) throws {
        data = try EmbeddingData(config)
        let shape = data.train.images.shape
        let dimension = config.int("model.embedding_dim")
        network = try EmbeddingModels.make(config, inChannels: shape[1], imageSize: shape[2],
                                           dimension: dimension, generator: generator)
        loss = try EmbeddingLoss(config, dimension: dimension, classes: data.trainClassCount, generator: generator)
        model = EmbeddingTrainingModel(network: network, loss: loss.trainable)
        model.nameModules()
        sampler = try BatchSampler(
            count: data.train.labels.count,
            sampling: .productsAndImages(p: config.int("sampler.p"), k: config.int("sampler.k"), shortGroups: .sampleWithReplacement),
            labels: data.train.labels, seed: UInt64(config.int("train.seed")))
        recallKs = config.ints("metrics.recall_at")
    }

    public func batches(epoch: Int, batchSize: Int, seed: UInt64) -> [[Int]] {
        sampler.batches(epoch: epoch)
    }

    public func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double] {
        data.train.gather(indices, into: batch)
        let targets = indices.map { data.train.labels[$0] }
        let embeddings = try network.forward(batch)
        let value = try loss.forward(embeddings, targets)
        _ = try network.backward(try loss.backward())
        return ["loss": Double(value)]
    }

    /// Embeds every image of a split in evaluation mode: `[N, D]`, L2-normalized.
    func embed(_ images: LabelledImages) throws -> Tensor {
        model.eval()
        defer { model.train() }
        let count = images.labels.count
        var out: Tensor?
        for first in stride(from: 0, to: count, by: 256) {
            let rows = Array(first..<min(first + 256, count))[...]
            images.gather(rows, into: batch)
            let e = try network.forward(batch)
            let d = e.shape[1]
            if out == nil { out = Tensor(zeros: [count, d]) }
            (out!.data + first * d).update(from: e.data, count: rows.count * d)
        }
        // A copy: the layer's output buffer is reused by the next call.
        return try L2Normalize(dim: 1).forward(out ?? Tensor(zeros: [0, 0])).copy()
    }

    public func evaluate(split: String) throws -> [String: Double] {
        guard let set = data.evaluation.first(where: { $0.name == split }) else {
            throw ExperimentError("embedding has evaluation splits \(evaluationSplits.joined(separator: ", ")), not '\(split)'")
        }
        let index = try EmbeddingIndex(embeddings: try embed(set.images), items: set.metadata, checkpointHash: "")
        let report = try index.evaluateRetrieval(ks: recallKs)
        var metrics = ["map@r": report.mapAtR]
        for k in recallKs { metrics["recall@\(k)"] = report.recall(at: k) }
        for (category, value) in report.perCategoryRecallAt1 { metrics["recall@1/\(category)"] = value }
        // Catalogs know brands and attributes: how well substitutes from other brands and
        // matching pieces from other categories share the query's look.
        if set.rows != nil {
            for mode in [SearchMode.otherBrand, .otherCategory] {
                let shares = try index.evaluateConstrained(mode: mode, k: 10)
                metrics["\(mode.rawValue)/attribute_match@10"] = shares.attributeMatchShare
                metrics["\(mode.rawValue)/unconstrained_share@10"] = shares.unconstrainedShare
            }
        }
        return metrics
    }
}
