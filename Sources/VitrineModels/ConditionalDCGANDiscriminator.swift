import VitrineEngine
import VitrineNN

/// A projection discriminator (Miyato & Koyama, 2018) on the DCGAN trunk, conditioned on
/// categorical attributes. With `h = main(x)` the trunk's `[N, C, 4, 4]` features (C =
/// `ndf·2^(k−1)`, ``DCGANDiscriminator`` without its last convolution) and
/// `φ(x) = Σ_{h,w} h` their global sum:
///
///     logit(x, y) = linear(φ(x)) + Σ_a ⟨embed_a(y_a), φ(x)⟩
///
/// The inner products are the projection: the paper shows that, for a conditional
/// distribution in the exponential family, the log-ratio the discriminator estimates has
/// exactly this form, which conditions more stably than concatenating `y` to the input.
/// Sum pooling as in the paper's reference code, so the projection scales with the evidence
/// found across the image.
///
/// Parameters: `main.0.weight` … (as ``DCGANDiscriminator``'s trunk), `linear.weight`
/// `[1, C]`, `linear.bias` `[1]`, `embed.<attribute>.weight` `[vocabularySize, C]`. Trunk as
/// `weights_init`; `linear` and the embeddings from N(0, 0.02) (bias 0), the scale of the
/// convolution they replace: `linear` over the summed φ is DCGAN's last 4×4 convolution with
/// one weight shared by all 16 positions. The paper's reference code starts them larger
/// (Glorot) but bounds every layer by spectral normalization, which DCGAN does not have;
/// started at Glorot scale without it, the summed projections of four attributes put D's
/// first logits near ±10 (measured on the jewellery catalog: loss_d 11 at step 50, against
/// 2.5 from this start). The output is a logit, for ``BCEWithLogitsLoss`` (no Sigmoid; see
/// ``DCGANDiscriminator``).
public final class ConditionalDCGANDiscriminator: Module {
    public let attributes: [DCGANAttribute]
    public let main: Sequential
    public let linear: Linear
    public let embed: [Embedding]
    public let imageSize: Int
    public let ndf: Int
    public let nc: Int
    /// C, the width of φ(x).
    public let featureChannels: Int

    /// φ(x), `[N, C]`.
    private let features = Tensor(zeros: [0])
    /// Σ_a embed_a(y_a), `[N, C]`: the projection's gradient with respect to φ per unit logit.
    private let embeddingSum = Tensor(zeros: [0])
    private let output = Tensor(zeros: [0])
    private let gradLinear = Tensor(zeros: [0])
    private let gradEmbedding = Tensor(zeros: [0])
    private let gradFeatures = Tensor(zeros: [0])
    /// The trunk's output shape `[N, C, s, s]` at the last forward.
    private var trunkShape: [Int]?

    public init(attributes: [DCGANAttribute], imageSize: Int = 64, ndf: Int = 64, nc: Int = 3,
                generator: Generator) throws {
        let k = try DCGAN.doublings(imageSize: imageSize, "ConditionalDCGANDiscriminator")
        try DCGAN.requirePositive([("ndf", ndf), ("nc", nc)], "ConditionalDCGANDiscriminator")
        try DCGANAttribute.validate(attributes, "ConditionalDCGANDiscriminator")
        self.attributes = attributes
        self.imageSize = imageSize
        self.ndf = ndf
        self.nc = nc
        let trunk = try DCGAN.discriminatorTrunk(nc: nc, ndf: ndf, doublings: k, generator: generator)
        featureChannels = trunk.channels
        main = Sequential(trunk.layers)
        linear = try Linear(trunk.channels, 1, generator: generator)
        embed = try attributes.map { try Embedding($0.vocabularySize, trunk.channels, generator: generator) }
        super.init()
        try DCGAN.initialize(self, generator: generator)
        try Init.normal(linear.weight.value, mean: 0, std: 0.02, generator: generator)
        linear.bias.map { Init.zeros($0.value) }
        for table in embed { try Init.normal(table.weight.value, mean: 0, std: 0.02, generator: generator) }
        nameModules()
    }

    override public var children: [(String, Module)] {
        [("main", main), ("linear", linear)] + zip(attributes, embed).map { ("embed.\($0.name)", $1 as Module) }
    }

    /// The first convolution's switch: off for the discriminator's step on generated images.
    public var computesInputGradient: Bool {
        get { main.computesInputGradient }
        set { main.computesInputGradient = newValue }
    }

    /// `x` is `[N, nc, imageSize, imageSize]`, `attributes` `[N, A]` (column `a` is attribute
    /// `a`'s index). Returns the `[N]` logits.
    public func forward(_ x: Tensor, attributes values: IndexTensor) throws -> Tensor {
        try requireShape(x, [x.shape.first ?? 0, nc, imageSize, imageSize], "input")
        let n = x.shape[0], c = featureChannels
        let columns = try attributeColumns(values, batch: n, count: attributes.count)
        let h = try main.forward(x)
        let positions = h.shape[2] * h.shape[3]
        features.resize([n, c])
        for row in 0..<(n * c) {
            let plane = h.data + row * positions
            var s: Float = 0
            for p in 0..<positions { s += plane[p] }
            features.data[row] = s
        }
        let linearOut = try linear.forward(features)
        embeddingSum.resize([n, c])
        embeddingSum.zero()
        for (a, table) in embed.enumerated() {
            let e = try table.forward(columns[a])
            for j in 0..<(n * c) { embeddingSum.data[j] += e.data[j] }
        }
        // Σ_a ⟨e_a, φ⟩ = ⟨Σ_a e_a, φ⟩.
        output.resize([n])
        for i in 0..<n {
            var s = Double(linearOut.data[i])
            for j in 0..<c { s += Double(embeddingSum.data[i * c + j]) * Double(features.data[i * c + j]) }
            output.data[i] = Float(s)
        }
        trunkShape = h.shape
        return output
    }

    /// `gradOutput` is `[N]`. With `g` its values:
    /// `d linear = linear.backward(g)`, `d embed_a[y_a] += g · φ`,
    /// `dφ = g · (w + Σ_a embed_a(y_a))`, and every trunk position of channel `c` receives
    /// `dφ_c` (the sum's gradient). Returns the gradient with respect to `x` (`[0]` with the
    /// switch off).
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let shape = try requireForward(trunkShape)
        let n = shape[0], c = featureChannels, positions = shape[2] * shape[3]
        try requireShape(gradOutput, [n], "gradOutput")
        let g = gradOutput.data
        gradLinear.resize([n, 1])
        gradLinear.data.update(from: g, count: n)
        let fromLinear = try linear.backward(gradLinear)
        for table in embed where table.weight.requiresGrad {
            gradEmbedding.resize([n, c])
            for i in 0..<n {
                for j in 0..<c { gradEmbedding.data[i * c + j] = g[i] * features.data[i * c + j] }
            }
            try table.backward(gradEmbedding)
        }
        gradFeatures.resize(shape)
        for i in 0..<n {
            for j in 0..<c {
                let v = fromLinear.data[i * c + j] + g[i] * embeddingSum.data[i * c + j]
                let plane = gradFeatures.data + (i * c + j) * positions
                for p in 0..<positions { plane[p] = v }
            }
        }
        return try main.backward(gradFeatures)
    }
}
