import Testing
import VitrineEngine
@testable import VitrineTrees

@Suite("Binning")
struct BinningTests {
    /// Few distinct values: one bin each, edges halfway between neighbours; NaN has its own code.
    @Test func distinctValuesGetABinEach() throws {
        let matrix = try FeatureMatrix(columns: [[3, 1, 2, .nan, 2, 10]])
        let bins = FeatureBins(fitting: matrix, maxBins: 255, sampleSize: 1000, seed: 0)
        #expect(bins.edges == [[1.5, 2.5, 6.5]])
        let binned = try bins.bin(matrix)
        #expect(binned.codes == [2, 0, 1, 255, 1, 3])
        #expect(bins.code(-.infinity, feature: 0) == 0)
        #expect(bins.code(.infinity, feature: 0) == 3)
        #expect(bins.code(1.5, feature: 0) == 0)
    }

    /// Many distinct values: at most max_bins bins of roughly equal counts.
    @Test func quantileBinsHaveEqualCounts() throws {
        let generator = Generator(seed: 1)
        let values = (0..<10_000).map { _ in Float(generator.normal()) }
        let matrix = try FeatureMatrix(columns: [values])
        let bins = FeatureBins(fitting: matrix, maxBins: 16, sampleSize: 100_000, seed: 0)
        #expect(bins.valueBins(0) == 16)
        var counts = [Int](repeating: 0, count: 16)
        for code in try bins.bin(matrix).codes { counts[Int(code)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 625) <= 2 }, "\(counts)")
    }

    /// "code ≤ t" and "value ≤ threshold(t)" agree for every value and every bin, which is what
    /// makes prediction on raw values route rows as training did.
    @Test func thresholdsMatchCodes() throws {
        let generator = Generator(seed: 2)
        let values = (0..<3000).map { _ in Float(generator.uniform() * 100).rounded() / 4 }
        let matrix = try FeatureMatrix(columns: [values])
        let bins = FeatureBins(fitting: matrix, maxBins: 40, sampleSize: 500, seed: 3)
        for value in values {
            let code = bins.code(value, feature: 0)
            for bin in 0..<bins.valueBins(0) {
                #expect((Int(code) <= bin) == (value <= bins.threshold(feature: 0, bin: bin)))
            }
        }
    }

    /// A constant feature has one bin and is never split on.
    @Test func constantFeatureNeverSplits() throws {
        let (features, target) = try sineTable(rows: 200, seed: 4)
        let constant = try FeatureMatrix(rows: 200, features: 3,
                                         columnMajor: [Float](repeating: 7, count: 200) + features.values)
        let bins = FeatureBins(fitting: constant, maxBins: 255, sampleSize: 1000, seed: 0)
        #expect(bins.valueBins(0) == 1)
        let model = try GradientBoostedTrees.fit(features: constant, target: target,
                                                 parameters: BoostingParameters(maxIterations: 5, minSamplesLeaf: 5))
        #expect(model.featureImportance.splits[0] == 0)
        #expect(model.featureImportance.splits[1] > 0)
    }

    /// The bin sample takes exactly the requested number of distinct rows, spread over the
    /// whole table (each tenth of it gets about a tenth of the sample).
    @Test func binSampleIsExactAndSpread() {
        let rows = FeatureBins.sampleRows(count: 100_000, sampleSize: 2000, seed: 5)
        #expect(rows.count == 2000)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 })
        #expect(rows.first! >= 0 && rows.last! < 100_000)
        for tenth in 0..<10 {
            let inTenth = rows.filter { $0 / 10_000 == tenth }.count
            #expect(abs(inTenth - 200) < 60, "tenth \(tenth): \(inTenth)")
        }
        #expect(FeatureBins.sampleRows(count: 100_000, sampleSize: 2000, seed: 6) != rows)
        #expect(FeatureBins.sampleRows(count: 50, sampleSize: 2000, seed: 5) == Array(0..<50))
    }

    /// Row-major input is transposed: the same matrix as from its columns.
    @Test func rowMajorInputIsTransposed() throws {
        let fromRows = try FeatureMatrix(rows: 3, features: 2, rowMajor: [1, 10, 2, 20, 3, .nan])
        let fromColumns = try FeatureMatrix(columns: [[1, 2, 3], [10, 20, .nan]])
        #expect(fromRows.values.map(\.bitPattern) == fromColumns.values.map(\.bitPattern))
        #expect(fromRows[1, 1] == 20)
        #expect(throws: TreesError.self) { try FeatureMatrix(rows: 3, features: 2, rowMajor: [1, 2]) }
    }
}
