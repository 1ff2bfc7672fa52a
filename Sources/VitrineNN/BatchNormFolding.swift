import VitrineEngine

/// Folds evaluation-mode batch norm into the convolution before it, for inference:
/// `γ·(W∗x + b − μ)/√(σ² + eps) + β` is the convolution with weights `s·W` and bias
/// `s·(b − μ) + β`, where `s = γ/√(σ² + eps)` per output channel. The batch norm then passes
/// its input through, which saves a full pass over every activation it normalized.
///
/// Pairs are found in the module tree's declaration order: a batch norm whose nearest preceding
/// module is a ``Conv2d`` with as many output channels. Every model of the harness declares its
/// layers in the order data flows through them, as PyTorch models do; a model that did not
/// would fold wrongly, which is why the inference loader compares folded and unfolded outputs
/// on a probe batch before serving (``FoldedNetwork``).
///
/// Folding changes the weights in place: a folded module's state dict is no longer a
/// checkpoint of the network, and its ``BatchNormBase/isFolded`` layers refuse training.
public enum BatchNormFolding {
    /// The `(convolution, batch norm)` pairs of `model` that fold, in declaration order.
    public static func pairs(in model: Module) -> [(conv: Conv2d, norm: BatchNormBase)] {
        var found: [(Conv2d, BatchNormBase)] = []
        var previous: Module?
        for (_, module) in model.namedModules() {
            if let norm = module as? BatchNormBase, !norm.isFolded, let conv = previous as? Conv2d,
               conv.outChannels == norm.numFeatures {
                found.append((conv, norm))
            }
            previous = module
        }
        return found
    }

    /// Folds every pair of `model` (``pairs(in:)``); returns how many were folded.
    @discardableResult
    public static func foldAll(in model: Module) -> Int {
        let found = pairs(in: model)
        for (conv, norm) in found { fold(norm, into: conv) }
        return found.count
    }

    /// Moves `norm`'s evaluation affine map into `conv`'s weights and bias.
    public static func fold(_ norm: BatchNormBase, into conv: Conv2d) {
        let channels = norm.numFeatures
        let weights = conv.weight.value.data
        let perChannel = conv.weight.value.count / channels
        let shift = conv.bias?.value ?? Tensor(zeros: [channels])
        let mean = norm.runningMean.value.data, variance = norm.runningVar.value.data
        for ch in 0..<channels {
            let gamma = norm.weight.map { Double($0.value.data[ch]) } ?? 1
            let beta = norm.bias.map { Double($0.value.data[ch]) } ?? 0
            // Double while combining, so the folded map is as close to the two-step one as Float allows.
            let scale = gamma / (Double(variance[ch]) + Double(norm.eps)).squareRoot()
            for i in (ch * perChannel)..<((ch + 1) * perChannel) { weights[i] = Float(Double(weights[i]) * scale) }
            shift.data[ch] = Float(scale * (Double(shift.data[ch]) - Double(mean[ch])) + beta)
        }
        if conv.bias == nil { conv.foldedShift = shift }
        norm.isFolded = true
    }
}
