import Foundation
import Testing
@testable import VitrineRetail

/// The feature table against naive recomputations from the orders, and the recursive API.
@Suite struct FeatureTableTests {
    private let data = RetailFixtures.small

    private func options(_ products: [Int]? = nil, view: CategoricalView = .codes) -> FeatureTableOptions {
        var options = FeatureTableOptions()
        options.products = nil
        options.productIndices = products
        options.categorical = view
        return options
    }

    /// Units per (product, day) straight from the order lines.
    private func naiveUnits() -> [[Double]] {
        var units = [[Double]](repeating: [Double](repeating: 0, count: data.dayCount), count: data.catalog.count)
        for line in 0..<data.lines.count {
            units[data.lines.productIndices[line]][data.orders.days[data.lines.orderIndices[line]]] += Double(data.lines.quantities[line])
        }
        return units
    }

    private func value(_ table: FeatureTable, _ name: String, position: Int, day: Int) throws -> Float {
        let column = try table.column(name)
        return column[column.startIndex + table.row(position: position, day: day)]
    }

    @Test func categoricalViewsAgree() throws {
        let builder = try RetailFeatureBuilder(dataset: data, options: options([0, 5, 9], view: .both))
        let table = try builder.table(days: 0..<3)
        let categories = data.catalog.vocabulary.categories
        #expect(table.columns.first { $0.name == "category" }?.encoding == .categorical(cardinality: categories.count))
        for (position, product) in [0, 5, 9].enumerated() {
            let code = try value(table, "category", position: position, day: 1)
            #expect(Int(code) == data.catalog.products[product].category)
            let flags = try categories.map { try value(table, "category=\($0)", position: position, day: 1) }
            #expect(flags.reduce(0, +) == 1)
            #expect(flags[Int(code)] == 1)
        }
        let codesOnly = try RetailFeatureBuilder(dataset: data, options: options([0], view: .codes))
        #expect(!codesOnly.columns.contains { $0.name.hasPrefix("category=") })
        let oneHot = try RetailFeatureBuilder(dataset: data, options: options([0], view: .oneHot))
        #expect(!oneHot.columns.contains { $0.name == "category" })
        #expect(oneHot.columns.contains { $0.name == "weekday=sat" })
    }

    @Test func lagsAreTrailingMeansWithoutLookAhead() throws {
        let products = [1, 7, 20, 33]
        let table = try RetailFeatureBuilder(dataset: data, options: options(products)).table(days: 0..<data.dayCount)
        let units = naiveUnits()
        let plan = data.promotionCalendar
        for (position, product) in products.enumerated() {
            for day in [0, 1, 6, 7, 29, 31, 200, 365, 366, 419] {
                for window in [7, 30, 365] {
                    let from = max(0, day - window)
                    let mean = day > from ? (from..<day).reduce(0.0) { $0 + units[product][$1] } / Double(day - from) : 0
                    #expect(abs(Double(try value(table, "sales_mean_\(window)", position: position, day: day)) - mean) < 1e-4)
                    let lag = day - window >= 0 ? units[product][day - window] : 0
                    #expect(Double(try value(table, "sales_lag_\(window)", position: position, day: day)) == lag)
                    let price = day > from ? (from..<day).reduce(0.0) { $0 + Double(plan.offer(product: product, day: $1).effectiveCents) / 100 } / Double(day - from) : 0
                    #expect(abs(Double(try value(table, "price_mean_\(window)", position: position, day: day)) - price) < 1e-3)
                    let share = day > from ? Double((from..<day).filter { plan.offer(product: product, day: $0).kind != nil }.count) / Double(day - from) : 0
                    #expect(abs(Double(try value(table, "promo_share_\(window)", position: position, day: day)) - share) < 1e-5)
                }
                #expect(Double(try value(table, "quantity", position: position, day: day)) == units[product][day])
            }
        }
    }

