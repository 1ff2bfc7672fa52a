import VitrineForecast
import VitrineRetail

extension DemandModelCard {
    /// The card of a model trained with `settings` on `columns` (the run's input columns).
    init(settings: DemandSettings, columns: [FeatureColumn]) {
        let data = settings.data
        self.init(kind: settings.model.kind == .gbdt ? .gbdt : .mlp, targets: settings.model.targets, columns: columns,
                  hidden: settings.model.kind == .mlp ? settings.model.hidden : [],
                  embeddingDim: settings.model.kind == .mlp ? settings.model.embeddingDim : 0,
                  data: DataSource(directory: data.directory, simProducts: data.simProducts, simDays: data.simDays, seed: data.seed,
                                   products: data.products, holdoutDays: data.holdoutDays))
    }
}
