import Foundation
import VitrineCheckpoint
import VitrineData
import VitrineEngine

/// A GAN checkpoint opened for sampling, without the experiments module: the shapes and attribute
/// vocabularies come from its `/documents/gan` (written by every GAN run), the weights from
/// `/generator`.
public enum GANCheckpoint {
    public static let document = "gan"

    public static func encode(_ shape: GANPair.Shape) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(shape), as: UTF8.self)
    }

    /// The generator (and an untrained discriminator of the same shapes) of `path`, in
    /// evaluation mode.
    public static func load(_ path: String) throws -> GANPair {
        let text = try Checkpoint.document(document, at: path)
        let shape: GANPair.Shape
        do { shape = try JSONDecoder().decode(GANPair.Shape.self, from: Data(text.utf8)) } catch {
            throw CheckpointError(path, "/documents/\(document) does not describe a GAN (\(error)); the file is damaged")
        }
        let pair = try GANPair(shape, generator: Generator(seed: 0))
        try Checkpoint.load(from: path, modules: [("generator", pair.generator)], optimizers: [])
        pair.generator.eval()
        return pair
    }

    /// The attribute value indices of a request (`category=ring,metal=yellow_gold,…`), one
    /// per conditioning attribute; nil for an empty request. A request to an unconditional
    /// generator, an unknown attribute or a value outside the training vocabulary is an error
    /// that lists what the model knows.
    public static func attributeIndices(_ request: String, in shape: GANPair.Shape) throws -> [Int]? {
        guard !request.isEmpty else { return nil }
        guard shape.conditional else {
            throw GenerationError("this generator is not conditional; leave out --attributes")
        }
        do { return try AttributeVocabulary.indices(request, in: shape.attributes) } catch let error as AttributeError {
            throw GenerationError(error.description)
        }
    }
}

extension GANCheckpoint {
    /// A grid row's caption: the condition's values, short enough for a tile (`ring yellow_gold ruby 1`).
    public static func caption(_ indices: [Int], in shape: GANPair.Shape) -> String {
        zip(shape.attributes, indices).map { $0.values[$1] }.joined(separator: " ")
    }
}

/// A generation request that cannot be met; the message says what to ask instead.
public struct GenerationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
