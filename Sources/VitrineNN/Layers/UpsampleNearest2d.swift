import VitrineEngine

/// Nearest-neighbour upsampling of `[N, C, H, W]` by integer factors, as
/// `nn.Upsample(scale_factor=(sh, sw), mode="nearest")`: output `[N, C, H·sh, W·sw]`, each
/// output `(oh, ow)` copies input `(oh / sh, ow / sw)`.
///
/// PyTorch finds the source as `floor(oh · float(1/sh))`; for integer factors that equals the
/// integer division used here (checked for factors up to 32 and outputs up to 4096).
public final class UpsampleNearest2d: Module, Layer {
    public let scaleFactor: Size2
    private var inputShape: [Int]?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    public init(scaleFactor: Size2) throws {
        guard scaleFactor.h > 0, scaleFactor.w > 0 else {
            throw EngineError.invalidArgument(
                "UpsampleNearest2d", "scale factor must be positive, got \(scaleFactor)")
        }
        self.scaleFactor = scaleFactor
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try requireRank(input, 4)
        let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (sh, sw) = (scaleFactor.h, scaleFactor.w)
        let (outH, outW) = (h * sh, w * sw)
        output.resize([n, c, outH, outW])
        let src = input.data, dst = output.data
        Parallel.forEach(n * c, cost: outH * outW) { p in
            let x = src + p * h * w
            let y = dst + p * outH * outW
            for ih in 0..<h {
                // Build one output row, then copy it to the other sh − 1 rows it fills.
                let row = y + ih * sh * outW
                for iw in 0..<w {
                    (row + iw * sw).update(repeating: x[ih * w + iw], count: sw)
                }
                for r in 1..<sh { (row + r * outW).update(from: row, count: outW) }
            }
        }
        inputShape = input.shape
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let shape = try requireForward(inputShape)
        try requireShape(gradOutput, output.shape, "gradOutput")
        let (h, w) = (shape[2], shape[3])
        let (sh, sw) = (scaleFactor.h, scaleFactor.w)
        let (outH, outW) = (h * sh, w * sw)
        gradInput.resize(shape)
        let g = gradOutput.data, dx = gradInput.data
        Parallel.forEach(shape[0] * shape[1], cost: outH * outW) { p in
            let go = g + p * outH * outW
            let gi = dx + p * h * w
            for ih in 0..<h {
                for iw in 0..<w {
                    var sum: Float = 0
                    for r in 0..<sh {
                        let row = go + (ih * sh + r) * outW + iw * sw
                        for s in 0..<sw { sum += row[s] }
                    }
                    gi[ih * w + iw] = sum
                }
            }
        }
        return gradInput
    }
}
