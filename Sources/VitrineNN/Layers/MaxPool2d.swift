import VitrineEngine

/// 2-D max pooling over `[N, C, H, W]`, as `nn.MaxPool2d` (dilation 1).
///
/// Padding counts as −∞, so it never wins. In ceil mode the last window may run past the
/// padded input; it is clipped to the input. The gradient goes to each window's maximum; on a
/// tie the first element in row-major order wins, and a NaN wins over numbers, as in PyTorch's
/// CPU kernel.
public final class MaxPool2d: Module, Layer {
    public let kernelSize: Size2
    public let stride: Size2
    public let padding: Size2
    public let ceilMode: Bool
    private let geometry: PoolGeometry
    private var inputShape: [Int]?
    /// Flat index (h·W + w) of each output's maximum within its input plane.
    private var argmax: [Int32] = []
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    /// `stride` defaults to the kernel size; padding may be at most half the kernel.
    public init(kernelSize: Size2, stride: Size2? = nil, padding: Size2 = 0, ceilMode: Bool = false) throws {
        geometry = try PoolGeometry(owner: "MaxPool2d", kernel: kernelSize, stride: stride,
                                    padding: padding, ceilMode: ceilMode)
        self.kernelSize = geometry.kernel
        self.stride = geometry.stride
        self.padding = geometry.padding
        self.ceilMode = ceilMode
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let (outH, outW) = try geometry.outputShape(for: input, path: path)
        let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        output.resize([n, c, outH, outW])
        let outPlane = outH * outW, planes = n * c
        if argmax.count != planes * outPlane {
            argmax = [Int32](repeating: 0, count: planes * outPlane)
        }
        let (kh, kw, sh, sw, ph, pw) = (kernelSize.h, kernelSize.w, stride.h, stride.w, padding.h, padding.w)
        let src = input.data, dst = output.data
        // A NaN wins its window, as in PyTorch. Testing every value for NaN doubled the cost of
        // the loop, so the test runs only when one pass over the input finds a non-finite value.
        let careful = !Kernels.allFinite(input)
        argmax.withUnsafeMutableBufferPointer { indices in
            let indices = indices
            Parallel.forEach(planes, cost: outPlane * kh * kw) { plane in
                let x = src + plane * h * w
                let y = dst + plane * outPlane
                let best = indices.baseAddress! + plane * outPlane
                for oh in 0..<outH {
                    let h0 = max(oh * sh - ph, 0), h1 = min(oh * sh - ph + kh, h)
                    for ow in 0..<outW {
                        let w0 = max(ow * sw - pw, 0), w1 = min(ow * sw - pw + kw, w)
                        var maxIndex = h0 * w + w0
                        var maxValue = -Float.infinity
                        for ih in h0..<h1 {
                            for iw in w0..<w1 {
                                let v = x[ih * w + iw]
                                if v > maxValue || (careful && v.isNaN) {
                                    maxValue = v
                                    maxIndex = ih * w + iw
                                }
                            }
                        }
                        y[oh * outW + ow] = maxValue
                        best[oh * outW + ow] = Int32(maxIndex)
                    }
                }
            }
        }
        inputShape = input.shape
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let shape = try requireForward(inputShape)
        try requireShape(gradOutput, output.shape, "gradOutput")
        gradInput.resize(shape)
        gradInput.zero()
        let planeIn = shape[2] * shape[3], planeOut = output.shape[2] * output.shape[3]
        let g = gradOutput.data, dx = gradInput.data
        argmax.withUnsafeBufferPointer { indices in
            let indices = indices
            // Windows overlap when stride < kernel, so gradients add; planes stay disjoint.
            Parallel.forEach(shape[0] * shape[1], cost: planeOut) { plane in
                let gi = dx + plane * planeIn
                let go = g + plane * planeOut
                let best = indices.baseAddress! + plane * planeOut
                for o in 0..<planeOut { gi[Int(best[o])] += go[o] }
            }
        }
        return gradInput
    }
}
