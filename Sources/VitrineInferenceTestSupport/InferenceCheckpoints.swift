import VitrineCheckpoint
import VitrineEngine
import VitrineInference
import VitrineNN

/// Checkpoints of small embedding networks written as an embedding run writes them, with batch
/// norm statistics far from their initial values so that folding them is not a no-op.
public enum InferenceCheckpoints {
    public static func config(_ architecture: EmbeddingArchitecture, size: Int, dimension: Int = 8) -> String {
        """
        task: embedding
        model:
          name: \(architecture.rawValue)
          width: 8
          small_stem: true
          embedding_dim: \(dimension)
        data:
          source: catalog
          image_size: \(size)
        eval:
          center_crop: 1.0
          flip_average: false
        """
    }

    /// Writes a checkpoint of `architecture` at `path`; `signature` is recorded as a document
    /// when given (checkpoints before signatures existed have none). Returns the network.
    @discardableResult
    public static func write(_ architecture: EmbeddingArchitecture, size: Int, to path: String, seed: UInt64 = 7,
                      signature: InputSignature? = nil, lossProxies: Bool = false) throws -> any Layer {
        let yaml = config(architecture, size: size)
        let spec = try EmbeddingNetworkSpec(savedConfig: yaml, source: "test")
        let generator = Generator(seed: seed)
        let network = try EmbeddingNetworks.make(spec, generator: generator)
        network.nameModules()
        // Trained-looking statistics: means around ±0.3, variances 0.5 to 2, affine maps away from identity.
        for case let (_, norm as BatchNormBase) in network.namedModules() {
            generator.fillUniform(norm.runningMean.value, low: -0.3, high: 0.3)
            generator.fillUniform(norm.runningVar.value, low: 0.5, high: 2)
            if let weight = norm.weight { generator.fillUniform(weight.value, low: 0.5, high: 2) }
            if let bias = norm.bias { generator.fillUniform(bias.value, low: -0.3, high: 0.3) }
        }
        var modules: [(String, Module)] = [("model", network)]
        if lossProxies { modules = [("model", ProxyHolder(network: network, classes: 5, dimension: spec.dimension))] }
        let meta = CheckpointMeta(step: 1, epoch: 0, position: 0, generatorState: generator.state, configYAML: yaml,
                                  metrics: [:], bestMetric: nil)
        try Checkpoint.save(to: path, modules: modules, optimizers: [], meta: meta,
                            documents: try signature.map { [InputSignature.documentName: try $0.json()] } ?? [:])
        return network
    }
}

/// The network with a loss's class proxies beside it under `loss.weight`, as embedding runs
/// store them today.
final class ProxyHolder: Module {
    let network: any Layer
    let loss: ProxyWeights
    init(network: any Layer, classes: Int, dimension: Int) {
        self.network = network
        loss = ProxyWeights(Parameter(Tensor(shape: [classes, dimension], repeating: 0.25)))
        super.init()
    }
    override var children: [(String, Module)] { network.children + [("loss", loss)] }
    override var localParameters: [(String, Parameter)] { network.localParameters }
    override var localBuffers: [(String, Buffer)] { network.localBuffers }
}

final class ProxyWeights: Module {
    let weight: Parameter
    init(_ weight: Parameter) {
        self.weight = weight
        super.init()
    }
}
