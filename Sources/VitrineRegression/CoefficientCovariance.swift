import Foundation
import VitrineEngine

/// Which covariance of the OLS coefficients to use, with statsmodels' names and corrections.
public enum CovarianceType: Equatable {
    /// `σ̂² (XᵀX)⁻¹`: right when the errors are homoscedastic and independent.
    case classical
    /// White's heteroscedasticity-robust sandwich with the `N / (N − K)` correction (HC1).
    case hc1
    /// One-way cluster-robust (CRV1): errors may correlate freely within a cluster (a product's
    /// weeks), with statsmodels' default correction `G/(G−1) · (N−1)/(N−K)`. `labels` gives each
    /// row's cluster; `column` names it in reports.
    case cluster(column: String, labels: [String])

    /// Clusters read from a table column (the same rows, in the same order, as the design).
    public static func cluster(by column: String, in table: RegressionTable) throws -> CovarianceType {
        .cluster(column: column, labels: try table.text(column))
    }

    /// statsmodels' `cov_type` string.
    public var statsmodelsName: String {
        switch self {
        case .classical: return "nonrobust"
        case .hc1: return "HC1"
        case .cluster: return "cluster"
        }
    }

    /// statsmodels' note under the summary.
    public var statsmodelsDescription: String {
        switch self {
        case .classical: return "Standard Errors assume that the covariance matrix of the errors is correctly specified."
        case .hc1: return "Standard Errors are heteroscedasticity robust (HC1)"
        case .cluster: return "Standard Errors are robust to cluster correlation (CRV1)"
        }
    }
}

extension OLSFit {
    /// The covariance of β, row-major `[K, K]` in design column order.
    ///
    /// The sandwich estimators are `P R⁻¹ S R⁻ᵀ Pᵀ` with `S = Σᵢ eᵢ² qᵢqᵢᵀ` (HC) or
    /// `S = Σ_g u_g u_gᵀ`, `u_g = Σ_{i∈g} eᵢ qᵢ` (cluster), where `qᵢ` is row `i` of `Q`: the
    /// same as statsmodels' `(XᵀX)⁻¹ X' Ω X (XᵀX)⁻¹`, without ever inverting `XᵀX`.
    public func covariance(_ type: CovarianceType) throws -> [Double] {
        let n = observationCount, k = parameterCount
        let meat: [Double]
        let factor: Double
        switch type {
        case .classical:
            meat = (0..<(k * k)).map { $0 / k == $0 % k ? 1.0 : 0.0 }  // QᵀQ = I
            factor = scale
        case .hc1:
            var scaledRows = [Double](repeating: 0, count: n * k)
            for i in 0..<n { for p in 0..<k { scaledRows[i * k + p] = residuals[i] * q[i * k + p] } }
            meat = try crossProduct(scaledRows, rows: n, columns: k)
            factor = Double(n) / Double(residualDegreesOfFreedom)
        case let .cluster(column, labels):
            guard labels.count == n else {
                throw RegressionError.badClusters("the cluster column \(column) has \(labels.count) rows, the design \(n)")
            }
            var clusterOf: [String: Int] = [:]
            for label in labels where clusterOf[label] == nil { clusterOf[label] = clusterOf.count }
            let g = clusterOf.count
            guard g >= 2 else {
                throw RegressionError.badClusters("the cluster column \(column) has \(g) distinct value\(g == 1 ? "" : "s"); at least 2 clusters are needed")
            }
            var sums = [Double](repeating: 0, count: g * k)
            for i in 0..<n {
                let c = clusterOf[labels[i]]!
                for p in 0..<k { sums[c * k + p] += residuals[i] * q[i * k + p] }
            }
            meat = try crossProduct(sums, rows: g, columns: k)
            factor = Double(g) / Double(g - 1) * Double(n - 1) / Double(residualDegreesOfFreedom)
        }
        // R⁻¹ S R⁻ᵀ in pivot order, then un-pivoted.
        var left = [Double](repeating: 0, count: k * k), pivoted = [Double](repeating: 0, count: k * k)
        try rInverse.withUnsafeBufferPointer { rInv in
            try meat.withUnsafeBufferPointer { s in
                try left.withUnsafeMutableBufferPointer { l in
                    try BLAS.dgemm(m: k, n: k, k: k, a: rInv.baseAddress!, b: s.baseAddress!, c: l.baseAddress!)
                }
            }
            try left.withUnsafeBufferPointer { l in
                try pivoted.withUnsafeMutableBufferPointer { out in
                    try BLAS.dgemm(transB: true, m: k, n: k, k: k, alpha: factor, a: l.baseAddress!, b: rInv.baseAddress!, c: out.baseAddress!)
                }
            }
        }
        var result = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            for b in 0..<k {
                // Average the two triangles: rounding makes them differ in the last bit.
                result[permutation[a] * k + permutation[b]] = 0.5 * (pivoted[a * k + b] + pivoted[b * k + a])
            }
        }
        return result
    }

    /// `MᵀM` for row-major `M` `[rows, columns]`, both triangles filled.
    private func crossProduct(_ m: [Double], rows: Int, columns k: Int) throws -> [Double] {
        var product = [Double](repeating: 0, count: k * k)
        try m.withUnsafeBufferPointer { a in
            try product.withUnsafeMutableBufferPointer { c in
                try BLAS.dsyrkLower(transA: true, n: k, k: rows, a: a.baseAddress!, c: c.baseAddress!)
            }
        }
        for i in 0..<k { for j in (i + 1)..<max(i + 1, k) { product[i * k + j] = product[j * k + i] } }
        return product
    }
}
