import VitrineInference

/// The JSON bodies of the Open Inference Protocol v2 (KServe's and Triton's REST protocol) that
/// the server speaks: model metadata and the infer request and response, tensors as flat
/// row-major `data` arrays with a `shape` and a `datatype`.
struct InferTensor: Codable {
    var name: String
    var shape: [Int]
    var datatype: String
    var data: [Float]
}

struct InferRequest: Decodable {
    var id: String?
    var inputs: [InferTensor]
}

struct InferResponse: Encodable {
    var modelName: String
    var id: String?
    var outputs: [InferTensor]

    enum CodingKeys: String, CodingKey {
        case modelName = "model_name"
        case id, outputs
    }
}

struct TensorMetadata: Encodable {
    var name: String
    var datatype: String
    /// -1 for the batch dimension, which is free.
    var shape: [Int]
}

struct ModelMetadata: Encodable {
    var name: String
    var platform: String
    var inputs: [TensorMetadata]
    var outputs: [TensorMetadata]
    /// Vitrine's additions: the input signature, where it came from, the weights' fingerprint,
    /// folded batch norms, the index's size.
    var parameters: Parameters

    struct Parameters: Encodable {
        var signature: InputSignature
        var signatureOrigin: String
        var fingerprint: String
        var foldedBatchNorms: Int
        var indexEntries: Int?
        var replicas: Int
        var queueCapacity: Int

        enum CodingKeys: String, CodingKey {
            case signature, fingerprint, replicas
            case signatureOrigin = "signature_origin"
            case foldedBatchNorms = "folded_batch_norms"
            case indexEntries = "index_entries"
            case queueCapacity = "queue_capacity"
        }
    }
}

struct ModelReadiness: Encodable {
    var name: String
    var ready: Bool
}
