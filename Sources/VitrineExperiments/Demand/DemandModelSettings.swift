import VitrineConfig
import VitrineForecast

/// A demand experiment's `model.*`, decoded once: which model, what it predicts, and the
/// neural model's shape.
struct DemandModelSettings: Equatable, Sendable {
    /// The model family: boosting trains trees (``TreeDemandRun``), the SGD trainer the MLP.
    enum Kind: String, CaseIterable, Sendable {
        /// Histogram gradient-boosted trees.
        case gbdt
        /// Entity embeddings and an MLP.
        case mlp
    }

    var kind: Kind
    /// What the model predicts per product and day: `model.targets` when given (gbdt fits one
    /// ensemble per target), else `model.target`. The first drives the recursive forecast.
    var targets: [DemandTarget]
    /// The first target: the one the run's holdout metrics and `metrics.best` are about.
    var target: DemandTarget { targets[0] }
    /// mlp: hidden layer widths.
    var hidden: [Int]
    /// mlp: width of each categorical attribute's embedding.
    var embeddingDim: Int

    /// Decodes `model.*` of a validated demand config.
    init(_ config: ResolvedConfig) throws {
        kind = try config.choice("model.name")
        let where_ = config.origin("model.targets").map(String.init(describing:)) ?? config.source
        let listed = try config.strings("model.targets").map { name -> DemandTarget in
            guard let target = DemandTarget(rawValue: name) else {
                throw ExperimentError("\(where_): model.targets: expected values from \(DemandTarget.names.joined(separator: ", ")), got '\(name)'")
            }
            return target
        }
        guard Set(listed).count == listed.count else {
            throw ExperimentError("\(where_): model.targets: expected each target at most once, got \(listed.map(\.rawValue))")
        }
        targets = listed.isEmpty ? [try config.choice("model.target")] : listed
        if kind == .mlp && targets.count > 1 {
            throw ExperimentError("\(where_): model.targets: an mlp fits one target per run (got \(listed.map(\.rawValue))); "
                + "use model.name: gbdt, or run the mlp once per target with model.target")
        }
        hidden = config.ints("model.hidden")
        embeddingDim = config.int("model.embedding_dim")
    }
}
