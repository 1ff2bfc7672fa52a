import Foundation
import VitrineCheckpoint
import VitrineEngine
import VitrineRetail
import VitrineTrees

/// A trained demand model loaded from a run's checkpoint, usable without the harness: its card
/// (``DemandModelCard``) and one predictor per target it was fitted on.
public final class TrainedDemandModel {
    public let card: DemandModelCard
    /// One per target of the card, in its order.
    public let predictors: [any DemandPredictor]
    /// The checkpoint it was read from.
    public let path: String

    public init(card: DemandModelCard, predictors: [any DemandPredictor], path: String) {
        self.card = card
        self.predictors = predictors
        self.path = path
    }

    /// The predictor of `target`, or nil when the model was not fitted on it.
    public func predictor(_ target: DemandTarget) -> (any DemandPredictor)? {
        predictors.first { $0.target == target }
    }

    /// Reads the card and the trees or network of a demand checkpoint (`best.h5`/`last.h5` of a
    /// `task: demand` run).
    public static func load(checkpoint path: String) throws -> TrainedDemandModel {
        let card: DemandModelCard
        do {
            card = try DemandModelCard.decode(try Checkpoint.document(DemandModelCard.document, at: path), name: path)
        } catch let error as CheckpointError {
            throw ForecastError("\(path): \(error); a demand model is the best.h5 or last.h5 of a `task: demand` run "
                + "(runs written before demand model cards existed must be trained again)")
        }
        switch card.kind {
        case .gbdt:
            let predictors = try card.targets.map { target -> any DemandPredictor in
                let name = DemandModelCard.treesDocument(target)
                let trees = try GradientBoostedTrees(serialized: Data(try Checkpoint.document(name, at: path).utf8),
                                                     name: path + " /documents/" + name)
                return try TreePredictor(target: target, trees: trees, features: card.features)
            }
            return TrainedDemandModel(card: card, predictors: predictors, path: path)
        case .mlp:
            guard card.targets.count == 1, let target = card.targets.first else {
                throw ForecastError("\(path): an mlp demand model predicts one target, the card names \(card.targets.map(\.rawValue)); the file is damaged")
            }
            let network = try DemandMLP(columns: card.columns, embeddingDim: card.embeddingDim, hidden: card.hidden,
                                        generator: Generator(seed: 0))
            network.nameModules()
            try Checkpoint.load(from: path, into: network)
            _ = network.eval()
            return TrainedDemandModel(card: card, predictors: [MLPPredictor(target: target, network: network)], path: path)
        }
    }
}
