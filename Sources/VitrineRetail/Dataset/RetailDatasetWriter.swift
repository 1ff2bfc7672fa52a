import Foundation
import VitrineEngine

/// Writes a ``RetailDataset`` as the directory described in ``RetailDatasetFiles``.
public enum RetailDatasetWriter {
    /// Writes every file into `directory` (created if missing), each atomically, and
    /// `dataset.json` last with the size, rows and CRC-32 of every other file: a writer killed
    /// half-way leaves a folder without `dataset.json`, which the loader recognises as
    /// incomplete. An existing `dataset.json` is removed first, so rewriting a folder in place
    /// cannot leave the old metadata vouching for a mix of old and new files.
    public static func write(_ dataset: RetailDataset, to directory: String) throws {
        let url = URL(fileURLWithPath: directory)
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw RetailDataError(file: directory, row: 0, field: "", message: "cannot create the directory: \(error.localizedDescription)")
        }
        let metadataURL = url.appendingPathComponent(RetailDatasetFiles.metadata)
        if FileManager.default.fileExists(atPath: metadataURL.path) {
            do { try FileManager.default.removeItem(at: metadataURL) } catch {
                throw RetailDataError(file: RetailDatasetFiles.metadata, row: 0, field: "",
                                      message: "cannot remove the old one in \(directory): \(error.localizedDescription)")
            }
        }
        var sink = RetailFileSink(directory: url)
        try sink.write(RetailDatasetFiles.catalog, bytes: catalog(dataset), rows: dataset.catalog.count)
        try sink.write(RetailDatasetFiles.customers, bytes: customers(dataset), rows: dataset.customerSegments.count)
        try sink.write(RetailDatasetFiles.campaigns, bytes: campaigns(dataset), rows: dataset.campaigns.count)
        try sink.write(RetailDatasetFiles.promotions, bytes: promotions(dataset), rows: dataset.promotions.count)
        try sink.write(RetailDatasetFiles.orders, chunks: orderChunks(dataset), rows: dataset.orders.count)
        try sink.write(RetailDatasetFiles.orderLines, chunks: lineChunks(dataset), rows: dataset.lines.count)
        if let expected = dataset.expectedDemand { try ExpectedDemandFile.write(expected, start: dataset.start, to: &sink) }
        if let truth = dataset.truth {
            try sink.write(RetailDatasetFiles.truthProducts, bytes: truthProducts(dataset, truth), rows: truth.count)
            try sink.write(RetailDatasetFiles.spikes, bytes: spikes(dataset), rows: dataset.spikes.count)
        }
        // Last: its presence says every file above is complete.
        do {
            try AtomicFile.write(try metadata(dataset, files: sink.records), to: metadataURL)
        } catch let error as AtomicFileError {
            throw RetailDataError(file: RetailDatasetFiles.metadata, row: 0, field: "", message: "\(error)")
        }
    }

    private static func metadata(_ dataset: RetailDataset, files: [RetailFileRecord]) throws -> Data {
        let names = dataset.catalog.vocabulary
        var document: [String: Any] = [
            "format": RetailDatasetFiles.format, "start_date": dataset.start.description, "days": dataset.dayCount,
            "segments": dataset.segmentNames, "products": dataset.catalog.count, "orders": dataset.orders.count,
            "lines": dataset.lines.count,
            "vocabulary": ["categories": names.categories, "brands": names.brands, "colours": names.colours,
                           "materials": names.materials, "size_ranges": names.sizeRanges],
        ]
        if let seed = dataset.seed { document["seed"] = seed }
        document["files"] = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.json) })
        document[RetailMetadata.checksumKey] = try RetailMetadata.checksum(of: document)
        do {
            return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) + [10]
        } catch {
            throw RetailDataError(file: RetailDatasetFiles.metadata, row: 0, field: "", message: "cannot encode: \(error)")
        }
    }

    private static func catalog(_ dataset: RetailDataset) -> [UInt8] {
        var csv = CSVRowWriter(header: RetailDatasetFiles.catalogColumns + [RetailDatasetFiles.launchColumn])
        let names = dataset.catalog.vocabulary
        for product in dataset.catalog.products {
            csv.integer(product.id); csv.text(names.categories[product.category]); csv.text(names.brands[product.brand])
            csv.text(names.colours[product.colour]); csv.text(names.materials[product.material])
            csv.text(names.sizeRanges[product.sizeRange]); csv.money(product.listCents); csv.money(product.supplierCostCents)
            csv.date(CivilDate(daysSinceEpoch: dataset.start.daysSinceEpoch + max(product.launchDay, 0))); csv.endRow()
        }
        return csv.bytes
    }

    private static func customers(_ dataset: RetailDataset) -> [UInt8] {
        var csv = CSVRowWriter(header: RetailDatasetFiles.customerColumns)
        for customer in dataset.customerSegments.keys.sorted() {
            csv.integer(customer); csv.text(dataset.segmentNames[dataset.customerSegments[customer] ?? 0]); csv.endRow()
        }
        return csv.bytes
    }

    private static func campaigns(_ dataset: RetailDataset) -> [UInt8] {
        var csv = CSVRowWriter(header: RetailDatasetFiles.campaignColumns)
        let calendar = dataset.calendar
        for campaign in dataset.campaigns {
            csv.integer(campaign.id); csv.text(campaign.name)
            csv.date(date(campaign.startDay, calendar)); csv.date(date(campaign.endDay, calendar)); csv.endRow()
        }
        return csv.bytes
    }

    private static func date(_ day: Int, _ calendar: RetailCalendar) -> CivilDate {
        CivilDate(daysSinceEpoch: calendar.start.daysSinceEpoch + day)
    }

    private static func promotions(_ dataset: RetailDataset) -> [UInt8] {
        var csv = CSVRowWriter(header: RetailDatasetFiles.promotionColumns)
        let names = dataset.catalog.vocabulary
        for promotion in dataset.promotions {
            csv.integer(promotion.id); csv.integer(promotion.campaignID); csv.text(promotion.kind.rawValue)
            csv.text(promotion.displayValue); csv.money(promotion.minimumCartCents)
            csv.text(promotion.filter.brands.map { names.brands[$0] }.joined(separator: ";"))
            csv.text(promotion.filter.categories.map { names.categories[$0] }.joined(separator: ";"))
            csv.list(promotion.filter.productIDs)
            csv.endRow()
        }
        return csv.bytes
    }

    /// Rows formatted in parallel chunks, written in order.
    private static func chunked(_ count: Int, header: [String], _ row: (inout CSVRowWriter, Int) -> Void) -> [[UInt8]] {
        let chunkCount = max(1, min(64, count / 10_000))
        var chunks = [[UInt8]](repeating: [], count: chunkCount)
        chunks.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                var csv = CSVRowWriter(header: chunk == 0 ? header : nil)
                for index in (chunk * count / chunkCount)..<((chunk + 1) * count / chunkCount) { row(&csv, index) }
                out[chunk] = csv.bytes
            }
        }
        return chunks
    }

    private static func orderChunks(_ dataset: RetailDataset) -> [[UInt8]] {
        let orders = dataset.orders, start = dataset.start.daysSinceEpoch
        return chunked(orders.count, header: RetailDatasetFiles.orderColumns) { csv, order in
            csv.integer(orders.orderIDs[order]); csv.date(CivilDate(daysSinceEpoch: start + orders.days[order]))
            csv.integer(orders.customerIDs[order]); csv.text(dataset.segmentNames[orders.segments[order]])
            csv.money(orders.listCents[order]); csv.money(orders.productDiscountCents[order])
            csv.money(orders.cartDiscountCents[order]); csv.money(orders.paidCents(order))
            csv.integer(orders.cartPromotionIDs[order]); csv.endRow()
        }
    }

    private static func lineChunks(_ dataset: RetailDataset) -> [[UInt8]] {
        let lines = dataset.lines, orders = dataset.orders, products = dataset.catalog.products
        // Line numbers restart at 1 for each order.
        var lineNumbers = [Int](repeating: 1, count: lines.count)
        for line in lines.orderIndices.indices.dropFirst() where lines.orderIndices[line] == lines.orderIndices[line - 1] {
            lineNumbers[line] = lineNumbers[line - 1] + 1
        }
        return chunked(lines.count, header: RetailDatasetFiles.orderLineColumns) { csv, line in
            let quantity = lines.quantities[line], paid = lines.paidCents(line)
            csv.integer(orders.orderIDs[lines.orderIndices[line]]); csv.integer(lineNumbers[line])
            csv.integer(products[lines.productIndices[line]].id); csv.integer(quantity)
            csv.money(lines.unitListCents[line]); csv.money(lines.listCents(line)); csv.money(lines.bogoDiscountCents[line])
            csv.money(lines.productDiscountCents[line]); csv.money(lines.cartDiscountCents[line]); csv.money(paid)
            csv.money((paid + quantity / 2) / quantity); csv.list(lines.promotions(line)); csv.endRow()
        }
    }

    private static func truthProducts(_ dataset: RetailDataset, _ truth: [ProductTruth]) -> [UInt8] {
        var csv = CSVRowWriter(header: RetailDatasetFiles.truthProductColumns)
        for (product, entry) in zip(dataset.catalog.products, truth) {
            csv.integer(product.id); csv.number(entry.baseRate); csv.number(entry.elasticityScale)
            csv.integer(entry.slowMover ? 1 : 0); csv.endRow()
        }
        return csv.bytes
    }

    private static func spikes(_ dataset: RetailDataset) -> [UInt8] {
        var csv = CSVRowWriter(header: RetailDatasetFiles.spikeColumns)
        let calendar = dataset.calendar
        for spike in dataset.spikes {
            csv.integer(dataset.catalog.products[spike.productIndex].id)
            csv.date(date(spike.startDay, calendar)); csv.date(date(spike.endDay, calendar))
            csv.number(spike.multiplier); csv.endRow()
        }
        return csv.bytes
    }
}
