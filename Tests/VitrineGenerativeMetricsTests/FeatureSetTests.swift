import Testing
import VitrineEngine
@testable import VitrineGenerativeMetrics

/// The three ways to build a feature set hold the same row-major values.
@Suite struct FeatureSetTests {
    @Test func rowsTensorAndFlatArrayAgree() throws {
        let rows: [[Float]] = [[1, 2, 3], [4, 5, 6]]
        let flat = try FeatureSet(count: 2, dimension: 3, values: [1, 2, 3, 4, 5, 6])
        let fromRows = try FeatureSet(rows: rows)
        let fromTensor = try FeatureSet(Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]))
        for set in [fromRows, fromTensor] {
            #expect(set.count == 2 && set.dimension == 3 && set.values == flat.values)
        }
    }

    @Test func doubleRowsGatherTheRequestedRowsInOrder() throws {
        let set = try FeatureSet(rows: [[1, 2], [3, 4], [5, 6]])
        #expect(set.doubleRows([2, 0]).values == [5, 6, 1, 2])
        #expect(set.doubleRows().values == [1, 2, 3, 4, 5, 6])
    }
}
