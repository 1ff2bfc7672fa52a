import VitrineEngine

/// The batch normalization shared by ``BatchNorm1d`` and ``BatchNorm2d`` (PyTorch's
/// `_BatchNorm`); not constructed directly.
///
/// Every accepted input is viewed as `[N, C, S]` (S = 1 for `[N, C]`, L for `[N, C, L]`,
/// H·W for `[N, C, H, W]`), so the subclasses differ only in the ranks they accept.
///
/// Training: `y = γ·(x − μ_B)/√(σ²_B + eps) + β` with the biased batch variance σ²_B, and the
/// running statistics move by `running = (1 − momentum)·running + momentum·batch` using the
/// UNBIASED batch variance, as PyTorch does. Evaluation: the running statistics replace the
/// batch ones, which makes the layer a fixed per-channel affine map.
///
/// Parameters `weight` (γ, ones) and `bias` (β, zeros) exist only when `affine`; buffers
/// `running_mean` (zeros), `running_var` (ones), `num_batches_tracked` (scalar).
///
/// Backward leaves frozen γ and β untouched (their sums are still taken when the training-mode
/// input gradient needs them) and skips the input gradient when ``computesInputGradient`` is
/// off.
public class BatchNormBase: Module, Layer, InputGradientSwitch {
    public let weight: Parameter?
    public let bias: Parameter?
    public let runningMean: Buffer
    public let runningVar: Buffer
    public let numBatchesTracked: Buffer
    public let numFeatures: Int
    public let eps: Float
    public let momentum: Float
    public var computesInputGradient = true
    /// True once ``BatchNormFolding`` has moved this layer's evaluation affine map into the
    /// preceding convolution: forward then passes its input through, and training is refused.
    public internal(set) var isFolded = false

    /// Accepted input ranks and how to describe them in errors.
    private let ranks: [Int]
    private let layoutName: String

