import Foundation
import VitrineCheckpoint

/// What a network expects of its input, recorded in its checkpoint (`/documents/input_signature`,
/// JSON) so that a serving component in any runtime feeds it correctly: the layout and colour
/// of the tensor, its side, the value range and per-channel normalization, and the evaluation
/// view the reported figures were measured through.
///
/// Today every embedding network takes pixels in [0, 1] without mean/std normalization; the
/// mean and std are recorded anyway (zeros and ones), so a reader applies `(x − mean)/std`
/// without special cases and a later network that normalizes changes data, not readers.
public struct InputSignature: Codable, Equatable, Sendable {
    /// The document's name in a checkpoint.
    public static let documentName = "input_signature"

    /// Always `NCHW`: batch, channels, height, width.
    public var layout: String
    /// `rgb` (3 channels) or `gray` (1).
    public var colour: String
    public var channels: Int
    /// Height and width (square images).
    public var size: Int
    /// The pixel range before normalization, `[0, 1]`.
    public var valueRange: [Float]
    public var mean: [Float]
    public var std: [Float]
    /// The evaluation view (see ``EmbeddingView``): the centred fraction kept, and whether the
    /// mirror image's embedding is added.
    public var centerCrop: Double
    public var flipAverage: Bool
    /// The embedding size D of the output `[N, D]`.
    public var outputDimension: Int

    enum CodingKeys: String, CodingKey {
        case layout, colour, channels, size, mean, std
        case valueRange = "value_range"
        case centerCrop = "center_crop"
        case flipAverage = "flip_average"
        case outputDimension = "output_dimension"
    }

    /// The signature of the network `spec` describes.
    public init(_ spec: EmbeddingNetworkSpec) {
        layout = "NCHW"
        colour = spec.channels == 3 ? "rgb" : "gray"
        channels = spec.channels
        size = spec.size
        valueRange = [0, 1]
        mean = Array(repeating: 0, count: spec.channels)
        std = Array(repeating: 1, count: spec.channels)
        centerCrop = spec.centerCrop
        flipAverage = spec.flipAverage
        outputDimension = spec.dimension
    }

    /// The JSON stored in a checkpoint (keys sorted, so equal signatures are equal bytes).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Where a loaded model's signature came from.
    public enum Origin: Equatable, Sendable {
        /// Read from the checkpoint's `/documents/input_signature`.
        case recorded
        /// Derived from the saved config: the checkpoint predates recorded signatures.
        case derivedFromConfig
    }

    /// The signature recorded in the checkpoint at `path`, or, for checkpoints written before
    /// signatures were recorded, the one `spec` (read from its saved config) implies. A recorded
    /// signature that contradicts the config is an error: one of the two is not this network's.
    public static func read(checkpoint path: String, spec: EmbeddingNetworkSpec) throws -> (InputSignature, Origin) {
        let derived = InputSignature(spec)
        guard let text = try Checkpoint.documentIfPresent(documentName, at: path) else {
            return (derived, .derivedFromConfig)
        }
        let recorded: InputSignature
        do {
            recorded = try JSONDecoder().decode(InputSignature.self, from: Data(text.utf8))
        } catch {
            throw CheckpointError(path, "/documents/\(documentName) is not a readable input signature (\(error)); "
                + "delete the document to fall back on the saved config")
        }
        guard recorded.channels == derived.channels, recorded.size == derived.size,
              recorded.outputDimension == derived.outputDimension else {
            throw CheckpointError(path, "the recorded input signature (\(recorded.channels)×\(recorded.size)² → "
                + "\(recorded.outputDimension)) contradicts the saved config (\(derived.channels)×\(derived.size)² → "
                + "\(derived.outputDimension)); the file was assembled from two runs")
        }
        return (recorded, .recorded)
    }
}
