import Foundation
import VitrineData

extension RetailDataset {
    /// Reads a dataset directory (see ``RetailDatasetFiles``) and validates it: required columns,
    /// non-negative prices, valid dates inside the dataset's range, orders in date order, lines
    /// following their orders, and every product, order, campaign, brand and category id known.
    /// The ground-truth files are read when `dataset.json` lists them. Errors are
    /// ``RetailDataError``s naming the file, line and field.
    ///
    /// First the folder must be complete: `dataset.json` present (the writer writes it last)
    /// and every file it lists of the recorded size and CRC-32. A folder left by an interrupted
    /// datagen, truncated or partly copied, or written before checksums were recorded is
    /// refused with what to do about it, rather than loaded as a shorter history.
    public static func load(_ directory: String) throws -> RetailDataset {
        let url = URL(fileURLWithPath: directory)
        let meta = try RetailMetadata(directory: url)
        try RetailDatasetIntegrity.verify(url, records: meta.files, regenerate: meta.regenerateCommand(url))
        let recorded = Set(meta.files.map(\.name))
        let calendar = RetailCalendar(start: meta.start, dayCount: meta.days)
        let catalog = try loadCatalog(url, meta, calendar)
        let customers = try loadCustomers(url, meta)
        let campaigns = try loadCampaigns(url, calendar)
        let promotions = try loadPromotions(url, catalog, campaigns)
        let promotionIDs = Set(promotions.map(\.id))
        // The two big files are parsed side by side; their errors still come in file order.
        var tables = [Result<CSVTable, Error>](repeating: .failure(RetailDataError(file: "", row: 0, field: "", message: "")), count: 2)
        tables.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                out[index] = Result {
                    index == 0
                        ? try CSVTable(directory: url, name: RetailDatasetFiles.orders, required: RetailDatasetFiles.orderColumns)
                        : try CSVTable(directory: url, name: RetailDatasetFiles.orderLines, required: RetailDatasetFiles.orderLineColumns)
                }
            }
        }
        let (orders, orderIndexByID) = try loadOrders(try tables[0].get(), meta, calendar, customers, promotionIDs)
        let lines = try loadLines(try tables[1].get(), catalog, orderIndexByID, promotionIDs)
        // dataset.json's own counts are part of the record: they must describe these files.
        for (field, actual) in [("products", catalog.count), ("orders", orders.count), ("lines", lines.count)] {
            guard let recorded = meta.counts[field], recorded == actual else {
                let said = meta.counts[field].map { "records \($0)" } ?? "records no count"
                throw RetailDataError(file: RetailDatasetFiles.metadata, row: 0, field: field,
                                      message: "\(said), the files hold \(actual); " + RetailDatasetIntegrity.advice(meta.regenerateCommand(url)))
            }
        }
        var expected: ExpectedDemand?
        // Optional files count only when recorded: a stray copy from an earlier dataset in the
        // same folder is not this dataset's truth.
        if recorded.contains(ExpectedDemandFile.headerName) {
            expected = try ExpectedDemandFile.read(from: url, products: catalog.count, days: meta.days)
        }
        let truth = recorded.contains(RetailDatasetFiles.truthProducts) ? try loadTruth(url, catalog) : nil
        let spikes = recorded.contains(RetailDatasetFiles.spikes) ? try loadSpikes(url, catalog, calendar) : []
        return RetailDataset(start: meta.start, dayCount: meta.days, seed: meta.seed, catalog: catalog,
                             segmentNames: meta.segments, customerSegments: customers, campaigns: campaigns,
                             promotions: promotions, orders: orders, lines: lines, expectedDemand: expected,
                             truth: truth, spikes: spikes)
    }

    private static func loadCatalog(_ url: URL, _ meta: RetailMetadata, _ calendar: RetailCalendar) throws -> Catalog {
        let table = try CSVTable(directory: url, name: RetailDatasetFiles.catalog, required: RetailDatasetFiles.catalogColumns)
        var vocabulary = meta.vocabulary ?? CatalogVocabulary(categories: [], brands: [], colours: [], materials: [], sizeRanges: [])
        let fixed = meta.vocabulary != nil
        func code(_ row: Int, _ column: String, _ names: WritableKeyPath<CatalogVocabulary, [String]>) throws -> Int {
            let value = table.text(row, column)
            if let index = vocabulary[keyPath: names].firstIndex(of: value) { return index }
            if fixed || value.isEmpty {
                throw table.error(row, column, value.isEmpty ? "must not be empty" : "\"\(value)\" is not in dataset.json's vocabulary")
            }
            vocabulary[keyPath: names].append(value)
            return vocabulary[keyPath: names].count - 1
        }
        var products: [Product] = []
        var seen = Set<Int>()
        for row in 0..<table.count {
            let id = try table.integer(row, "product_id")
            guard seen.insert(id).inserted else { throw table.error(row, "product_id", "duplicate product id \(id)") }
            products.append(Product(id: id, category: try code(row, "category", \.categories), brand: try code(row, "brand", \.brands),
                                    colour: try code(row, "colour", \.colours), material: try code(row, "material", \.materials),
                                    sizeRange: try code(row, "size_range", \.sizeRanges),
                                    listCents: try table.money(row, "list_price"), supplierCostCents: try table.money(row, "supplier_cost"),
                                    launchDay: table.has(RetailDatasetFiles.launchColumn) ? try launchDay(table, row, calendar) : 0))
        }
        return Catalog(products: products, vocabulary: vocabulary)
    }

    /// A launch date may precede the history (on sale from the start) but not follow it.
    private static func launchDay(_ table: CSVTable, _ row: Int, _ calendar: RetailCalendar) throws -> Int {
        let column = RetailDatasetFiles.launchColumn
        let day = calendar.dayIndex(of: try table.date(row, column))
        guard day < calendar.count else { throw table.error(row, column, "\(table.text(row, column)) is after the history's last day") }
        return max(day, 0)
    }

    private static func loadCustomers(_ url: URL, _ meta: RetailMetadata) throws -> [Int: Int] {
        let table = try CSVTable(directory: url, name: RetailDatasetFiles.customers, required: RetailDatasetFiles.customerColumns)
        var customers: [Int: Int] = [:]
        for row in 0..<table.count {
            let id = try table.integer(row, "customer_id"), segment = table.text(row, "segment")
            guard let index = meta.segments.firstIndex(of: segment) else {
                throw table.error(row, "segment", "unknown segment \"\(segment)\"; dataset.json lists \(meta.segments.joined(separator: ", "))")
            }
            guard customers.updateValue(index, forKey: id) == nil else { throw table.error(row, "customer_id", "duplicate customer id \(id)") }
        }
        return customers
    }

    private static func day(_ table: CSVTable, _ row: Int, _ column: String, _ calendar: RetailCalendar) throws -> Int {
        let date = try table.date(row, column)
        let day = calendar.dayIndex(of: date)
        guard day >= 0 && day < calendar.count else {
            let last = CivilDate(daysSinceEpoch: calendar.start.daysSinceEpoch + calendar.count - 1)
            throw table.error(row, column, "\(date) is outside the dataset's days \(calendar.start)…\(last)")
        }
        return day
    }

    private static func loadCampaigns(_ url: URL, _ calendar: RetailCalendar) throws -> [Campaign] {
        let table = try CSVTable(directory: url, name: RetailDatasetFiles.campaigns, required: RetailDatasetFiles.campaignColumns)
        var campaigns: [Campaign] = []
        for row in 0..<table.count {
            // Campaigns may start before or end after the history; only their dates must be valid.
            let start = calendar.dayIndex(of: try table.date(row, "start_date"))
            let end = calendar.dayIndex(of: try table.date(row, "end_date"))
            guard end >= start else { throw table.error(row, "end_date", "ends before it starts") }
            campaigns.append(Campaign(id: try table.integer(row, "campaign_id"), name: table.text(row, "name"), startDay: start, endDay: end))
        }
        return campaigns
    }

    private static func loadPromotions(_ url: URL, _ catalog: Catalog, _ campaigns: [Campaign]) throws -> [Promotion] {
        let table = try CSVTable(directory: url, name: RetailDatasetFiles.promotions, required: RetailDatasetFiles.promotionColumns)
        let campaignIDs = Set(campaigns.map(\.id))
        var promotions: [Promotion] = []
        for row in 0..<table.count {
            let id = try table.integer(row, "promotion_id"), campaign = try table.integer(row, "campaign_id")
            guard campaignIDs.contains(campaign) else { throw table.error(row, "campaign_id", "unknown campaign \(campaign)") }
            let typeName = table.text(row, "type")
            guard let kind = PromotionKind(rawValue: typeName) else {
                throw table.error(row, "type", "unknown type \"\(typeName)\"; expected one of \(PromotionKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            // Percentages are written like money ("15.00"), so the same parser gives basis points.
            let value = kind == .buyOneGetOne ? 0 : try table.money(row, "value")
            if (kind == .percentOff || kind == .cartPercentOff) && value > 10_000 {
                throw table.error(row, "value", "a percentage within 0…100, got \(table.text(row, "value"))")
            }
            func codes(_ column: String, _ names: [String]) throws -> [Int] {
                try table.list(row, column).map { name in
                    guard let code = names.firstIndex(of: name) else { throw table.error(row, column, "unknown name \"\(name)\"") }
                    return code
                }
            }
            let products = try table.list(row, "product_ids").map { text -> Int in
                guard let id = Int(text) else { throw table.error(row, "product_ids", "expected product ids separated by ';', got \"\(text)\"") }
                guard catalog.indexByID[id] != nil else { throw table.error(row, "product_ids", "unknown product id \(id)") }
                return id
            }
            let filter = ProductFilter(brands: try codes("brands", catalog.vocabulary.brands),
                                       categories: try codes("categories", catalog.vocabulary.categories), productIDs: products)
            promotions.append(Promotion(id: id, campaignID: campaign, kind: kind,
                                        percentBasisPoints: kind == .dollarOff ? 0 : value, amountCents: kind == .dollarOff ? value : 0,
                                        minimumCartCents: try table.money(row, "min_cart_total"), filter: filter))
        }
        return promotions
    }

    private static func loadOrders(_ table: CSVTable, _ meta: RetailMetadata, _ calendar: RetailCalendar, _ customers: [Int: Int],
                                   _ promotionIDs: Set<Int>) throws -> (OrderTable, [Int: Int]) {
        var orders = OrderTable()
        var indexByID: [Int: Int] = [:]
        var previousDay = 0
        for row in 0..<table.count {
            let id = try table.integer(row, "order_id")
            guard indexByID.updateValue(row, forKey: id) == nil else { throw table.error(row, "order_id", "duplicate order id \(id)") }
            let day = try day(table, row, "date", calendar)
            guard day >= previousDay else {
                throw table.error(row, "date", "dates out of order: \(table.text(row, "date")) after \(calendar[previousDay].date); orders must be sorted by date")
            }
            previousDay = day
            let customer = try table.integer(row, "customer_id")
            let segmentName = table.text(row, "segment")
            guard let segment = meta.segments.firstIndex(of: segmentName) else { throw table.error(row, "segment", "unknown segment \"\(segmentName)\"") }
            guard customers[customer] != nil else { throw table.error(row, "customer_id", "unknown customer id \(customer)") }
            let cartPromotion = try table.integer(row, "cart_promotion_id")
            guard cartPromotion == 0 || promotionIDs.contains(cartPromotion) else {
                throw table.error(row, "cart_promotion_id", "unknown promotion id \(cartPromotion)")
            }
            let list = try table.money(row, "list_total"), productDiscount = try table.money(row, "product_discount")
            let cartDiscount = try table.money(row, "cart_discount"), paid = try table.money(row, "paid_total")
            guard paid == list - productDiscount - cartDiscount else {
                throw table.error(row, "paid_total", "expected list_total − product_discount − cart_discount = \(Money.format(list - productDiscount - cartDiscount))")
            }
            orders.orderIDs.append(id); orders.days.append(day); orders.customerIDs.append(customer); orders.segments.append(segment)
            orders.listCents.append(list); orders.productDiscountCents.append(productDiscount)
            orders.cartDiscountCents.append(cartDiscount); orders.cartPromotionIDs.append(cartPromotion)
        }
        return (orders, indexByID)
    }

    /// The most units one order line may hold.
    static let maximumLineQuantity = 1_000_000

    private static func loadLines(_ table: CSVTable, _ catalog: Catalog, _ orderIndexByID: [Int: Int], _ promotionIDs: Set<Int>) throws -> OrderLineTable {
        var lines = OrderLineTable()
        var previousOrder = 0
        for row in 0..<table.count {
            let orderID = try table.integer(row, "order_id")
            guard let order = orderIndexByID[orderID] else { throw table.error(row, "order_id", "unknown order id \(orderID)") }
            guard order >= previousOrder else { throw table.error(row, "order_id", "lines must follow the order of orders.csv") }
            previousOrder = order
            let productID = try table.integer(row, "product_id")
            guard let product = catalog.indexByID[productID] else { throw table.error(row, "product_id", "unknown product id \(productID)") }
            let quantity = try table.integer(row, "quantity")
            guard quantity > 0 else { throw table.error(row, "quantity", "must be positive, got \(quantity)") }
            // Bounded so that quantity × price and the sums over lines built from it cannot overflow.
            guard quantity <= maximumLineQuantity else {
                throw table.error(row, "quantity", "at most \(maximumLineQuantity) units per line, got \(quantity)")
            }
            let unit = try table.money(row, "unit_list_price")
            let bogo = try table.money(row, "bogo_discount"), productDiscount = try table.money(row, "product_discount")
            let cartDiscount = try table.money(row, "cart_discount"), paid = try table.money(row, "paid_amount")
            let (list, overflow) = unit.multipliedReportingOverflow(by: quantity)
            guard !overflow, list <= Money.maximumCents else {
                throw table.error(row, "unit_list_price", "quantity × unit_list_price is beyond \(Money.format(Money.maximumCents))")
            }
            guard paid == list - bogo - productDiscount - cartDiscount else {
                throw table.error(row, "paid_amount", "expected quantity × unit_list_price − discounts = \(Money.format(list - bogo - productDiscount - cartDiscount))")
            }
            var priced = PricedLine(line: catalog.products[product].cartLine(quantity: quantity))
            priced.line.unitListCents = unit
            priced.bogoDiscountCents = bogo
            priced.productDiscountCents = productDiscount
            priced.cartDiscountCents = cartDiscount
            priced.promotionIDs = try table.list(row, "promotion_ids").map { text in
                guard let id = Int(text), promotionIDs.contains(id) else { throw table.error(row, "promotion_ids", "unknown promotion id \"\(text)\"") }
                return id
            }
            lines.append(order: order, product: product, priced)
        }
        return lines
    }

    private static func loadTruth(_ url: URL, _ catalog: Catalog) throws -> [ProductTruth] {
        let table = try CSVTable(directory: url, name: RetailDatasetFiles.truthProducts, required: RetailDatasetFiles.truthProductColumns)
        var truth = [ProductTruth?](repeating: nil, count: catalog.count)
        for row in 0..<table.count {
            let id = try table.integer(row, "product_id")
            guard let product = catalog.indexByID[id] else { throw table.error(row, "product_id", "unknown product id \(id)") }
            guard let base = Double(table.text(row, "base_rate")), let scale = Double(table.text(row, "elasticity_scale")) else {
                throw table.error(row, "base_rate", "expected numbers in base_rate and elasticity_scale")
            }
            truth[product] = ProductTruth(baseRate: base, elasticityScale: scale, slowMover: try table.integer(row, "slow_mover") != 0)
        }
        guard let index = truth.firstIndex(where: { $0 == nil }) else { return truth.compactMap { $0 } }
        throw RetailDataError(file: RetailDatasetFiles.truthProducts, row: 0, field: "product_id",
                              message: "no row for product \(catalog.products[index].id)")
    }

    private static func loadSpikes(_ url: URL, _ catalog: Catalog, _ calendar: RetailCalendar) throws -> [DemandSpike] {
        let table = try CSVTable(directory: url, name: RetailDatasetFiles.spikes, required: RetailDatasetFiles.spikeColumns)
        return try (0..<table.count).map { row in
            let id = try table.integer(row, "product_id")
            guard let product = catalog.indexByID[id] else { throw table.error(row, "product_id", "unknown product id \(id)") }
            guard let multiplier = Double(table.text(row, "multiplier")) else { throw table.error(row, "multiplier", "expected a number") }
            return DemandSpike(productIndex: product, startDay: try day(table, row, "start_date", calendar),
                               endDay: try day(table, row, "end_date", calendar), multiplier: multiplier)
        }
    }
}

/// dataset.json.
struct RetailMetadata {
    var start: CivilDate
    var days: Int
    /// The products, orders and order lines dataset.json says the files hold.
    var counts: [String: Int]
    var seed: UInt64?
    var products: Int?
    var segments: [String]
    var vocabulary: CatalogVocabulary?
    /// Every other file of the dataset, with its size and checksum.
    var files: [RetailFileRecord]

    func regenerateCommand(_ directory: URL) -> String {
        RetailDatasetIntegrity.regenerateCommand(directory, products: products, days: days, seed: seed)
    }

    /// The most days a dataset may declare (what `datagen retail --days` accepts).
    static let maximumDays = 100_000
    static let checksumKey = "checksum"

    /// A CRC-32 of the document without its checksum, serialized canonically (sorted keys,
    /// compact): the writer stores it, the loader recomputes it from what it parsed.
    static func checksum(of document: [String: Any]) throws -> String {
        var content = document
        content[checksumKey] = nil
        let data = try JSONSerialization.data(withJSONObject: content, options: [.sortedKeys, .withoutEscapingSlashes])
        return "crc32:" + String(format: "%08x", CRC32.of(data))
    }

    init(directory: URL) throws {
        let file = RetailDatasetFiles.metadata
        func fail(_ field: String, _ message: String) -> RetailDataError { RetailDataError(file: file, row: 0, field: field, message: message) }
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path) else {
            // The writer writes dataset.json last, so data files without it are an interrupted write.
            let leftovers = [RetailDatasetFiles.catalog, RetailDatasetFiles.orders, RetailDatasetFiles.orderLines]
                .filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
            if !leftovers.isEmpty {
                throw fail("", "missing in \(directory.path), which holds \(leftovers.joined(separator: ", ")): an incomplete "
                    + "dataset (datagen writes \(file) last, so it was interrupted); "
                    + RetailDatasetIntegrity.advice(RetailDatasetIntegrity.regenerateCommand(directory)))
            }
            throw fail("", "missing in \(directory.path); is this a dataset written by `vitrine datagen retail`?")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw fail("", "not a JSON object; " + RetailDatasetIntegrity.advice(RetailDatasetIntegrity.regenerateCommand(directory)))
        }
        let format = object["format"] as? String
        let products = object["products"] as? Int, recordedDays = object["days"] as? Int
        let seed = (object["seed"] as? NSNumber).flatMap { UInt64(exactly: $0.doubleValue) }
        let regenerate = RetailDatasetIntegrity.regenerateCommand(directory, products: products, days: recordedDays, seed: seed)
        // dataset.json vouches for itself too: a field edited after writing (a seed, the day
        // count a loader would allocate for) is damage, found before any field is used.
        if format == RetailDatasetFiles.format {
            let stored = object[Self.checksumKey] as? String
            guard let stored, stored == (try? Self.checksum(of: object)) else {
                throw fail(Self.checksumKey, (stored == nil ? "missing" : "does not match the file's contents")
                    + "; \(file) was changed after it was written. " + RetailDatasetIntegrity.advice(regenerate))
            }
        }
        guard format == RetailDatasetFiles.format else {
            if format == RetailDatasetFiles.formatWithoutChecksums {
                throw fail("format", "\(format!) was written before datasets recorded their files' sizes and checksums, "
                    + "so it cannot be checked for truncation; " + RetailDatasetIntegrity.advice(regenerate))
            }
            throw fail("format", "expected \"\(RetailDatasetFiles.format)\", got \(format.map { "\"\($0)\"" } ?? "none"); "
                + RetailDatasetIntegrity.advice(regenerate))
        }
        guard let startText = object["start_date"] as? String, let start = CivilDate(iso: startText) else {
            throw fail("start_date", "expected a date YYYY-MM-DD")
        }
        guard let days = recordedDays, (1...RetailMetadata.maximumDays).contains(days) else {
            throw fail("days", "expected a whole number of days from 1 to \(RetailMetadata.maximumDays)")
        }
        if object["seed"] != nil, seed == nil { throw fail("seed", "expected a non-negative integer") }
        guard let segments = object["segments"] as? [String], !segments.isEmpty else { throw fail("segments", "expected a list of segment names") }
        guard let files = object["files"] as? [String: Any] else {
            throw fail("files", "expected the size and checksum of every file; " + RetailDatasetIntegrity.advice(regenerate))
        }
        let records = try files.keys.sorted().map { name in
            // Names are plain file names in the folder; anything else is not this writer's.
            guard !name.contains("/"), name != file, let record = RetailFileRecord(name: name, json: files[name]!) else {
                throw fail("files.\(name)", "expected {\"bytes\", \"rows\", \"crc32\"} for a file in the folder; "
                    + RetailDatasetIntegrity.advice(regenerate))
            }
            return record
        }
        let required = [RetailDatasetFiles.catalog, RetailDatasetFiles.customers, RetailDatasetFiles.campaigns,
                        RetailDatasetFiles.promotions, RetailDatasetFiles.orders, RetailDatasetFiles.orderLines]
        if let missing = required.first(where: { name in !records.contains { $0.name == name } }) {
            throw fail("files", "no record of \(missing); " + RetailDatasetIntegrity.advice(regenerate))
        }
        self.files = records
        self.start = start
        self.days = days
        self.products = products
        counts = ["products": products, "orders": object["orders"] as? Int, "lines": object["lines"] as? Int].compactMapValues { $0 }
        self.segments = segments
        self.seed = seed
        if let names = object["vocabulary"] as? [String: Any] {
            func list(_ key: String) throws -> [String] {
                guard let values = names[key] as? [String] else { throw fail("vocabulary.\(key)", "expected a list of names") }
                return values
            }
            vocabulary = CatalogVocabulary(categories: try list("categories"), brands: try list("brands"), colours: try list("colours"),
                                           materials: try list("materials"), sizeRanges: try list("size_ranges"))
        }
    }
}
