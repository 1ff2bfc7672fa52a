import Foundation

/// The standard normal distribution: statsmodels' reference for robust (HC1, cluster) z
/// statistics, which by default it does not refer to a t distribution.
public enum StandardNormal {
    /// `P(Z > z)`, through `erfc` so that the far tail keeps its relative accuracy.
    public static func survival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// `P(Z ≤ z)`.
    public static func cdf(_ z: Double) -> Double { survival(-z) }

    /// `P(|Z| ≥ |z|)`.
    public static func twoSidedPValue(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    public static func density(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

    /// The `p`-quantile (1.959963984540054 for 0.975): Acklam's rational approximation (relative
    /// error 1.2e-9), then polished to the last bit by Newton steps on `erfc`. A lower quantile is
    /// found from its own tail, `−x` with `P(Z > x) = p`, because `1 − p` would round away the
    /// digits of a small `p` (1e-10 would come back 8e-8 off).
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
        if p == 0.5 { return 0 }
        return p < 0.5 ? -upperQuantile(p) : upperQuantile(1 - p)  // 1 − p is exact for p ≥ ½
    }

    /// `x ≥ 0` with `P(Z > x) = q`, for `q < ½`.
    private static func upperQuantile(_ q: Double) -> Double {
        invertUpperTail(q, survival: survival, density: density, start: acklam(upperTail: q))
    }

    /// Acklam's approximation of the `x` with `P(Z > x) = q`, for `q < ½`.
    private static func acklam(upperTail q: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        if q < 0.02425 {
            let r = (-2 * log(q)).squareRoot()
            let numerator = ((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]
            return -numerator / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
        }
        let u = 0.5 - q, r = u * u
        let numerator = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * u
        return numerator / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
