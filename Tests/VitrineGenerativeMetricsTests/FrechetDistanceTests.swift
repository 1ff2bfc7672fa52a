import Testing
@testable import VitrineGenerativeMetrics

/// FID on sets whose sample moments are worked out by hand.
@Suite struct FrechetDistanceTests {
    @Test func oneDimensionalSetsGiveSquaredMeanAndStandardDeviationDifferences() throws {
        // Real 1, 2, 3, 4: mean 2.5, unbiased variance (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3.
        // Generated 2, 4, 6, 8: mean 5, variance 4 · 5/3 = 20/3. In 1-D the FID is
        // (μ_r − μ_g)² + (σ_r − σ_g)² = 6.25 + (√(5/3) − 2√(5/3))² = 6.25 + 5/3.
        let result = try FrechetInceptionDistance.compute(real: features([[1], [2], [3], [4]]),
                                                          generated: features([[2], [4], [6], [8]]))
        #expect(abs(result.value - (6.25 + 5.0 / 3)) < 1e-12, "\(result)")
        #expect(abs(result.meanTerm - 6.25) < 1e-12)
    }

    @Test func diagonalCovariancesGivePerAxisDifferences() throws {
        // The four corners (±1, ±1): mean 0, covariance diag(4/3, 4/3) (off-diagonal sums cancel).
        // Corners (±2, ±3) shifted by (1, 0): mean (1, 0), covariance diag(16/3, 12).
        // FID = 1 + (√(4/3) − √(16/3))² + (√(4/3) − √12)² = 1 + 4/3 · 1 + 4/3 · 4 = 1 + 20/3.
        let real = try features([[1, 1], [1, -1], [-1, 1], [-1, -1]])
        let generated = try features([[3, 3], [3, -3], [-1, 3], [-1, -3]])
        let result = try FrechetInceptionDistance.compute(real: real, generated: generated)
        #expect(abs(result.value - (1 + 20.0 / 3)) < 1e-12, "\(result)")
    }

    @Test func identicalSetsAreAtZeroAndAShiftCostsItsSquaredLength() throws {
        let real = try gaussianFeatures(count: 400, dimension: 12, seed: 3)
        let same = try FrechetInceptionDistance.compute(real: real, generated: real)
        #expect(abs(same.value) < 1e-9, "\(same)")
        // Adding 0.5 to every feature moves the mean by (0.5, …) and leaves the covariance:
        // FID = 12 · 0.25 = 3 (up to float32 rounding of the shifted values).
        let shifted = try FeatureSet(count: real.count, dimension: real.dimension, values: real.values.map { $0 + 0.5 })
        let moved = try FrechetInceptionDistance.compute(real: real, generated: shifted)
        #expect(abs(moved.value - 3) < 1e-4, "\(moved)")
    }

    @Test func swappingTheSetsGivesTheSameDistance() throws {
        // FID is symmetric, but the computation is not: it decomposes the real covariance and
        // conjugates the generated one. Either order must agree to rounding.
        let a = try gaussianFeatures(count: 300, dimension: 10, seed: 14)
        let b = try gaussianFeatures(count: 200, dimension: 10, seed: 15, shift: 0.1, scale: 0.8)
        let ab = try FrechetInceptionDistance.compute(real: a, generated: b).value
        let ba = try FrechetInceptionDistance.compute(real: b, generated: a).value
        #expect(abs(ab - ba) <= 1e-10 * ab, "\(ab) vs \(ba)")
    }

    @Test func precomputedStatisticsGiveTheSameDistance() throws {
        let real = try gaussianFeatures(count: 300, dimension: 8, seed: 4)
        let generated = try gaussianFeatures(count: 250, dimension: 8, seed: 5, shift: 0.2, scale: 1.3)
        let direct = try FrechetInceptionDistance.compute(real: real, generated: generated)
        let stats = try GaussianStatistics(real)
        let copied = try GaussianStatistics(count: stats.count, mean: stats.mean, covariance: stats.covariance)
        let cached = try FrechetInceptionDistance.distance(real: copied, generated: GaussianStatistics(generated, role: .generated))
        #expect(direct.value == cached.value)
    }

    @Test func fewerSamplesThanDimensionsClampsRoundingNegativeEigenvalues() throws {
        // 5 samples in 20 dimensions: both covariances have rank ≤ 4, so most eigenvalues are
        // exact zeros that rounding scatters around 0; the result must stay finite and ≥ 0.
        let real = try gaussianFeatures(count: 5, dimension: 20, seed: 6)
        let generated = try gaussianFeatures(count: 5, dimension: 20, seed: 7)
        let result = try FrechetInceptionDistance.compute(real: real, generated: generated)
        #expect(result.value.isFinite && result.value > 0, "\(result)")
        #expect(result.clampedEigenvalues > 0 && result.mostNegativeEigenvalue > -1e-10, "\(result)")
    }

    /// A seeded sanity check of scale: two halves of one distribution are much closer than the
    /// distribution and a shifted copy of it.
    @Test func halvesOfOneSetAreCloserThanAShiftedSet() throws {
        let all = try gaussianFeatures(count: 4000, dimension: 16, seed: 8)
        let half = all.count / 2 * all.dimension
        let first = try FeatureSet(count: all.count / 2, dimension: 16, values: Array(all.values[..<half]))
        let second = try FeatureSet(count: all.count / 2, dimension: 16, values: Array(all.values[half...]))
        let shifted = try gaussianFeatures(count: 2000, dimension: 16, seed: 9, shift: 0.5)
        let between = try FrechetInceptionDistance.compute(real: first, generated: second).value
        let away = try FrechetInceptionDistance.compute(real: first, generated: shifted).value
        // The shift alone contributes 16 · 0.25 = 4; sampling noise between halves is ~D²/N.
        #expect(between < 0.1 * away, "halves \(between), shifted \(away)")
        #expect(away > 3.5, "shifted \(away)")
    }
}
