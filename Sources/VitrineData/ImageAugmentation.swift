import Foundation
import VitrineEngine
import VitrineImaging

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

        // One image pipeline for the whole project: VitrineImaging's crop, resize (bilinear when
        // growing, area averaging when shrinking), flip and torchvision-style colour adjustments.
        var picture = try Image(tensor: image).cropped(top: box.top, left: box.left, height: box.height, width: box.width)
            .resized(height: size.h, width: size.w)
        if flip { picture = picture.flippedHorizontally() }
        if brightnessFactor != 1 { picture = picture.adjustingBrightness(brightnessFactor) }
        if contrastFactor != 1 { picture = picture.adjustingContrast(contrastFactor) }
        if let mean, let std { return try picture.normalized(mean: mean, std: std) }
        return picture.tensor
    }
}
