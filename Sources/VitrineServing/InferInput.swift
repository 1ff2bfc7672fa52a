import VitrineEngine
import VitrineInference

/// The one input tensor of an infer request, checked against the model's signature before it
/// reaches a replica: name-agnostic, FP32, `[N, C, S, S]` with 1 ≤ N ≤ 64, as many finite values
/// as the shape holds.
struct InferInput {
    let batch: Tensor

    init(_ request: InferRequest, signature: InputSignature) throws {
        let expected = "[N, \(signature.channels), \(signature.size), \(signature.size)] with N in 1...\(ServerSettings.maxInferBatch)"
        guard request.inputs.count == 1, let input = request.inputs.first else {
            throw ServingError.badRequest("an infer request takes exactly one input tensor, got \(request.inputs.count)")
        }
        guard input.datatype == "FP32" else {
            throw ServingError.badRequest("input '\(input.name)' has datatype \(input.datatype); this model takes FP32")
        }
        let shape = input.shape
        guard shape.count == 4, (1...ServerSettings.maxInferBatch).contains(shape[0]),
              Array(shape.dropFirst()) == [signature.channels, signature.size, signature.size] else {
            throw ServingError.badRequest("input '\(input.name)' has shape \(shape); this model takes \(expected)")
        }
        let count = shape.reduce(1, *)
        guard input.data.count == count else {
            throw ServingError.badRequest("input '\(input.name)' has \(input.data.count) values; its shape \(shape) holds \(count)")
        }
        if let bad = input.data.firstIndex(where: { !$0.isFinite }) {
            throw ServingError.badRequest("input '\(input.name)' value \(bad) is not finite")
        }
        batch = try Tensor(shape: shape, values: input.data)
    }
}
