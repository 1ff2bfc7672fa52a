import VitrineEngine
import VitrineNN

/// The pieces the DCGAN models (Radford, Metz & Chintala, 2015) share, built as
/// pytorch/examples' `dcgan/main.py` builds them, for square images of side
/// `imageSize = 4 · 2^k` (64 in the paper and the example, 32 one block fewer, 16 for tests).
enum DCGAN {
    /// The number of resolution doublings from 4×4 to `imageSize`, or an error naming `model`.
    static func doublings(imageSize: Int, _ model: String) throws -> Int {
        guard imageSize >= 16, imageSize & (imageSize - 1) == 0 else {
            throw EngineError.invalidArgument(
                model, "imageSize must be a power of two of at least 16 (64 as in the paper, 32, 16), got \(imageSize)")
        }
        return imageSize.trailingZeroBitCount - 2
    }

    static func requirePositive(_ values: [(String, Int)], _ model: String) throws {
        for (name, value) in values where value <= 0 {
            throw EngineError.invalidArgument(model, "\(name) must be positive, got \(value)")
        }
    }

    /// The generator's `main`: `ConvTranspose2d(inputChannels, ngf·2^(k−1), 4, 1, 0)` to 4×4,
    /// then stride-2 `ConvTranspose2d(·, ·/2, 4, 2, 1)` blocks halving the width, each but the
    /// last followed by `BatchNorm2d` and `ReLU`, the last to `nc` channels and `Tanh`. No
    /// convolution has a bias: batch norm's β takes its place.
    static func generatorLayers(inputChannels: Int, ngf: Int, nc: Int, doublings k: Int,
                                generator: Generator) throws -> [any Layer] {
        var layers: [any Layer] = []
        var channels = ngf << (k - 1)
        layers += [try ConvTranspose2d(inputChannels, channels, kernelSize: 4, bias: false, generator: generator),
                   try BatchNorm2d(channels), ReLU()]
        for _ in 1..<k {
            layers += [try ConvTranspose2d(channels, channels / 2, kernelSize: 4, stride: 2, padding: 1, bias: false,
                                           generator: generator),
                       try BatchNorm2d(channels / 2), ReLU()]
            channels /= 2
        }
        layers += [try ConvTranspose2d(channels, nc, kernelSize: 4, stride: 2, padding: 1, bias: false,
                                       generator: generator),
                   Tanh()]
        return layers
    }

    /// The discriminator's convolutional trunk down to 4×4, ending with a LeakyReLU:
    /// `Conv2d(nc, ndf, 4, 2, 1)` and `LeakyReLU(0.2)` without batch norm on the input layer
    /// (the paper: normalizing the first layer made samples oscillate), then
    /// `Conv2d(·, 2·, 4, 2, 1)`, `BatchNorm2d`, `LeakyReLU(0.2)` blocks. Returns the layers and
    /// the trunk's channel count, `ndf·2^(k−1)`.
    static func discriminatorTrunk(nc: Int, ndf: Int, doublings k: Int,
                                   generator: Generator) throws -> (layers: [any Layer], channels: Int) {
        var layers: [any Layer] = [
            try Conv2d(nc, ndf, kernelSize: 4, stride: 2, padding: 1, bias: false, generator: generator),
            try LeakyReLU(negativeSlope: 0.2),
        ]
        var channels = ndf
        for _ in 1..<k {
            layers += [try Conv2d(channels, channels * 2, kernelSize: 4, stride: 2, padding: 1, bias: false,
                                  generator: generator),
                       try BatchNorm2d(channels * 2), try LeakyReLU(negativeSlope: 0.2)]
            channels *= 2
        }
        return (layers, channels)
    }

    /// `weights_init` of the example: convolution weights N(0, 0.02), batch-norm γ N(1, 0.02)
    /// and β 0 (and any convolution bias 0), drawn module by module in tree order.
    static func initialize(_ model: Module, generator: Generator) throws {
        for (_, module) in model.namedModules() {
            if let conv = module as? Conv2d {
                try Init.normal(conv.weight.value, mean: 0, std: 0.02, generator: generator)
                conv.bias.map { Init.zeros($0.value) }
            } else if let conv = module as? ConvTranspose2d {
                try Init.normal(conv.weight.value, mean: 0, std: 0.02, generator: generator)
                conv.bias.map { Init.zeros($0.value) }
            } else if let norm = module as? BatchNormBase {
                if let weight = norm.weight { try Init.normal(weight.value, mean: 1, std: 0.02, generator: generator) }
                norm.bias.map { Init.zeros($0.value) }
            }
        }
    }

    /// `z` as the `[N, channels, 1, 1]` image a transposed convolution takes: `[N, nz]` or
    /// `[N, nz, 1, 1]` (pytorch/examples draws `randn(N, nz, 1, 1)`).
    static func requireLatent(_ z: Tensor, nz: Int, _ module: Module) throws {
        guard (z.rank == 2 || (z.rank == 4 && z.shape[2] == 1 && z.shape[3] == 1)), z.shape[1] == nz else {
            throw EngineError.shapeMismatch(module.path, "z must be [N, \(nz)] or [N, \(nz), 1, 1], got \(z.shape)")
        }
    }
}

/// One categorical attribute a conditional DCGAN is conditioned on (a catalog's category,
/// metal, stone, cut …): its name, which names its embedding's parameters
/// (`embed.<name>.weight`), and how many values it takes; indices run over `0 ..< vocabularySize`.
public struct DCGANAttribute: Equatable, Sendable {
    public let name: String
    public let vocabularySize: Int

    public init(_ name: String, vocabularySize: Int) {
        self.name = name
        self.vocabularySize = vocabularySize
    }

    static func validate(_ attributes: [DCGANAttribute], _ model: String) throws {
        guard !attributes.isEmpty else { throw EngineError.invalidArgument(model, "at least one attribute is needed") }
        var seen = Set<String>()
        for a in attributes {
            guard !a.name.isEmpty, !a.name.contains("."), seen.insert(a.name).inserted else {
                throw EngineError.invalidArgument(
                    model, "attribute names must be non-empty, without dots and distinct, got \(attributes.map(\.name))")
            }
            guard a.vocabularySize > 0 else {
                throw EngineError.invalidArgument(
                    model, "attribute \(a.name) needs a positive vocabulary size, got \(a.vocabularySize)")
            }
        }
    }
}

extension Module {
    /// Checks that `attributes` is `[batch, count]` and returns column `a` of it as an `[N]`
    /// index tensor, for attribute `a`'s embedding.
    func attributeColumns(_ attributes: IndexTensor, batch: Int, count: Int) throws -> [IndexTensor] {
        guard attributes.shape == [batch, count] else {
            throw EngineError.shapeMismatch(
                path, "attributes must be [N, \(count)] (one column per attribute) with N = \(batch), got \(attributes.shape)")
        }
        return (0..<count).map { a in IndexTensor((0..<batch).map { attributes.values[$0 * count + a] }) }
    }
}
