import Foundation
import Testing
import VitrineRetail
@testable import VitrineForecast

/// A tiny simulated retailer shared by the forecast tests (40 products × 90 days).
enum TinyRetailer {
    static let dataset: RetailDataset = {
        var config = RetailSimulatorConfig()
        config.products = 40
        config.days = 90
        config.seed = 5
        config.campaigns = 4
        return try! RetailSimulator(config).run()
    }()
}

@Suite struct RecursiveForecastTests {
    @Test func theFirstOutputDrivesTheLagsAndTheOthersSeeTheSameTables() throws {
        let builder = try RetailFeatureBuilder(dataset: TinyRetailer.dataset)
        let days = 60..<62
        var secondDayMeans: [Float] = [], revenueSawMeans: [Float] = []
        let values = try RecursiveForecast.run(builder: builder, days: days, outputs: [
            RecursiveForecast.Output(target: .quantity) { table in
                if table.days.lowerBound == 61 { secondDayMeans = Array(try table.column("sales_mean_7")) }
                return [Float](repeating: table.days.lowerBound == 60 ? 7 : 0, count: table.rowCount)
            },
            RecursiveForecast.Output(target: .revenue, ceiling: [Float](repeating: 2, count: builder.products.count)) { table in
                if table.days.lowerBound == 61 { revenueSawMeans = Array(try table.column("sales_mean_7")) }
                return [Float](repeating: 5, count: table.rowCount)
            },
        ])
        let realised = builder.salesHistory(knownDays: 60)
        let launched = Array(try builder.table(days: 60..<61).column("launched"))
        for position in builder.products.indices {
            // The 7-day window of day 61 holds days 54...60: six realised days and the forecast 7 units.
            var expected: Float = launched[position] > 0 ? 7 : 0
            for day in 54..<60 { expected += realised.quantity[position * builder.dataset.dayCount + day] }
            #expect(abs(secondDayMeans[position] - expected / 7) < 1e-5)
            // The revenue output is capped at its ceiling and zero before launch.
            #expect(values[1][position * 2] == (launched[position] > 0 ? 2 : 0))
        }
        #expect(revenueSawMeans == secondDayMeans)
    }

    @Test func aPredictorReturningTheWrongCountIsAnError() throws {
        let builder = try RetailFeatureBuilder(dataset: TinyRetailer.dataset)
        #expect(throws: ForecastError.self) {
            _ = try RecursiveForecast.run(builder: builder, days: 60..<61, target: .quantity) { _ in [1, 2] }
        }
        #expect(throws: ForecastError.self) { _ = try RecursiveForecast.run(builder: builder, days: 60..<61, outputs: []) }
    }
}
