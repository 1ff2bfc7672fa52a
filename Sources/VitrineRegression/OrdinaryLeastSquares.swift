import Foundation
import VitrineEngine

/// An ordinary least-squares fit, `y = X β + ε`, in double precision through LAPACK's pivoted
/// QR (`X P = Q R`): `β = P R⁻¹ Qᵀ y`, never forming `XᵀX`, whose condition number is the
/// square of `X`'s. The same factors give every covariance: `(XᵀX)⁻¹ = P R⁻¹ R⁻ᵀ Pᵀ`, and
/// since `(XᵀX)⁻¹ xᵢ = P R⁻¹ qᵢ` (row `i` of `Q`), the sandwich estimators' "meat" is built from
/// the rows of `Q` (see ``covariance(_:)``).
///
/// Goodness-of-fit quantities follow statsmodels' `OLS` definitions: a model "has a constant"
/// when a column is constant and nonzero, or when the ones vector lies in the column space
/// (a full set of dummies; statsmodels' implicit constant); then R² is centred, the model's
/// degrees of freedom exclude the constant, and the robust F test leaves it out.
public struct OLSFit {
    /// Columns whose part orthogonal to the columns before them (in pivot order) is below this
    /// fraction of their norm are collinear: at 1e-10 the variance inflation would exceed 1e20,
    /// and the standard errors would mean nothing.
    public static let defaultCollinearityTolerance = 1e-10

    public let design: DesignMatrix
    /// β, in design column order.
    public let coefficients: [Double]
    public let fittedValues: [Double]
    public let residuals: [Double]
    public let residualSumOfSquares: Double
    /// Centred when the model has a constant, otherwise `Σ y²` (statsmodels' uncentered TSS).
    public let totalSumOfSquares: Double
    /// Whether the model has a constant, explicit or implicit.
    public let hasConstant: Bool
    /// The design column that is constant (statsmodels' `const_idx`), nil when the constant is
    /// implicit or absent.
    public let constantColumn: Int?
    /// The eigenvalues of `XᵀX`, descending (statsmodels' `eigenvals`).
    public let eigenvaluesOfGram: [Double]

    /// Row-major `[N, K]`: `Q` of the pivoted QR, columns in pivot order.
    let q: [Double]
    /// Row-major `[K, K]`, upper triangular: `R⁻¹` in pivot order.
    let rInverse: [Double]
    /// Pivot position `p` holds design column `permutation[p]`.
    let permutation: [Int]

