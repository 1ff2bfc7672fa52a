import VitrineConfig
import VitrineRetail

/// A demand experiment's `data.*`, decoded once: the retail dataset, how it is simulated when
/// missing, the products sampled and the days held out.
struct DemandDataSettings: Equatable, Sendable {
    /// A retail dataset directory (`vitrine datagen retail` writes one).
    var directory: String
    /// Simulate a dataset into ``directory`` when it does not exist.
    var generate: Bool
    /// The simulation's catalog size and days of history.
    var simProducts: Int
    var simDays: Int
    /// The seed of the simulation and of the sample of products.
    var seed: UInt64
    /// Products in the feature table (a seeded sample of the catalog).
    var products: Int
    /// The final days, forecast recursively and scored.
    var holdoutDays: Int
    /// The days before the holdout, kept out of fitting for early stopping and validation.
    var validationDays: Int
    /// The config file, for messages about the data it names.
    var configFile: String

    /// Decodes `data.*` of a validated demand config.
    init(_ config: ResolvedConfig) throws {
        directory = config.string("data.directory")
        generate = config.bool("data.generate")
        simProducts = config.int("data.sim_products")
        simDays = config.int("data.sim_days")
        seed = UInt64(config.int("data.seed"))
        products = config.int("data.products")
        holdoutDays = config.int("data.holdout_days")
        validationDays = config.int("data.validation_days")
        configFile = config.source
    }

    /// The simulation that makes ``directory`` when it is missing.
    var simulation: RetailSimulatorConfig {
        var simulation = RetailSimulatorConfig()
        simulation.products = simProducts
        simulation.days = simDays
        simulation.seed = seed
        return simulation
    }
}