    @Test func pricesPromotionsAndCalendarMatchThePlan() throws {
        let products = Array(0..<data.catalog.count)
        let table = try RetailFeatureBuilder(dataset: data, options: options(products)).table(days: 300..<420)
        let plan = data.promotionCalendar, calendar = data.calendar
        var promoted = 0
        for product in products {
            let item = data.catalog.products[product]
            for day in stride(from: 300, to: 420, by: 3) {
                let offer = plan.offer(product: product, day: day)
                #expect(try value(table, "effective_price", position: product, day: day) == Float(offer.effectiveCents) / 100)
                #expect(try value(table, "list_price", position: product, day: day) == Float(item.listCents) / 100)
                #expect(try value(table, "promo_bogo", position: product, day: day) == (offer.kind == .buyOneGetOne ? 1 : 0))
                #expect(try value(table, "promo_any", position: product, day: day) == (offer.kind == nil ? 0 : 1))
                #expect(abs(try value(table, "discount_depth", position: product, day: day) - Float(1 - Double(offer.effectiveCents) / Double(item.listCents))) < 1e-3)
                #expect(try value(table, "is_black_friday", position: product, day: day) == (calendar[day].isBlackFriday ? 1 : 0))
                #expect(try value(table, "weekday", position: product, day: day) == Float(calendar[day].weekday))
                if offer.kind != nil { promoted += 1 }
            }
        }
        #expect(promoted > 0)
    }

    @Test func targetsAddUpToTheOrderLines() throws {
        let products = [2, 3, 4]
        let table = try RetailFeatureBuilder(dataset: data, options: options(products)).table(days: 0..<data.dayCount)
        var revenue = 0.0, profit = 0.0
        for line in 0..<data.lines.count where products.contains(data.lines.productIndices[line]) {
            let product = data.catalog.products[data.lines.productIndices[line]]
            revenue += Double(data.lines.paidCents(line)) / 100
            profit += Double(data.lines.paidCents(line) - product.supplierCostCents * data.lines.quantities[line]) / 100
        }
        #expect(abs(try table.column("revenue").reduce(0.0) { $0 + Double($1) } - revenue) < 0.01 * max(1, revenue) / 100)
        #expect(abs(try table.column("profit").reduce(0.0) { $0 + Double($1) } - profit) < 0.01 * max(1, abs(profit)) / 100)
        let expected = try #require(data.expectedDemand)
        #expect(try value(table, "expected_quantity", position: 1, day: 50) == expected[3, 50])
    }

    @Test func cartStatisticsAreTrailingMeansOfCartsHoldingTheProduct() throws {
        let builder = try RetailFeatureBuilder(dataset: data, options: options())
        let table = try builder.table(days: 100..<101)
        var checked = 0
        for product in 0..<data.catalog.count {
            var total = 0.0, count = 0.0
            for line in 0..<data.lines.count where data.lines.productIndices[line] == product {
                let order = data.lines.orderIndices[line], day = data.orders.days[order]
                if day >= 70 && day < 100 { total += Double(data.orders.subtotalCents(order)) / 100; count += 1 }
            }
            guard count > 0 else { continue }
            let mean = total / count
            #expect(abs(Double(try value(table, "cart_mean_total", position: product, day: 100)) - mean) < 1e-2)
            let likely = data.promotionCalendar.cartDiscount(on: 100, subtotalCents: Int(Float(mean) * 100))
            #expect(abs(Double(try value(table, "cart_likely_discount", position: product, day: 100)) - likely) < 1e-6)
            checked += 1
        }
        #expect(checked > 10)
    }

