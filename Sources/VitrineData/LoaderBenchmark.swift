import CZlib
import Foundation
import VitrineEngine

/// A loader throughput measurement.
public struct LoaderThroughput: CustomStringConvertible {
    public let images: Int
    public let batches: Int
    public let seconds: Double
    public let workers: Int
    public let batchSize: Int
    public var imagesPerSecond: Double { Double(images) / seconds }

    public var description: String {
        String(format: "%d images in %d batches of %d, %d workers: %.3f s, %.0f images/s",
               images, batches, batchSize, workers, seconds, imagesPerSecond)
    }
}

/// Loader throughput with a synthetic decode that costs about what a PNG decode costs — zlib
/// inflate, PNG's Paeth unfiltering, bytes to CHW floats — and the standard training
/// augmentation (random resized crop to `outputSize`, flip, brightness/contrast jitter,
/// ImageNet normalization). For the benchmark executable; tests do not time anything.
public enum LoaderBenchmark {
    /// Loads `batches` batches (one epoch's worth or fewer) and times them, the first batch
    /// included (the pipeline starts cold, as at the start of an epoch).
    public static func measure(imageSize: Int = 256, outputSize: Int = 224, batchSize: Int = 32, batches: Int = 8,
                               workers: Int = 2, prefetch: Int = 4, seed: UInt64 = 0) throws -> LoaderThroughput {
        let decode = try syntheticPNGDecode(size: imageSize)
        let augmentation = try ImageAugmentation(
            size: Size2(outputSize), brightness: 0.2, contrast: 0.2,
            mean: ImageAugmentation.imageNetMean, std: ImageAugmentation.imageNetStd)
        let loader = try DataLoader(count: batchSize * batches, sampling: .shuffled(batchSize: batchSize), seed: seed,
                                    workers: workers, prefetch: prefetch, decode: decode, augment: augmentation.apply)
        let start = DispatchTime.now().uptimeNanoseconds
        let epoch = try loader.epoch(0)
        var images = 0, count = 0
        while let batch = try epoch.next() {
            images += batch.rows.count
            count += 1
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return LoaderThroughput(images: images, batches: count, seconds: seconds, workers: workers, batchSize: batchSize)
    }

    /// A thread-safe decode closure returning `[3, size, size]` images in [0, 1] that differ by
    /// row, doing the work of decoding an 8-bit RGB PNG of that size.
    public static func syntheticPNGDecode(size: Int) throws -> DataLoader.Decode {
        guard size > 0 else { throw EngineError.invalidArgument("LoaderBenchmark", "image size must be positive, got \(size)") }
        let stride = 3 * size
        // Filtered scanlines as PNG stores them: a filter byte (4 = Paeth) then the row's bytes.
        // Smooth gradients plus noise compress about as well as product photos do.
        var raw = [UInt8](repeating: 0, count: size * (stride + 1))
        let g = Generator(seed: 0x706E67)
        for y in 0..<size {
            raw[y * (stride + 1)] = 4
            for x in 0..<stride { raw[y * (stride + 1) + 1 + x] = UInt8(truncatingIfNeeded: (x + y) / 8 + g.int(below: 6)) }
        }
        var compressedCount = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedCount))
        guard compress2(&compressed, &compressedCount, raw, uLong(raw.count), 6) == Z_OK else {
            throw EngineError.invalidState("LoaderBenchmark", "zlib could not compress the synthetic image")
        }
        let payload = Array(compressed.prefix(Int(compressedCount)))
        let rawCount = raw.count

        return { row in
            var inflated = [UInt8](repeating: 0, count: rawCount)
            var inflatedCount = uLong(rawCount)
            guard uncompress(&inflated, &inflatedCount, payload, uLong(payload.count)) == Z_OK else {
                throw EngineError.invalidState("LoaderBenchmark", "zlib could not inflate the synthetic image")
            }
            let image = Tensor(zeros: [3, size, size])
            let plane = size * size
            let shift = UInt8(truncatingIfNeeded: row &* 37)
            var previous = [UInt8](repeating: 0, count: stride)
            var current = [UInt8](repeating: 0, count: stride)
            for y in 0..<size {
                let line = y * (stride + 1) + 1
                for x in 0..<stride {
                    // Paeth predictor over the pixel to the left (3 bytes back), above and above-left.
                    let a = x >= 3 ? Int(current[x - 3]) : 0
                    let b = Int(previous[x])
                    let c = x >= 3 ? Int(previous[x - 3]) : 0
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    let predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                    current[x] = inflated[line + x] &+ UInt8(truncatingIfNeeded: predictor)
                }
                for x in 0..<size {
                    for ch in 0..<3 {
                        image.data[ch * plane + y * size + x] = Float(current[3 * x + ch] &+ shift) / 255
                    }
                }
                swap(&previous, &current)
            }
            return image
        }
    }
}
