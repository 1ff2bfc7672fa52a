import Foundation
import VitrineEngine

/// The usual training augmentation for CHW images in [0, 1], as torchvision composes it:
/// RandomResizedCrop (bilinear, half-pixel centres, no antialiasing), a random horizontal flip,
/// brightness and contrast jitter, then per-channel normalization.
///
/// All randomness comes from the generator passed in, drawn in a fixed order (crop, flip,
/// brightness, contrast), so the loader's per-image generator makes the result reproducible.
/// Brightness multiplies by a factor from `[max(0, 1 − brightness), 1 + brightness]`; contrast
/// blends with the image's mean grey level (ITU-R 601 luma for 3 channels) by a factor drawn the
/// same way; both clamp to [0, 1] as torchvision does for float images. The work is serial:
/// the loader already runs one image per worker thread.
public struct ImageAugmentation: Equatable, Sendable {
    /// Output height and width.
    public let size: Size2
    /// The crop's area as a fraction of the image's.
    public let scale: ClosedRange<Double>
    /// The crop's width / height (drawn log-uniformly).
    public let ratio: ClosedRange<Double>
    public let flipProbability: Double
    public let brightness: Float
    public let contrast: Float
    /// Per-channel mean and standard deviation to normalize with (nil: no normalization).
    public let mean: [Float]?
    public let std: [Float]?

    public init(size: Size2, scale: ClosedRange<Double> = 0.08...1, ratio: ClosedRange<Double> = (3.0 / 4)...(4.0 / 3),
                flipProbability: Double = 0.5, brightness: Float = 0, contrast: Float = 0,
                mean: [Float]? = nil, std: [Float]? = nil) throws {
        func invalid(_ message: String) -> EngineError { .invalidArgument("ImageAugmentation", message) }
        guard size.h > 0, size.w > 0 else { throw invalid("output size must be positive, got \(size)") }
        guard scale.lowerBound > 0, scale.upperBound <= 1 else { throw invalid("scale must lie in (0, 1], got \(scale)") }
        guard ratio.lowerBound > 0 else { throw invalid("ratio must be positive, got \(ratio)") }
        guard (0...1).contains(flipProbability) else { throw invalid("flip probability must lie in [0, 1], got \(flipProbability)") }
        guard brightness >= 0, contrast >= 0 else {
            throw invalid("brightness and contrast must not be negative, got \(brightness) and \(contrast)")
        }
        guard (mean == nil) == (std == nil), mean?.count == std?.count else {
            throw invalid("mean and std must both be given, with one value per channel; got \(mean ?? []) and \(std ?? [])")
        }
        if let std, std.contains(where: { !($0 > 0) }) { throw invalid("std must be positive, got \(std)") }
        self.size = size
        self.scale = scale
        self.ratio = ratio
        self.flipProbability = flipProbability
        self.brightness = brightness
        self.contrast = contrast
        self.mean = mean
        self.std = std
    }

    /// ImageNet's channel statistics, which pretrained backbones expect.
    public static let imageNetMean: [Float] = [0.485, 0.456, 0.406]
    public static let imageNetStd: [Float] = [0.229, 0.224, 0.225]

    /// The crop `(top, left, height, width)` torchvision's RandomResizedCrop.get_params would draw.
    public func cropBox(height: Int, width: Int, _ g: Generator) -> (top: Int, left: Int, height: Int, width: Int) {
        let area = Double(height * width)
        let logRatio = (log(ratio.lowerBound), log(ratio.upperBound))
        for _ in 0..<10 {
            let target = area * (scale.lowerBound + (scale.upperBound - scale.lowerBound) * g.uniform())
            let aspect = exp(logRatio.0 + (logRatio.1 - logRatio.0) * g.uniform())
            let w = Int((target * aspect).squareRoot().rounded())
            let h = Int((target / aspect).squareRoot().rounded())
            if w > 0 && w <= width && h > 0 && h <= height {
                return (g.int(below: height - h + 1), g.int(below: width - w + 1), h, w)
            }
        }
        // Fallback: the largest centred crop within the ratio range.
        let inRatio = Double(width) / Double(height)
        var (w, h) = (width, height)
        if inRatio < ratio.lowerBound {
            h = Int((Double(w) / ratio.lowerBound).rounded())
        } else if inRatio > ratio.upperBound {
            w = Int((Double(h) * ratio.upperBound).rounded())
        }
        return ((height - h) / 2, (width - w) / 2, h, w)
    }

