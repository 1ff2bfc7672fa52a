import VitrineEngine

/// Gradient, hessian and row-count totals of a set of rows.
struct NodeSums: Equatable {
    var gradient: Double
    var hessian: Double
    var count: Double

    static func - (a: NodeSums, b: NodeSums) -> NodeSums {
        NodeSums(gradient: a.gradient - b.gradient, hessian: a.hessian - b.hessian, count: a.count - b.count)
    }

    static func + (a: NodeSums, b: NodeSums) -> NodeSums {
        NodeSums(gradient: a.gradient + b.gradient, hessian: a.hessian + b.hessian, count: a.count + b.count)
    }
}

/// The best way found to split a leaf.
struct SplitCandidate {
    var feature: Int
    /// Highest value bin sent left.
    var bin: Int
    var missingLeft: Bool
    var gain: Double
    /// Totals of the rows sent left (missing ones included when they go left).
    var left: NodeSums
}

/// Finds each leaf's best split from its histogram: for every feature and every bin boundary,
/// the gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), with the leaf's missing values tried on
/// both sides.
struct SplitFinder {
    let parameters: BoostingParameters
    let bins: FeatureBins

    /// The score G²/(H+λ) of a set of rows; the loss falls by half of it when they share
    /// their optimal value −G/(H+λ).
    func score(_ sums: NodeSums) -> Double {
        let denominator = sums.hessian + parameters.l2Regularization
        return denominator > 0 ? sums.gradient * sums.gradient / denominator : 0
    }

    /// The leaf value −G/(H+λ), shrunk by the learning rate.
    func leafValue(_ sums: NodeSums) -> Double {
        let denominator = sums.hessian + parameters.l2Regularization
        return denominator > 0 ? -parameters.learningRate * sums.gradient / denominator : 0
    }

    /// The best split of a leaf with totals `total` over `features`, or nil when no split
    /// satisfies the leaf-size limits with a positive gain. Features are searched in
    /// parallel; ties keep the lowest feature and bin, so the choice never depends on timing.
    func best(histogram: Histogram, total: NodeSums, features: [Int]) -> SplitCandidate? {
        var perFeature = [SplitCandidate?](repeating: nil, count: features.count)
        let parentScore = score(total)
        // A pure leaf's gain is zero up to rounding; demanding a little more than rounding
        // keeps such leaves unsplit.
        let minimumGain = parameters.minGainToSplit + 1e-12 * parentScore
        histogram.sums.withUnsafeBufferPointer { sums in
            perFeature.withUnsafeMutableBufferPointer { out in
                let out = out
                Parallel.forEach(features.count, cost: 1024) { index in
                    out[index] = bestForFeature(features[index], sums: sums, total: total,
                                                parentScore: parentScore, minimumGain: minimumGain)
                }
            }
        }
        var best: SplitCandidate?
        for candidate in perFeature {
            if let candidate, candidate.gain > (best?.gain ?? -.infinity) { best = candidate }
        }
        return best
    }

    private func bestForFeature(_ feature: Int, sums: UnsafeBufferPointer<Double>, total: NodeSums,
                                parentScore: Double, minimumGain: Double) -> SplitCandidate? {
        let base = feature * FeatureBins.slots * Histogram.stride
        func slot(_ bin: Int) -> NodeSums {
            let k = base + bin * Histogram.stride
            return NodeSums(gradient: sums[k], hessian: sums[k + 1], count: sums[k + 2])
        }
        let missing = slot(FeatureBins.missingBin)
        let hasMissing = missing.count > 0
        let valueBins = bins.valueBins(feature)
        var best: SplitCandidate?

        func consider(_ left: NodeSums, bin: Int, missingLeft: Bool) {
            let right = total - left
            let minimumCount = Double(parameters.minSamplesLeaf)
            guard left.count >= minimumCount, right.count >= minimumCount,
                  left.hessian >= parameters.minSumHessian, right.hessian >= parameters.minSumHessian else { return }
            let gain = score(left) + score(right) - parentScore
            guard gain > minimumGain, gain > (best?.gain ?? -.infinity) else { return }
            best = SplitCandidate(feature: feature, bin: bin, missingLeft: missingLeft, gain: gain, left: left)
        }

        var cumulative = NodeSums(gradient: 0, hessian: 0, count: 0)
        // Splitting after the last value bin only separates missing from present values.
        let lastBin = hasMissing ? valueBins - 1 : valueBins - 2
        if lastBin < 0 { return nil }
        for bin in 0...lastBin {
            cumulative = cumulative + slot(bin)
            if hasMissing {
                consider(cumulative, bin: bin, missingLeft: false)
                if bin < valueBins - 1 { consider(cumulative + missing, bin: bin, missingLeft: true) }
            } else {
                // No missing values reached this leaf: at prediction they follow the majority.
                consider(cumulative, bin: bin, missingLeft: cumulative.count >= total.count - cumulative.count)
            }
        }
        return best
    }
}
