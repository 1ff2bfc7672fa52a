import VitrineEngine
import VitrineNN

/// The DCGAN generator (Radford, Metz & Chintala, 2015) exactly as pytorch/examples'
/// `dcgan/main.py` builds it: `main` is an `nn.Sequential`, so parameters are `main.0.weight`
/// (the first transposed convolution), `main.1.weight`, `main.1.bias`, `main.1.running_mean` …
/// and a checkpoint maps one-to-one. For 64 px:
///
///     ConvTranspose2d(nz, ngf·8, 4, 1, 0) BN ReLU      →  4×4
///     ConvTranspose2d(ngf·8, ngf·4, 4, 2, 1) BN ReLU   →  8×8
///     ConvTranspose2d(ngf·4, ngf·2, 4, 2, 1) BN ReLU   → 16×16
///     ConvTranspose2d(ngf·2, ngf, 4, 2, 1) BN ReLU     → 32×32
///     ConvTranspose2d(ngf, nc, 4, 2, 1) Tanh           → 64×64
///
/// (32 px drops the first ·2 block: `nz → ngf·4 → ngf·2 → ngf → nc`.) No convolution has a
/// bias. Weights start as the example's `weights_init`: convolutions N(0, 0.02), batch norm
/// γ ~ N(1, 0.02), β = 0.
///
/// Input `z` is `[N, nz, 1, 1]` (or `[N, nz]`); output `[N, nc, imageSize, imageSize]` in
/// (−1, 1). ``computesInputGradient`` (the gradient with respect to `z`, rarely wanted) is the
/// first layer's.
public final class DCGANGenerator: Module, Layer, InputGradientSwitch {
    public let main: Sequential
    public let imageSize: Int
    public let nz: Int
    public let ngf: Int
    public let nc: Int
    private var latentShape: [Int]?

    public init(imageSize: Int = 64, nz: Int = 100, ngf: Int = 64, nc: Int = 3, generator: Generator) throws {
        let k = try DCGAN.doublings(imageSize: imageSize, "DCGANGenerator")
        try DCGAN.requirePositive([("nz", nz), ("ngf", ngf), ("nc", nc)], "DCGANGenerator")
        self.imageSize = imageSize
        self.nz = nz
        self.ngf = ngf
        self.nc = nc
        main = Sequential(try DCGAN.generatorLayers(inputChannels: nz, ngf: ngf, nc: nc, doublings: k,
                                                    generator: generator))
        super.init()
        try DCGAN.initialize(self, generator: generator)
        nameModules()
    }

    public var computesInputGradient: Bool {
        get { main.computesInputGradient }
        set { main.computesInputGradient = newValue }
    }

    public func forward(_ z: Tensor) throws -> Tensor {
        try DCGAN.requireLatent(z, nz: nz, self)
        latentShape = z.shape
        return try main.forward(z.reshaped([z.shape[0], nz, 1, 1]))
    }

    /// The gradient with respect to `z`, in `z`'s shape (or `[0]` with the switch off).
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let shape = try requireForward(latentShape)
        let g = try main.backward(gradOutput)
        return computesInputGradient ? try g.reshaped(shape) : g
    }
}
