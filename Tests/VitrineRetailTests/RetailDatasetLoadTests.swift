import Foundation
import Testing
import VitrineData
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

    /// Rewrites `file` with `edit` applied to its lines (line 0 is the header). `reseal`
    /// records the edited file's new size and checksum in dataset.json, as for a dataset
    /// edited on purpose, so the loader's field checks are reached; without it the edit is
    /// damage, which the integrity check refuses first.
    private func edit(_ directory: String, _ file: String, reseal: Bool = true, _ edit: (inout [String]) -> Void) throws {
        let path = directory + "/" + file
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        edit(&lines)
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        if reseal { try RetailDatasetIntegrity.reseal(URL(fileURLWithPath: directory)) }
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
        #expect(error.message.contains("regenerate it with `vitrine datagen retail --out \(directory) --products 30 --days 40 --seed 7`"))
        let empty = RetailFixtures.temporaryDirectory()
        #expect(loadError(empty)?.file == "dataset.json")
        #expect(RetailDataset.folderState(empty) == .empty)
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

/// A folder that is not what datagen wrote: cut short, interrupted, changed, or of the format
/// before checksums. Each is refused with the file and what to do, never loaded as a shorter
/// history (which a demand run scored as a perfect holdout).
@Suite struct RetailDatasetIntegrityTests {
    private func writtenDataset() throws -> String {
        let data = RetailFixtures.simulate(RetailFixtures.config(products: 30, days: 40, orders: 300))
        let directory = RetailFixtures.temporaryDirectory()
        try RetailDatasetWriter.write(data, to: directory)
        return directory
    }

    private func loadError(_ directory: String) throws -> RetailDataError {
        do {
            _ = try RetailDataset.load(directory)
        } catch let error as RetailDataError {
            return error
        }
        throw RetailDataError(file: directory, row: 0, field: "", message: "loaded, but should have been refused")
    }

    private func metadata(_ directory: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/dataset.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func datasetJSONRecordsEveryFilesSizeRowsAndChecksum() throws {
        let directory = try writtenDataset()
        let files = try #require(try metadata(directory)["files"] as? [String: [String: Any]])
        let written = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "dataset.json" }
        #expect(Set(files.keys) == Set(written))
        #expect(!written.contains { $0.hasSuffix(".tmp") }, "temporary files left behind")
        for (name, record) in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            #expect(record["bytes"] as? Int == bytes.count, "\(name)")
            #expect(record["crc32"] as? String == String(format: "%08x", CRC32.of(bytes)), "\(name)")
        }
        let lines = try String(contentsOfFile: directory + "/order_lines.csv", encoding: .utf8).split(separator: "\n").count
        #expect(files["order_lines.csv"]?["rows"] as? Int == lines - 1)
        #expect(RetailDataset.folderState(directory) == .complete)
    }

    @Test func truncatedOrderLinesAreRefused() throws {
        // The review's repro: order_lines.csv cut to 70 % of its lines loaded as a shorter history.
        let directory = try writtenDataset()
        let path = directory + "/order_lines.csv"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.prefix(lines.count * 7 / 10)
        try (kept.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let error = try loadError(directory)
        #expect(error.file == "order_lines.csv")
        #expect(error.message.contains("rows) where datagen wrote"))
        #expect(error.message.contains("incomplete or was changed"))
        #expect(error.message.contains("regenerate it with `vitrine datagen retail --out \(directory) --products 30 --days 40 --seed 7`, or delete the folder"))
        guard case let .incomplete(stateError, generatedWith) = RetailDataset.folderState(directory) else {
            Issue.record("a truncated folder counted as complete")
            return
        }
        #expect(stateError == error)
        #expect(generatedWith == RetailGeneration(products: 30, days: 40, seed: 7))
    }

    @Test func sameSizeChangeIsCaughtByTheChecksum() throws {
        let directory = try writtenDataset()
        let url = URL(fileURLWithPath: directory + "/orders.csv")
        var bytes = [UInt8](try Data(contentsOf: url))
        // A digit in the last row changed to another digit: same size, still parses.
        let index = try #require(bytes.lastIndex { (UInt8(ascii: "0")...UInt8(ascii: "8")).contains($0) })
        bytes[index] += 1
        try Data(bytes).write(to: url)
        let error = try loadError(directory)
        #expect(error.file == "orders.csv" && error.message.contains("contents differ from what datagen wrote"))
    }

    @Test func folderWithoutDatasetJSONIsAnInterruptedWrite() throws {
        // What a datagen killed before its last file leaves: every data file, no dataset.json.
        let directory = try writtenDataset()
        try FileManager.default.removeItem(atPath: directory + "/dataset.json")
        let error = try loadError(directory)
        #expect(error.file == "dataset.json")
        #expect(error.message.contains("incomplete dataset"))
        #expect(error.message.contains("or delete the folder"))
        #expect(RetailDataset.folderState(directory) == .incomplete(error, generatedWith: nil))
        // A temporary file of an interrupted atomic write alone also counts as started.
        let other = RetailFixtures.temporaryDirectory()
        FileManager.default.createFile(atPath: other + "/.order_lines.csv.123.ABC.tmp", contents: Data("order_id".utf8))
        guard case .incomplete = RetailDataset.folderState(other) else {
            Issue.record("a folder with a half-written file counted as empty")
            return
        }
    }

    @Test func rewritingAFolderReplacesItsRecords() throws {
        let directory = try writtenDataset()
        let bigger = RetailFixtures.simulate(RetailFixtures.config(products: 35, days: 40, orders: 400, seed: 9))
        try RetailDatasetWriter.write(bigger, to: directory)
        let loaded = try RetailDataset.load(directory)
        #expect(loaded.catalog.count == 35 && loaded.orders.count == bigger.orders.count)
    }

    /// Writes an edited dataset.json with its own checksum recomputed, as a deliberate edit
    /// that reaches the field checks behind it.
    private func writeResummed(_ document: [String: Any], to directory: String) throws {
        var document = document
        document[RetailMetadata.checksumKey] = try RetailMetadata.checksum(of: document)
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: directory + "/dataset.json"))
    }

    /// dataset.json vouches for itself: a field changed after writing (the seed, a day count a
    /// loader would allocate for) is refused before any field is used; a day count out of range
    /// is refused even when re-summed.
    @Test func anEditedDatasetJSONIsRefusedBeforeItsFieldsAreUsed() throws {
        for (field, value) in [("seed", 1_000_000_000_000 as Any), ("seed", [] as Any), ("days", 1_000_000_000_000 as Any)] {
            let directory = try writtenDataset()
            var document = try metadata(directory)
            document[field] = value
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: directory + "/dataset.json"))
            let error = try loadError(directory)
            #expect(error.file == "dataset.json" && error.field == "checksum", "\(field): \(error)")
            #expect(error.message.contains("changed after it was written"), "\(error)")
        }
        let directory = try writtenDataset()
        var document = try metadata(directory)
        document["days"] = 1_000_000_000_000
        try writeResummed(document, to: directory)
        let error = try loadError(directory)
        #expect(error.field == "days" && error.message.contains("from 1 to 100000"), "\(error)")
        document["days"] = 40
        document["seed"] = "x"
        try writeResummed(document, to: directory)
        #expect(try loadError(directory).field == "seed")
    }

    @Test func formatWithoutChecksumsIsRefusedWithAdvice() throws {
        let directory = try writtenDataset()
        var document = try metadata(directory)
        document["format"] = "vitrine-retail/1"
        document["files"] = nil
        try writeResummed(document, to: directory)
        let error = try loadError(directory)
        #expect(error.file == "dataset.json" && error.field == "format")
        #expect(error.message.contains("before datasets recorded their files' sizes and checksums"))
        #expect(error.message.contains("vitrine datagen retail --out \(directory) --products 30 --days 40 --seed 7"))
        // The current format without records (hand-made) is refused the same way.
        document["format"] = RetailDatasetFiles.format
        try writeResummed(document, to: directory)
        let missing = try loadError(directory)
        #expect(missing.field == "files" && missing.message.contains("or delete the folder"))
    }

    @Test func corruptRecordsAreRefused() throws {
        let directory = try writtenDataset()
        var document = try metadata(directory)
        var files = try #require(document["files"] as? [String: Any])
        files["catalog.csv"] = ["bytes": -3, "crc32": "xyz"]
        document["files"] = files
        try writeResummed(document, to: directory)
        let error = try loadError(directory)
        #expect(error.file == "dataset.json" && error.field == "files.catalog.csv")
    }

    /// dataset.json's own counts describe the files: a count edited (or a list where a count
    /// belongs) is refused, not passed over because the data files are whole.
    @Test func countsThatDoNotDescribeTheFilesAreRefused() throws {
        for (field, value) in [("products", [] as Any), ("orders", 1 as Any), ("lines", NSNull() as Any)] {
            let directory = try writtenDataset()
            var document = try metadata(directory)
            document[field] = value
            try writeResummed(document, to: directory)
            let error = try loadError(directory)
            #expect(error.file == "dataset.json" && error.field == field, "\(error)")
            #expect(error.message.contains("the files hold"), "\(error)")
        }
    }
}

