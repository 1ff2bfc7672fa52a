import Foundation

/// The regularized incomplete beta function `I_x(a, b)`, behind the Student t and F
/// distributions' tail probabilities.
///
/// Evaluated as Numerical Recipes (§6.4) and Cephes' `incbet` do: the prefactor
/// `xᵃ (1 − x)ᵇ / (a B(a, b))` times a continued fraction evaluated by the modified Lentz method,
/// on whichever of `I_x(a, b)` and `I_{1−x}(b, a) = 1 − I_x(a, b)` converges fast (x below or
/// above `(a + 1) / (a + b + 2)`). Callers that know `1 − x` more accurately than the subtraction
/// would give (the t and F tails, where `x = ν / (ν + t²)`) pass it as `complement`: a p-value of
/// 1e-30 keeps its digits instead of being lost in `1 − x`.
public enum IncompleteBeta {
    /// `I_x(a, b)` for `a, b > 0` and `x` in [0, 1]; NaN outside the domain.
    public static func regularized(a: Double, b: Double, x: Double) -> Double {
        regularized(a: a, b: b, x: x, complement: 1 - x)
    }

    /// `I_x(a, b)` where `complement` is `1 − x`, computed by the caller without cancellation.
    public static func regularized(a: Double, b: Double, x: Double, complement y: Double) -> Double {
        guard a > 0, b > 0, x >= 0, y >= 0, x <= 1, y <= 1, a.isFinite, b.isFinite else { return .nan }
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        if x < (a + 1) / (a + b + 2) {
            return prefactor(a: a, b: b, x: x, y: y) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - prefactor(a: b, b: a, x: y, y: x) * continuedFraction(a: b, b: a, x: y) / b
    }

    /// `1 − I_x(a, b) = I_{1−x}(b, a)`, without the subtraction when it is small.
    public static func complemented(a: Double, b: Double, x: Double, complement y: Double) -> Double {
        regularized(a: b, b: a, x: y, complement: x)
    }

    /// `xᵃ yᵇ / B(a, b)`, in logarithms so that neither power underflows on its own.
    private static func prefactor(a: Double, b: Double, x: Double, y: Double) -> Double {
        exp(a * log(x) + b * log(y) - logBeta(a, b))
    }

    /// The continued fraction for `I_x(a, b)` (NR's `betacf`), converging fast for
    /// `x < (a + 1) / (a + b + 2)`; about √max(a, b) terms in the worst case.
    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300, epsilon = Double.ulpOfOne
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let m = Double(m), m2 = 2 * m
            // Even step of the recurrence.
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= 2 * epsilon { return h }
        }
        return .nan  // Not reached for any a, b below about 1e9 (the terms needed grow as √max(a, b)).
    }

    /// `log B(a, b)`. Summing `lgamma`s loses digits when an argument is large (lgamma(5e4) is
    /// 5e5, so its last bit is 1e-10 of the result), so large arguments go through Stirling's
    /// series with the large logarithms combined before they are added.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let small = min(a, b), large = max(a, b)
        if large < 10 { return logGamma(a) + logGamma(b) - logGamma(a + b) }
        let sum = small + large
        if small >= 10 {
            // ½log 2π + (a−½)log(a/(a+b)) + (b−½)log(b/(a+b)) − ½log(a+b) + δ(a) + δ(b) − δ(a+b)
            return 0.5 * log(2 * Double.pi) - (large - 0.5) * log1p(small / large)
                + (small - 0.5) * log(small / sum) - 0.5 * log(sum)
                + stirlingCorrection(small) + stirlingCorrection(large) - stirlingCorrection(sum)
        }
        // lgamma(small) + [log Γ(large) − log Γ(large + small)], the bracket by Stirling.
        let ratio = -(large - 0.5) * log1p(small / large) - small * log(sum) + small
            + stirlingCorrection(large) - stirlingCorrection(sum)
        return logGamma(small) + ratio
    }

    /// `log Γ(x)` for x > 0, through the reentrant `lgamma_r`: plain `lgamma` writes the global
    /// `signgam`, a data race when tests or tasks compute p-values at once.
    private static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// `δ(x) = log Γ(x) − [(x − ½) log x − x + ½ log 2π]` for x ≥ 10: the asymptotic series to
    /// the x⁻¹³ term, whose truncation error is below 1e-17 there.
    private static func stirlingCorrection(_ x: Double) -> Double {
        let inverse = 1 / x, inverse2 = inverse * inverse
        // Bernoulli-number coefficients B₂ₖ / (2k (2k − 1)), k = 1…7.
        let coefficients: [Double] = [1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156]
        var sum = 0.0
        for c in coefficients.reversed() { sum = sum * inverse2 + c }
        return sum * inverse
    }
}
