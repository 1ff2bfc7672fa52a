import Testing
import VitrineRetail
@testable import VitrinePromotions

/// A small simulated retailer for the scenario tests: 60 products, 200 days, 8 campaigns; the
/// horizon is the last 60 days.
enum SmallRetailer {
    static let config: RetailSimulatorConfig = {
        var config = RetailSimulatorConfig()
        config.products = 60
        config.days = 200
        config.seed = 11
        config.campaigns = 8
        return config
    }()
    static let dataset = try! RetailSimulator(config).run()
    static let horizon = 140..<200

    static func reader() -> ScenarioFile {
        ScenarioFile(file: "s.yaml", dataset: dataset, defaultHorizon: horizon, sample: Array(0..<30))
    }

    static func date(_ day: Int) -> String { "\(CivilDate(daysSinceEpoch: dataset.start.daysSinceEpoch + day))" }
}

@Suite struct ScenarioFileTests {
    let reader = SmallRetailer.reader()
    var current: [PlannedCampaign] { PromotionPlan.split(SmallRetailer.dataset, at: 140, end: 200).current }

    @Test func switchesEditsAndAdditionsMakeThePlannedCampaigns() throws {
        let campaigns = current
        try #require(campaigns.count >= 2, "the small retailer needs two campaigns in its horizon")
        let (off, edited) = (campaigns[0], campaigns[1])
        let scenario = try reader.parse("""
            scope: knitwear
            constraints:
              max_concurrent: 2
              discount_budget: 1500
            campaigns:
              - id: \(off.id)
                active: false
              - id: \(edited.id)
                discount: 35%
                start: \(SmallRetailer.date(150))
                end: \(SmallRetailer.date(155))
                brands: [\(SmallRetailer.dataset.catalog.vocabulary.brands[2])]
              - add: Coat Days
                type: dollar_off
                amount: 12.5
                start: \(SmallRetailer.date(160))
                end: \(SmallRetailer.date(166))
                categories: [coats]
            """)
        #expect(scenario.days == 140..<200)
        let knitwear = SmallRetailer.dataset.catalog.vocabulary.categories.firstIndex(of: "knitwear")!
        #expect(!scenario.products.isEmpty && scenario.products.allSatisfy { SmallRetailer.dataset.catalog.products[$0].category == knitwear })
        #expect(scenario.constraints == ScenarioConstraints(maxConcurrent: 2, discountBudget: 1500, exclusive: false))
        #expect(scenario.current.map(\.id) == campaigns.map(\.id))
        #expect(!scenario.planned.contains { $0.id == off.id })
        let changed = try #require(scenario.planned.first { $0.id == edited.id })
        #expect(changed.campaign.startDay == 150 && changed.campaign.endDay == 155)
        for promotion in changed.promotions {
            if promotion.kind == .percentOff || promotion.kind == .cartPercentOff { #expect(promotion.percentBasisPoints == 3500) }
            if promotion.kind.isProductLevel { #expect(promotion.filter.brands == [2] && promotion.filter.categories.isEmpty) }
        }
        let added = try #require(scenario.planned.last)
        #expect(added.name == "Coat Days" && added.campaign.startDay == 160 && added.campaign.endDay == 166)
        #expect(added.promotions.count == 1 && added.promotions[0].kind == .dollarOff && added.promotions[0].amountCents == 1250)
        #expect(added.promotions[0].campaignID == added.id && !SmallRetailer.dataset.campaigns.contains { $0.id == added.id })
        #expect(scenario.lines[added.id] == 13)
    }

    @Test func theHistoryPoolMovesEveryCampaignIntoTheHorizon() throws {
        let scenario = try reader.parse("pool: history\nscope: all\n")
        #expect(scenario.products.count == 60)
        #expect(scenario.current.count == SmallRetailer.dataset.campaigns.count)
        #expect(Set(scenario.current.map(\.id)).count == scenario.current.count)
        #expect(scenario.current.filter { $0.id > HistoryPool.idOffset }.count == SmallRetailer.dataset.campaigns.filter { $0.startDay < 140 && $0.endDay < 140 }.count)
        for planned in scenario.current {
            #expect(scenario.days.contains(planned.campaign.startDay) && scenario.days.contains(planned.campaign.endDay))
            #expect(planned.promotions.allSatisfy { $0.campaignID == planned.id })
        }
        // History keeps what ran before the horizon, cut at its first day.
        #expect(scenario.history.allSatisfy { $0.campaign.endDay < 140 })
    }

    /// Each bad input names its line and key and says what was expected.
    @Test func badInputIsAnErrorAtItsLine() throws {
        let id = try #require(current.first).id
        let inside = SmallRetailer.date(150), later = SmallRetailer.date(160)
        let cases: [(String, String)] = [
            ("campaigns:\n  - id: 999\n    active: false\n", "s.yaml:2: campaigns[0].id: no campaign 999 in the horizon's plan; its campaigns are"),
            ("scope: hats\n", "s.yaml:1: scope: expected a category, sample or all of the catalog (dresses"),
            ("campaigns:\n  - id: \(id)\n    products: [1, 99999]\n", "s.yaml:3: campaigns[0].products: expected product ids of the catalog (catalog.csv), got '99999'"),
            ("campaigns:\n  - id: \(id)\n    start: 2020-01-01\n", "s.yaml:3: campaigns[0].start: expected a date within the horizon"),
            ("campaigns:\n  - add: X\n    type: bogo\n    start: \(later)\n    end: \(inside)\n",
             "s.yaml:5: campaigns[0].end: expected an end on or after the start (\(later)), got \(inside)"),
            ("campaigns:\n  - id: \(id)\n    discount: -5\n", "s.yaml:3: campaigns[0].discount: expected a discount in percent, at least 0 and below 100, got -5.0"),
            ("campaigns:\n  - id: \(id)\n    discount: 100%\n", "s.yaml:3: campaigns[0].discount: expected a discount in percent, at least 0 and below 100, got 100.0"),
            ("campaigns:\n  - add: X\n    type: half_price\n", "s.yaml:3: campaigns[0].type: expected one of percent_off, dollar_off, bogo, cart_percent_off, got 'half_price'"),
            ("horizon:\n  start: \(inside)\n  days: 90\n", "s.yaml:3: horizon.days: expected at most 50 days"),
            ("campaigns:\n  - id: \(id)\n    colour: red\n", "s.yaml:3: campaigns[0].colour: unknown key; expected one of active, amount, brands"),
            ("constraints: {max_concurrent: 0}\n", "s.yaml:1: constraints.max_concurrent: expected an integer ≥ 1, got '0'"),
            ("scope: [a\n", "s.yaml: not valid YAML"),
            // A date that does not exist is refused, not rolled over into the next month.
            ("campaigns:\n  - id: \(id)\n    start: 2023-02-30\n", "s.yaml:3: campaigns[0].start: expected a date YYYY-MM-DD that exists, got '2023-02-30'"),
        ]
        for (text, expected) in cases {
            do {
                _ = try reader.parse(text)
                Issue.record("accepted: \(text)")
            } catch let error as ScenarioError {
                #expect("\(error)".hasPrefix(expected), "\(error)")
            }
        }
    }

    /// A discount edit on a campaign without a percent-off promotion (or an amount on one
    /// without a dollar-off one) is an error naming the campaign's kinds, not dropped.
    @Test func anEditTheCampaignCannotTakeIsRefused() throws {
        let kinds = { (c: PlannedCampaign) in Set(c.promotions.map(\.kind)) }
        let noPercent = current.first { kinds($0).isDisjoint(with: [.percentOff, .cartPercentOff]) }
        let noDollar = current.first { !kinds($0).contains(.dollarOff) }
        try #require(noPercent != nil || noDollar != nil, "the small retailer's plan has campaigns of one kind each")
        if let campaign = noPercent {
            do {
                _ = try reader.parse("campaigns:\n  - id: \(campaign.id)\n    discount: 20\n")
                Issue.record("a discount on a campaign without percent-off was accepted")
            } catch let error as ScenarioError {
                #expect("\(error)".hasPrefix("s.yaml:3: campaigns[0].discount: expected no discount: campaign"), "\(error)")
            }
        }
        if let campaign = noDollar {
            do {
                _ = try reader.parse("campaigns:\n  - id: \(campaign.id)\n    amount: 2\n")
                Issue.record("an amount on a campaign without dollar-off was accepted")
            } catch let error as ScenarioError {
                #expect("\(error)".hasPrefix("s.yaml:3: campaigns[0].amount: expected no amount: campaign"), "\(error)")
            }
        }
    }

    @Test func overlappingCampaignsAreRefusedWhenExclusive() throws {
        let day = SmallRetailer.date(170), next = SmallRetailer.date(172)
        let text = """
            constraints:
              exclusive: true
            campaigns:
              - add: A
                type: percent_off
                discount: 10
                start: \(day)
                end: \(next)
                categories: [coats]
              - add: B
                type: bogo
                start: \(next)
                end: \(next)
                brands: [\(SmallRetailer.dataset.catalog.vocabulary.brands.joined(separator: ", "))]
            """
        // The current plan's own campaigns may overlap too: start from a plan without them.
        let cleared = current.map { "  - id: \($0.id)\n    active: false\n" }.joined()
        let scenario = text.replacingOccurrences(of: "campaigns:\n", with: "campaigns:\n" + cleared)
        do {
            _ = try reader.parse(scenario)
            Issue.record("overlapping campaigns were accepted")
        } catch let error as ScenarioError {
            #expect(error.line == 4 + 2 * current.count + 6, "\(error)")
            #expect(error.message.contains("constraints.exclusive forbids overlapping campaigns"), "\(error)")
            #expect(error.message.contains("on \(next)"), "\(error)")
        }
        // Pool campaigns may overlap one another (they are candidates); the constraint is about
        // what the file adds or edits. Without the constraint the same plan is fine.
        _ = try reader.parse("pool: history\nconstraints:\n  exclusive: true\n")
        _ = try reader.parse(scenario.replacingOccurrences(of: "exclusive: true", with: "exclusive: false"))
    }
}
