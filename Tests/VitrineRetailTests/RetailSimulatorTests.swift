import Testing
import VitrineEngine
@testable import VitrineRetail

/// Ground-truth sanity: the simulated history shows the effects the demand model puts in.
@Suite struct RetailSimulatorTests {
    private let data = RetailFixtures.medium

    private func realised(_ data: RetailDataset) -> [Float] { data.dailySales().quantity }

    @Test func sameSeedSameHistoryWhateverTheWorkerCount() throws {
        let config = RetailFixtures.config(products: 40, days: 60, orders: 800)
        let a = try RetailSimulator(config).run()
        let saved = Parallel.workers
        Parallel.workers = 1
        let b = try RetailSimulator(config).run()
        Parallel.workers = saved
        #expect(a.orders == b.orders)
        #expect(a.lines == b.lines)
        #expect(a.expectedDemand == b.expectedDemand)
        var other = config
        other.seed = 8
        #expect(try RetailSimulator(other).run().orders != a.orders)
    }

    @Test func orderCountAndCampaignsMatchTheConfig() {
        #expect(abs(Double(data.orders.count) / 20_000 - 1) < 0.05)
        #expect(data.campaigns.count == Int((60.0 * 365 / 1095).rounded()))
        #expect(Set(data.promotions.map(\.kind)).count >= 3)
        #expect(data.orders.days == data.orders.days.sorted())
    }

    @Test func realisedTotalsMatchExpectedWithinPoissonNoise() throws {
        let expected = try #require(data.expectedDemand)
        let sales = realised(data)
        let expectedTotal = expected.values.reduce(0.0) { $0 + Double($1) }
        let realisedTotal = sales.reduce(0.0) { $0 + Double($1) }
        // Poisson: the standard deviation of the total is about its square root (pairs double it).
        #expect(abs(realisedTotal - expectedTotal) < 4 * (2 * expectedTotal).squareRoot())
        // Per product too, for the products with enough volume.
        var checked = 0
        for product in 0..<data.catalog.count {
            let e = (0..<data.dayCount).reduce(0.0) { $0 + Double(expected[product, $1]) }
            guard e > 200 else { continue }
            let r = (0..<data.dayCount).reduce(0.0) { $0 + Double(sales[product * data.dayCount + $1]) }
            #expect(abs(r - e) < 5 * (2 * e).squareRoot(), "product \(product): realised \(r), expected \(e)")
            checked += 1
        }
        #expect(checked > 10)
    }

    @Test func discountDaysSellMoreThanRegularDays() {
        let sales = realised(data)
        let offers = data.allOffers()
        let days = data.dayCount
        // Per product, units per day on discount days over units per day on regular days, pooled.
        var promoted = 0.0, promotedDays = 0.0, regular = 0.0, regularDays = 0.0
        for product in 0..<data.catalog.count {
            var p = 0.0, pd = 0.0, r = 0.0, rd = 0.0
            for day in 0..<days {
                let units = Double(sales[product * days + day])
                if offers[product * days + day].discountFraction > 0 { p += units; pd += 1 } else { r += units; rd += 1 }
            }
            guard pd > 0, rd > 0 else { continue }
            // Weight both by the product's regular rate so popular products do not dominate.
            let weight = 1 / max(r / rd, 0.05)
            promoted += weight * p; promotedDays += pd; regular += weight * r; regularDays += rd
        }
        #expect(promotedDays > 100)
        #expect(promoted / promotedDays > 1.3 * (regular / regularDays))
    }

    @Test func weeklySeasonalityIsVisible() {
        let sales = realised(data)
        var byWeekday = [Double](repeating: 0, count: 7), count = [Double](repeating: 0, count: 7)
        let calendar = data.calendar
        for day in 0..<data.dayCount where !calendar[day].isHoliday {
            let total = (0..<data.catalog.count).reduce(0.0) { $0 + Double(sales[$1 * data.dayCount + day]) }
            byWeekday[calendar[day].weekday] += total
            count[calendar[day].weekday] += 1
        }
        let mean = zip(byWeekday, count).map { $0 / $1 }
        // Saturdays (1.22) against Tuesdays (0.88).
        #expect(mean[5] > 1.2 * mean[1])
        #expect(mean.max() == mean[5])
    }

    @Test func demandDipsAfterAPromotionEnds() throws {
        // The same world without reference-price effects: same catalog, campaigns and seeds.
        var config = RetailFixtures.config(products: 200, days: 365, orders: 20_000)
        config.referenceGain = 0
        config.referenceLossAversion = 0
        let plain = RetailFixtures.simulate(config)
        let withReference = try #require(data.expectedDemand), without = try #require(plain.expectedDemand)
        let offers = data.allOffers(), days = data.dayCount
        func promoted(_ product: Int, _ day: Int) -> Bool { offers[product * days + day].kind != nil }
        // Days 1…7 after a product's promotion ended: demand below the no-reference world.
        var after = 0.0, afterPlain = 0.0, realisedAfter = 0.0
        let sales = realised(data)
        for product in 0..<data.catalog.count {
            for day in 1..<days where promoted(product, day - 1) && !promoted(product, day) {
                for d in day..<min(day + 7, days) where !promoted(product, d) {
                    after += Double(withReference[product, d]); afterPlain += Double(without[product, d])
                    realisedAfter += Double(sales[product * days + d])
                }
            }
        }
        // Calibration rescales the two worlds differently; compare each to its own regular level.
        func regularTotal(_ demand: ExpectedDemand) -> Double {
            var total = 0.0
            for product in 0..<data.catalog.count {
                for day in 0..<days where !promoted(product, day) && (day < 30 || !promoted(product, day - 30)) {
                    total += Double(demand[product, day])
                }
            }
            return total
        }
        let ratio = (after / regularTotal(withReference)) / (afterPlain / regularTotal(without))
        #expect(afterPlain > 100)
        #expect(ratio < 0.9)
        // The realised sales show it too: below what the no-reference world expected.
        #expect(realisedAfter / regularTotal(withReference) < 0.95 * afterPlain / regularTotal(without))
    }

