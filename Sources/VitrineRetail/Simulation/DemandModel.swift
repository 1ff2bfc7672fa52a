import Foundation
import VitrineData
import VitrineEngine

/// The simulator's ground truth: expected units per segment, product and day, and the offers
/// behind them.
struct DemandSurface {
    let products: Int
    let days: Int
    let segments: Int
    /// `[(segment * products + product) * days + day]`, calibrated to the target order count.
    var rates: [Float]
    /// Whether the product's offer that day is BOGO (its units then sell in pairs).
    var buyOneGetOne: [Bool]
    var spikes: [DemandSpike]
    /// The factor that calibrated the rates to the target order count.
    var calibration: Double

    /// Expected units over all segments, `[product * days + day]`.
    func expected() -> [Float] {
        let cells = products * days
        var total = [Float](repeating: 0, count: cells)
        for segment in 0..<segments { for i in 0..<cells { total[i] += rates[segment * cells + i] } }
        return total
    }
}

/// How many units each product is expected to sell each day, given the calendar and the
/// promotion plan:
///
/// rate(segment, product, day) = base(product) × traffic(day) × season(category, day)
///   × spike(product, day) × substitution(product, day) × cartLift(day)
///   × share(segment) × (price / list)^(−elasticity(segment) × scale(product)) × reference(product, day)
///
/// where the reference effect is exp(gain × g) for g = (reference − price)/reference ≥ 0 and
/// exp(lossAversion × g) below zero; the reference price follows the offered price
/// (reference += adaptation × (price − reference) each day), so a long promotion wears off and
/// its end leaves a dip. Substitution: a product loses `substitution` × the base-weighted
/// discount of its category siblings. A product sells nothing before its launch day. Prices below 40% of list count as 40% (demand saturates:
/// stock and attention are limited, and a dollar-off larger than a cheap item's price would
/// otherwise make demand unbounded).
enum DemandModel {
    static let weekly: [Double] = [0.90, 0.88, 0.92, 0.97, 1.08, 1.22, 1.03]
    static let holidayTraffic: [String: Double] = [
        "New Year's Day": 0.7, "Presidents' Day": 1.35, "Memorial Day": 1.35, "Independence Day": 1.3,
        "Labor Day": 1.35, "Thanksgiving": 0.7, "Black Friday": 3.0, "Cyber Monday": 2.0,
        "Christmas Eve": 0.8, "Christmas Day": 0.35, "Boxing Day": 1.5, "New Year's Eve": 0.8,
    ]

    /// Store-wide traffic multiplier of each day.
    static func traffic(_ calendar: RetailCalendar) -> [Double] {
        calendar.days.enumerated().map { index, day in
            let yearly = 1 + 0.18 * cos(2 * Double.pi * (Double(day.date.dayOfYear) - 350) / 365.25)
            let trend = 1 + 0.08 * Double(index) / 365
            return weekly[day.weekday] * yearly * trend * (holidayTraffic[day.holidayName] ?? 1) * (day.isPayday ? 1.15 : 1)
        }
    }

