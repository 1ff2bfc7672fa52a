import Foundation
import VitrineCheckpoint
import VitrineEngine

/// A GAN checkpoint opened for sampling, without the experiments module: the shapes and class
/// names come from its `/documents/gan` (written by every GAN run), the weights from
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

    /// The class index of each `name=value` in `attributes` (`category=Dress`); an unknown
    /// attribute or value is an error that lists the known ones.
    public static func classIndex(_ attributes: String, in shape: GANPair.Shape) throws -> Int? {
        guard !attributes.isEmpty else { return nil }
        guard shape.conditional else {
            throw GenerationError("this generator is not conditional; leave out --attributes")
        }
        var index: Int?
        for pair in attributes.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0] == GANPair.attribute else {
                throw GenerationError("'\(pair)': the generator is conditioned on \(GANPair.attribute)=VALUE only")
            }
            guard let found = shape.classes.firstIndex(of: parts[1]) else {
                throw GenerationError("\(GANPair.attribute)=\(parts[1]) is not in the training vocabulary; known values: "
                    + shape.classes.joined(separator: ", "))
            }
            index = found
        }
        return index
    }
}

/// A generation request that cannot be met; the message says what to ask instead.
public struct GenerationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
