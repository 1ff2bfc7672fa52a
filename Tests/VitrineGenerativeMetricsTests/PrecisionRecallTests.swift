import Testing
@testable import VitrineGenerativeMetrics

/// Precision and recall on a 2-D point set worked by hand. Integer coordinates keep every
/// squared distance exact in Double, so the boundary case (distance = radius) is tested as is.
@Suite struct PrecisionRecallTests {
    // Real: three points near the origin and an outlier at (10, 10).
    // Squared 1-NN radii: (0,0) → 1, (1,0) → 1, (0,1) → 1, (10,10) → 181 (to (1,0) or (0,1)).
    let real: [[Float]] = [[0, 0], [1, 0], [0, 1], [10, 10]]
    // Generated: three points near the origin and a far pair at (40, 0), (41, 0).
    // Squared 1-NN radii: (2,0) → 10 (to (3,3)), (3,3) → 10, (−2,−2) → 20 (to (2,0)),
    // (40,0) → 1, (41,0) → 1.
    let generated: [[Float]] = [[2, 0], [3, 3], [-2, -2], [40, 0], [41, 0]]

    @Test func firstNeighbourByHand() throws {
        let result = try PrecisionRecall.compute(real: features(real), generated: features(generated), k: 1)
        // Precision: (2,0) is at squared distance 1 from (1,0), exactly on its ball's boundary → in;
        // (3,3) is 98 ≤ 181 from the outlier → in (an outlier's wide ball is the metric's known
        // weakness); (−2,−2) is 8, 13, 13, 288 from the real points → out; the far pair → out.
        // 2 of 5.
        #expect(result.precision == 0.4, "\(result)")
        // Recall: (0,0) is 4 ≤ 10 from (2,0), (1,0) is 1, (0,1) is 5 → in; (10,10) is 98 from
        // (3,3) (radius 10), 164 from (2,0), 288 from (−2,−2) (20), ≥ 900 from the far pair → out.
        // 3 of 4.
        #expect(result.recall == 0.75, "\(result)")
    }

    @Test func radiiAreTheKthNearestOtherSample() throws {
        let rows = try features(real).doubleRows()
        #expect(try PrecisionRecall.kthNeighbourSquaredRadii(rows, k: 1) == [1, 1, 1, 181])
        // Second nearest: (0,0) → 1 (both neighbours at 1), (1,0) → 2 ((0,1)), (0,1) → 2, (10,10) → 181.
        #expect(try PrecisionRecall.kthNeighbourSquaredRadii(rows, k: 2) == [1, 2, 2, 181])
        // Third (the default k): (0,0) → 200, (1,0) → 181, (0,1) → 181, (10,10) → 200.
        #expect(try PrecisionRecall.kthNeighbourSquaredRadii(rows, k: 3) == [200, 181, 181, 200])
    }

    @Test func aDuplicateIsAnotherSampleAtDistanceZero() throws {
        // The sample itself is excluded by index, not by distance: its exact copy is its nearest
        // neighbour, so the 1-NN radius is 0, and only points exactly on it are inside.
        let rows = try features([[0, 0], [0, 0], [5, 0]]).doubleRows()
        #expect(try PrecisionRecall.kthNeighbourSquaredRadii(rows, k: 1) == [0, 0, 25])
    }

    @Test func identicalSetsHaveFullPrecisionAndRecall() throws {
        let set = try gaussianFeatures(count: 200, dimension: 5, seed: 21)
        let result = try PrecisionRecall.compute(real: set, generated: set)
        #expect(result == PrecisionRecall.Result(precision: 1, recall: 1, k: 3))
    }

    @Test func smallBlocksGiveTheSameRadiiAsOneBlock() throws {
        // forEachGramBlock's bound on memory must not change results: force 7-row blocks.
        let rows = try gaussianFeatures(count: 60, dimension: 4, seed: 22).doubleRows()
        var blocked = [Double](), whole = [Double]()
        try rows.forEachGramBlock(with: rows, maxEntries: 7 * 60) { _, gram in blocked += Array(gram) }
        try rows.forEachGramBlock(with: rows) { _, gram in whole += Array(gram) }
        #expect(blocked.count == whole.count)
        #expect(zip(blocked, whole).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
    }
}