    /// A new augmented image `[C, size.h, size.w]` from `image` `[C, H, W]`.
    public func apply(_ image: Tensor, _ g: Generator) throws -> Tensor {
        guard image.rank == 3, image.shape[1] > 0, image.shape[2] > 0 else {
            throw EngineError.shapeMismatch("ImageAugmentation", "expected an image [C, H, W], got \(image.shape)")
        }
        let (c, h, w) = (image.shape[0], image.shape[1], image.shape[2])
        if let mean, mean.count != c {
            throw EngineError.shapeMismatch("ImageAugmentation", "\(mean.count) normalization channels for an image \(image.shape)")
        }
        let box = cropBox(height: h, width: w, g)
        let flip = g.uniform() < flipProbability
        let brightnessFactor = brightness > 0 ? g.uniform(max(0, 1 - brightness), 1 + brightness) : 1
        let contrastFactor = contrast > 0 ? g.uniform(max(0, 1 - contrast), 1 + contrast) : 1

        let out = Tensor(zeros: [c, size.h, size.w])
        Self.resizeBilinear(image, top: box.top, left: box.left, height: box.height, width: box.width,
                            into: out, flip: flip)
        let plane = size.h * size.w
        let p = out.data
        if brightnessFactor != 1 {
            for i in 0..<out.count { p[i] = min(1, max(0, p[i] * brightnessFactor)) }
        }
        if contrastFactor != 1 {
            var grey: Double = 0
            if c == 3 {
                for i in 0..<plane { grey += Double(0.299 * p[i] + 0.587 * p[plane + i] + 0.114 * p[2 * plane + i]) }
                grey /= Double(plane)
            } else {
                for i in 0..<out.count { grey += Double(p[i]) }
                grey /= Double(out.count)
            }
            let offset = (1 - contrastFactor) * Float(grey)
            for i in 0..<out.count { p[i] = min(1, max(0, contrastFactor * p[i] + offset)) }
        }
        if let mean, let std {
            for ch in 0..<c {
                let (m, s) = (mean[ch], 1 / std[ch])
                let q = p + ch * plane
                for i in 0..<plane { q[i] = (q[i] - m) * s }
            }
        }
        return out
    }

    /// Bilinear resampling of the crop (top, left, height, width) of `image` into `out`'s
    /// `[C, H', W']` with PyTorch's align_corners=False rule, optionally mirrored left–right.
    static func resizeBilinear(_ image: Tensor, top: Int, left: Int, height: Int, width: Int,
                               into out: Tensor, flip: Bool) {
        let (c, h, w) = (image.shape[0], image.shape[1], image.shape[2])
        let (oh, ow) = (out.shape[1], out.shape[2])
        func taps(_ outCount: Int, _ inCount: Int, _ offset: Int) -> [(Int, Int, Float)] {
            let scale = Double(inCount) / Double(outCount)
            return (0..<outCount).map { d in
                let src = max(0, scale * (Double(d) + 0.5) - 0.5)
                let i0 = min(Int(src), inCount - 1)
                let i1 = min(i0 + 1, inCount - 1)
                return (offset + i0, offset + i1, Float(src - Double(i0)))
            }
        }
        let ys = taps(oh, height, top)
        var xs = taps(ow, width, left)
        if flip { xs.reverse() }
        for ch in 0..<c {
            let src = image.data + ch * h * w
            let dst = out.data + ch * oh * ow
            for (oy, (y0, y1, ly)) in ys.enumerated() {
                let r0 = src + y0 * w, r1 = src + y1 * w
                let row = dst + oy * ow
                for (ox, (x0, x1, lx)) in xs.enumerated() {
                    let top = r0[x0] + (r0[x1] - r0[x0]) * lx
                    let bottom = r1[x0] + (r1[x1] - r1[x0]) * lx
                    row[ox] = top + (bottom - top) * ly
                }
            }
        }
    }
}
