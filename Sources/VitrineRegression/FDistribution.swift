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
        if f.isNaN { return .nan }
        if f <= 0 { return 1 }
        if f.isInfinite { return 0 }
        let scaled = numerator * f, total = denominator + scaled
        return IncompleteBeta.regularized(a: denominator / 2, b: numerator / 2,
                                          x: denominator / total, complement: scaled / total)
    }

    /// `P(F ≤ f)`.
    public func cdf(_ f: Double) -> Double {
        if f.isNaN { return .nan }
        if f <= 0 { return 0 }
        if f.isInfinite { return 1 }
        let scaled = numerator * f, total = denominator + scaled
        return IncompleteBeta.complemented(a: denominator / 2, b: numerator / 2,
                                           x: denominator / total, complement: scaled / total)
    }
}
