import Foundation
import Testing
@testable import VitrineRetail

/// Writing a dataset and loading it back, and every kind of malformed file.
@Suite struct RetailDatasetLoadTests {
    /// A written copy of a tiny dataset, fresh for each test.
    private func writtenDataset() throws -> (RetailDataset, String) {
        let data = RetailFixtures.simulate(RetailFixtures.config(products: 30, days: 40, orders: 300))
        let directory = RetailFixtures.temporaryDirectory()
        try RetailDatasetWriter.write(data, to: directory)
        return (data, directory)
    }

    /// Rewrites `file` with `edit` applied to its lines (line 0 is the header).
    private func edit(_ directory: String, _ file: String, _ edit: (inout [String]) -> Void) throws {
        let path = directory + "/" + file
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        edit(&lines)
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Replaces field `column` (by header name) of line `line`.
    private func setField(_ lines: inout [String], line: Int, column: String, to value: String) {
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[line].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[header.firstIndex(of: column)!] = value
        lines[line] = fields.joined(separator: ",")
    }

    private func loadError(_ directory: String) -> RetailDataError? {
        do {
            _ = try RetailDataset.load(directory)
            return nil
        } catch let error as RetailDataError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func roundTripKeepsEverything() throws {
        let (data, directory) = try writtenDataset()
        let loaded = try RetailDataset.load(directory)
        #expect(loaded.start == data.start && loaded.dayCount == data.dayCount && loaded.seed == data.seed)
        #expect(loaded.catalog.products == data.catalog.products)
        #expect(loaded.catalog.vocabulary == data.catalog.vocabulary)
        #expect(loaded.campaigns == data.campaigns)
        #expect(loaded.promotions == data.promotions)
        #expect(loaded.orders == data.orders)
        #expect(loaded.lines == data.lines)
        #expect(loaded.customerSegments == data.customerSegments)
        #expect(loaded.expectedDemand == data.expectedDemand)
        #expect(loaded.spikes.count == data.spikes.count)
        #expect(loaded.truth?.map(\.slowMover) == data.truth?.map(\.slowMover))
    }

    @Test func expectedDemandIsPlainFloat32ProductMajor() throws {
        let (data, directory) = try writtenDataset()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/expected_demand.bin"))
        let expected = try #require(data.expectedDemand)
        #expect(bytes.count == 30 * 40 * 4)
        // Product 3, day 17, read as little-endian float32 at offset (3 × 40 + 17) × 4.
        let offset = (3 * 40 + 17) * 4
        let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        #expect(Float(bitPattern: bits) == expected[3, 17])
        let header = try String(contentsOfFile: directory + "/expected_demand.json", encoding: .utf8)
        #expect(header.contains("\"shape\": [30, 40]"))
    }

    @Test func missingColumnNamesFileAndColumn() throws {
        let (_, directory) = try writtenDataset()
        try edit(directory, "order_lines.csv") { lines in
            for index in lines.indices where !lines[index].isEmpty {
                var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false)
                fields.remove(at: 3)  // quantity
                lines[index] = fields.joined(separator: ",")
            }
        }
        let error = try #require(loadError(directory))
        #expect(error.file == "order_lines.csv")
        #expect(error.field == "quantity")
        #expect(error.row == 1)
        #expect(error.description.contains("missing column"))
    }

    @Test func negativePriceNamesFileRowAndField() throws {
        let (_, directory) = try writtenDataset()
        try edit(directory, "catalog.csv") { setField(&$0, line: 5, column: "list_price", to: "-12.99") }
        let error = try #require(loadError(directory))
        #expect(error.file == "catalog.csv")
        #expect(error.row == 6)
        #expect(error.field == "list_price")
        #expect(error.description == "catalog.csv:6: list_price: must not be negative, got -12.99")
    }

    @Test func negativePaidAmountInOrderLines() throws {
        let (_, directory) = try writtenDataset()
        try edit(directory, "order_lines.csv") { setField(&$0, line: 3, column: "unit_list_price", to: "-1.00") }
        let error = try #require(loadError(directory))
        #expect(error.file == "order_lines.csv" && error.row == 4 && error.field == "unit_list_price")
    }

    @Test func datesOutOfOrderNameTheRow() throws {
        let (data, directory) = try writtenDataset()
        // Move an order from the last day to the first place's successor: its date goes backwards after it.
        let lastDay = CivilDate(daysSinceEpoch: data.start.daysSinceEpoch + data.dayCount - 1).description
        try edit(directory, "orders.csv") { setField(&$0, line: 1, column: "date", to: lastDay) }
        let error = try #require(loadError(directory))
        #expect(error.file == "orders.csv")
        #expect(error.row == 3 || error.row == 2)
        #expect(error.field == "date")
        #expect(error.description.contains("out of order"))
    }

    @Test func dateOutsideTheHistory() throws {
        let (_, directory) = try writtenDataset()
        try edit(directory, "orders.csv") { setField(&$0, line: 2, column: "date", to: "2019-05-01") }
        let error = try #require(loadError(directory))
        #expect(error.file == "orders.csv" && error.row == 3 && error.field == "date")
        #expect(error.description.contains("outside"))
    }

    @Test func malformedDate() throws {
        let (_, directory) = try writtenDataset()
        try edit(directory, "campaigns.csv") { setField(&$0, line: 1, column: "start_date", to: "2023-13-01") }
        let error = try #require(loadError(directory))
        #expect(error.file == "campaigns.csv" && error.row == 2 && error.field == "start_date")
    }

    @Test func unknownProductIDNamesFileRowAndField() throws {
        let (_, directory) = try writtenDataset()
        try edit(directory, "order_lines.csv") { setField(&$0, line: 7, column: "product_id", to: "99999") }
        let error = try #require(loadError(directory))
        #expect(error.description == "order_lines.csv:8: product_id: unknown product id 99999")
    }

    @Test func unknownIDsInPromotionsAndOrders() throws {
        let (_, directory) = try writtenDataset()
        try edit(directory, "promotions.csv") { setField(&$0, line: 1, column: "campaign_id", to: "777") }
        #expect(loadError(directory)?.description.hasPrefix("promotions.csv:2: campaign_id: unknown campaign 777") == true)
        let (_, other) = try writtenDataset()
        try edit(other, "order_lines.csv") { setField(&$0, line: 1, column: "order_id", to: "123456") }
        #expect(loadError(other)?.description.hasPrefix("order_lines.csv:2: order_id: unknown order id 123456") == true)
    }

    @Test func inconsistentPaidAmount() throws {
        let (_, directory) = try writtenDataset()
        try edit(directory, "order_lines.csv") { setField(&$0, line: 2, column: "paid_amount", to: "0.01") }
        let error = try #require(loadError(directory))
        #expect(error.file == "order_lines.csv" && error.row == 3 && error.field == "paid_amount")
    }

    @Test func missingFilesAndMetadata() throws {
        let (_, directory) = try writtenDataset()
        try FileManager.default.removeItem(atPath: directory + "/orders.csv")
        let error = try #require(loadError(directory))
        #expect(error.file == "orders.csv")
        let empty = RetailFixtures.temporaryDirectory()
        #expect(loadError(empty)?.file == "dataset.json")
    }

    @Test func launchDateIsOptionalButMustFallInTheHistory() throws {
        let (data, directory) = try writtenDataset()
        try edit(directory, "catalog.csv") { setField(&$0, line: 2, column: "launch_date", to: "2031-01-01") }
        #expect(loadError(directory)?.description.hasPrefix("catalog.csv:3: launch_date: 2031-01-01 is after") == true)
        let (_, other) = try writtenDataset()
        try edit(other, "catalog.csv") { lines in
            for index in lines.indices where !lines[index].isEmpty {
                lines[index] = lines[index].split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
            }
        }
        let loaded = try RetailDataset.load(other)
        #expect(loaded.catalog.products.allSatisfy { $0.launchDay == 0 })
        #expect(loaded.catalog.products.map(\.listCents) == data.catalog.products.map(\.listCents))
    }

    @Test func badTypeAndShortRow() throws {
        let (_, directory) = try writtenDataset()
        try edit(directory, "promotions.csv") { setField(&$0, line: 1, column: "type", to: "half_price") }
        #expect(loadError(directory)?.description.contains("promotions.csv:2: type: unknown type \"half_price\"") == true)
        let (_, other) = try writtenDataset()
        try edit(other, "catalog.csv") { $0[4] = "5,dresses" }
        let error = try #require(loadError(other))
        #expect(error.file == "catalog.csv" && error.row == 5)
    }
}
