import Foundation

/// The distribution a coefficient's `estimate / std err` is referred to.
public enum ReferenceDistribution: Equatable {
    case studentT(degreesOfFreedom: Int)
    case standardNormal

    /// `P(|X| ≥ |x|)`.
    public func twoSidedPValue(_ x: Double) -> Double {
        switch self {
        case let .studentT(df): return StudentTDistribution(degreesOfFreedom: Double(df)).twoSidedPValue(x)
        case .standardNormal: return StandardNormal.twoSidedPValue(x)
        }
    }

    public func quantile(_ p: Double) -> Double {
        switch self {
        case let .studentT(df): return StudentTDistribution(degreesOfFreedom: Double(df)).quantile(p)
        case .standardNormal: return StandardNormal.quantile(p)
        }
    }
}

/// One row of the coefficient table: coef, std err, t (or z), P>|t|, and the interval.
public struct CoefficientEstimate: Equatable {
    public let name: String
    public let estimate: Double
    public let standardError: Double
    /// `estimate / standardError`.
    public let statistic: Double
    public let pValue: Double
    public let lower: Double
    public let upper: Double
}

/// Standard errors, tests and intervals of an OLS fit under one covariance type.
public struct RegressionInference {
    public let fit: OLSFit
    public let covarianceType: CovarianceType
    /// Row-major `[K, K]`, design column order.
    public let covariance: [Double]
    public let distribution: ReferenceDistribution
    /// The intervals are `1 − alpha` confidence intervals.
    public let alpha: Double
    public let coefficients: [CoefficientEstimate]
    public let fTest: OverallFTest
    /// G, for cluster-robust errors.
    public let clusterCount: Int?

    /// The row of the coefficient called `name`.
    public func coefficient(_ name: String) throws -> CoefficientEstimate {
        coefficients[try fit.index(of: name)]
    }

    /// The estimated variance of the coefficient called `name`.
    public func variance(of name: String) throws -> Double {
        let j = try fit.index(of: name)
        return covariance[j * fit.parameterCount + j]
    }
}

extension OLSFit {
    /// Inference under `type`, with statsmodels' defaults: classical errors are referred to
    /// Student's t with N − K degrees of freedom, robust ones (HC1, cluster) to the standard
    /// normal (`use_t=False`). With `useT: true`, HC1 uses t(N − K) and cluster t(G − 1)
    /// (statsmodels' `df_correction`). The F test always uses the F distribution, with G − 1
    /// denominator degrees of freedom for clusters.
    /// The intervals cover `1 − alpha` (statsmodels' `alpha`, so that the summary's column
    /// headings `[0.025` and `0.975]` come out as its do).
    public func inference(_ type: CovarianceType = .classical, useT: Bool? = nil, alpha: Double = 0.05) throws -> RegressionInference {
        guard alpha > 0, alpha < 1 else {
            throw RegressionError.underdetermined("alpha, one minus the confidence level, must lie strictly between 0 and 1, got \(alpha)")
        }
        let covariance = try self.covariance(type)
        var clusterCount: Int? = nil
        var inferenceDegreesOfFreedom = residualDegreesOfFreedom
        if case let .cluster(_, labels) = type {
            let g = Set(labels).count
            clusterCount = g
            inferenceDegreesOfFreedom = g - 1
        }
        let distribution: ReferenceDistribution =
            useT ?? (type == .classical) ? .studentT(degreesOfFreedom: inferenceDegreesOfFreedom) : .standardNormal
        let critical = distribution.quantile(1 - alpha / 2)
        let k = parameterCount
        let rows = (0..<k).map { j -> CoefficientEstimate in
            let estimate = coefficients[j], se = covariance[j * k + j].squareRoot()
            let statistic = estimate / se
            return CoefficientEstimate(name: design.columnNames[j], estimate: estimate, standardError: se, statistic: statistic,
                                       pValue: distribution.twoSidedPValue(statistic),
                                       lower: estimate - critical * se, upper: estimate + critical * se)
        }
        let fTest = type == .classical
            ? OverallFTest.classical(self)
            : try OverallFTest.wald(self, covariance: covariance, denominator: inferenceDegreesOfFreedom)
        return RegressionInference(fit: self, covarianceType: type, covariance: covariance, distribution: distribution,
                                   alpha: alpha, coefficients: rows, fTest: fTest, clusterCount: clusterCount)
    }
}