    @Test func aPromotedSiblingStealsDemand() throws {
        var config = RetailFixtures.config(products: 200, days: 365, orders: 20_000)
        config.substitution = 0
        let alone = RetailFixtures.simulate(config)
        let with = try #require(data.expectedDemand), without = try #require(alone.expectedDemand)
        let offers = data.allOffers(), days = data.dayCount, products = data.catalog.products
        var promotedInCategory = [Int](repeating: 0, count: data.catalog.vocabulary.categories.count * days)
        var categorySize = [Int](repeating: 0, count: data.catalog.vocabulary.categories.count)
        for (index, product) in products.enumerated() {
            categorySize[product.category] += 1
            for day in 0..<days where offers[index * days + day].kind != nil { promotedInCategory[product.category * days + day] += 1 }
        }
        // An unpromoted product's demand relative to the world without substitution, on days
        // when part of its category is promoted and on days when none is. Both worlds are
        // calibrated to the same order count, so the control ratio is a constant, not 1; every
        // product with promoted siblings must fall below it.
        var heavy: [Double] = [], control: [Double] = []
        for (index, product) in products.enumerated() {
            for day in 0..<days where offers[index * days + day].kind == nil && without[index, day] > 0 {
                let ratio = Double(with[index, day]) / Double(without[index, day])
                let promoted = promotedInCategory[product.category * days + day]
                if promoted > 0 { heavy.append(ratio) } else { control.append(ratio) }
            }
        }
        try #require(heavy.count > 20 && control.count > 20)
        heavy.sort(); control.sort()
        let constant = control[control.count / 2]
        #expect(control.last! / control.first! - 1 < 1e-4)
        #expect(heavy.last! < constant * (1 - 1e-4))
        #expect(heavy[heavy.count / 2] < 0.98 * constant)
    }

    @Test func newProductsSellNothingBeforeTheirLaunch() throws {
        let expected = try #require(data.expectedDemand)
        let sales = realised(data)
        let launched = data.catalog.products.indices.filter { data.catalog.products[$0].launchDay > 0 }
        #expect(launched.count > 5)  // 10% of 200
        for product in launched {
            let launch = data.catalog.products[product].launchDay
            #expect((0..<launch).allSatisfy { expected[product, $0] == 0 && sales[product * data.dayCount + $0] == 0 })
            #expect((launch..<data.dayCount).contains { expected[product, $0] > 0 })
        }
    }

    @Test func slowMoversSpike() throws {
        let expected = try #require(data.expectedDemand)
        let truth = try #require(data.truth)
        #expect(!data.spikes.isEmpty)
        for spike in data.spikes.prefix(20) where spike.startDay > 0 {
            #expect(truth[spike.productIndex].slowMover)
            // At least 10× the day before (which was not a spike day).
            let before = Double(expected[spike.productIndex, spike.startDay - 1])
            #expect(Double(expected[spike.productIndex, spike.startDay]) > 5 * before)
        }
    }

    @Test func bogoPairsPayHalf() {
        let lines = data.lines
        let bogoIDs = Set(data.promotions.filter { $0.kind == .buyOneGetOne }.map(\.id))
        var checked = 0
        // Lines alone in their order under a BOGO: every pair pays for one unit.
        for line in 0..<lines.count where lines.promotions(line).contains(where: bogoIDs.contains) {
            let order = lines.orderIndices[line]
            let alone = (line == 0 || lines.orderIndices[line - 1] != order) && (line + 1 == lines.count || lines.orderIndices[line + 1] != order)
            guard alone, lines.quantities[line] % 2 == 0 else { continue }
            #expect(lines.bogoDiscountCents[line] * 2 == lines.listCents(line))
            #expect(lines.productDiscountCents[line] == 0)
            checked += 1
        }
        #expect(checked > 0)
        // And the simulator sells BOGO units in pairs: most BOGO lines hold an even quantity.
        let bogoLines = (0..<lines.count).filter { lines.promotions($0).contains(where: bogoIDs.contains) }
        #expect(bogoLines.filter { lines.quantities[$0] % 2 == 0 }.count * 2 > bogoLines.count)
    }

    @Test func pricesInOrdersFollowThePricingEngine() throws {
        // Re-price a sample of orders independently and compare line by line.
        let plan = data.promotionCalendar
        var linesOfOrder = [[Int]](repeating: [], count: data.orders.count)
        for line in 0..<data.lines.count { linesOfOrder[data.lines.orderIndices[line]].append(line) }
        for order in stride(from: 0, to: data.orders.count, by: 97) {
            let range = linesOfOrder[order]
            let cart = range.map { data.catalog.products[data.lines.productIndices[$0]].cartLine(quantity: data.lines.quantities[$0]) }
            let priced = try PricingEngine.price(cart, promotions: plan.activePromotions(on: data.orders.days[order]))
            #expect(priced.lines.map(\.paidCents) == range.map { data.lines.paidCents($0) })
            #expect(priced.cartDiscountCents == data.orders.cartDiscountCents[order])
        }
    }
}
