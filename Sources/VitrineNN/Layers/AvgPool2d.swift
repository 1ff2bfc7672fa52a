import VitrineEngine

/// 2-D average pooling over `[N, C, H, W]`, as `nn.AvgPool2d` (no divisor override).
///
/// Padding counts as zeros. The divisor follows PyTorch's CPU kernel: with
/// `countIncludePad` it is the window clipped to the padded border (so a ceil-mode window
/// that runs past the right padding does not count the part beyond it); without, it is the
/// number of real input elements in the window.
public final class AvgPool2d: Module, Layer {
    public let kernelSize: Size2
    public let stride: Size2
    public let padding: Size2
    public let ceilMode: Bool
    public let countIncludePad: Bool
    private let geometry: PoolGeometry
    private var inputShape: [Int]?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    /// `stride` defaults to the kernel size; padding may be at most half the kernel.
    public init(kernelSize: Size2, stride: Size2? = nil, padding: Size2 = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true) throws {
        geometry = try PoolGeometry(owner: "AvgPool2d", kernel: kernelSize, stride: stride,
                                    padding: padding, ceilMode: ceilMode)
        self.kernelSize = geometry.kernel
        self.stride = geometry.stride
        self.padding = geometry.padding
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
        super.init()
    }

    /// One window's input rows or columns `lo..<hi` (clipped to the input) and its extent for
    /// the divisor, along one axis.
    @inline(__always)
    private static func window(_ o: Int, stride: Int, padding: Int, kernel: Int, input: Int,
                               includePad: Bool) -> (lo: Int, hi: Int, extent: Int) {
        let start = o * stride - padding
        let end = min(start + kernel, input + padding)
        let lo = max(start, 0), hi = min(end, input)
        return (lo, hi, includePad ? end - start : hi - lo)
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let (outH, outW) = try geometry.outputShape(for: input, path: path)
        let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        output.resize([n, c, outH, outW])
        let (kh, kw, sh, sw, ph, pw) = (kernelSize.h, kernelSize.w, stride.h, stride.w, padding.h, padding.w)
        let includePad = countIncludePad
        let outPlane = outH * outW
        let src = input.data, dst = output.data
        Parallel.forEach(n * c, cost: outPlane * kh * kw) { plane in
            let x = src + plane * h * w
            let y = dst + plane * outPlane
            for oh in 0..<outH {
                let rows = Self.window(oh, stride: sh, padding: ph, kernel: kh, input: h, includePad: includePad)
                for ow in 0..<outW {
                    let cols = Self.window(ow, stride: sw, padding: pw, kernel: kw, input: w,
                                           includePad: includePad)
                    var sum: Float = 0
                    for ih in rows.lo..<rows.hi {
                        for iw in cols.lo..<cols.hi { sum += x[ih * w + iw] }
                    }
                    y[oh * outW + ow] = sum / Float(rows.extent * cols.extent)
                }
            }
        }
        inputShape = input.shape
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let shape = try requireForward(inputShape)
        try requireShape(gradOutput, output.shape, "gradOutput")
        let (h, w) = (shape[2], shape[3])
        let (outH, outW) = (output.shape[2], output.shape[3])
        let (kh, kw, sh, sw, ph, pw) = (kernelSize.h, kernelSize.w, stride.h, stride.w, padding.h, padding.w)
        let includePad = countIncludePad
        gradInput.resize(shape)
        gradInput.zero()
        let g = gradOutput.data, dx = gradInput.data
        // Overlapping windows add into the same input element; planes stay disjoint.
        Parallel.forEach(shape[0] * shape[1], cost: outH * outW * kh * kw) { plane in
            let gi = dx + plane * h * w
            let go = g + plane * outH * outW
            for oh in 0..<outH {
                let rows = Self.window(oh, stride: sh, padding: ph, kernel: kh, input: h, includePad: includePad)
                for ow in 0..<outW {
                    let cols = Self.window(ow, stride: sw, padding: pw, kernel: kw, input: w,
                                           includePad: includePad)
                    let share = go[oh * outW + ow] / Float(rows.extent * cols.extent)
                    for ih in rows.lo..<rows.hi {
                        for iw in cols.lo..<cols.hi { gi[ih * w + iw] += share }
                    }
                }
            }
        }
        return gradInput
    }
}
