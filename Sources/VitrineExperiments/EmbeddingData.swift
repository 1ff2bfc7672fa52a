import VitrineConfig
import VitrineData
import VitrineEngine

/// The images an embedding experiment trains and evaluates on.
///
/// Training labels are dense indices `0..<trainClassCount` (products or classes), as the
/// normalized-softmax classifier needs. Evaluation sets hold only products or classes absent
/// from training, so the figures measure how the embedding generalizes to new goods.
struct EmbeddingData {
    /// One retrieval evaluation: every image is a query against all the others.
    struct EvaluationSet {
        let name: String
        let images: LabelledImages
        /// A category per image, for per-category Recall@1; nil when the data has none.
        let categories: [String]?
    }

    let train: LabelledImages
    let trainClassCount: Int
    let evaluation: [EvaluationSet]

    init(_ config: ResolvedConfig) throws {
        switch config.string("data.source") {
        default:
            try self.init(fashionMNIST: config)
        }
    }

    /// Fashion-MNIST. `held_out_classes`: train on `data.train_classes`, retrieve among the test
    /// images of the other classes. `all_classes`: train on all ten, retrieve among the test
    /// images (the class-level protocol).
    init(fashionMNIST config: ResolvedConfig) throws {
        let directory = config.string("data.directory")
        func limit(_ key: String) -> Int? { config.int(key) > 0 ? config.int(key) : nil }
        let trainSet = try IDXClassificationSet.fashionMNIST(split: "train", directory: directory,
                                                             limit: limit("data.train_limit"))
        let testSet = try IDXClassificationSet.fashionMNIST(split: "test", directory: directory,
                                                            limit: limit("data.test_limit"))
        let allTrain = LabelledImages(images: trainSet.images, labels: trainSet.labels)
        let allTest = LabelledImages(images: testSet.images, labels: testSet.labels)
        let names = IDXClassificationSet.fashionMNISTClasses
        switch config.string("data.protocol") {
        case "all_classes":
            train = allTrain
            trainClassCount = names.count
            evaluation = [EvaluationSet(name: "test", images: allTest, categories: allTest.labels.map { names[$0] })]
        default:
            let trainClasses = config.ints("data.train_classes")
            if let bad = trainClasses.first(where: { !names.indices.contains($0) }) {
                throw ExperimentError("\(config.source): data.train_classes: class \(bad) is not a Fashion-MNIST class (0-9)")
            }
            let seen = Set(trainClasses)
            guard !seen.isEmpty, seen.count < names.count else {
                throw ExperimentError("\(config.source): data.train_classes: need between 1 and \(names.count - 1) "
                    + "distinct classes so that some are held out, got \(trainClasses)")
            }
            let dense = Dictionary(uniqueKeysWithValues: seen.sorted().enumerated().map { ($1, $0) })
            let kept = allTrain.filter { seen.contains($0) }
            train = LabelledImages(images: kept.images, labels: kept.labels.map { dense[$0]! })
            trainClassCount = seen.count
            let heldOut = allTest.filter { !seen.contains($0) }
            evaluation = [EvaluationSet(name: "test", images: heldOut, categories: heldOut.labels.map { names[$0] })]
        }
    }
}