    public var observationCount: Int { design.rowCount }
    public var parameterCount: Int { design.columnCount }
    /// N − K.
    public var residualDegreesOfFreedom: Int { observationCount - parameterCount }
    /// K minus the constant.
    public var modelDegreesOfFreedom: Int { parameterCount - (hasConstant ? 1 : 0) }
    /// σ̂² = RSS / (N − K).
    public var scale: Double { residualSumOfSquares / Double(residualDegreesOfFreedom) }
    public var explainedSumOfSquares: Double { totalSumOfSquares - residualSumOfSquares }
    public var rSquared: Double { 1 - residualSumOfSquares / totalSumOfSquares }
    /// `1 − (N − k_const) / (N − K) · (1 − R²)`.
    public var adjustedRSquared: Double {
        1 - Double(observationCount - (hasConstant ? 1 : 0)) / Double(residualDegreesOfFreedom) * (1 - rSquared)
    }
    /// The Gaussian log-likelihood at the estimate, with σ² = RSS / N.
    public var logLikelihood: Double {
        let half = Double(observationCount) / 2
        return -half * Foundation.log(2 * Double.pi) - half * Foundation.log(residualSumOfSquares / Double(observationCount)) - half
    }
    public var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }
    public var bic: Double { -2 * logLikelihood + Foundation.log(Double(observationCount)) * Double(parameterCount) }
    /// √(λ_max / λ_min) of `XᵀX` (statsmodels' `condition_number`).
    public var conditionNumber: Double {
        guard let largest = eigenvaluesOfGram.first, let smallest = eigenvaluesOfGram.last, smallest > 0 else { return .infinity }
        return (largest / smallest).squareRoot()
    }

    /// Fits `design`. Throws ``RegressionError/underdetermined(_:)`` when there are no more rows
    /// than columns, and ``RegressionError/collinearColumns(_:)`` naming each column that is a
    /// combination of earlier ones when the design is singular (a level that never occurs, a
    /// dummy collinear with others, a product-level variable beside product fixed effects).
    public static func fit(_ design: DesignMatrix, collinearityTolerance: Double = defaultCollinearityTolerance) throws -> OLSFit {
        let n = design.rowCount, k = design.columnCount
        guard k > 0 else { throw RegressionError.underdetermined("\(design.source): the design has no columns") }
        guard n > k else {
            throw RegressionError.underdetermined("\(design.source): \(n) observations cannot fit \(k) coefficients with residual degrees of freedom left; N must exceed K")
        }
        let qr = try LAPACK.pivotedQR(design.values, rows: n, columns: k)
        // Rank: the part of each column orthogonal to those pivoted before it, relative to the
        // column's own norm (scale-free: a price in cents and one in euros are equally fine).
        let norms = (0..<k).map { CollinearityDiagnosis.euclideanNorm(design.column($0)) }
        let singular = (0..<k).contains { p in
            let norm = norms[qr.permutation[p]]
            return norm == 0 || abs(qr.r[p * k + p]) <= collinearityTolerance * norm
        }
        if singular {
            let culprits = CollinearityDiagnosis.collinearColumns(in: design, tolerance: collinearityTolerance)
            // The in-order scan and the pivoted QR agree but for borderline cases; then name the
            // column pivoting set aside.
            throw RegressionError.collinearColumns(culprits.isEmpty ? pivotedCulprits(qr, design, norms, collinearityTolerance) : culprits)
        }

        let rInverse = upperTriangularInverse(qr.r, k)
        // Qᵀy, the fitted values Q Qᵀ y, and β in pivot order R⁻¹ Qᵀ y.
        var qty = [Double](repeating: 0, count: k)
        for i in 0..<n { let y = design.response[i]; for p in 0..<k { qty[p] += qr.q[i * k + p] * y } }
        var fitted = [Double](repeating: 0, count: n)
        for i in 0..<n { var s = 0.0; for p in 0..<k { s += qr.q[i * k + p] * qty[p] }; fitted[i] = s }
        var coefficients = [Double](repeating: 0, count: k)
        for p in 0..<k {
            var s = 0.0
            for l in p..<k { s += rInverse[p * k + l] * qty[l] }
            coefficients[qr.permutation[p]] = s
        }
        let residuals = zip(design.response, fitted).map { $0 - $1 }
        let rss = residuals.reduce(0) { $0 + $1 * $1 }

        let constantColumn = (0..<k).first { j in
            let first = design.values[j]
            return first != 0 && (0..<n).allSatisfy { design.values[$0 * k + j] == first }
        }
        let hasConstant = constantColumn != nil || onesAreSpanned(qr.q, n, k, tolerance: collinearityTolerance)
        let tss: Double
        if hasConstant {
            let mean = design.response.reduce(0, +) / Double(n)
            tss = design.response.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        } else {
            tss = design.response.reduce(0) { $0 + $1 * $1 }
        }
        // XᵀX = P RᵀR Pᵀ has RᵀR's eigenvalues.
        var gram = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { var s = 0.0; for l in 0...min(i, j) { s += qr.r[l * k + i] * qr.r[l * k + j] }; gram[i * k + j] = s } }
        let eigenvalues = try LAPACK.symmetricEigenvalues(gram, dimension: k).reversed()

        return OLSFit(design: design, coefficients: coefficients, fittedValues: fitted, residuals: residuals,
                      residualSumOfSquares: rss, totalSumOfSquares: tss, hasConstant: hasConstant,
                      constantColumn: constantColumn, eigenvaluesOfGram: Array(eigenvalues),
                      q: qr.q, rInverse: rInverse, permutation: qr.permutation)
    }

    /// The index of the coefficient called `name`.
    public func index(of name: String) throws -> Int { try design.index(of: name) }

    /// `R⁻¹` for upper triangular `R` by back substitution, column by column.
    private static func upperTriangularInverse(_ r: [Double], _ k: Int) -> [Double] {
        var inverse = [Double](repeating: 0, count: k * k)
        for column in 0..<k {
            for row in stride(from: column, through: 0, by: -1) {
                var s = row == column ? 1.0 : 0.0
                for l in (row + 1)..<(column + 1) { s -= r[row * k + l] * inverse[l * k + column] }
                inverse[row * k + column] = s / r[row * k + row]
            }
        }
        return inverse
    }

    /// Whether the ones vector lies in the column space: its remainder after projection on `Q`
    /// is rounding noise (statsmodels compares the rank with and without a ones column).
    private static func onesAreSpanned(_ q: [Double], _ n: Int, _ k: Int, tolerance: Double) -> Bool {
        var qtOnes = [Double](repeating: 0, count: k)
        for i in 0..<n { for p in 0..<k { qtOnes[p] += q[i * k + p] } }
        var remainder = [Double](repeating: 1, count: n)
        for i in 0..<n { for p in 0..<k { remainder[i] -= q[i * k + p] * qtOnes[p] } }
        return CollinearityDiagnosis.euclideanNorm(remainder) <= tolerance * Double(n).squareRoot()
    }

    /// The columns pivoting put last with a vanishing diagonal, each as a combination of the
    /// columns before it in pivot order (`R₁₁⁻¹ R₁₂`).
    private static func pivotedCulprits(_ qr: LAPACK.PivotedQR, _ design: DesignMatrix, _ norms: [Double], _ tolerance: Double) -> [CollinearColumn] {
        let k = design.columnCount
        guard let rank = (0..<k).first(where: { p in
            let norm = norms[qr.permutation[p]]
            return norm == 0 || abs(qr.r[p * k + p]) <= tolerance * norm
        }) else { return [] }
        let leading = upperTriangularInverse((0..<rank).flatMap { i in (0..<rank).map { qr.r[i * k + $0] } }, rank)
        return (rank..<k).map { p in
            let weights = (0..<rank).map { i in (i..<rank).reduce(0.0) { $0 + leading[i * rank + $1] * qr.r[$1 * k + p] } }
            let terms = weights.indices.compactMap { i -> CollinearColumn.Term? in
                abs(weights[i]) * norms[qr.permutation[i]] > 1e-8 * norms[qr.permutation[p]]
                    ? CollinearColumn.Term(column: design.columnNames[qr.permutation[i]], coefficient: weights[i]) : nil
            }
            return CollinearColumn(column: design.columnNames[qr.permutation[p]], combination: terms)
        }
    }
}
