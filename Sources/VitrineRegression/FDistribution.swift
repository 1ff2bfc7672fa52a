import Foundation

/// Fisher's F distribution with `numerator` and `denominator` degrees of freedom, for the
/// regression's overall F test: `P(F > f) = I_{d₂/(d₂+d₁f)}(d₂/2, d₁/2)`.
public struct FDistribution: Equatable {
    public let numerator: Double
    public let denominator: Double

    public init(numerator: Double, denominator: Double) {
        precondition(numerator > 0 && denominator > 0, "the F distribution needs positive degrees of freedom, got \(numerator), \(denominator)")
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `P(F > f)`, the p-value of an F statistic.
    public func survival(_ f: Double) -> Double {
        guard let (x, y) = betaArguments(f) else { return f.isNaN ? .nan : f <= 0 ? 1 : 0 }
        return IncompleteBeta.regularized(a: denominator / 2, b: numerator / 2, x: x, complement: y)
    }

    /// `P(F ≤ f)`.
    public func cdf(_ f: Double) -> Double {
        guard let (x, y) = betaArguments(f) else { return f.isNaN ? .nan : f <= 0 ? 0 : 1 }
        return IncompleteBeta.complemented(a: denominator / 2, b: numerator / 2, x: x, complement: y)
    }

    /// `x = d₂ / (d₂ + d₁f)` and `1 − x = d₁f / (d₂ + d₁f)`, each computed directly; nil for
    /// NaN, f ≤ 0 and f = ∞, whose answers are fixed.
    private func betaArguments(_ f: Double) -> (Double, Double)? {
        guard f > 0, f.isFinite else { return nil }
        let scaled = numerator * f, total = denominator + scaled
        return (denominator / total, scaled / total)
    }
}
