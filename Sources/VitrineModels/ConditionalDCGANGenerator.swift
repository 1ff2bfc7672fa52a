import VitrineEngine
import VitrineNN

/// A DCGAN generator conditioned on categorical attributes (Mirza & Osindero, 2014): each
/// attribute has a learned `Embedding(vocabularySize, embeddingDim)`, and the generator's input
/// is `z` concatenated with the embeddings of the image's attribute values,
/// `[z, embed_1(y_1), …, embed_A(y_A)]` as `nz + A·embeddingDim` channels at 1×1. The rest is
/// ``DCGANGenerator``'s `main` with that wider first layer.
///
/// Concatenated rather than summed: a sum would force `embeddingDim = nz` and pour every
/// attribute into the noise's own directions, where the first layer cannot tell "gold" from a
/// random draw; concatenated, each attribute has input channels of its own, so the first
/// transposed convolution learns a separate weight block per attribute, and an attribute's
/// effect does not depend on the noise it happens to be added to. The embeddings keep
/// PyTorch's N(0, 1) start, the same scale as `z`.
///
/// Parameters: `embed.<attribute>.weight` (one `[vocabularySize, embeddingDim]` table per
/// attribute, in the order given; PyTorch's `nn.ModuleDict`), then `main.0.weight` … as in
/// ``DCGANGenerator``. Convolutions and batch norms start as the example's `weights_init`.
public final class ConditionalDCGANGenerator: Module {
    public let attributes: [DCGANAttribute]
    public let embed: [Embedding]
    public let main: Sequential
    public let imageSize: Int
    public let nz: Int
    public let ngf: Int
    public let nc: Int
    public let embeddingDim: Int
    /// True (the default) to compute the gradient with respect to `z` in ``backward(_:)``.
    /// Off, backward returns an empty `[0]` tensor, and also skips the first layer's input
    /// gradient when every embedding is frozen.
    public var computesInputGradient = true

    private let input = Tensor(zeros: [0])
    private let gradLatent = Tensor(zeros: [0])
    private let gradEmbedding = Tensor(zeros: [0])
    private var latentShape: [Int]?

    public init(attributes: [DCGANAttribute], embeddingDim: Int = 16, imageSize: Int = 64, nz: Int = 100,
                ngf: Int = 64, nc: Int = 3, generator: Generator) throws {
        let k = try DCGAN.doublings(imageSize: imageSize, "ConditionalDCGANGenerator")
        try DCGAN.requirePositive([("nz", nz), ("ngf", ngf), ("nc", nc), ("embeddingDim", embeddingDim)],
                                  "ConditionalDCGANGenerator")
        try DCGANAttribute.validate(attributes, "ConditionalDCGANGenerator")
        self.attributes = attributes
        self.imageSize = imageSize
        self.nz = nz
        self.ngf = ngf
        self.nc = nc
        self.embeddingDim = embeddingDim
        embed = try attributes.map { try Embedding($0.vocabularySize, embeddingDim, generator: generator) }
        main = Sequential(try DCGAN.generatorLayers(
            inputChannels: nz + attributes.count * embeddingDim, ngf: ngf, nc: nc, doublings: k, generator: generator))
        super.init()
        try DCGAN.initialize(self, generator: generator)
        nameModules()
    }

    override public var children: [(String, Module)] {
        zip(attributes, embed).map { ("embed.\($0.name)", $1 as Module) } + [("main", main)]
    }

    /// The channels of `main`'s input: `nz`, then each attribute's `embeddingDim`.
    private var inputChannels: Int { nz + attributes.count * embeddingDim }

    /// `z` is `[N, nz, 1, 1]` or `[N, nz]`; `attributes` is `[N, A]`, column `a` holding
    /// attribute `a`'s index for each image. Returns `[N, nc, imageSize, imageSize]`.
    public func forward(z: Tensor, attributes values: IndexTensor) throws -> Tensor {
        try DCGAN.requireLatent(z, nz: nz, self)
        let n = z.shape[0], c = inputChannels, d = embeddingDim
        let columns = try attributeColumns(values, batch: n, count: attributes.count)
        input.resize([n, c, 1, 1])
        for i in 0..<n { (input.data + i * c).update(from: z.data + i * nz, count: nz) }
        for (a, table) in embed.enumerated() {
            let e = try table.forward(columns[a])
            for i in 0..<n { (input.data + i * c + nz + a * d).update(from: e.data + i * d, count: d) }
        }
        latentShape = z.shape
        return try main.forward(input)
    }

    /// Accumulates every parameter gradient and returns the gradient with respect to `z`, in
    /// `z`'s shape (`[0]` with ``computesInputGradient`` off). The first layer's input
    /// gradient is split back into its `z` and embedding channels.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let shape = try requireForward(latentShape)
        let n = shape[0], c = inputChannels, d = embeddingDim
        let trainsEmbeddings = embed.contains { $0.weight.requiresGrad }
        main.computesInputGradient = computesInputGradient || trainsEmbeddings
        let g = try main.backward(gradOutput)
        for table in embed.indices where embed[table].weight.requiresGrad {
            gradEmbedding.resize([n, d])
            for i in 0..<n {
                (gradEmbedding.data + i * d).update(from: g.data + i * c + nz + table * d, count: d)
            }
            try embed[table].backward(gradEmbedding)
        }
        guard computesInputGradient else {
            gradLatent.resize([0])
            return gradLatent
        }
        gradLatent.resize(shape)
        for i in 0..<n { (gradLatent.data + i * nz).update(from: g.data + i * c, count: nz) }
        return gradLatent
    }
}
