import VitrineData
import VitrineEngine
import VitrineModels
import VitrineNN

/// A DCGAN's two networks, conditioned on a class or not, behind one interface: what the
/// training task steps and what `vitrine generate` samples from. The checkpoint groups are
/// `/generator` and `/discriminator`, each a PyTorch state dict of `dcgan/main.py`'s shapes
/// (plus `embed.*` and, for the projection discriminator, `linear.*` when conditional).
public final class GANPair {
    /// The architecture, as a run's config gives it.
    public struct Shape: Equatable, Sendable, Codable {
        public var imageSize: Int
        public var channels: Int
        public var latent: Int
        public var generatorWidth: Int
        public var discriminatorWidth: Int
        /// The attributes the networks are conditioned on, in input order (empty: unconditional).
        public var attributes: [AttributeVocabulary]
        public init(imageSize: Int, channels: Int, latent: Int, generatorWidth: Int, discriminatorWidth: Int,
                    attributes: [AttributeVocabulary]) {
            self.imageSize = imageSize
            self.channels = channels
            self.latent = latent
            self.generatorWidth = generatorWidth
            self.discriminatorWidth = discriminatorWidth
            self.attributes = attributes
        }
        public var conditional: Bool { !attributes.isEmpty }

        private enum CodingKeys: String, CodingKey {
            case imageSize, channels, latent, generatorWidth, discriminatorWidth, attributes
            /// The first GAN checkpoints were conditioned on one attribute, `category`, and
            /// stored its values as `classes`; they still load.
            case classes
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            imageSize = try c.decode(Int.self, forKey: .imageSize)
            channels = try c.decode(Int.self, forKey: .channels)
            latent = try c.decode(Int.self, forKey: .latent)
            generatorWidth = try c.decode(Int.self, forKey: .generatorWidth)
            discriminatorWidth = try c.decode(Int.self, forKey: .discriminatorWidth)
            if let attributes = try c.decodeIfPresent([AttributeVocabulary].self, forKey: .attributes) {
                self.attributes = attributes
            } else {
                let classes = try c.decodeIfPresent([String].self, forKey: .classes) ?? []
                attributes = classes.isEmpty ? [] : [AttributeVocabulary(name: "category", values: classes)]
            }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(imageSize, forKey: .imageSize)
            try c.encode(channels, forKey: .channels)
            try c.encode(latent, forKey: .latent)
            try c.encode(generatorWidth, forKey: .generatorWidth)
            try c.encode(discriminatorWidth, forKey: .discriminatorWidth)
            try c.encode(attributes, forKey: .attributes)
        }
    }

    public let shape: Shape
    public let generator: Module
    public let discriminator: Module
    private let plainGenerator: DCGANGenerator?
    private let plainDiscriminator: DCGANDiscriminator?
    private let conditionalGenerator: ConditionalDCGANGenerator?
    private let conditionalDiscriminator: ConditionalDCGANDiscriminator?

    /// Builds both networks, initialized as `weights_init` does, from `generator`'s stream.
    public init(_ shape: Shape, generator random: Generator) throws {
        self.shape = shape
        if shape.conditional {
            let attributes = shape.attributes.map { DCGANAttribute($0.name, vocabularySize: $0.values.count) }
            let g = try ConditionalDCGANGenerator(attributes: attributes, imageSize: shape.imageSize, nz: shape.latent,
                                                  ngf: shape.generatorWidth, nc: shape.channels, generator: random)
            let d = try ConditionalDCGANDiscriminator(attributes: attributes, imageSize: shape.imageSize,
                                                      ndf: shape.discriminatorWidth, nc: shape.channels, generator: random)
            (conditionalGenerator, conditionalDiscriminator, plainGenerator, plainDiscriminator) = (g, d, nil, nil)
            (generator, discriminator) = (g, d)
        } else {
            let g = try DCGANGenerator(imageSize: shape.imageSize, nz: shape.latent, ngf: shape.generatorWidth,
                                       nc: shape.channels, generator: random)
            let d = try DCGANDiscriminator(imageSize: shape.imageSize, ndf: shape.discriminatorWidth, nc: shape.channels,
                                           generator: random)
            (conditionalGenerator, conditionalDiscriminator, plainGenerator, plainDiscriminator) = (nil, nil, g, d)
            (generator, discriminator) = (g, d)
        }
        generator.nameModules()
        discriminator.nameModules()
    }

    /// The two networks by their checkpoint names.
    public var modules: [(String, Module)] { [("generator", generator), ("discriminator", discriminator)] }

    /// `labels[i]` holds image i's value index for each of ``Shape/attributes``.
    private func attributes(_ labels: [[Int]]) throws -> IndexTensor {
        try IndexTensor(shape: [labels.count, shape.attributes.count], values: labels.flatMap { $0 })
    }

    /// G(z | labels): `[N, C, S, S]` in (−1, 1); `labels[i]` are image i's attribute value
    /// indices, ignored when unconditional.
    public func generate(_ z: Tensor, labels: [[Int]]) throws -> Tensor {
        if let conditionalGenerator { return try conditionalGenerator.forward(z: z, attributes: try attributes(labels)) }
        return try plainGenerator!.forward(z)
    }

    /// Back through G from the gradient of its last output (parameter gradients accumulate).
    @discardableResult
    public func generatorBackward(_ gradient: Tensor) throws -> Tensor {
        if let conditionalGenerator { return try conditionalGenerator.backward(gradient) }
        return try plainGenerator!.backward(gradient)
    }

    /// D(x | labels): `[N]` logits.
    public func discriminate(_ images: Tensor, labels: [[Int]]) throws -> Tensor {
        if let conditionalDiscriminator { return try conditionalDiscriminator.forward(images, attributes: try attributes(labels)) }
        return try plainDiscriminator!.forward(images)
    }

    /// Back through D from the gradient of its logits; returns the images' gradient (an
    /// unusable `[0]` when ``discriminatorComputesInputGradient`` is off).
    @discardableResult
    public func discriminatorBackward(_ gradient: Tensor) throws -> Tensor {
        if let conditionalDiscriminator { return try conditionalDiscriminator.backward(gradient) }
        return try plainDiscriminator!.backward(gradient)
    }

    /// Caffe's propagate_down for D's input: off in D's own step on generated images, whose
    /// gradient nobody needs.
    public var discriminatorComputesInputGradient: Bool {
        get { conditionalDiscriminator?.computesInputGradient ?? plainDiscriminator!.computesInputGradient }
        set {
            if let conditionalDiscriminator { conditionalDiscriminator.computesInputGradient = newValue }
            else { plainDiscriminator!.computesInputGradient = newValue }
        }
    }
}
