import Foundation
import VitrineEngine

/// Training augmentation applied in place to a gathered batch `[N, C, H, W]`, one
/// ``ImageAugmentation`` draw per image, images spread over the cores.
///
/// Each image's random stream comes from the seed, the batch's example indices and the image's
/// row, not from a generator that advances step by step: a resumed run (which replays no
/// steps) and a fresh run draw the same crops for the same batch, and the P×K plan changes
/// from epoch to epoch, so an image is augmented differently each time it is seen.
public struct BatchAugmentation: Sendable {
    /// The draw applied to each image: a random resized crop when `cropScale` < 1, else a crop
    /// of the whole image at its own size (a copy), then flip and colour jitter.
    public let augmentation: ImageAugmentation
    /// True when the options change nothing, and ``apply(_:indices:)`` returns at once.
    public let isIdentity: Bool
    public let seed: UInt64

    /// Crops keeping at least `cropScale` of the area (1: no crop), flips with probability 0.5
    /// when `flip`, jitters brightness and contrast; images keep their size.
    public init(size: Size2, cropScale: Double, flip: Bool, brightness: Float, contrast: Float, seed: UInt64) throws {
        let crops = cropScale < 1
        let aspect = Double(size.w) / Double(size.h)
        augmentation = try ImageAugmentation(size: size, scale: crops ? cropScale...1 : 1...1,
                                             ratio: crops ? (3.0 / 4)...(4.0 / 3) : aspect...aspect,
                                             flipProbability: flip ? 0.5 : 0, brightness: brightness, contrast: contrast)
        isIdentity = !crops && !flip && brightness == 0 && contrast == 0
        self.seed = seed
    }

    /// Augments every image of `batch`, whose rows hold the training examples `indices`.
    public func apply(_ batch: Tensor, indices: ArraySlice<Int>) throws {
        guard !isIdentity else { return }
        let (n, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        precondition(n == indices.count, "a batch of \(n) images for \(indices.count) indices")
        let batchKey = indices.reduce(SeedMixer.mix(seed, UInt64(n))) { SeedMixer.mix($0, UInt64($1)) }
        guard h == augmentation.size.h, w == augmentation.size.w else {
            throw EngineError.shapeMismatch("BatchAugmentation", "images of \(augmentation.size), got a batch \(batch.shape)")
        }
        let plane = c * h * w
        let base = batch.data
        try Parallel.forEachThrowing(n, cost: 1 << 15) { row in
            let g = Generator(seed: SeedMixer.mix(batchKey, UInt64(row)))
            let image = Tensor(zeros: [c, h, w])
            image.data.update(from: base + row * plane, count: plane)
            let out = try augmentation.apply(image, g)
            (base + row * plane).update(from: out.data, count: plane)
        }
    }
}
