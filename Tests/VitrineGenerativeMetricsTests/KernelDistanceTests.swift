import Testing
import VitrineEngine
@testable import VitrineGenerativeMetrics

/// KID on sets small enough to sum the kernel by hand, and seeded checks of its scale.
@Suite struct KernelDistanceTests {
    @Test func shiftedPairByHand() throws {
        // D = 1, so k(x, y) = (xy + 1)³. Real {0, 1}, generated {1, 2}.
        // Real pairs i ≠ j: k(0, 1) twice = 2, over m(m − 1) = 2 → 1.
        // Generated pairs: k(1, 2) = 27 twice = 54, over 2 → 27.
        // Cross: k(0, 1) + k(0, 2) + k(1, 1) + k(1, 2) = 1 + 1 + 8 + 27 = 37; 2 · 37 / 4 = 18.5.
        // MMD²_u = 1 + 27 − 18.5 = 9.5.
        let value = try KernelInceptionDistance.mmd2(real: features([[0], [1]]), generated: features([[1], [2]]))
        #expect(abs(value - 9.5) < 1e-12)
        // Subsets of 2 out of 2 take everything, in some order; the sums do not depend on it.
        let sampled = try KernelInceptionDistance.compute(real: features([[0], [1]]), generated: features([[1], [2]]),
                                                          subsets: 3, generator: Generator(seed: 1))
        #expect(sampled.subsetSize == 2 && sampled.subsetValues.allSatisfy { abs($0 - 9.5) < 1e-12 })
        #expect(abs(sampled.mean - 9.5) < 1e-12 && sampled.standardDeviation < 1e-12)
    }

    @Test func identicalTinySetsAreNegativeBecauseTheEstimateIsUnbiased() throws {
        // X = Y = {0, 1}: 1 + 1 − 2 (1 + 1 + 1 + 8) / 4 = −3.5. A biased (V-statistic) estimate
        // would give exactly 0; the unbiased one leaves the diagonal k(x_i, x_i) out of the
        // within-set means but not out of the cross mean.
        let x = try features([[0], [1]])
        #expect(abs(try KernelInceptionDistance.mmd2(real: x, generated: x) - -3.5) < 1e-12)
    }

    @Test func sameDistributionIsNearZeroAndAShiftIsNot() throws {
        let real = try gaussianFeatures(count: 1200, dimension: 16, seed: 11)
        let other = try gaussianFeatures(count: 1200, dimension: 16, seed: 12)
        let shifted = try gaussianFeatures(count: 1200, dimension: 16, seed: 13, shift: 0.5)
        let same = try KernelInceptionDistance.compute(real: real, generated: other, subsets: 10, subsetSize: 500,
                                                       generator: Generator(seed: 2))
        let away = try KernelInceptionDistance.compute(real: real, generated: shifted, subsets: 10, subsetSize: 500,
                                                       generator: Generator(seed: 2))
        #expect(abs(same.mean) < 0.05 * away.mean, "same \(same), shifted \(away)")
        #expect(away.mean > 10 * away.standardDeviation, "shifted \(away)")
    }

    @Test func lowerTriangleBlocksSumEveryDistinctPairOnce() throws {
        // The within-set sum computes only j < i, block by block, and doubles it: against a
        // naive sum over all i ≠ j, with 5-row blocks forced so several blocks are exercised.
        let x = try gaussianFeatures(count: 23, dimension: 6, seed: 14).doubleRows()
        var naive = 0.0
        for i in 0..<x.count {
            for j in 0..<x.count where i != j {
                var g = 0.0
                for c in 0..<x.dimension { g += x.values[i * x.dimension + c] * x.values[j * x.dimension + c] }
                naive += KernelInceptionDistance.kernel(g, 1 / Double(x.dimension))
            }
        }
        let blocked = try KernelInceptionDistance.withinSetKernelSum(x, maxEntries: 5 * x.count)
        #expect(abs(blocked - naive) <= 1e-12 * naive, "blocked \(blocked), naive \(naive)")
    }

    @Test func subsetsAreDistinctRowsAndReproducible() throws {
        let a = try KernelInceptionDistance.subsetIndices(realCount: 50, generatedCount: 30, subsets: 4, subsetSize: 40,
                                                          generator: Generator(seed: 3))
        let b = try KernelInceptionDistance.subsetIndices(realCount: 50, generatedCount: 30, subsets: 4, subsetSize: 40,
                                                          generator: Generator(seed: 3))
        #expect(a == b)
        for subset in a {
            // min(40, 50, 30) = 30 rows from each set, no repeats, all in range.
            #expect(subset.real.count == 30 && Set(subset.real).count == 30 && subset.real.allSatisfy { (0..<50).contains($0) })
            #expect(subset.generated.count == 30 && Set(subset.generated) == Set(0..<30))
        }
        #expect(a[0].real != a[1].real)
    }
}