    @Test func recursiveForecastFeedsPredictionsIntoLaterLags() throws {
        let products = [0, 11, 22]
        let builder = try RetailFeatureBuilder(dataset: data, options: options(products))
        let full = try builder.table(days: 0..<data.dayCount)
        let start = 380
        let history = builder.salesHistory(knownDays: start)
        // The first forecast day sees exactly the realised past: same features as the full table.
        let first = try builder.table(days: start..<(start + 1), history: history)
        for column in first.featureColumns {
            for position in products.indices {
                #expect(try value(first, column.name, position: position, day: start) == value(full, column.name, position: position, day: start),
                        "\(column.name)")
            }
        }
        // Later days read the recorded predictions, not the realised sales.
        for day in start..<(start + 7) {
            _ = try builder.table(days: day..<(day + 1), history: history)
            try history.record(day: day, quantities: [2.5, 0, 10])
        }
        let week = try builder.table(days: (start + 7)..<(start + 8), history: history)
        #expect(try value(week, "sales_lag_7", position: 0, day: start + 7) == 2.5)
        #expect(try value(week, "sales_mean_7", position: 2, day: start + 7) == 10)
        let units = naiveUnits()
        let realised = (start + 7 - 30..<start).reduce(0.0) { $0 + units[0][$1] }
        #expect(abs(Double(try value(week, "sales_mean_30", position: 0, day: start + 7)) - (realised + 7 * 2.5) / 30) < 1e-4)
        // Skipping ahead, or recording out of order, is an error.
        #expect(throws: RetailDataError.self) { try builder.table(days: (start + 9)..<(start + 10), history: history) }
        #expect(throws: RetailDataError.self) { try history.record(day: start + 9, quantities: [1, 1, 1]) }
        #expect(throws: RetailDataError.self) { try history.record(day: start + 7, quantities: [1]) }
    }

    @Test func productSampleIsDeterministicAndSorted() throws {
        var sample = FeatureTableOptions()
        sample.products = 10
        let a = try RetailFeatureBuilder(dataset: data, options: sample)
        let b = try RetailFeatureBuilder(dataset: data, options: sample)
        #expect(a.products == b.products)
        #expect(a.products.count == 10 && a.products == a.products.sorted())
        sample.sampleSeed = 1
        #expect(try RetailFeatureBuilder(dataset: data, options: sample).products != a.products)
        #expect(FeatureTableOptions().products == 2000)
        var bad = FeatureTableOptions()
        bad.productIndices = [0, 0]
        #expect(throws: RetailDataError.self) { try RetailFeatureBuilder(dataset: data, options: bad) }
    }

    @Test func rowMajorGathersFeatureColumns() throws {
        let builder = try RetailFeatureBuilder(dataset: data, options: options([4, 8]))
        let table = try builder.table(days: 10..<14)
        let names = ["list_price", "weekday", "sales_mean_7"]
        let matrix = try table.rowMajor(names)
        #expect(matrix.count == 8 * 3)
        for row in 0..<8 {
            for (j, name) in names.enumerated() {
                let column = try table.column(name)
                #expect(matrix[row * 3 + j] == column[column.startIndex + row])
            }
        }
        #expect(throws: RetailDataError.self) { try table.column("no_such_column") }
        #expect(table.featureColumns.allSatisfy { $0.role == .feature })
        #expect(!table.featureColumns.contains { ["quantity", "revenue", "profit", "expected_quantity", "day"].contains($0.name) })
    }
}

@Suite struct FeatureTableFileTests {
    @Test func writesColumnMajorFloat32WithAHeader() throws {
        var options = FeatureTableOptions()
        options.productIndices = [3, 4]
        let table = try RetailFeatureBuilder(dataset: RetailFixtures.small, options: options).table(days: 20..<25)
        let directory = RetailFixtures.temporaryDirectory()
        try FeatureTableFile.write(table, to: directory)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/features.bin"))
        #expect(bytes.count == table.columns.count * 10 * 4)
        // Column "effective_price", row (product position 1, day 22) at (column * rows + row) * 4.
        let column = try #require(table.columnIndex("effective_price")), row = table.row(position: 1, day: 22)
        let offset = (column * 10 + row) * 4
        let bits = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
        let values = try table.column("effective_price")
        #expect(Float(bitPattern: bits) == values[values.startIndex + row])
        let header = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/features.json"))) as? [String: Any])
        #expect(header["rows"] as? Int == 10)
        #expect(header["products"] as? [Int] == [3, 4])
        let names = (header["columns"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == table.columns.map(\.name))
    }
}
