import Foundation

/// What the trees minimise: a per-sample loss of the target `y` and the raw score `f` (the sum
/// of the base score and the trees' leaf values), with its first and second derivatives in
/// `f`, which are the gradients and hessians that grow each tree.
///
/// Poisson and Tweedie use a log link: the prediction is `exp(f)`, always positive, so counts
/// and amounts (quantity, revenue) get the skewed, zero-heavy noise they have.
public enum BoostingObjective: Codable, Equatable, Sendable, CustomStringConvertible {
    /// `½ (y − f)²`; the prediction is `f`.
    case squaredError
    /// Poisson negative log-likelihood without its constant terms, `exp(f) − y f`; `y ≥ 0`.
    case poisson
    /// Tweedie negative log-likelihood without its constant terms, for variance power
    /// `p ∈ (1, 2)`: `−y e^{(1−p) f}/(1−p) + e^{(2−p) f}/(2−p)`; `y ≥ 0`.
    case tweedie(power: Double)

    /// The objective's name as scikit-learn spells it (`squared_error`, `poisson`, `tweedie(…)`).
    public var description: String {
        switch self {
        case .squaredError: return "squared_error"
        case .poisson: return "poisson"
        case let .tweedie(power): return "tweedie(power: \(power))"
        }
    }

    /// Throws when the objective's own parameter is out of range.
    public func validate() throws {
        if case let .tweedie(power) = self, !(power > 1 && power < 2) {
            throw TreesError.invalidParameter("tweedie power", "\(power)", "a number strictly between 1 and 2")
        }
    }

    /// Throws on the first target value the objective cannot fit.
    func validate(target: [Float]) throws {
        for (row, y) in target.enumerated() {
            guard y.isFinite else { throw TreesError.invalidTarget(row: row, value: y, expected: "a finite number") }
            if self != .squaredError, y < 0 {
                throw TreesError.invalidTarget(row: row, value: y, expected: "\(self) needs targets ≥ 0")
            }
        }
    }

    /// The loss of one sample.
    @inlinable
    public func loss(target y: Double, raw f: Double) -> Double {
        switch self {
        case .squaredError:
            return 0.5 * (y - f) * (y - f)
        case .poisson:
            return exp(f) - y * f
        case let .tweedie(p):
            return -y * exp((1 - p) * f) / (1 - p) + exp((2 - p) * f) / (2 - p)
        }
    }

    /// The loss's first and second derivatives in the raw score.
    @inlinable
    public func gradientAndHessian(target y: Double, raw f: Double) -> (gradient: Double, hessian: Double) {
        switch self {
        case .squaredError:
            return (f - y, 1)
        case .poisson:
            let mean = exp(f)
            return (mean - y, mean)
        case let .tweedie(p):
            let a = exp((1 - p) * f), b = exp((2 - p) * f)
            return (-y * a + b, -(1 - p) * y * a + (2 - p) * b)
        }
    }

    /// The prediction for a raw score: the identity, or `exp` for the log links.
    @inlinable
    public func response(raw f: Double) -> Double {
        if case .squaredError = self { return f }
        return exp(f)
    }

    /// The constant raw score that minimises the weighted loss: the weighted mean of the
    /// target, through the link. Log links need a positive mean.
    func baseScore(target: [Float], weights: [Float]?) throws -> Double {
        var sum = 0.0, weightSum = 0.0
        for row in target.indices {
            let w = Double(weights?[row] ?? 1)
            sum += w * Double(target[row])
            weightSum += w
        }
        guard weightSum > 0 else {
            throw TreesError.invalidParameter("sample weights", "sum \(weightSum)", "a positive total weight")
        }
        let mean = sum / weightSum
        if self == .squaredError { return mean }
        guard mean > 0 else {
            throw TreesError.invalidTarget(
                row: 0, value: Float(mean), expected: "\(self) needs a positive (weighted) mean target; every target is 0")
        }
        return log(mean)
    }
}