/// Damaged cells in a dataset whose records were updated (edited on purpose): each is a
/// ``RetailDataError`` naming the file, the line and the column, never a crash.
@Suite struct RetailDatasetCellTests {
    private func damaged(_ file: String, line: Int, column: String, to value: String) throws -> RetailDataError {
        let data = RetailFixtures.simulate(RetailFixtures.config(products: 30, days: 40, orders: 300))
        let directory = RetailFixtures.temporaryDirectory()
        try RetailDatasetWriter.write(data, to: directory)
        let path = directory + "/" + file
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[line].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[try #require(header.firstIndex(of: column))] = value
        lines[line] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try RetailDatasetIntegrity.reseal(URL(fileURLWithPath: directory))
        do {
            _ = try RetailDataset.load(directory)
        } catch let error as RetailDataError {
            return error
        }
        throw RetailDataError(file: file, row: line + 1, field: column, message: "\"\(value)\" was accepted")
    }

    @Test func nonNumericQuantity() throws {
        let error = try damaged("order_lines.csv", line: 4, column: "quantity", to: "three")
        #expect(error.description == "order_lines.csv:5: quantity: expected an integer, got \"three\"")
    }

    @Test func negativeQuantity() throws {
        let error = try damaged("order_lines.csv", line: 2, column: "quantity", to: "-2")
        #expect(error.description == "order_lines.csv:3: quantity: must be positive, got -2")
    }

    @Test func hugeIntegerIsNotAnOverflow() throws {
        let error = try damaged("orders.csv", line: 3, column: "customer_id", to: "99999999999999999999999")
        #expect(error.file == "orders.csv" && error.row == 4 && error.field == "customer_id")
    }

    @Test func nonNumericMoney() throws {
        let error = try damaged("catalog.csv", line: 2, column: "supplier_cost", to: "12,5")
        // The extra comma makes a row of one field too many: named by line.
        #expect(error.file == "catalog.csv" && error.row == 3)
        let price = try damaged("orders.csv", line: 1, column: "list_total", to: "NaN")
        #expect(price.file == "orders.csv" && price.row == 2 && price.field == "list_total")
    }

    @Test func campaignEndingBeforeItStarts() throws {
        let error = try damaged("campaigns.csv", line: 1, column: "end_date", to: "2000-01-01")
        #expect(error.description == "campaigns.csv:2: end_date: ends before it starts")
    }

    @Test func hugeQuantityIsRefusedNotOverflowed() throws {
        // quantity × unit_list_price used to trap on overflow.
        let error = try damaged("order_lines.csv", line: 1, column: "quantity", to: "4000000000000000000")
        #expect(error.file == "order_lines.csv" && error.row == 2 && error.field == "quantity")
        #expect(error.message.contains("at most 1000000 units per line"))
    }

    @Test func unknownSegment() throws {
        let error = try damaged("customers.csv", line: 1, column: "segment", to: "martians")
        #expect(error.file == "customers.csv" && error.row == 2 && error.field == "segment")
    }
}
