import Testing
import VitrineEngine
@testable import VitrineGenerativeMetrics

/// Inputs the metrics refuse, each with its typed error and a message saying what to do.
@Suite struct InputErrorTests {
    @Test func tooFewSamplesForACovariance() throws {
        let one = try features([[1, 2]]), two = try features([[1, 2], [3, 4]])
        let error = #expect(throws: GenerativeMetricsError.self) {
            try FrechetInceptionDistance.compute(real: two, generated: one)
        }
        #expect(error == .tooFewSamples(set: .generated, count: 1, needed: 2,
                                        reason: "an unbiased covariance (N − 1 in the denominator)"))
        #expect(error?.description.contains("extract features for more images") == true)
    }

    @Test func mismatchedDimensions() throws {
        let a = try features([[1, 2], [3, 4], [5, 6], [7, 8]]), b = try features([[1], [2], [3], [4]])
        #expect(throws: GenerativeMetricsError.dimensionMismatch(real: 2, generated: 1)) {
            try FrechetInceptionDistance.compute(real: a, generated: b)
        }
        #expect(throws: GenerativeMetricsError.dimensionMismatch(real: 2, generated: 1)) {
            try KernelInceptionDistance.compute(real: a, generated: b, generator: Generator(seed: 0))
        }
        #expect(throws: GenerativeMetricsError.dimensionMismatch(real: 2, generated: 1)) {
            try PrecisionRecall.compute(real: a, generated: b)
        }
    }

    @Test func nonFiniteFeaturesAreLocated() throws {
        let good = try features([[1, 2], [3, 4], [5, 6], [7, 8]])
        let bad = try features([[1, 2], [3, 4], [5, .nan], [7, 8]])
        let error = #expect(throws: GenerativeMetricsError.self) {
            try PrecisionRecall.compute(real: good, generated: bad)
        }
        #expect(error == .nonFiniteFeature(set: .generated, row: 2, column: 1))
        #expect(throws: GenerativeMetricsError.nonFiniteFeature(set: .real, row: 2, column: 1)) {
            try FrechetInceptionDistance.compute(real: bad, generated: good)
        }
    }

    @Test func precomputedStatisticsAreChecked() {
        // A 2-value mean needs a 2 × 2 covariance.
        #expect(throws: GenerativeMetricsError.self) { try GaussianStatistics(count: 10, mean: [0, 0], covariance: [1, 0, 0]) }
        #expect(throws: GenerativeMetricsError.self) { try GaussianStatistics(count: 10, mean: [0, .infinity], covariance: [1, 0, 0, 1]) }
    }

    @Test func shapesAndParameters() throws {
        #expect(throws: GenerativeMetricsError.self) { try FeatureSet(count: 2, dimension: 3, values: [1, 2, 3]) }
        #expect(throws: GenerativeMetricsError.self) { try FeatureSet(rows: [[1, 2], [3]]) }
        #expect(throws: GenerativeMetricsError.self) { try FeatureSet(Tensor(zeros: [2, 3, 4])) }
        let set = try features([[0], [1], [2]])
        #expect(throws: GenerativeMetricsError.tooFewSamples(set: .real, count: 3, needed: 4,
                                                             reason: "a k-nearest-neighbour radius with k = 3")) {
            try PrecisionRecall.compute(real: set, generated: set)
        }
        #expect(throws: GenerativeMetricsError.self) {
            try KernelInceptionDistance.compute(real: set, generated: set, subsets: 0, generator: Generator(seed: 0))
        }
        #expect(throws: GenerativeMetricsError.self) {
            try KernelInceptionDistance.mmd2(real: set, generated: features([[1]]))
        }
    }
}