    /// The surface under `plan`; `calibration` fixes the factor that scales rates to the target
    /// order count (nil: the one that makes this plan's expected orders match the target), so a
    /// plan can be compared with another under the same demand.
    static func compute(config: RetailSimulatorConfig, catalog: Catalog, truths: [ProductTruth],
                        calendar: RetailCalendar, plan: PromotionCalendar, calibration: Double? = nil) -> DemandSurface {
        let products = catalog.count, days = calendar.count
        let traffic = traffic(calendar)
        let cartLift = (0..<days).map { 1 + 0.5 * plan.maximumCartDiscount(on: $0) }
        let categoryCount = catalog.vocabulary.categories.count
        let seasons = (0..<categoryCount).map { category -> [Double] in
            let entry = category < CatalogGenerator.categoryTable.count ? CatalogGenerator.categoryTable[category] : (name: "", price: 0, size: 0, peakDay: 0, swing: 0)
            return calendar.days.map { 1 + entry.swing * cos(2 * Double.pi * (Double($0.date.dayOfYear) - entry.peakDay) / 365.25) }
        }

        // Offers first: demand and substitution both read them.
        var discount = [Float](repeating: 0, count: products * days)
        var bogo = [Bool](repeating: false, count: products * days)
        discount.withUnsafeMutableBufferPointer { discountOut in
            bogo.withUnsafeMutableBufferPointer { bogoOut in
                let (discountOut, bogoOut) = (discountOut, bogoOut)
                Parallel.forEach(products, cost: days * 20) { product in
                    for day in 0..<days {
                        let offer = plan.offer(product: product, day: day)
                        discountOut[product * days + day] = Float(offer.discountFraction)
                        bogoOut[product * days + day] = offer.kind == .buyOneGetOne
                    }
                }
            }
        }
        // Base-weighted discount of each category and day, and each category's total base.
        var categoryDiscount = [Double](repeating: 0, count: categoryCount * days)
        var categoryBase = [Double](repeating: 0, count: categoryCount)
        for product in 0..<products {
            let category = catalog.products[product].category, base = truths[product].baseRate
            categoryBase[category] += base
            for day in 0..<days { categoryDiscount[category * days + day] += base * Double(discount[product * days + day]) }
        }

        let segments = config.segments
        let shareTotal = segments.reduce(0) { $0 + $1.share }
        let cells = products * days
        var rates = [Float](repeating: 0, count: segments.count * cells)
        var items = [Double](repeating: 0, count: products)
        var spikeLists = [[DemandSpike]](repeating: [], count: products)
        rates.withUnsafeMutableBufferPointer { rateOut in
            let rateOut = rateOut
            items.withUnsafeMutableBufferPointer { itemsOut in
                spikeLists.withUnsafeMutableBufferPointer { spikesOut in
                    let (itemsOut, spikesOut) = (itemsOut, spikesOut)
                    Parallel.forEach(products, cost: days * 100) { product in
                        let item = catalog.products[product], truth = truths[product]
                        let random = Generator(seed: SeedMixer.mix(config.seed, 2, UInt64(product)))
                        var reference = 1.0, spikeLeft = 0, spikeMultiplier = 1.0, expectedItems = 0.0
                        var spikes: [DemandSpike] = []
                        for day in max(0, item.launchDay)..<days {
                            let cell = product * days + day
                            if truth.slowMover {
                                if spikeLeft == 0 && random.uniform() < config.spikeProbability {
                                    spikeLeft = 1 + random.int(below: 3)
                                    spikeMultiplier = 10 + 30 * random.uniform()
                                    spikes.append(DemandSpike(productIndex: product, startDay: day,
                                                              endDay: min(day + spikeLeft - 1, days - 1), multiplier: spikeMultiplier))
                                }
                            }
                            let spike = spikeLeft > 0 ? spikeMultiplier : 1
                            if spikeLeft > 0 { spikeLeft -= 1 }
                            let own = Double(discount[cell])
                            let siblings = categoryBase[item.category] > 0
                                ? (categoryDiscount[item.category * days + day] - truth.baseRate * own) / categoryBase[item.category] : 0
                            let substitution = max(0.3, 1 - config.substitution * siblings)
                            // Demand saturates at 60% off: a free item does not sell without limit.
                            let price = max(1 - own, 0.4)
                            let gap = (reference - price) / reference
                            let referenceEffect = exp((gap >= 0 ? config.referenceGain : config.referenceLossAversion) * gap)
                            let base = truth.baseRate * traffic[day] * seasons[item.category][day] * spike * substitution
                                * cartLift[day] * referenceEffect
                            var total = 0.0
                            for (s, segment) in segments.enumerated() {
                                let rate = base * segment.share / shareTotal
                                    * pow(price, -segment.elasticity * truth.elasticityScale)
                                rateOut[s * cells + cell] = Float(rate)
                                total += rate
                            }
                            expectedItems += bogo[cell] ? total / 2 : total
                            reference += config.referenceAdaptation * (price - reference)
                        }
                        itemsOut[product] = expectedItems
                        spikesOut[product] = spikes
                    }
                }
            }
        }
        // Calibrate so that the expected order count matches the target.
        let totalItems = items.reduce(0, +)
        let scale = calibration ?? (totalItems > 0 ? Double(config.resolvedTargetOrders) * (1 + config.extraItemsPerOrder) / totalItems : 0)
        rates.withUnsafeMutableBufferPointer { buffer in
            let buffer = buffer
            Parallel.forEachChunk(buffer.count) { range in for i in range { buffer[i] = Float(Double(buffer[i]) * scale) } }
        }
        return DemandSurface(products: products, days: days, segments: segments.count, rates: rates, buyOneGetOne: bogo, spikes: spikeLists.flatMap { $0 },
                            calibration: scale)
    }
}