    /// x̂ of the last forward, needed for γ's gradient and the training-mode input gradient.
    private let normalized = Tensor(zeros: [0])
    /// 1/√(σ² + eps) per channel, from the batch or the running variance.
    private let invStd = Tensor(zeros: [0])
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])
    /// Shape and mode of the last forward: backward must differentiate what forward did, even
    /// if the mode was switched in between.
    private var last: (shape: [Int], batch: Int, spatial: Int, training: Bool)?

    init(typeName: String, ranks: [Int], layoutName: String,
         numFeatures: Int, eps: Float, momentum: Float, affine: Bool) throws {
        guard numFeatures > 0 else {
            throw EngineError.invalidArgument(typeName, "numFeatures must be positive, got \(numFeatures)")
        }
        guard eps > 0, eps.isFinite else {
            throw EngineError.invalidArgument(typeName, "eps must be positive and finite, got \(eps)")
        }
        guard momentum >= 0, momentum <= 1 else {
            throw EngineError.invalidArgument(typeName, "momentum must be in [0, 1], got \(momentum)")
        }
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.ranks = ranks
        self.layoutName = layoutName
        weight = affine ? Parameter(Tensor(shape: [numFeatures], repeating: 1)) : nil
        bias = affine ? Parameter(Tensor(zeros: [numFeatures])) : nil
        runningMean = Buffer(Tensor(zeros: [numFeatures]))
        runningVar = Buffer(Tensor(shape: [numFeatures], repeating: 1))
        numBatchesTracked = Buffer(Tensor(zeros: []))
        super.init()
    }

    public var affine: Bool { weight != nil }

    /// Checks the input and returns its `[N, C, S]` view sizes.
    private func layout(_ input: Tensor) throws -> (batch: Int, spatial: Int) {
        guard ranks.contains(input.rank) else {
            throw EngineError.shapeMismatch(
                path, "input must be \(layoutName), got shape \(input.shape)")
        }
        guard input.shape[1] == numFeatures else {
            throw EngineError.shapeMismatch(
                path, "input must have \(numFeatures) channels (dim 1), got shape \(input.shape)")
        }
        return (input.shape[0], input.shape.dropFirst(2).reduce(1, *))
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let (n, s) = try layout(input)
        if isFolded {
            guard !training else { throw foldedInTraining() }
            return input
        }
        let c = numFeatures, m = n * s
        let useBatchStats = training
        if useBatchStats && m < 2 {
            // The unbiased variance needs two values, and one value normalizes to zero.
            throw EngineError.shapeMismatch(
                path, "expected more than 1 value per channel when training, got input shape \(input.shape)")
        }
        output.resize(input.shape)
        normalized.resize(input.shape)
        invStd.resize([c])
        let x = input.data, y = output.data, xhat = normalized.data, inv = invStd.data
        let gamma = weight?.value.data, beta = bias?.value.data
        let rMean = runningMean.value.data, rVar = runningVar.value.data
        let eps = Double(self.eps), momentum = self.momentum
        Parallel.forEach(c, cost: 6 * m) { ch in
            let mean: Float, istd: Float
            if useBatchStats {
                var sum = 0.0
                for i in 0..<n {
                    let row = x + (i * c + ch) * s
                    for j in 0..<s { sum += Double(row[j]) }
                }
                let mu = sum / Double(m)
                var squares = 0.0
                for i in 0..<n {
                    let row = x + (i * c + ch) * s
                    for j in 0..<s { let d = Double(row[j]) - mu; squares += d * d }
                }
                let biased = squares / Double(m), unbiased = squares / Double(m - 1)
                mean = Float(mu)
                istd = Float(1 / (biased + eps).squareRoot())
                rMean[ch] = (1 - momentum) * rMean[ch] + momentum * Float(mu)
                rVar[ch] = (1 - momentum) * rVar[ch] + momentum * Float(unbiased)
            } else {
                mean = rMean[ch]
                istd = Float(1 / (Double(rVar[ch]) + eps).squareRoot())
            }
            inv[ch] = istd
            let g = gamma?[ch] ?? 1, b = beta?[ch] ?? 0
            for i in 0..<n {
                let offset = (i * c + ch) * s
                for j in offset..<(offset + s) {
                    let h = (x[j] - mean) * istd
                    xhat[j] = h
                    y[j] = g * h + b
                }
            }
        }
        if useBatchStats { numBatchesTracked.value.data[0] += 1 }
        last = (input.shape, n, s, useBatchStats)
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard !isFolded else { throw foldedInTraining() }
        let (shape, n, s, usedBatchStats) = try requireForward(last)
        try requireShape(gradOutput, shape, "gradOutput")
        let c = numFeatures, m = n * s
        let wantsInput = computesInputGradient
        gradInput.resize(wantsInput ? shape : [0])
        let dy = gradOutput.data, dx = gradInput.data, xhat = normalized.data, inv = invStd.data
        let gamma = weight?.value.data
        let gGamma = weight.flatMap { $0.requiresGrad ? $0.grad.data : nil }
        let gBeta = bias.flatMap { $0.requiresGrad ? $0.grad.data : nil }
        // The sums serve γ's and β's gradients and the training-mode input gradient.
        let needsSums = gGamma != nil || gBeta != nil || (wantsInput && usedBatchStats)
        if !needsSums && !wantsInput { return gradInput }
        Parallel.forEach(c, cost: 6 * m) { ch in
            var sumDy = 0.0, sumDyXhat = 0.0
            if needsSums {
                for i in 0..<n {
                    let offset = (i * c + ch) * s
                    for j in offset..<(offset + s) {
                        sumDy += Double(dy[j])
                        sumDyXhat += Double(dy[j]) * Double(xhat[j])
                    }
                }
            }
            gGamma?[ch] += Float(sumDyXhat)
            gBeta?[ch] += Float(sumDy)
            guard wantsInput else { return }
            let scale = (gamma?[ch] ?? 1) * inv[ch]
            if usedBatchStats {
                // μ and σ² depend on every input of the channel:
                // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)).
                let meanDy = Float(sumDy / Double(m)), meanDyXhat = Float(sumDyXhat / Double(m))
                for i in 0..<n {
                    let offset = (i * c + ch) * s
                    for j in offset..<(offset + s) {
                        dx[j] = scale * (dy[j] - meanDy - xhat[j] * meanDyXhat)
                    }
                }
            } else {
                for i in 0..<n {
                    let offset = (i * c + ch) * s
                    for j in offset..<(offset + s) { dx[j] = scale * dy[j] }
                }
            }
        }
        return gradInput
    }

    private func foldedInTraining() -> EngineError {
        EngineError.invalidState(path, "folded into the preceding convolution for inference; load the checkpoint "
            + "again, unfolded, to train or to differentiate")
    }
}
