import Foundation
import VitrineConfig
import VitrineRetail
import Yams

/// Reads a scenario file (YAML) against a retail dataset:
///
/// ```yaml
/// scope: Dresses            # a category, `sample` (the model's products) or `all` (default: sample)
/// horizon:                  # default: the model's holdout
///   start: 2025-09-23
///   days: 100
/// pool: dataset             # the current plan: the dataset's campaigns in the horizon (default),
///                           # or `history`: every campaign of the history moved into the horizon
/// constraints:
///   max_concurrent: 3
///   discount_budget: 20000  # dollars of forecast discount
///   exclusive: true         # no two campaigns on the same product on the same day
/// campaigns:
///   - id: 57                # a campaign of the current plan ...
///     active: false         # ... switched off,
///   - id: 58
///     discount: 30          # ... or edited: percent-off depth (and cart percent-off), in %
///     amount: 10            # dollar-off amount, in dollars
///     start: 2025-11-20     # dates within the horizon
///     end: 2025-11-30
///     categories: [Dresses] # replaces the product filter of its product-level promotions
///     brands: [...]
///     products: [101, 102]  # product ids
///   - add: Dress Days       # a new campaign with one promotion
///     type: percent_off     # percent_off, dollar_off, bogo, cart_percent_off
///     discount: 20
///     minimum_cart: 100     # cart_percent_off: the qualifying subtotal, in dollars
///     start: 2025-10-01
///     end: 2025-10-07
///     categories: [Dresses]
/// ```
///
/// Every problem is a ``ScenarioError`` at the line it is on.
public struct ScenarioFile {
    public let file: String
    let dataset: RetailDataset
    let defaultHorizon: Range<Int>
    let sample: [Int]

    /// `defaultHorizon` and `sample` are the model's holdout and product sample.
    public init(file: String, dataset: RetailDataset, defaultHorizon: Range<Int>, sample: [Int]) {
        self.file = file
        self.dataset = dataset
        self.defaultHorizon = defaultHorizon
        self.sample = sample
    }

