import Foundation

/// Student's t distribution with `degreesOfFreedom` ν: the reference distribution of OLS t
/// statistics under classical errors, and of cluster-robust ones when `use_t` is asked for.
///
/// Tails come from the incomplete beta function, `P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½)` for t ≥ 0,
/// with `t² / (ν + t²)` passed as the complement so that tiny p-values keep their digits.
public struct StudentTDistribution: Equatable {
    public let degreesOfFreedom: Double

    /// ν must be positive; `.infinity` is the standard normal.
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "Student's t needs positive degrees of freedom, got \(degreesOfFreedom)")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// `P(T > t)`.
    public func survival(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if degreesOfFreedom.isInfinite { return StandardNormal.survival(t) }
        let upper = 0.5 * tail(abs(t))
        return t >= 0 ? upper : 1 - upper
    }

    /// `P(T ≤ t)`.
    public func cdf(_ t: Double) -> Double { survival(-t) }

    /// `P(|T| ≥ |t|)`, the two-sided p-value of a t statistic.
    public func twoSidedPValue(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if degreesOfFreedom.isInfinite { return StandardNormal.twoSidedPValue(t) }
        return tail(abs(t))
    }

    /// The density at `t`.
    public func density(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        if nu.isInfinite { return StandardNormal.density(t) }
        return exp(-IncompleteBeta.logBeta(0.5, nu / 2) - 0.5 * log(nu) - (nu + 1) / 2 * log1p(t * t / nu))
    }

    /// The `p`-quantile, `t` with `P(T ≤ t) = p` (e.g. 0.975 for a 95 % interval's half-width).
    public func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
        if degreesOfFreedom.isInfinite { return StandardNormal.quantile(p) }
        if p == 0.5 { return 0 }
        // A lower quantile from its own tail: 1 − p would round away a small p's digits.
        let q = min(p, 1 - p)
        let x = invertUpperTail(q, survival: survival, density: density, start: -StandardNormal.quantile(q))
        return p < 0.5 ? -x : x
    }

    /// `P(|T| ≥ t)` for t ≥ 0.
    private func tail(_ t: Double) -> Double {
        let nu = degreesOfFreedom, t2 = t * t
        if t2.isInfinite { return 0 }
        return IncompleteBeta.regularized(a: nu / 2, b: 0.5, x: nu / (nu + t2), complement: t2 / (nu + t2))
    }
}

/// The `x ≥ 0` with `survival(x) = q` (q < ½) for a distribution whose density falls on
/// x ≥ 0: a bracket found by doubling, then Newton steps kept inside it (bisection when a step
/// leaves it), to the last bit. The survival function is convex there, so Newton converges fast
/// once near; the bracket guards the heavy tails of small degrees of freedom.
func invertUpperTail(_ q: Double, survival: (Double) -> Double, density: (Double) -> Double, start: Double) -> Double {
    var low = 0.0, high = max(start, 1.0)
    while survival(high) > q {
        low = high
        high *= 2
        if high.isInfinite { return .infinity }
    }
    var x = min(max(start, low), high)
    for _ in 0..<200 {
        let excess = survival(x) - q  // > 0 left of the root
        if excess == 0 { return x }
        if excess > 0 { low = max(low, x) } else { high = min(high, x) }
        let slope = density(x)
        var next = x + excess / slope
        if !(next > low && next < high) || slope == 0 { next = 0.5 * (low + high) }
        if abs(next - x) <= 2 * Double.ulpOfOne * abs(x) || high - low <= 2 * Double.ulpOfOne * high { return next }
        x = next
    }
    return x
}
