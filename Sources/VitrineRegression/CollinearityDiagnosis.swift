/// Which design columns make a design singular, and of what they are a combination.
///
/// A pivoted QR says *that* a design is rank deficient, but which column it sets aside depends on
/// column norms. People read a formula left to right, so this scan does too: Gram–Schmidt over
/// the columns in design order (each projection repeated once, "twice is enough", for
/// orthogonality to working precision), and a column whose remainder is below `tolerance` times
/// its norm is reported as the combination of the earlier accepted columns that rebuilds it. A
/// style dummy made redundant by product dummies is then named as the style dummy, with the
/// products it is the sum of.
enum CollinearityDiagnosis {
    static func collinearColumns(in design: DesignMatrix, tolerance: Double) -> [CollinearColumn] {
        let n = design.rowCount
        var basis: [[Double]] = []      // orthonormal q_1 … q_r
        var r: [[Double]] = []          // r[k]: accepted column k in the basis (length k + 1)
        var accepted: [Int] = []        // design index of each accepted column
        var acceptedNorms: [Double] = []
        var found: [CollinearColumn] = []
        for j in 0..<design.columnCount {
            let x = design.column(j)
            let norm = euclideanNorm(x)
            if norm == 0 {
                found.append(CollinearColumn(column: design.columnNames[j], combination: []))
                continue
            }
            var remainder = x
            var coordinates = [Double](repeating: 0, count: basis.count)
            for _ in 0..<2 {
                for (k, q) in basis.enumerated() {
                    var dot = 0.0
                    for i in 0..<n { dot += q[i] * remainder[i] }
                    coordinates[k] += dot
                    for i in 0..<n { remainder[i] -= dot * q[i] }
                }
            }
            let remainderNorm = euclideanNorm(remainder)
            if remainderNorm > tolerance * norm {
                basis.append(remainder.map { $0 / remainderNorm })
                r.append(coordinates + [remainderNorm])
                accepted.append(j)
                acceptedNorms.append(norm)
                continue
            }
            // x = Q c = A R⁻¹ c: solve the triangular system for the weights of the accepted columns.
            var weights = coordinates
            for k in stride(from: weights.count - 1, through: 0, by: -1) {
                for l in (k + 1)..<max(k + 1, weights.count) { weights[k] -= r[l][k] * weights[l] }
                weights[k] /= r[k][k]
            }
            let terms = weights.indices.compactMap { k -> CollinearColumn.Term? in
                // Leave out columns whose share of the relation is rounding noise.
                abs(weights[k]) * acceptedNorms[k] > 1e-8 * norm
                    ? CollinearColumn.Term(column: design.columnNames[accepted[k]], coefficient: weights[k]) : nil
            }
            found.append(CollinearColumn(column: design.columnNames[j], combination: terms))
        }
        return found
    }

    static func euclideanNorm(_ x: [Double]) -> Double {
        // Scaled, so that neither huge nor tiny entries overflow or underflow the sum of squares.
        let scale = x.reduce(0) { max($0, abs($1)) }
        if scale == 0 || !scale.isFinite { return scale }
        var sum = 0.0
        for v in x { let s = v / scale; sum += s * s }
        return scale * sum.squareRoot()
    }
}
