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
    public let augmentation: ImageAugmentation
    /// Whether the random resized crop runs (a crop of the whole image at its own size is a copy).
    public let crops: Bool
    public let seed: UInt64

    /// Crops keeping at least `cropScale` of the area (1: no crop), flips with probability 0.5
    /// when `flip`, jitters brightness and contrast; images keep their size.
    public init(size: Size2, cropScale: Double, flip: Bool, brightness: Float, contrast: Float, seed: UInt64) throws {
        augmentation = try ImageAugmentation(size: size, scale: cropScale...1, flipProbability: flip ? 0.5 : 0,
                                             brightness: brightness, contrast: contrast)
        crops = cropScale < 1
        self.seed = seed
    }

    /// True when the options change anything.
    public var isIdentity: Bool {
        !crops && augmentation.flipProbability == 0 && augmentation.brightness == 0 && augmentation.contrast == 0
    }

    /// Augments every image of `batch`, whose rows hold the training examples `indices`.
    public func apply(_ batch: Tensor, indices: ArraySlice<Int>) throws {
        guard !isIdentity else { return }
        let (n, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        precondition(n == indices.count, "a batch of \(n) images for \(indices.count) indices")
        let batchKey = indices.reduce(SeedMixer.mix(seed, UInt64(n))) { SeedMixer.mix($0, UInt64($1)) }
        let plane = c * h * w
        let full = try ImageAugmentation(size: Size2(h, w), scale: 1...1, ratio: (Double(w) / Double(h))...(Double(w) / Double(h)),
                                         flipProbability: augmentation.flipProbability,
                                         brightness: augmentation.brightness, contrast: augmentation.contrast)
        let chosen = crops ? augmentation : full
        let base = batch.data
        var failure: Error?
        let lock = NSLock()
        Parallel.forEach(n, cost: 1 << 15) { row in
            let g = Generator(seed: SeedMixer.mix(batchKey, UInt64(row)))
            let image = Tensor(zeros: [c, h, w])
            image.data.update(from: base + row * plane, count: plane)
            do {
                let out = try chosen.apply(image, g)
                (base + row * plane).update(from: out.data, count: plane)
            } catch {
                lock.withLock { failure = error }
            }
        }
        if let failure { throw failure }
    }
}
