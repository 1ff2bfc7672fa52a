import Foundation
import VitrineData
import VitrineEngine
import VitrineImaging
import VitrineNN
import VitrineSearch

/// An embedding network loaded from a checkpoint for inference only: in evaluation mode, seen
/// through its evaluation view, batch norm folded into the convolutions before it, with the
/// input signature it expects. Training-only tensors (a loss's class proxies) are not loaded.
///
/// Not safe to call from several threads at once: layers reuse their output buffers, so one
/// model serves one request at a time (``ReplicaPool`` holds several for concurrent requests).
public final class InferenceModel {
    public let checkpoint: String
    public let spec: EmbeddingNetworkSpec
    public let signature: InputSignature
    public let signatureOrigin: InputSignature.Origin
    /// ``ModelFingerprint`` of the weights as trained, before folding: what an index built from
    /// the checkpoint records, so indexes match the folded model too.
    public let fingerprint: String
    /// How many batch norms were folded into their convolutions (0 when folding was off).
    public let foldedBatchNorms: Int
    /// The network to run, `[N, C, S, S]` → `[N, D]`.
    public let network: any Layer

    /// Folded outputs may differ from unfolded ones by rounding only; more than this share of
    /// the output's largest magnitude means a pair was not adjacent in the data flow.
    static let foldingTolerance: Float = 1e-3

    /// Loads `checkpoint`; `foldBatchNorm` false keeps the network exactly as trained (for
    /// comparison, or a model whose folding the probe refuses).
    public init(checkpoint path: String, foldBatchNorm: Bool = true) throws {
        let (network, spec) = try EmbeddingNetworks.load(checkpoint: path)
        checkpoint = path
        self.spec = spec
        (signature, signatureOrigin) = try InputSignature.read(checkpoint: path, spec: spec)
        fingerprint = ModelFingerprint.of(network)
        self.network = network
        foldedBatchNorms = foldBatchNorm
            ? try Self.foldVerified(network, channels: spec.channels, size: spec.size, source: path) : 0
    }

    /// Folds `network`'s batch norms (``BatchNormFolding``) and checks on a probe batch of
    /// `[2, channels, size, size]` that its outputs did not move; `source` names the model in
    /// the error. Returns how many were folded.
    public static func foldVerified(_ network: any Layer, channels: Int, size: Int, source: String) throws -> Int {
        guard !BatchNormFolding.pairs(in: network).isEmpty else { return 0 }
        let probe = Tensor(zeros: [2, channels, size, size])
        // A smooth, deterministic pattern in [0, 1]: any input shows a misplaced fold.
        for i in 0..<probe.count { probe.data[i] = 0.5 + 0.5 * Float(sin(Double(i) * 0.37)) }
        let before = try network.forward(probe).copy()
        let count = BatchNormFolding.foldAll(in: network)
        let after = try network.forward(probe)
        var largest: Float = 0, difference: Float = 0
        for i in 0..<before.count {
            largest = max(largest, abs(before.data[i]))
            difference = max(difference, abs(before.data[i] - after.data[i]))
        }
        guard difference <= foldingTolerance * max(1, largest) else {
            throw InferenceError("\(source): folding batch norm into the convolutions changed the outputs by up to "
                + "\(difference) (largest output \(largest)); the network's layers are not declared in the order data "
                + "flows through them — serve it unfolded (--no-fold)")
        }
        return count
    }

    /// `[N, D]` raw embeddings of a batch `[N, C, S, S]` that matches the signature. The result
    /// belongs to the network and is overwritten by the next call.
    public func embed(batch: Tensor) throws -> Tensor {
        let expected = [signature.channels, signature.size, signature.size]
        guard batch.rank == 4, Array(batch.shape.dropFirst()) == expected else {
            throw InferenceError("the input has shape \(batch.shape); this model takes [N, \(expected.map(String.init).joined(separator: ", "))] "
                + "(\(signature.colour), values in [0, 1])")
        }
        return try network.forward(batch)
    }

    /// The raw embedding of one image of any size and colour, converted to the signature's
    /// channels and size as indexing converts catalog photos.
    public func embed(_ image: Image) throws -> [Float] {
        let conformed = try ManifestImages.conform(image, channels: signature.channels, size: signature.size)
        let batch = try Tensor(shape: [1, conformed.channels, conformed.height, conformed.width], values: conformed.pixels)
        return try embed(batch: batch).array
    }
}
