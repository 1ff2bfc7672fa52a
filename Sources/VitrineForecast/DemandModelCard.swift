import Foundation
import VitrineRetail

/// What a trained demand model needs to be used without the experiment's config, saved in its
/// checkpoints as `/documents/demand` (JSON): the model family and the targets it predicts,
/// the input columns in the order the model reads them, the MLP's shape, and the retail data
/// and product sample it was fitted on (so a forecast builds the same features, and a
/// simulated dataset can be simulated again with an edited promotion plan).
public struct DemandModelCard: Codable, Equatable, Sendable {
    public static let document = "demand"

    /// The model family.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// Histogram gradient-boosted trees, one ensemble per target.
        case gbdt
        /// Entity embeddings and an MLP (one target per run).
        case mlp
    }

    /// The retail dataset and the feature table's products.
    public struct DataSource: Codable, Equatable, Sendable {
        /// The dataset directory, as the run's config named it.
        public var directory: String
        /// The simulation that made it: catalog size, days and seed.
        public var simProducts: Int
        public var simDays: Int
        public var seed: UInt64
        /// Products in the feature table (a sample seeded by ``seed``).
        public var products: Int
        /// The final days held out of fitting and forecast recursively.
        public var holdoutDays: Int

        public init(directory: String, simProducts: Int, simDays: Int, seed: UInt64, products: Int, holdoutDays: Int) {
            self.directory = directory
            self.simProducts = simProducts
            self.simDays = simDays
            self.seed = seed
            self.products = products
            self.holdoutDays = holdoutDays
        }

        /// The simulator settings that reproduce the dataset.
        public var simulation: RetailSimulatorConfig {
            var config = RetailSimulatorConfig()
            config.products = simProducts
            config.days = simDays
            config.seed = seed
            return config
        }

        /// Feature-table options for the training sample, or for `productIndices` when given.
        public func featureOptions(productIndices: [Int]? = nil) -> FeatureTableOptions {
            var options = FeatureTableOptions()
            options.products = products
            options.productIndices = productIndices
            options.sampleSeed = seed
            options.categorical = .codes
            return options
        }
    }

    public var kind: Kind
    /// The targets, in the order they were fitted; the first drives a recursive forecast.
    public var targets: [DemandTarget]
    /// The model's input columns, in the order it reads them, and each one's number of codes
    /// (0 for a numeric column).
    public var features: [String]
    public var cardinalities: [Int]
    /// mlp: hidden layer widths and the embeddings' width.
    public var hidden: [Int]
    public var embeddingDim: Int
    public var data: DataSource

    public init(kind: Kind, targets: [DemandTarget], columns: [FeatureColumn], hidden: [Int] = [], embeddingDim: Int = 0, data: DataSource) {
        self.kind = kind
        self.targets = targets
        features = columns.map(\.name)
        cardinalities = columns.map { column in
            if case let .categorical(cardinality) = column.encoding { return cardinality }
            return 0
        }
        self.hidden = hidden
        self.embeddingDim = embeddingDim
        self.data = data
    }

    /// The input columns as feature-table columns (codes categorical, the rest numeric).
    public var columns: [FeatureColumn] {
        zip(features, cardinalities).map { name, cardinality in
            FeatureColumn(name: name, role: .feature, encoding: cardinality > 0 ? .categorical(cardinality: cardinality) : .numeric)
        }
    }

    /// The card as the JSON document checkpoints hold.
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads a card; `name` says where it came from in the error.
    public static func decode(_ text: String, name: String) throws -> DemandModelCard {
        do { return try JSONDecoder().decode(DemandModelCard.self, from: Data(text.utf8)) } catch {
            throw ForecastError("\(name): /documents/\(document) is not a demand model card (\(error)); the file is damaged or not a demand checkpoint")
        }
    }

    /// The checkpoint document holding the trees of `target` (the first target's are also
    /// `trees`, which `vitrine eval` and `vitrine inspect` read).
    public static func treesDocument(_ target: DemandTarget) -> String { "trees_" + target.rawValue }
}
