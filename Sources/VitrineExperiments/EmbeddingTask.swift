import VitrineData
import VitrineEngine
import VitrineImaging
import VitrineInference
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
    /// The network as evaluation sees it (`eval.center_crop`, `eval.flip_average`).
    private let evaluationNetwork: any Layer
    private let data: EmbeddingData
    private let loss: EmbeddingLoss
    private let sampler: BatchSampler
    private let augmentation: BatchAugmentation
    private let batch = Tensor(zeros: [0])
    private let recallKs: [Int]
    /// What the network expects of its input (``InputSignature``, JSON), recorded in every
    /// checkpoint for serving.
    private let signatureJSON: String
    /// The latest evaluation of the first split, kept for the report's retrieval examples.
    private var lastEvaluation: (set: EmbeddingData.EvaluationSet, index: EmbeddingIndex)?

    public var trainCount: Int { data.train.labels.count }
    public var evaluationSplits: [String] { data.evaluation.map(\.name) }

    public var metricNames: [String] {
        data.evaluation.flatMap { set -> [String] in
            var names = ["map@r"] + recallKs.map { "recall@\($0)" }
            names += Set(set.metadata.map(\.category)).sorted().map { "recall@1/\($0)" }
            if set.rows != nil {
                names += [SearchMode.otherBrand, .otherCategory].flatMap {
                    ["\($0.rawValue)/attribute_match@10", "\($0.rawValue)/unconstrained_share@10"]
                }
            }
            return names.map { "\(set.name)/\($0)" }
        }
    }
    public var checkpointDocuments: [String: String] { [InputSignature.documentName: signatureJSON] }
    public var learningRateScales: [String: Float] { loss.learningRateScales }
    /// The loss's class proxies are parameters too, but a network without any is a baseline.
    public var isFixedBaseline: Bool { network.namedParameters().isEmpty }

    public init(_ setup: TaskSetup) throws {
        let settings = try EmbeddingSettings(setup.config), seed = setup.experiment.train.seed
        data = try EmbeddingData(settings.data, log: setup.log)
        let shape = data.train.images.shape
        var spec = settings.network
        (spec.channels, spec.size) = (shape[1], shape[2])
        signatureJSON = try InputSignature(spec).json()
        network = try EmbeddingNetworks.make(spec, generator: setup.generator)
        evaluationNetwork = try EmbeddingNetworks.evaluationView(of: network, spec)
        loss = try EmbeddingLoss(settings.loss, dimension: settings.model.embeddingDim, classes: data.trainClassCount,
                                 generator: setup.generator)
        model = EmbeddingTrainingModel(network: network, loss: loss.trainable)
        model.nameModules()
        sampler = try BatchSampler(
            count: data.train.labels.count,
            sampling: .productsAndImages(p: settings.sampler.p, k: settings.sampler.k, shortGroups: .sampleWithReplacement),
            labels: data.train.labels, seed: seed)
        recallKs = settings.evaluation.recallAt
        let augment = settings.augment
        augmentation = try BatchAugmentation(
            size: Size2(shape[2], shape[3]), cropScale: augment.cropScale, flip: augment.flip,
            brightness: augment.brightness, contrast: augment.contrast, seed: SeedMixer.mix(seed, 0xA06))
    }

    public func batches(epoch: Int, batchSize: Int, seed: UInt64) -> [[Int]] {
        sampler.batches(epoch: epoch)
    }

    public func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double] {
        data.train.gather(indices, into: batch)
        try augmentation.apply(batch, indices: indices)
        let targets = indices.map { data.train.labels[$0] }
        let embeddings = try network.forward(batch)
        let value = try loss.forward(embeddings, targets)
        _ = try network.backward(try loss.backward())
        return ["loss": Double(value)]
    }

    /// Embeds every image of a split in evaluation mode: `[N, D]`, L2-normalized.
    func embed(_ images: LabelledImages) throws -> Tensor {
        // Undo what the embedder did: it switched the model it was given to evaluation mode.
        defer { _ = evaluationNetwork.train() }
        let embeddings = try BatchEmbedder.embed(model: evaluationNetwork, count: images.labels.count,
                                                 imageShape: Array(images.images.shape.dropFirst()), batchSize: 256) { batch, range in
            images.gather(Array(range)[...], into: batch)
        }
        // A copy: the layer's output buffer is reused by the next call.
        return try L2Normalize(dim: 1).forward(embeddings).copy()
    }

    public func evaluate(split: String) throws -> [String: Double] {
        guard let set = data.evaluation.first(where: { $0.name == split }) else {
            throw ExperimentError("embedding has evaluation splits \(evaluationSplits.joined(separator: ", ")), not '\(split)'")
        }
        let index = try EmbeddingIndex(embeddings: try embed(set.images), items: set.metadata, checkpointHash: "")
        if split == evaluationSplits.first { lastEvaluation = (set, index) }
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

    /// Retrieval examples from the latest evaluation: rows of a query and its top 5 among the
    /// other images of the split, with scores, green frames on the query's product and red on others.
    public func reportFigures() throws -> [ReportFigure] {
        guard let (set, index) = lastEvaluation, index.count > 1 else { return [] }
        let queries = 8, shown = 5
        let rows = (0..<min(queries, index.count)).map { $0 * index.count / min(queries, index.count) }
        let images = set.images.images
        let (c, h, w) = (images.shape[1], images.shape[2], images.shape[3])
        func image(_ row: Int) throws -> Image {
            try Image(channels: c, height: h, width: w,
                      pixels: Array(UnsafeBufferPointer(start: images.data + row * c * h * w, count: c * h * w)))
        }
        var tiles: [GridTile] = []
        for q in rows {
            let query = index.items[q]
            tiles.append(GridTile(try image(q), caption: "query " + query.productID, border: .blue))
            let row = Tensor(zeros: [index.dimension])
            row.data.update(from: index.embeddings.data + q * index.dimension, count: index.dimension)
            let hits = try index.search(row, k: shown, excluding: q)
            for hit in hits {
                let item = index.items[hit.index]
                tiles.append(GridTile(try image(hit.index), caption: String(format: "%.3f", hit.score),
                                      border: item.productID == query.productID ? .green : .red))
            }
            for _ in hits.count..<shown { tiles.append(GridTile(try Image(channels: c, height: h, width: w, fill: 1))) }
        }
        let side = max(48, min(96, h))
        let grid = try ImageGrid(columns: shown + 1, tileHeight: side, tileWidth: side)
        return [ReportFigure(
            title: "Retrieval examples (\(set.name))", file: "retrieval-\(set.name).png",
            caption: "Each row: a query (blue), then its top \(shown) among the other \(set.name) images with cosine "
                + "similarity; green: the same product (class), red: another.",
            png: try PNG.encode(grid.render(tiles)))]
    }
}
