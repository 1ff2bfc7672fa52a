import Foundation
import VitrineData
@testable import VitrineRegression

/// Vitrine's fits of the models in a statsmodels results file (scripts/make_regression_fixtures.py),
/// compared number by number.
struct StatsmodelsComparison {
    /// Every compared quantity that deviates by more than the tolerance: "main/HC1/bse[C(style)[T.worn]]: …".
    var mismatches: [String] = []
    /// Summaries that differ from statsmodels' `summary(slim=True)`, with both texts.
    var summaryMismatches: [String] = []
    /// The largest relative deviation over everything compared, and where.
    var maxDeviation = 0.0
    var maxDeviationAt = ""
    var compared = 0
    /// The largest relative deviation of each kind of quantity ("params", "cluster/bse", "rsquared", ...).
    var maxDeviationByQuantity: [String: Double] = [:]

    init(expected: JSONValue, table: RegressionTable, tolerance: Double) throws {
        let styleLevels = expected["style_levels"]!.texts
        let clusters = try CovarianceType.cluster(by: expected["cluster_column"]!.text!, in: table)
        guard case let .object(models) = expected["models"]! else { throw RegressionError.badTable("fixture", "no models") }
        for model in models {
            let e = model.value
            let formula = formula(fromFixtureTerms: e["terms"]!, styleLevels: styleLevels)
            let design = try DesignMatrix.build(formula, from: table)
            let names = e["names"]!.texts
            if design.columnNames != names {
                mismatches.append("\(model.key): columns \(design.columnNames) but statsmodels has \(names)")
                continue
            }
            let fit = try OLSFit.fit(design)
            func check(_ what: String, _ ours: Double, _ theirs: Double) {
                compared += 1
                let deviation = relativeDeviation(ours, theirs)
                let quantity = String(what.prefix { $0 != "[" })
                maxDeviationByQuantity[quantity] = max(maxDeviationByQuantity[quantity] ?? 0, deviation)
                if deviation > maxDeviation || (deviation.isNaN && !maxDeviation.isNaN) {
                    maxDeviation = deviation
                    maxDeviationAt = "\(model.key)/\(what)"
                }
                if !(deviation <= tolerance) { mismatches.append("\(model.key)/\(what): \(ours) vs statsmodels \(theirs)") }
            }
            func checkAll(_ what: String, _ ours: [Double], _ theirs: [Double]) {
                for (j, name) in names.enumerated() { check("\(what)[\(name)]", ours[j], theirs[j]) }
            }
            checkAll("params", fit.coefficients, e["params"]!.numbers)
            check("nobs", Double(fit.observationCount), e["nobs"]!.numberOrNaN)
            check("df_model", Double(fit.modelDegreesOfFreedom), e["df_model"]!.numberOrNaN)
            check("df_resid", Double(fit.residualDegreesOfFreedom), e["df_resid"]!.numberOrNaN)
            check("k_constant", fit.hasConstant ? 1 : 0, e["k_constant"]!.numberOrNaN)
            check("rsquared", fit.rSquared, e["rsquared"]!.numberOrNaN)
            check("rsquared_adj", fit.adjustedRSquared, e["rsquared_adj"]!.numberOrNaN)
            check("ssr", fit.residualSumOfSquares, e["ssr"]!.numberOrNaN)
            check("llf", fit.logLikelihood, e["llf"]!.numberOrNaN)
            check("aic", fit.aic, e["aic"]!.numberOrNaN)
            check("bic", fit.bic, e["bic"]!.numberOrNaN)
            check("condition_number", fit.conditionNumber, e["condition_number"]!.numberOrNaN)
            for (key, type) in [("nonrobust", CovarianceType.classical), ("HC1", .hc1), ("cluster", clusters)] {
                let s = e["fits"]![key]!
                let inference = try fit.inference(type)
                let rows = inference.coefficients
                let usesT = inference.distribution != .standardNormal
                if usesT != (s["use_t"]! == .bool(true)) { mismatches.append("\(model.key)/\(key): use_t \(usesT)") }
                checkAll("\(key)/bse", rows.map(\.standardError), s["bse"]!.numbers)
                checkAll("\(key)/tvalues", rows.map(\.statistic), s["tvalues"]!.numbers)
                checkAll("\(key)/pvalues", rows.map(\.pValue), s["pvalues"]!.numbers)
                checkAll("\(key)/conf_int_lower", rows.map(\.lower), s["conf_int_lower"]!.numbers)
                checkAll("\(key)/conf_int_upper", rows.map(\.upper), s["conf_int_upper"]!.numbers)
                check("\(key)/fvalue", inference.fTest.statistic, s["fvalue"]!.numberOrNaN)
                check("\(key)/f_pvalue", inference.fTest.pValue, s["f_pvalue"]!.numberOrNaN)
                if s["f_df_num"]! != .null {
                    check("\(key)/f_df_num", Double(inference.fTest.numeratorDegreesOfFreedom), s["f_df_num"]!.numberOrNaN)
                    check("\(key)/f_df_denom", Double(inference.fTest.denominatorDegreesOfFreedom), s["f_df_denom"]!.numberOrNaN)
                }
                var ours = inference.summary, theirs = s["summary_slim"]!.text!
                if !fit.hasConstant {
                    // statsmodels' slim header drops R² when it is uncentered (its filter looks for the
                    // label "R-squared:"); Vitrine keeps it, so compare from the coefficient table on.
                    ours = ours.components(separatedBy: "\n").dropFirst(6).joined(separator: "\n")
                    theirs = theirs.components(separatedBy: "\n").dropFirst(6).joined(separator: "\n")
                }
                if ours != theirs {
                    summaryMismatches.append("\(model.key)/\(key):\n--- Vitrine\n\(ours)\n--- statsmodels\n\(theirs)")
                }
            }
        }
    }
}

extension JSONValue {
    /// The strings of an array.
    var texts: [String] {
        guard case let .array(items) = self else { return [] }
        return items.compactMap(\.text)
    }
}
