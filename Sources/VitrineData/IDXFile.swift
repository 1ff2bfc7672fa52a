import CZlib
import Foundation
import VitrineEngine

/// Errors reading data files; each names the file and what is wrong.
public struct DataError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let message: String

    public init(_ file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// The IDX format of the MNIST family (optionally gzip-compressed): a big-endian header —
/// two zero bytes, a type code (0x08 = unsigned byte), the number of dimensions — then each
/// dimension as a big-endian Int32, then the data.
public struct IDXFile {
    public let dimensions: [Int]
    public let bytes: [UInt8]

    /// Reads `path`; `.gz` files are decompressed with zlib (which also reads plain files).
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(path, "no such file")
        }
        let raw = try Self.readAll(path)
        guard raw.count >= 4, raw[0] == 0, raw[1] == 0 else {
            throw DataError(path, "not an IDX file (the header must start with two zero bytes)")
        }
        guard raw[2] == 0x08 else {
            throw DataError(path, "unsupported IDX element type 0x\(String(raw[2], radix: 16)); only unsigned bytes (0x08) are read")
        }
        let rank = Int(raw[3])
        guard rank >= 1, raw.count >= 4 + 4 * rank else {
            throw DataError(path, "truncated IDX header (rank \(rank), \(raw.count) bytes)")
        }
        var dims: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            dims.append(Int(raw[o]) << 24 | Int(raw[o + 1]) << 16 | Int(raw[o + 2]) << 8 | Int(raw[o + 3]))
        }
        let expected = dims.reduce(1, *)
        let payload = raw.count - 4 - 4 * rank
        guard payload == expected else {
            throw DataError(path, "dimensions \(dims) need \(expected) bytes of data, the file holds \(payload)")
        }
        dimensions = dims
        bytes = Array(raw[(4 + 4 * rank)...])
    }

    private static func readAll(_ path: String) throws -> [UInt8] {
        guard let file = gzopen(path, "rb") else { throw DataError(path, "cannot open") }
        defer { gzclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 { throw DataError(path, "corrupt gzip data") }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
        return out
    }
}

/// An image-classification set from a pair of IDX files (images `[N, H, W]`, labels `[N]`),
/// such as Fashion-MNIST from Debian's `dataset-fashion-mnist` package.
public struct IDXClassificationSet {
    /// Images `[N, 1, H, W]` scaled to [0, 1].
    public let images: Tensor
    public let labels: [Int]

    public init(images imagesPath: String, labels labelsPath: String, limit: Int? = nil) throws {
        let imageFile = try IDXFile(path: imagesPath)
        let labelFile = try IDXFile(path: labelsPath)
        guard imageFile.dimensions.count == 3 else {
            throw DataError(imagesPath, "expected images of shape [N, H, W], got \(imageFile.dimensions)")
        }
        guard labelFile.dimensions.count == 1 else {
            throw DataError(labelsPath, "expected labels of shape [N], got \(labelFile.dimensions)")
        }
        guard imageFile.dimensions[0] == labelFile.dimensions[0] else {
            throw DataError(labelsPath, "\(labelFile.dimensions[0]) labels for \(imageFile.dimensions[0]) images in \(imagesPath)")
        }
        let n = min(imageFile.dimensions[0], limit ?? Int.max)
        let (h, w) = (imageFile.dimensions[1], imageFile.dimensions[2])
        let images = Tensor(zeros: [n, 1, h, w])
        imageFile.bytes.withUnsafeBufferPointer { src in
            for i in 0..<(n * h * w) { images.data[i] = Float(src[i]) / 255 }
        }
        self.images = images
        labels = labelFile.bytes.prefix(n).map(Int.init)
    }

    /// Fashion-MNIST as Debian's `dataset-fashion-mnist` installs it.
    public static let fashionMNISTDirectory = "/usr/share/datasets/fashion-mnist"
    public static let fashionMNISTClasses = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// The `train` (60,000) or `test` (10,000) split of Fashion-MNIST from `directory`.
    public static func fashionMNIST(split: String, directory: String = fashionMNISTDirectory, limit: Int? = nil) throws -> Self {
        let prefix = split == "train" ? "train" : "t10k"
        let images = "\(directory)/\(prefix)-images-idx3-ubyte.gz"
        guard FileManager.default.fileExists(atPath: images) else {
            throw DataError(images, "Fashion-MNIST is not installed; run scripts/setup (apt-get install dataset-fashion-mnist)")
        }
        return try Self(images: images, labels: "\(directory)/\(prefix)-labels-idx1-ubyte.gz", limit: limit)
    }
}
