import VitrineConfig

/// An embedding experiment's `sampler.*`, decoded once: its P×K batches.
struct SamplerSettings: Equatable, Sendable {
    /// Products (classes) per batch.
    var p: Int
    /// Images per product.
    var k: Int

    /// Decodes `sampler.*` of a validated embedding config.
    init(_ config: ResolvedConfig) throws {
        p = config.int("sampler.p")
        k = config.int("sampler.k")
    }
}
