import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import VitrineEngine
import VitrineImaging
import VitrineInference
import VitrineInferenceTestSupport
import VitrineSearch
import VitrineServing
import VitrineTestSupport

/// A small convnet's checkpoint and an index of distinct synthetic products it embedded, on
/// disk, and servers over them.
final class ServingFixture {
    let directory: TemporaryDirectory
    let checkpoint: String
    let index: String
    let images: [Image]
    let size: Int
    static let categories = ["rings", "necklaces"]

    /// `products` photos of `size` px embedded by a fresh `architecture` (a ResNet makes a
    /// request slow enough, in a debug build, for queues to fill).
    init(products: Int = 12, architecture: EmbeddingArchitecture = .smallConvnet, size: Int = 16) throws {
        self.size = size
        directory = try TemporaryDirectory(prefix: "vitrine-serving")
        checkpoint = directory.file("model.h5")
        index = directory.file("catalog.index.h5")
        try InferenceCheckpoints.write(architecture, size: size, to: checkpoint)
        let model = try InferenceModel(checkpoint: checkpoint)
        images = try (0..<products).map { try Self.productImage($0, size: size) }
        let embeddings = Tensor(zeros: [products, model.signature.outputDimension])
        for (row, image) in images.enumerated() {
            let embedding = try model.embed(image)
            (embeddings.data + row * embedding.count).update(from: embedding, count: embedding.count)
        }
        let items = (0..<products).map { i in
            ProductMetadata(productID: "P\(i)", category: Self.categories[i % 2], brand: "brand\(i % 3)", price: Double(i) + 0.5,
                            path: "p\(i).png")
        }
        try EmbeddingIndex(embeddings: embeddings, items: items, checkpointHash: model.fingerprint).save(to: URL(fileURLWithPath: index))
    }

    /// Product `i`'s photo: stripes of a frequency and colour of its own, in 8-bit steps so that
    /// its PNG holds exactly these pixels.
    static func productImage(_ i: Int, size: Int) throws -> Image {
        var pixels = [Float](repeating: 0, count: 3 * size * size)
        for c in 0..<3 {
            for y in 0..<size {
                for x in 0..<size {
                    let phase = Double(x * (i % 4 + 1) + y * (i / 4 + 1)) * 0.7 + Double(c * i)
                    pixels[(c * size + y) * size + x] = Float(((0.5 + 0.5 * sin(phase)) * 255).rounded() / 255)
                }
            }
        }
        return try Image(channels: 3, height: size, width: size, pixels: pixels)
    }

    func png(_ i: Int) throws -> ByteBuffer { ByteBuffer(bytes: try PNG.encode(images[i])) }

    func server(_ settings: ServerSettings = ServerSettings(port: 0), withIndex: Bool = true) throws -> InferenceServer {
        try InferenceServer(models: [ModelRegistration(name: "quick", checkpoint: checkpoint, index: withIndex ? index : nil)],
                            settings: settings)
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "vitrine-serve-test")
        logger.logLevel = .critical
        return logger
    }
}

extension TestResponse {
    /// The body as JSON.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        guard let dictionary = object as? [String: Any] else { throw ServingTestFailure("the body is not a JSON object: \(object)") }
        return dictionary
    }

    /// The `error` message of a JSON error body.
    func errorMessage() throws -> String {
        guard let message = try json()["error"] as? String else { throw ServingTestFailure("no error message in \(String(buffer: body))") }
        return message
    }
}

struct ServingTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
