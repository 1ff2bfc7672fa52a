import VitrineEngine
import VitrineNN

/// The DCGAN discriminator (Radford, Metz & Chintala, 2015) as pytorch/examples'
/// `dcgan/main.py` builds it, parameters named as its `nn.Sequential` numbers them
/// (`main.0.weight`, `main.2.weight`, `main.3.weight`, `main.3.running_mean` …). For 64 px:
///
///     Conv2d(nc, ndf, 4, 2, 1) LeakyReLU(0.2)              → 32×32 (no batch norm on the input)
///     Conv2d(ndf, ndf·2, 4, 2, 1) BN LeakyReLU(0.2)        → 16×16
///     Conv2d(ndf·2, ndf·4, 4, 2, 1) BN LeakyReLU(0.2)      →  8×8
///     Conv2d(ndf·4, ndf·8, 4, 2, 1) BN LeakyReLU(0.2)      →  4×4
///     Conv2d(ndf·8, 1, 4, 1, 0)                            →  1×1
///
/// (32 px drops the `ndf·4 → ndf·8` block.) The example ends with a `Sigmoid` and trains with
/// `BCELoss`; here the output is the logit, to be trained with ``BCEWithLogitsLoss``, which
/// computes the same loss without the overflow of `log(σ(x))` for a confident discriminator
/// (the Sigmoid would be `main.12` and has no parameters, so checkpoints still match).
/// Weights start as `weights_init`: convolutions N(0, 0.02), batch norm γ ~ N(1, 0.02), β = 0.
///
/// Input `[N, nc, imageSize, imageSize]`, output the `[N]` logits (the example's
/// `output.view(-1, 1).squeeze(1)`). ``computesInputGradient`` is the first convolution's: off
/// for the discriminator's own step on generated images, whose gradient is not needed.
public final class DCGANDiscriminator: Module, Layer, InputGradientSwitch {
    public let main: Sequential
    public let imageSize: Int
    public let ndf: Int
    public let nc: Int
    private var batch: Int?

    public init(imageSize: Int = 64, ndf: Int = 64, nc: Int = 3, generator: Generator) throws {
        let k = try DCGAN.doublings(imageSize: imageSize, "DCGANDiscriminator")
        try DCGAN.requirePositive([("ndf", ndf), ("nc", nc)], "DCGANDiscriminator")
        self.imageSize = imageSize
        self.ndf = ndf
        self.nc = nc
        let trunk = try DCGAN.discriminatorTrunk(nc: nc, ndf: ndf, doublings: k, generator: generator)
        main = Sequential(trunk.layers + [try Conv2d(trunk.channels, 1, kernelSize: 4, bias: false, generator: generator)])
        super.init()
        try DCGAN.initialize(self, generator: generator)
        nameModules()
    }

    public var computesInputGradient: Bool {
        get { main.computesInputGradient }
        set { main.computesInputGradient = newValue }
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try requireShape(input, [input.shape.first ?? 0, nc, imageSize, imageSize], "input")
        batch = input.shape[0]
        return try main.forward(input).reshaped([input.shape[0]])
    }

    /// `gradOutput` is `[N]`, as the output; returns the gradient with respect to the images
    /// (or `[0]` with the switch off).
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let n = try requireForward(batch)
        try requireShape(gradOutput, [n], "gradOutput")
        return try main.backward(gradOutput.reshaped([n, 1, 1, 1]))
    }
}
