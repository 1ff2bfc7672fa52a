import VitrineEngine

/// 2-D transposed convolution over `[N, C, H, W]` input, as `nn.ConvTranspose2d`: each input
/// value scatters a weighted kernel into the output. `weight` is `[in, out/groups, kh, kw]`,
/// `bias` `[out]`; output height `(H − 1)·s − 2p + d·(kh − 1) + output_padding + 1` (width
/// likewise).
///
/// It is the adjoint of a convolution from the output back to the input, so it reuses
/// ``Conv2d``'s lowering the other way round (see ``ConvolutionLowering``): forward is
/// `col2im(Wᵀ · x)` — a convolution's input gradient — and backward computes
/// `dx = W · im2col(dY)` — a convolution's forward — and `dW += x · im2col(dY)ᵀ` from the same
/// columns.
///
/// A frozen weight (``Parameter/requiresGrad`` false) skips `dW`'s product;
/// ``computesInputGradient`` false skips `dx`'s. Both share one im2col of `dY`, which is
/// skipped when neither is wanted.
public final class ConvTranspose2d: Module, Layer, InputGradientSwitch {
    public let weight: Parameter
    public let bias: Parameter?
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Size2
    public let stride: Size2
    public let padding: Size2
    public let outputPadding: Size2
    public let groups: Int
    public let dilation: Size2
    public var computesInputGradient = true

    private var input: Tensor?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])
    /// Internal so tests and benchmarks can steer how many images share a product.
    let lowering: ConvolutionLowering

    /// Weights and bias start as PyTorch's do: U(−1/√fan_in, 1/√fan_in), where PyTorch takes
    /// fan_in from the weight's second dimension: out/groups · kh · kw.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Size2, stride: Size2 = 1,
                padding: Size2 = 0, outputPadding: Size2 = 0, groups: Int = 1, bias: Bool = true,
                dilation: Size2 = 1, generator: Generator) throws {
        try validateConvolutionArguments(
            "ConvTranspose2d", inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize,
            stride: stride, padding: padding, dilation: dilation, groups: groups)
        // PyTorch: "output padding must be smaller than either stride or dilation".
        guard outputPadding.h >= 0, outputPadding.w >= 0,
              outputPadding.h < max(stride.h, dilation.h), outputPadding.w < max(stride.w, dilation.w)
        else {
            throw EngineError.invalidArgument(
                "ConvTranspose2d", "output padding must be non-negative and smaller than either stride "
                    + "or dilation, got output_padding \(outputPadding), stride \(stride), dilation \(dilation)")
        }
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.groups = groups
        self.dilation = dilation
        // PyTorch computes fan-in from the weight's dim 1, which here is out/groups.
        (weight, self.bias) = Init.layerDefaults(
            weightShape: [inChannels, outChannels / groups, kernelSize.h, kernelSize.w],
            fanIn: outChannels / groups * kernelSize.h * kernelSize.w, biasCount: bias ? outChannels : nil,
            generator: generator)
        lowering = ConvolutionLowering(
            geometry: ConvGeometry(channels: outChannels, height: 0, width: 0, kernel: kernelSize,
                                   stride: stride, padding: padding, dilation: dilation),
            columnChannels: inChannels, groups: groups)
        super.init()
    }

    /// `(size − 1)·s − 2p + d·(k − 1) + output_padding + 1`.
    private static func outputSize(_ size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int,
                                   outputPadding: Int) -> Int {
        (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try requireRank(input, 4)
        guard input.shape[1] == inChannels else {
            throw EngineError.shapeMismatch(
                path, "input must be [N, \(inChannels), H, W], got \(input.shape)")
        }
        let (h, w) = (input.shape[2], input.shape[3])
        let outH = Self.outputSize(h, kernel: kernelSize.h, stride: stride.h, padding: padding.h,
                                   dilation: dilation.h, outputPadding: outputPadding.h)
        let outW = Self.outputSize(w, kernel: kernelSize.w, stride: stride.w, padding: padding.w,
                                   dilation: dilation.w, outputPadding: outputPadding.w)
        guard h > 0, w > 0, outH > 0, outW > 0 else {
            throw EngineError.shapeMismatch(
                path, "input \(input.shape) gives a non-positive output size \(outH)×\(outW) "
                    + "(kernel \(kernelSize), stride \(stride), padding \(padding), dilation \(dilation), "
                    + "output_padding \(outputPadding))")
        }
        // The image side is this layer's output; its columns are this layer's input positions.
        lowering.geometry = ConvGeometry(
            channels: outChannels, height: outH, width: outW, kernel: kernelSize, stride: stride,
            padding: padding, dilation: dilation, outHeight: h, outWidth: w)
        self.input = input
        output.resize([input.shape[0], outChannels, outH, outW])
        lowering.raise(input, weight: weight.value, bias: bias?.value, into: output)
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let input = try requireForward(self.input)
        let g = lowering.geometry
        try requireShape(gradOutput, [input.shape[0], outChannels, g.height, g.width], "gradOutput")
        gradInput.resize(computesInputGradient ? input.shape : [0])
        lowering.raiseBackward(gradOutput, b: input, weight: weight.value,
                               gradWeight: weight.requiresGrad ? weight.grad : nil,
                               gradB: computesInputGradient ? gradInput : nil)
        if let bias, bias.requiresGrad {
            ConvolutionLowering.accumulateChannelSums(gradOutput, into: bias.grad)
        }
        return gradInput
    }
}
