import VitrineEngine

/// Normalized softmax (Zhai & Wu, 2019, "Classification is a Strong Baseline for Deep Metric
/// Learning"): a cosine classifier over the training classes (product IDs) with a temperature.
///
/// Input `[N, D]` raw embeddings and `N` class indices in `0..<numClasses`. With `u` the rows
/// of the input and `v` the rows of `weight` (`[numClasses, D]`, one proxy per class), both
/// L2-normalized as `F.normalize` does, the logits are `s · u · vᵀ` with `s = 1/temperature`,
/// and the loss is their softmax cross-entropy, averaged over the batch. Because both sides
/// are normalized, only directions are learned: what retrieval by inner product needs.
///
/// `weight` is a ``Parameter`` of this loss, so the optimizer must be given the loss's
/// parameters as well as the model's; backward accumulates into `weight.grad` and returns the
/// input gradient. The weight starts N(0, 1) (any direction is equally likely).
public final class NormalizedSoftmaxLoss: Module, Loss {
    public typealias Target = [Int]
    /// One proxy direction per class, `[numClasses, D]`.
    public let weight: Parameter
    public let numClasses: Int
    public let embeddingDim: Int
    public let temperature: Float

    private let normalizeInput: L2Normalize
    private let normalizeWeight: L2Normalize
    private let crossEntropy = CrossEntropyLoss()
    private let logits = Tensor(zeros: [0])
    private let gradUnitInput = Tensor(zeros: [0])
    private let gradUnitWeight = Tensor(zeros: [0])
    /// The normalized input and weight of the last forward (the normalizers' own outputs).
    private var unitVectors: (input: Tensor, weight: Tensor)?

    /// `temperature` 0.05 (s = 20) is the paper's setting.
    public init(numClasses: Int, embeddingDim: Int, temperature: Float = 0.05, generator: Generator) throws {
        guard numClasses > 0, embeddingDim > 0 else {
            throw EngineError.invalidArgument(
                "NormalizedSoftmaxLoss",
                "numClasses and embeddingDim must be positive, got \(numClasses) and \(embeddingDim)")
        }
        guard temperature > 0, temperature.isFinite else {
            throw EngineError.invalidArgument(
                "NormalizedSoftmaxLoss", "temperature must be positive and finite, got \(temperature)")
        }
        self.numClasses = numClasses
        self.embeddingDim = embeddingDim
        self.temperature = temperature
        let w = Tensor(zeros: [numClasses, embeddingDim])
        generator.fillNormal(w)
        weight = Parameter(w)
        normalizeInput = try L2Normalize(dim: 1)
        normalizeWeight = try L2Normalize(dim: 1)
        super.init()
    }

    /// The logit scale `s = 1/temperature`.
    public var scale: Float { 1 / temperature }

    public func forward(_ input: Tensor, _ target: [Int]) throws -> Float {
        guard input.rank == 2, input.shape[0] > 0, input.shape[1] == embeddingDim else {
            throw EngineError.shapeMismatch(path, "input must be [N, \(embeddingDim)] with N > 0, got \(input.shape)")
        }
        let n = input.shape[0]
        guard target.count == n else {
            throw EngineError.shapeMismatch(
                path, "target has \(target.count) class indices but input \(input.shape) has \(n) rows")
        }
        if let bad = target.firstIndex(where: { $0 < 0 || $0 >= numClasses }) {
            throw EngineError.invalidArgument(
                path, "target[\(bad)] = \(target[bad]) is not a class index in 0..<\(numClasses)")
        }
        let u = try normalizeInput.forward(input)
        let v = try normalizeWeight.forward(weight.value)
        logits.resize([n, numClasses])
        BLAS.sgemm(transB: true, m: n, n: numClasses, k: embeddingDim, alpha: scale,
                   a: u.data, b: v.data, c: logits.data)
        let loss = try crossEntropy.forward(logits, target)
        unitVectors = (u, v)
        return loss
    }

    public func backward() throws -> Tensor {
        guard let (u, v) = unitVectors else {
            throw EngineError.invalidState(path, "backward called before forward")
        }
        let gradLogits = try crossEntropy.backward()
        let (n, c, d) = (logits.shape[0], numClasses, embeddingDim)
        // logits = s·u·vᵀ: ∂/∂u = s·G·v and ∂/∂v = s·Gᵀ·u; then back through each normalization.
        gradUnitInput.resize([n, d])
        BLAS.sgemm(m: n, n: d, k: c, alpha: scale, a: gradLogits.data, b: v.data, c: gradUnitInput.data)
        gradUnitWeight.resize([c, d])
        BLAS.sgemm(transA: true, m: c, n: d, k: n, alpha: scale, a: gradLogits.data, b: u.data,
                   c: gradUnitWeight.data)
        Kernels.axpy(1, try normalizeWeight.backward(gradUnitWeight), weight.grad)
        return try normalizeInput.backward(gradUnitInput)
    }
}
