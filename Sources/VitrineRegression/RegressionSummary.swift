import Foundation

extension RegressionInference {
    /// The fit as statsmodels prints `results.summary(slim=True)`: the header with R²,
    /// adjusted R², F and N, the coefficient table (coef, std err, t or z, P>|t|, the interval),
    /// and the notes (covariance type, a large condition number), character for character, so
    /// that a reader who knows statsmodels' output reads this one the same way.
    ///
    /// One deliberate difference: for a model without a constant, statsmodels' slim header drops
    /// the (uncentered) R² and adjusted R² (its filter matches the label "R-squared:" only);
    /// this summary keeps them, labelled "(uncentered)" as statsmodels' full summary does.
    ///
    /// The layout rules are those of statsmodels' `SimpleTable` for these two tables: every
    /// column at least 18 (header) or 10 (coefficients) wide and widened to its longest cell,
    /// values right-aligned, separated by one space; each table's rules as wide as its rows.
    public var summary: String {
        let f = fit
        let uncentered = f.hasConstant ? "" : " (uncentered)"
        let left: [(String, String)] = [
            ("Dep. Variable:", f.design.responseName),
            ("Model:", "OLS"),
            ("No. Observations:", c("%6ld", f.observationCount)),
            ("Covariance Type:", covarianceType.statsmodelsName),
        ]
        let right: [(String, String)] = [
            ("R-squared" + uncentered + ":", c("%#8.3f", f.rSquared)),
            ("Adj. R-squared" + uncentered + ":", c("%#8.3f", f.adjustedRSquared)),
            ("F-statistic:", c("%#8.4g", fTest.statistic)),
            ("Prob (F-statistic):", c("%#6.3g", fTest.pValue)),
        ].map { ("  " + $0.0 + String(repeating: " ", count: max(0, 21 - 2 - $0.0.count)), $0.1) }
        let widths = [
            max(18, left.map(\.0.count).max()!), max(18, left.map(\.1.count).max()!),
            max(18, right.map(\.0.count).max()!), max(18, right.map(\.1.count).max()!),
        ]
        let topRows = zip(left, right).map { l, r in
            [pad(l.0, widths[0], left: true), pad(l.1, widths[1]), pad(r.0, widths[2], left: true), pad(r.1, widths[3])]
                .joined(separator: " ")
        }
        let topWidth = topRows[0].count
        var lines = [center("OLS Regression Results", topWidth), String(repeating: "=", count: topWidth)] + topRows

        let statistic = distribution == .standardNormal ? "z" : "t"
        let header = ["coef", "std err", statistic, "P>|\(statistic)|", "[\(pythonString(alpha / 2))", "\(pythonString(1 - alpha / 2))]"]
        let cells = coefficients.map { row in
            [forg(row.estimate, 4), forg(row.standardError, 3), pad(forg(row.statistic, 3), 8),
             c("%#6.3f", row.pValue), pad(forg(row.lower, 3), 11), pad(forg(row.upper, 3), 11)]
        }
        let stubWidth = max(10, coefficients.map(\.name.count).max() ?? 0)
        let columnWidths = (0..<6).map { j in max(10, header[j].count, cells.map { $0[j].count }.max() ?? 0) }
        func row(_ stub: String, _ values: [String]) -> String {
            ([pad(stub, stubWidth, left: true)] + values.enumerated().map { pad($0.element, columnWidths[$0.offset]) })
                .joined(separator: " ")
        }
        let body = zip(coefficients, cells).map { row($0.name, $1) }
        let tableWidth = row("", header).count
        lines.append(String(repeating: "=", count: tableWidth))
        lines.append(row("", header))
        lines.append(String(repeating: "-", count: tableWidth))
        lines += body
        lines.append(String(repeating: "=", count: tableWidth))

        var notes: [String] = []
        if !f.hasConstant {
            notes.append("R² is computed without centering (uncentered) since the model does not contain a constant.")
        }
        notes.append(covarianceType.statsmodelsDescription)
        let smallest = f.eigenvaluesOfGram.last ?? 0
        if smallest < 1e-10 {
            notes.append("The smallest eigenvalue is \(c("%6.3g", smallest)). This might indicate that there are\nstrong multicollinearity problems or that the design matrix is singular.")
        } else if f.conditionNumber > 1000 {
            notes.append("The condition number is large, \(c("%6.3g", f.conditionNumber)). This might indicate that there are\nstrong multicollinearity or other numerical problems.")
        }
        let noteText = (["Notes:"] + notes.enumerated().map { "[\($0.offset + 1)] \($0.element)" }).joined(separator: "\n")
        return lines.joined(separator: "\n") + "\n\n" + noteText
    }
}

/// printf formatting (Python's `%`-style and format specs agree with C for these conversions).
private func c(_ format: String, _ value: Double) -> String { String(format: format, value) }
private func c(_ format: String, _ value: Int) -> String { String(format: format, value) }

/// statsmodels' `forg`: fixed with 3 or 4 decimals, or `g` for magnitudes ≥ 1e4 or < 1e-4.
private func forg(_ x: Double, _ precision: Int) -> String {
    let width = precision == 4 ? 10 : 9
    let general = abs(x) >= 1e4 || abs(x) < 1e-4
    return String(format: "%\(width).\(precision)\(general ? "g" : "f")", x)
}

private func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return left ? s + fill : fill + s
}

/// Python's `str.center`: the odd space goes left when the width is odd.
private func center(_ s: String, _ width: Int) -> String {
    let margin = width - s.count
    guard margin > 0 else { return s }
    let leftCount = margin / 2 + (margin & width & 1)
    return String(repeating: " ", count: leftCount) + s + String(repeating: " ", count: margin - leftCount)
}

/// Python's `str(float)`: the shortest text that reads back as the same number, which Swift's
/// description also gives (0.025, 0.975).
private func pythonString(_ x: Double) -> String { "\(x)" }