    /// Reads and resolves the file.
    public func load() throws -> Scenario {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw ScenarioError(file: file, line: nil, key: "", "cannot read the scenario file (\(error.localizedDescription)); check the path")
        }
        return try parse(text)
    }

    /// Resolves scenario `text` (as if read from ``file``).
    public func parse(_ text: String) throws -> Scenario {
        let root: Node?
        do { root = try ConfigLoader.compose(text) } catch let violation as YAMLLimits.Violation {
            throw ScenarioError(file: file, line: violation.line, key: "", violation.message)
        } catch {
            throw ScenarioError(file: file, line: nil, key: "", "not valid YAML (\(error))")
        }
        let top = try mapping(root ?? Node.mapping([:]), key: "", allowed: ["scope", "horizon", "pool", "constraints", "campaigns"])
        let days = try horizon(top["horizon"])
        let (history, current) = try pool(top["pool"], days: days)
        let constraints = try self.constraints(top["constraints"])
        var scenario = Scenario(file: file, scopeName: "sample", products: sample, days: days, history: history, current: current,
                                planned: current, constraints: constraints, lines: [:])
        if let scope = top["scope"] { (scenario.scopeName, scenario.products) = try self.scope(scope) }
        if let list = top["campaigns"] { try applyEdits(list, to: &scenario) }
        if constraints.exclusive { try checkExclusive(scenario) }
        return scenario
    }

    // MARK: - Sections

    private func scope(_ node: Node) throws -> (String, [Int]) {
        let name = try string(node, key: "scope")
        switch name {
        case "all": return (name, Array(0..<dataset.catalog.count))
        case "sample": return (name, sample)
        default:
            let category = try code(name, in: dataset.catalog.vocabulary.categories, node: node, key: "scope", what: "a category, sample or all")
            return (name, dataset.catalog.products.indices.filter { dataset.catalog.products[$0].category == category })
        }
    }

    private func horizon(_ node: Node?) throws -> Range<Int> {
        guard let node else { return defaultHorizon }
        let fields = try mapping(node, key: "horizon", allowed: ["start", "days"])
        guard let startNode = fields["start"], let daysNode = fields["days"] else {
            throw error(node, "horizon", "expected both start (a date) and days (a count)")
        }
        let start = try day(startNode, key: "horizon.start", within: 1..<dataset.dayCount)
        let count = try int(daysNode, key: "horizon.days", min: 1)
        guard start + count <= dataset.dayCount else {
            throw error(daysNode, "horizon.days", "expected at most \(dataset.dayCount - start) days (the dataset ends on \(date(dataset.dayCount - 1))), got \(count)")
        }
        return start..<(start + count)
    }

    private func pool(_ node: Node?, days: Range<Int>) throws -> ([PlannedCampaign], [PlannedCampaign]) {
        let (history, current) = PromotionPlan.split(dataset, at: days.lowerBound, end: days.upperBound)
        let name = try node.map { try string($0, key: "pool") } ?? "dataset"
        switch name {
        case "dataset": return (history, current)
        case "history": return (history, HistoryPool.moved(history: history, into: days) + current)
        default: throw error(node!, "pool", "expected dataset or history, got '\(name)'")
        }
    }

    private func constraints(_ node: Node?) throws -> ScenarioConstraints {
        guard let node else { return ScenarioConstraints() }
        let fields = try mapping(node, key: "constraints", allowed: ["max_concurrent", "discount_budget", "exclusive"])
        var out = ScenarioConstraints()
        if let value = fields["max_concurrent"] { out.maxConcurrent = try int(value, key: "constraints.max_concurrent", min: 1) }
        if let value = fields["discount_budget"] {
            let budget = try number(value, key: "constraints.discount_budget")
            guard budget >= 0 else { throw error(value, "constraints.discount_budget", "expected dollars ≥ 0, got \(budget)") }
            out.discountBudget = budget
        }
        if let value = fields["exclusive"] { out.exclusive = try bool(value, key: "constraints.exclusive") }
        return out
    }

    // MARK: - Campaign edits

    private static let editKeys: Set<String> = ["id", "active", "discount", "amount", "start", "end", "categories", "brands", "products"]
    private static let addKeys: Set<String> = ["add", "type", "discount", "amount", "minimum_cart", "start", "end", "categories", "brands", "products"]

    private func applyEdits(_ node: Node, to scenario: inout Scenario) throws {
        guard case let .sequence(entries) = node else { throw error(node, "campaigns", "expected a list of campaign entries") }
        var nextID = (dataset.campaigns.map(\.id) + scenario.current.map(\.id)).max().map { $0 + 1 } ?? 1
        var nextPromotion = (dataset.promotions.map(\.id) + scenario.current.flatMap(\.promotions).map(\.id)).max().map { $0 + 1 } ?? 1
        for (index, entry) in entries.enumerated() {
            let key = "campaigns[\(index)]"
            let line = entry.mark?.line
            guard case let .mapping(raw) = entry else { throw error(entry, key, "expected a mapping with id: (an existing campaign) or add: (a new one)") }
            if raw["add"] != nil {
                let fields = try mapping(entry, key: key, allowed: Self.addKeys)
                let campaign = try added(fields, entry: entry, key: key, id: nextID, promotionID: nextPromotion, days: scenario.days)
                nextID += 1
                nextPromotion += 1
                scenario.planned.append(campaign)
                scenario.lines[campaign.id] = line
            } else if let idNode = raw["id"] {
                let fields = try mapping(entry, key: key, allowed: Self.editKeys)
                let id = try int(idNode, key: key + ".id", min: nil)
                guard let position = scenario.planned.firstIndex(where: { $0.id == id }) else {
                    throw error(idNode, key + ".id", "no campaign \(id) in the horizon's plan; its campaigns are "
                        + (scenario.current.isEmpty ? "none" : scenario.current.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")))
                }
                scenario.lines[id] = line
                if let active = fields["active"], try !bool(active, key: key + ".active") {
                    scenario.planned.remove(at: position)
                    continue
                }
                scenario.planned[position] = try edited(scenario.planned[position], fields, key: key, days: scenario.days)
            } else {
                throw error(entry, key, "expected id: (a campaign of the horizon's plan) or add: (a new campaign's name)")
            }
        }
    }

    private func edited(_ original: PlannedCampaign, _ fields: [String: Node], key: String, days: Range<Int>) throws -> PlannedCampaign {
        var out = original
        if let node = fields["start"] { out.campaign.startDay = try day(node, key: key + ".start", within: days) }
        if let node = fields["end"] { out.campaign.endDay = try day(node, key: key + ".end", within: days) }
        try checkOrder(out.campaign, fields, key: key)
        let percent = try fields["discount"].map { try basisPoints($0, key: key + ".discount") }
        let amount = try fields["amount"].map { try cents($0, key: key + ".amount") }
        let filter = try self.filter(fields, key: key)
        // An edit the campaign's promotions cannot take is an error, not silently dropped.
        let kinds = Set(out.promotions.map(\.kind))
        let listed = kinds.map(\.rawValue).sorted().joined(separator: ", ")
        let edits: [(field: String, takes: Set<PromotionKind>, kind: String, instead: String)] = [
            ("discount", [.percentOff, .cartPercentOff], "percent-off", "amount"), ("amount", [.dollarOff], "dollar-off", "discount"),
        ]
        for edit in edits where kinds.isDisjoint(with: edit.takes) {
            guard let node = fields[edit.field] else { continue }
            throw error(node, key + "." + edit.field, "expected no \(edit.field): campaign '\(original.campaign.name)' has no \(edit.kind) "
                + "promotion (its kinds: \(listed)); edit its \(edit.instead), or add a campaign")
        }
        for i in out.promotions.indices {
            switch out.promotions[i].kind {
            case .percentOff, .cartPercentOff: if let percent { out.promotions[i].percentBasisPoints = percent }
            case .dollarOff: if let amount { out.promotions[i].amountCents = amount }
            case .buyOneGetOne: break
            }
            if let filter, out.promotions[i].kind.isProductLevel { out.promotions[i].filter = filter }
        }
        return out
    }

    private func added(_ fields: [String: Node], entry: Node, key: String, id: Int, promotionID: Int, days: Range<Int>) throws -> PlannedCampaign {
        let name = try string(fields["add"]!, key: key + ".add")
        guard let typeNode = fields["type"] else { throw error(entry, key + ".type", "expected one of \(Self.kinds)") }
        let typeName = try string(typeNode, key: key + ".type")
        guard let kind = PromotionKind(rawValue: typeName) else { throw error(typeNode, key + ".type", "expected one of \(Self.kinds), got '\(typeName)'") }
        guard let startNode = fields["start"], let endNode = fields["end"] else { throw error(entry, key, "expected start and end dates") }
        let campaign = Campaign(id: id, name: name, startDay: try day(startNode, key: key + ".start", within: days),
                                endDay: try day(endNode, key: key + ".end", within: days))
        try checkOrder(campaign, fields, key: key)
        var promotion = Promotion(id: promotionID, campaignID: id, kind: kind, filter: try filter(fields, key: key) ?? .everything)
        switch kind {
        case .percentOff, .cartPercentOff:
            guard let node = fields["discount"] else { throw error(entry, key + ".discount", "expected the discount in percent for \(typeName)") }
            promotion.percentBasisPoints = try basisPoints(node, key: key + ".discount")
            if kind == .cartPercentOff { promotion.minimumCartCents = try fields["minimum_cart"].map { try cents($0, key: key + ".minimum_cart") } ?? 0 }
        case .dollarOff:
            guard let node = fields["amount"] else { throw error(entry, key + ".amount", "expected the amount off each unit in dollars for dollar_off") }
            promotion.amountCents = try cents(node, key: key + ".amount")
        case .buyOneGetOne:
            break
        }
        return PlannedCampaign(campaign: campaign, promotions: [promotion])
    }

    private static let kinds = PromotionKind.allCases.map(\.rawValue).joined(separator: ", ")

    private func checkOrder(_ campaign: Campaign, _ fields: [String: Node], key: String) throws {
        guard campaign.endDay < campaign.startDay else { return }
        // Neither date edited: the campaign's own dates, as the dataset has them, are not the file's mistake.
        guard let node = fields["end"] ?? fields["start"] else { return }
        throw error(node, key + ".end", "expected an end on or after the start (\(date(campaign.startDay))), got \(date(campaign.endDay))")
    }

    private func filter(_ fields: [String: Node], key: String) throws -> ProductFilter? {
        let vocabulary = dataset.catalog.vocabulary
        var categories: [Int] = [], brands: [Int] = [], products: [Int] = []
        if let node = fields["categories"] {
            categories = try strings(node, key: key + ".categories").map { try code($0, in: vocabulary.categories, node: node, key: key + ".categories", what: "a category") }
        }
        if let node = fields["brands"] {
            brands = try strings(node, key: key + ".brands").map { try code($0, in: vocabulary.brands, node: node, key: key + ".brands", what: "a brand") }
        }
        if let node = fields["products"] {
            products = try strings(node, key: key + ".products").map { text in
                guard let id = Int(text), dataset.catalog.indexByID[id] != nil else {
                    throw error(node, key + ".products", "expected product ids of the catalog (catalog.csv), got '\(text)'")
                }
                return id
            }
        }
        guard fields["categories"] != nil || fields["brands"] != nil || fields["products"] != nil else { return nil }
        return ProductFilter(brands: brands, categories: categories, productIDs: products)
    }

    /// With `constraints.exclusive`, no campaign the file edits or adds may give a product a
    /// product-level promotion on a day another planned campaign does, nor run a cart-level
    /// promotion on a day another does. (The pool's own campaigns may overlap one another: they
    /// are candidates, and an optimized mix keeps them apart.)
    private func checkExclusive(_ scenario: Scenario) throws {
        let coverage = CampaignCoverage(dataset: dataset, campaigns: scenario.planned)
        let named = { (k: Int) in scenario.lines[scenario.planned[k].id] != nil }
        if let (first, second, day, product) = coverage.firstOverlap(where: { named($0) || named($1) }) {
            let a = scenario.planned[first], b = scenario.planned[second]
            let what = product.map { "product \(dataset.catalog.products[$0].id)" } ?? "carts (two cart-level promotions)"
            throw ScenarioError(file: file, line: scenario.lines[b.id] ?? scenario.lines[a.id], key: "campaigns",
                                "campaign \(b.id) (\(b.name)) covers \(what) on \(date(day)), as campaign \(a.id) (\(a.name)) does; "
                                    + "constraints.exclusive forbids overlapping campaigns: move or narrow one, or switch one off")
        }
    }

    // MARK: - Scalars

    private func error(_ node: Node, _ key: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: node.mark?.line, key: key, message)
    }

    private func mapping(_ node: Node, key: String, allowed: Set<String>) throws -> [String: Node] {
        guard case let .mapping(mapping) = node else { throw error(node, key, "expected a mapping") }
        var out: [String: Node] = [:]
        for (name, value) in mapping {
            let text = name.string ?? ""
            guard allowed.contains(text) else {
                throw error(name, key.isEmpty ? text : "\(key).\(text)", "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            out[text] = value
        }
        return out
    }

    private func string(_ node: Node, key: String) throws -> String {
        guard case let .scalar(scalar) = node else { throw error(node, key, "expected a single value") }
        return scalar.string
    }

    private func strings(_ node: Node, key: String) throws -> [String] {
        guard case let .sequence(items) = node else { throw error(node, key, "expected a list") }
        return try items.map { try string($0, key: key) }
    }

    private func int(_ node: Node, key: String, min: Int?) throws -> Int {
        let text = try string(node, key: key)
        guard let value = Int(text), value >= (min ?? .min) else {
            throw error(node, key, "expected an integer" + (min.map { " ≥ \($0)" } ?? "") + ", got '\(text)'")
        }
        return value
    }

    private func number(_ node: Node, key: String) throws -> Double {
        let text = try string(node, key: key)
        guard let value = Double(text.hasSuffix("%") ? String(text.dropLast()) : text), value.isFinite else {
            throw error(node, key, "expected a number, got '\(text)'")
        }
        return value
    }

    private func bool(_ node: Node, key: String) throws -> Bool {
        switch try string(node, key: key) {
        case "true": return true
        case "false": return false
        case let text: throw error(node, key, "expected true or false, got '\(text)'")
        }
    }

    /// A discount in percent (`30` or `30%`) as basis points; 0 ≤ d < 100.
    private func basisPoints(_ node: Node, key: String) throws -> Int {
        let value = try number(node, key: key)
        guard value >= 0, value < 100 else { throw error(node, key, "expected a discount in percent, at least 0 and below 100, got \(value)") }
        return Int((value * 100).rounded())
    }

    private func cents(_ node: Node, key: String) throws -> Cents {
        let value = try number(node, key: key)
        guard value >= 0 else { throw error(node, key, "expected dollars ≥ 0, got \(value)") }
        return Cents((value * 100).rounded())
    }

    private func code(_ name: String, in names: [String], node: Node, key: String, what: String) throws -> Int {
        if let index = names.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return index }
        throw error(node, key, "expected \(what) of the catalog (\(names.prefix(20).joined(separator: ", "))\(names.count > 20 ? ", …" : "")), got '\(name)'")
    }

    /// A date (YYYY-MM-DD) as a day index within `days`.
    private func day(_ node: Node, key: String, within days: Range<Int>) throws -> Int {
        let text = try string(node, key: key)
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
            throw error(node, key, "expected a date YYYY-MM-DD, got '\(text)'")
        }
        let civil = CivilDate(year: parts[0], month: parts[1], day: parts[2])
        // 2025-11-31 would roll over to December 1st: a date must come back as itself.
        guard CivilDate(daysSinceEpoch: civil.daysSinceEpoch) == civil else {
            throw error(node, key, "expected a date YYYY-MM-DD that exists, got '\(text)'")
        }
        let index = dataset.calendar.dayIndex(of: civil)
        guard days.contains(index) else {
            throw error(node, key, "expected a date within the horizon, \(date(days.lowerBound)) to \(date(days.upperBound - 1)), got \(text)")
        }
        return index
    }

    private func date(_ day: Int) -> String { "\(CivilDate(daysSinceEpoch: dataset.start.daysSinceEpoch + day))" }
}
