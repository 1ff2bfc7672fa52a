import Testing
@testable import VitrineRetail

@Suite struct DemandMetricsTests {
    @Test func errorsOnAHandWorkedExample() {
        // |errors| 1, 0, 1, 4 over actual total 5; squares 1, 0, 1, 16; signed −1, 0, −1, 4.
        let errors = ForecastErrors(predicted: [1, 2, 0, 4], actual: [2, 2, 1, 0])
        #expect(errors.count == 4)
        #expect(abs(errors.wape - 1.2) < 1e-12)
        #expect(abs(errors.rmse - (4.5).squareRoot()) < 1e-12)
        #expect(abs(errors.bias - 0.4) < 1e-12)
        let firstTwo = ForecastErrors(predicted: [1, 2, 0, 4], actual: [2, 2, 1, 0]) { $0 < 2 }
        #expect(firstTwo.count == 2 && abs(firstTwo.wape - 0.25) < 1e-12 && abs(firstTwo.bias + 0.25) < 1e-12)
    }

    @Test func errorsWithoutSalesAreUndefinedNotZero() {
        // Actual sales 0, 0, 0; predictions 0, 1, 2: |errors| 3, squares 5, signed 3, Σ|y| = 0.
        // WAPE and bias divide by Σ|y|: undefined. RMSE = √(5 / 3) is still defined.
        let errors = ForecastErrors(predicted: [0, 1, 2], actual: [0, 0, 0])
        #expect(errors.count == 3 && errors.actualTotal == 0)
        #expect(errors.wape.isNaN && errors.bias.isNaN)
        #expect(!errors.isDefined)
        #expect(abs(errors.rmse - (5.0 / 3).squareRoot()) < 1e-12)
        // A forecast of nothing against nothing is not a perfect 0 either.
        let nothing = ForecastErrors(predicted: [0, 0], actual: [0, 0])
        #expect(nothing.wape.isNaN && nothing.bias.isNaN && nothing.rmse == 0)
        // No cells at all: RMSE is undefined too.
        let empty = ForecastErrors(predicted: [1, 2], actual: [3, 4]) { _ in false }
        #expect(empty.count == 0 && empty.wape.isNaN && empty.bias.isNaN && empty.rmse.isNaN)
        // One sale makes everything defined: |errors| 0 + 1 + 1 = 2 over Σ|y| = 1; signed 0 + 1 − 1 = 0.
        let one = ForecastErrors(predicted: [0, 1, 0], actual: [0, 0, 1])
        #expect(one.isDefined && one.wape == 2 && one.bias == 0)
    }

    @Test func reportSplitsAndAggregatesLikeANaiveLoop() throws {
        let data = RetailFixtures.small
        var options = FeatureTableOptions()
        options.products = nil
        let table = try RetailFeatureBuilder(dataset: data, options: options).table(days: 300..<420)
        let expected = Array(try table.column("expected_quantity")), actual = Array(try table.column("quantity"))
        let report = try DemandReport(predicted: expected, table: table)
        let promo = Array(try table.column("promo_any")), spike = Array(try table.column("spike")), launched = Array(try table.column("launched"))
        let live = (0..<table.rowCount).filter { launched[$0] > 0 }
        #expect(report.overall.count == live.count)
        #expect(report.promotionDays.count == live.filter { promo[$0] > 0 }.count)
        #expect(report.spikeDays?.count == live.filter { spike[$0] > 0 }.count)
        #expect(report.regularDays.count == live.filter { promo[$0] == 0 && spike[$0] == 0 }.count)
        #expect(report.promotionDays.count > 0 && (report.spikeDays?.count ?? 0) > 0)
        // Product-week WAPE, naively: 120 days = 17 whole weeks per product.
        var absolute = 0.0, total = 0.0
        for position in table.products.indices {
            for week in 0..<17 {
                var p = 0.0, y = 0.0
                for day in 0..<7 {
                    let row = table.row(position: position, day: 300 + week * 7 + day)
                    if launched[row] > 0 { p += Double(expected[row]); y += Double(actual[row]) }
                }
                absolute += abs(p - y); total += y
            }
        }
        #expect(abs(report.productWeekWAPE - absolute / total) < 1e-4)
        // Aggregating cancels noise: the truth does much better per product-week than per product-day.
        #expect(report.productWeekWAPE < report.overall.wape)
        // Category-day WAPE, naively.
        var byCategory: [Int: (p: Double, y: Double)] = [:]
        for (position, product) in table.products.enumerated() {
            for day in 300..<420 {
                let row = table.row(position: position, day: day), key = data.catalog.products[product].category * 1000 + day
                if launched[row] > 0 { byCategory[key, default: (0, 0)].p += Double(expected[row]); byCategory[key, default: (0, 0)].y += Double(actual[row]) }
            }
        }
        let categoryWAPE = byCategory.values.reduce(0.0) { $0 + abs($1.p - $1.y) } / byCategory.values.reduce(0.0) { $0 + $1.y }
        #expect(abs(report.categoryDayWAPE - categoryWAPE) < 1e-4)
        let perfect = try DemandReport(predicted: actual, table: table)
        #expect(perfect.overall.wape == 0 && perfect.categoryDayWAPE == 0 && perfect.productWeekWAPE == 0)
        #expect(throws: RetailDataError.self) { try DemandReport(predicted: [1, 2], table: table) }
    }
}
