import VitrineConfig

/// A demand experiment's own groups, decoded once: `data.*`, `model.*`, `trees.*`.
struct DemandSettings: Equatable, Sendable {
    var data: DemandDataSettings
    var model: DemandModelSettings
    var trees: TreeSettings

    /// Decodes the demand groups of a validated demand config.
    init(_ config: ResolvedConfig) throws {
        data = try DemandDataSettings(config)
        model = try DemandModelSettings(config)
        trees = try TreeSettings(config)
    }
}
