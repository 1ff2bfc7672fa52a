import Foundation
import VitrineInference
import VitrineSearch
import VitrineVisualSearch

/// A registered model ready to serve: its replicas behind a bounded FIFO queue, and what its
/// metadata endpoint reports.
final class ServedModel: @unchecked Sendable {
    let registration: ModelRegistration
    let pool: ReplicaPool<ServingReplica>
    let signature: InputSignature
    let signatureOrigin: InputSignature.Origin
    let fingerprint: String
    let foldedBatchNorms: Int
    /// How many images the index holds (nil without an index).
    let indexCount: Int?

    var name: String { registration.name }

    /// Loads `replicas` copies of the checkpoint (and of the index, checked against the
    /// checkpoint's fingerprint before anything is served).
    init(_ registration: ModelRegistration, replicas: Int, queueCapacity: Int, foldBatchNorm: Bool) throws {
        self.registration = registration
        var loaded: [ServingReplica] = []
        for _ in 0..<replicas {
            let model: InferenceModel
            do { model = try InferenceModel(checkpoint: registration.checkpoint, foldBatchNorm: foldBatchNorm) } catch {
                throw ServerSetupError("model \(registration.name): \(error)")
            }
            loaded.append(ServingReplica(model: model, search: try registration.index.map { try Self.search(at: $0, for: model, registration) }))
        }
        pool = try ReplicaPool(loaded, queueCapacity: queueCapacity)
        let first = loaded[0].model
        (signature, signatureOrigin, fingerprint, foldedBatchNorms) = (first.signature, first.signatureOrigin, first.fingerprint, first.foldedBatchNorms)
        indexCount = loaded[0].search?.index.count
    }

    private static func search(at path: String, for model: InferenceModel, _ registration: ModelRegistration) throws -> ProductSearch {
        let index: EmbeddingIndex
        do {
            index = try EmbeddingIndex.load(URL(fileURLWithPath: path), expectedCheckpointHash: model.fingerprint)
        } catch let SearchError.checkpointMismatch(_, indexHash, expectedHash) {
            throw ServerSetupError("model \(registration.name): the index \(path) was built by another model than the "
                + "checkpoint \(registration.checkpoint) (the index records weights \(indexHash), the checkpoint's hash to "
                + "\(expectedHash)); rebuild it with `vitrine index --checkpoint \(registration.checkpoint) …`, or register "
                + "the checkpoint it was built from")
        } catch {
            throw ServerSetupError("model \(registration.name): \(error)")
        }
        return try ProductSearch(index: index, network: model.network, inputShape: (model.signature.channels, model.signature.size),
                                 fingerprint: model.fingerprint)
    }
}
