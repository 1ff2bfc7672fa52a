import VitrineEngine

/// 2-D convolution (cross-correlation) over `[N, C, H, W]` input, as `nn.Conv2d` with zero
/// padding. `weight` is `[out, in/groups, kh, kw]`, `bias` `[out]`; output
/// `[N, out, ⌊(H + 2p − d·(kh − 1) − 1)/s⌋ + 1, …]`.
///
/// Lowered to matrix products through im2col (see ``ConvolutionLowering``): forward is
/// `W · im2col(x)`, backward `dW += dY · im2col(x)ᵀ` and `dx = col2im(Wᵀ · dY)`.
///
/// A frozen weight (``Parameter/requiresGrad`` false) skips the weight-gradient product and
/// the im2col it needs; ``computesInputGradient`` false skips `Wᵀ · dY` and col2im.
public final class Conv2d: Module, Layer, InputGradientSwitch {
    public let weight: Parameter
    public let bias: Parameter?
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Size2
    public let stride: Size2
    public let padding: Size2
    public let dilation: Size2
    public let groups: Int
    public var computesInputGradient = true
    /// The per-channel shift a batch norm folded into this bias-free convolution left behind
    /// (``BatchNormFolding``); added as a bias would be. Nil until folded.
    public internal(set) var foldedShift: Tensor?

    private var input: Tensor?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])
    /// Internal so tests and benchmarks can steer how many images share a product.
    let lowering: ConvolutionLowering

    /// Weights and bias start as PyTorch's do: U(−1/√fan_in, 1/√fan_in) with
    /// fan_in = in/groups · kh · kw.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Size2, stride: Size2 = 1,
                padding: Size2 = 0, dilation: Size2 = 1, groups: Int = 1, bias: Bool = true,
                generator: Generator) throws {
        try validateConvolutionArguments(
            "Conv2d", inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize,
            stride: stride, padding: padding, dilation: dilation, groups: groups)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        (weight, self.bias) = Init.layerDefaults(
            weightShape: [outChannels, inChannels / groups, kernelSize.h, kernelSize.w],
            fanIn: inChannels / groups * kernelSize.h * kernelSize.w, biasCount: bias ? outChannels : nil,
            generator: generator)
        lowering = ConvolutionLowering(
            geometry: ConvGeometry(channels: inChannels, height: 0, width: 0, kernel: kernelSize,
                                   stride: stride, padding: padding, dilation: dilation),
            columnChannels: outChannels, groups: groups)
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try requireRank(input, 4)
        guard input.shape[1] == inChannels else {
            throw EngineError.shapeMismatch(
                path, "input must be [N, \(inChannels), H, W], got \(input.shape)")
        }
        let geometry = ConvGeometry(
            channels: inChannels, height: input.shape[2], width: input.shape[3], kernel: kernelSize,
            stride: stride, padding: padding, dilation: dilation)
        guard geometry.outHeight > 0, geometry.outWidth > 0 else {
            let kh = dilation.h * (kernelSize.h - 1) + 1, kw = dilation.w * (kernelSize.w - 1) + 1
            throw EngineError.shapeMismatch(
                path, "kernel (dilated) \(kh)×\(kw) is larger than the padded input "
                    + "\(input.shape[2] + 2 * padding.h)×\(input.shape[3] + 2 * padding.w) "
                    + "(input \(input.shape), padding \(padding))")
        }
        lowering.geometry = geometry
        self.input = input
        output.resize([input.shape[0], outChannels, geometry.outHeight, geometry.outWidth])
        lowering.lower(input, weight: weight.value, bias: bias?.value ?? foldedShift, into: output)
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let input = try requireForward(self.input)
        let g = lowering.geometry
        try requireShape(gradOutput, [input.shape[0], outChannels, g.outHeight, g.outWidth], "gradOutput")
        gradInput.resize(computesInputGradient ? input.shape : [0])
        let gradA = computesInputGradient ? gradInput : nil
        if weight.requiresGrad {
            lowering.lowerBackward(input, gradB: gradOutput, weight: weight.value, gradWeight: weight.grad,
                                   gradA: gradA)
        } else if let gradA {
            // The input gradient alone is the raise of dY, the same products lowerBackward makes.
            lowering.raise(gradOutput, weight: weight.value, bias: nil, into: gradA)
        }
        if let bias, bias.requiresGrad {
            ConvolutionLowering.accumulateChannelSums(gradOutput, into: bias.grad)
        }
        return gradInput
    }
}

/// The hyperparameter checks ``Conv2d`` and ``ConvTranspose2d`` share.
func validateConvolutionArguments(
    _ layer: String, inChannels: Int, outChannels: Int, kernelSize: Size2, stride: Size2,
    padding: Size2, dilation: Size2, groups: Int
) throws {
    func fail(_ detail: String) -> EngineError { EngineError.invalidArgument(layer, detail) }
    guard inChannels > 0, outChannels > 0 else {
        throw fail("channels must be positive, got in=\(inChannels) out=\(outChannels)")
    }
    guard groups > 0 else { throw fail("groups must be positive, got \(groups)") }
    guard inChannels % groups == 0, outChannels % groups == 0 else {
        throw fail("in_channels \(inChannels) and out_channels \(outChannels) must both be divisible "
                   + "by groups \(groups)")
    }
    guard kernelSize.h >= 1, kernelSize.w >= 1 else {
        throw fail("kernel size must be at least 1, got \(kernelSize)")
    }
    guard stride.h >= 1, stride.w >= 1 else { throw fail("stride must be at least 1, got \(stride)") }
    guard padding.h >= 0, padding.w >= 0 else {
        throw fail("padding must be non-negative, got \(padding)")
    }
    guard dilation.h >= 1, dilation.w >= 1 else {
        throw fail("dilation must be at least 1, got \(dilation)")
    }
}
