import Foundation
import VitrineData
import VitrineEngine

/// Generates a retail history with known ground truth (see ``DemandModel`` for the demand
/// equation and ``PricingEngine`` for how carts are priced).
///
/// Deterministic for a seed regardless of scheduling: the catalog and campaigns come from one
/// stream each, demand spikes from one stream per product, and each day's orders from one
/// stream per day, so days and products can be generated in parallel.
public struct RetailSimulator {
    public let config: RetailSimulatorConfig

    /// Checks the config; throws ``RetailDataError`` naming the bad field.
    public init(_ config: RetailSimulatorConfig) throws {
        try config.validate()
        self.config = config
    }

    /// Runs the simulation; `progress` receives a line per stage.
    public func run(progress: (String) -> Void = { _ in }) -> RetailDataset {
        run(plan: nil, orderDays: nil, progress: progress)
    }

    /// Runs the simulation with its own catalog, truth and random streams but the promotion
    /// plan `plan` (campaigns and promotions) instead of the generated one: the same retailer
    /// under another plan. Demand is calibrated as under the generated plan (the same traffic,
    /// not the same order count), so plans compare on equal terms. Orders are composed only on
    /// `orderDays` when given (the other days have none), which saves time when only a span
    /// matters; the expected demand covers every day.
    /// `calibration` is ``generatedCalibration()`` when the caller has it already (it costs a
    /// demand computation).
    public func run(plan replacement: (campaigns: [Campaign], promotions: [Promotion])?, orderDays: Range<Int>?,
                    calibration known: Double? = nil, progress: (String) -> Void = { _ in }) -> RetailDataset {
        let world = generated()
        let (calendar, catalog, truths) = (world.calendar, world.catalog, world.truths)
        let calibration = replacement == nil ? nil : known ?? world.calibration(config)
        let campaigns = replacement?.campaigns ?? world.campaigns, promotions = replacement?.promotions ?? world.promotions
        progress("catalog: \(catalog.count) products; \(campaigns.count) campaigns, \(promotions.count) promotions")
        let plan = PromotionCalendar(catalog: catalog, promotions: promotions, campaigns: campaigns, dayCount: config.days)
        let surface = DemandModel.compute(config: config, catalog: catalog, truths: truths, calendar: calendar, plan: plan,
                                          calibration: calibration)
        progress("demand: \(config.products) products × \(config.days) days")

        let customerRanges = customerRanges()
        let composer = OrderComposer(config: config, catalog: catalog, surface: surface, plan: plan, customerRanges: customerRanges)
        var perDay = [(OrderTable, OrderLineTable)?](repeating: nil, count: config.days)
        perDay.withUnsafeMutableBufferPointer { out in
            let out = out
            // Days interleaved across the workers rather than split in halves: later days are
            // busier (trend, holidays). Each day has its own stream and writes only its own
            // slot, so the result does not depend on scheduling.
            let workers = Parallel.workers
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for day in stride(from: worker, to: config.days, by: workers) where orderDays?.contains(day) ?? true {
                    out[day] = composer.orders(day: day, random: Generator(seed: SeedMixer.mix(config.seed, 3, UInt64(day))))
                }
            }
        }
        var orders = OrderTable(), lines = OrderLineTable()
        for entry in perDay {
            guard let (dayOrders, dayLines) = entry else { continue }
            lines.append(dayLines, orderOffset: orders.count)
            orders.append(dayOrders)
        }
        orders.orderIDs = (0..<orders.count).map { $0 + 1 }
        progress("orders: \(orders.count) orders, \(lines.count) lines")

        var customerSegments: [Int: Int] = [:]
        for (segment, range) in customerRanges.enumerated() {
            for customer in range.first..<(range.first + range.count) { customerSegments[customer] = segment }
        }
        return RetailDataset(start: config.start, dayCount: config.days, seed: config.seed, catalog: catalog,
                             segmentNames: config.segments.map(\.name), customerSegments: customerSegments,
                             campaigns: campaigns, promotions: promotions, orders: orders, lines: lines,
                             expectedDemand: ExpectedDemand(products: config.products, days: config.days, values: surface.expected()),
                             truth: truths, spikes: surface.spikes)
    }

    /// The factor that scales demand to the target order count under the generated plan: what
    /// ``run(plan:orderDays:calibration:progress:)`` holds fixed when the plan changes.
    public func generatedCalibration() -> Double { generated().calibration(config) }

    /// What the seed draws before any demand: calendar, catalog and truth, campaigns and promotions.
    private struct World {
        let calendar: RetailCalendar
        let catalog: Catalog
        let truths: [ProductTruth]
        let campaigns: [Campaign]
        let promotions: [Promotion]

        /// The demand calibration under the generated plan.
        func calibration(_ config: RetailSimulatorConfig) -> Double {
            let plan = PromotionCalendar(catalog: catalog, promotions: promotions, campaigns: campaigns, dayCount: config.days)
            return DemandModel.compute(config: config, catalog: catalog, truths: truths, calendar: calendar, plan: plan).calibration
        }
    }

    private func generated() -> World {
        let calendar = RetailCalendar(start: config.start, dayCount: config.days)
        let (catalog, truths) = CatalogGenerator.generate(count: config.products, brandCount: config.brands,
                                                          slowMoverShare: config.slowMoverShare,
                                                          newProductShare: config.newProductShare, days: config.days,
                                                          seed: SeedMixer.mix(config.seed, 0))
        let (campaigns, promotions) = CampaignGenerator.generate(count: config.resolvedCampaigns, calendar: calendar,
                                                                 catalog: catalog, seed: SeedMixer.mix(config.seed, 1))
        return World(calendar: calendar, catalog: catalog, truths: truths, campaigns: campaigns, promotions: promotions)
    }

    /// Customer ids 1...N split into contiguous ranges by segment share.
    private func customerRanges() -> [(first: Int, count: Int)] {
        let total = config.resolvedCustomers
        let shareTotal = config.segments.reduce(0) { $0 + $1.share }
        var ranges: [(first: Int, count: Int)] = []
        var next = 1
        for (index, segment) in config.segments.enumerated() {
            let count = index == config.segments.count - 1 ? total - (next - 1)
                : max(1, Int((Double(total) * segment.share / shareTotal).rounded()))
            ranges.append((next, max(count, 1)))
            next += max(count, 1)
        }
        return ranges
    }
}
