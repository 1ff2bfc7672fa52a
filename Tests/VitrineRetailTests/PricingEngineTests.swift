import Testing
@testable import VitrineRetail

/// Hand-worked carts for every promotion type and stacking rule. Brands: 0 = "Acme", 1 = "Bolt";
/// categories: 0 = dresses, 1 = shoes.
@Suite struct PricingEngineTests {
    private func line(_ id: Int, brand: Int = 0, category: Int = 0, _ price: Cents, _ quantity: Int = 1) -> CartLine {
        CartLine(productID: id, brand: brand, category: category, unitListCents: price, quantity: quantity)
    }
    private func percent(_ id: Int, _ basisPoints: Int, _ filter: ProductFilter = .everything) -> Promotion {
        Promotion(id: id, campaignID: 1, kind: .percentOff, percentBasisPoints: basisPoints, filter: filter)
    }
    private func dollars(_ id: Int, _ cents: Cents, _ filter: ProductFilter = .everything) -> Promotion {
        Promotion(id: id, campaignID: 1, kind: .dollarOff, amountCents: cents, filter: filter)
    }
    private func bogo(_ id: Int, _ filter: ProductFilter = .everything) -> Promotion {
        Promotion(id: id, campaignID: 1, kind: .buyOneGetOne, filter: filter)
    }
    private func cart(_ id: Int, _ basisPoints: Int, over threshold: Cents) -> Promotion {
        Promotion(id: id, campaignID: 1, kind: .cartPercentOff, percentBasisPoints: basisPoints, minimumCartCents: threshold)
    }

    @Test func noPromotionsPaysList() throws {
        let priced = try PricingEngine.price([line(1, 1999, 2), line(2, 500)], promotions: [])
        #expect(priced.paidCents == 4498)
        #expect(priced.lines.allSatisfy { $0.promotionIDs.isEmpty && $0.paidCents == $0.line.listCents })
        #expect(priced.cartPromotionID == nil)
    }

    @Test func percentOffByBrandRoundsHalfUpOnTheLine() throws {
        // 15% of 2 × $19.99 = $5.997 → $6.00; the other brand pays list.
        let priced = try PricingEngine.price([line(1, brand: 0, 1999, 2), line(2, brand: 1, 1000)],
                                             promotions: [percent(7, 1500, ProductFilter(brands: [0]))])
        #expect(priced.lines[0].productDiscountCents == 600)
        #expect(priced.lines[0].paidCents == 3398)
        #expect(priced.lines[0].promotionIDs == [7])
        #expect(priced.lines[1].productDiscountCents == 0)
        #expect(priced.lines[1].promotionIDs.isEmpty)
        // 10% of $0.05 = 0.5 cent → rounds up to 1 cent; 10% of $0.04 → 0.
        #expect(try PricingEngine.price([line(1, 5)], promotions: [percent(1, 1000)]).lines[0].productDiscountCents == 1)
        #expect(try PricingEngine.price([line(1, 4)], promotions: [percent(1, 1000)]).lines[0].productDiscountCents == 0)
    }

    @Test func dollarOffByCategoryNeverGoesBelowZero() throws {
        let filter = ProductFilter(categories: [1])
        let priced = try PricingEngine.price([line(1, category: 1, 2000, 3), line(2, category: 1, 499, 2), line(3, category: 0, 2000)],
                                             promotions: [dollars(3, 500, filter), dollars(4, 1000, ProductFilter(productIDs: [2]))])
        #expect(priced.lines[0].productDiscountCents == 1500)  // $5 × 3
        #expect(priced.lines[1].productDiscountCents == 998)  // $10 off a $4.99 item: free, not negative
        #expect(priced.lines[1].paidCents == 0)
        // $5 off and $10 off both take the $4.99 item to zero: a tie, so the lower id.
        #expect(priced.lines[1].promotionIDs == [3])
        #expect(priced.lines[2].productDiscountCents == 0)
    }

    @Test func filtersCombineCriteriaWithAnd() {
        let filter = ProductFilter(brands: [0, 2], categories: [1], productIDs: [30, 10, 20])
        #expect(filter.productIDs == [10, 20, 30])
        #expect(filter.matches(productID: 20, brand: 2, category: 1))
        #expect(!filter.matches(productID: 20, brand: 1, category: 1))
        #expect(!filter.matches(productID: 20, brand: 0, category: 0))
        #expect(!filter.matches(productID: 25, brand: 0, category: 1))
        #expect(ProductFilter.everything.matches(productID: 99, brand: 9, category: 9))
    }

    @Test func atMostOneProductPromotionPerLineTheBestForTheCustomer() throws {
        let promotions = [percent(5, 2000), dollars(6, 500)]
        // $30: 20% = $6.00 beats $5; $20: 20% = $4.00 loses to $5.
        let priced = try PricingEngine.price([line(1, 3000), line(2, 2000)], promotions: promotions)
        #expect(priced.lines[0].productDiscountCents == 600)
        #expect(priced.lines[0].promotionIDs == [5])
        #expect(priced.lines[1].productDiscountCents == 500)
        #expect(priced.lines[1].promotionIDs == [6])
        // $25: both give $5.00; the lower id wins whatever the order given.
        let tie = try PricingEngine.price([line(1, 2500)], promotions: [dollars(9, 500), percent(8, 2000)])
        #expect(tie.lines[0].promotionIDs == [8])
        #expect(tie.lines[0].productDiscountCents == 500)
    }

    @Test func buyOneGetOneMakesTheSecondOfEachPairFree() throws {
        // Two units: pay for one. Three units: the third stays unpaired and gets the percent-off.
        let two = try PricingEngine.price([line(1, 1000, 2)], promotions: [bogo(1)])
        #expect(two.lines[0].bogoDiscountCents == 1000)
        #expect(two.lines[0].paidCents == 1000)
        let three = try PricingEngine.price([line(1, 1000, 3)], promotions: [bogo(1), percent(2, 1000)])
        #expect(three.lines[0].bogoUnits == 2)
        #expect(three.lines[0].bogoDiscountCents == 1000)
        #expect(three.lines[0].productDiscountCents == 100)  // 10% of the one unclaimed unit
        #expect(three.lines[0].paidCents == 1900)
        #expect(three.lines[0].promotionIDs == [1, 2])
        // A single covered unit gets nothing from BOGO.
        let one = try PricingEngine.price([line(1, 1000)], promotions: [bogo(1)])
        #expect(one.lines[0].bogoDiscountCents == 0)
        #expect(one.lines[0].promotionIDs.isEmpty)
    }

    @Test func buyOneGetOnePairsAcrossLinesCheaperItemFree() throws {
        // Units by price: A $50, B $40, B $40, C $30 → pairs (A, B) and (B, C): one B and the C are free.
        let priced = try PricingEngine.price([line(3, 3000), line(1, 5000), line(2, 4000, 2)], promotions: [bogo(4), percent(5, 5000)])
        #expect(priced.lines.map(\.bogoDiscountCents) == [3000, 0, 4000])
        #expect(priced.lines.map(\.bogoUnits) == [1, 1, 2])
        // BOGO excludes other product-level promotions on paired units: the 50% never applies.
        #expect(priced.lines.map(\.productDiscountCents) == [0, 0, 0])
        #expect(priced.lines.map(\.promotionIDs) == [[4], [4], [4]])
        #expect(priced.paidCents == 9000)
        // Equal prices: the earlier line's unit is the paid one.
        let equal = try PricingEngine.price([line(1, 2000), line(2, 2000)], promotions: [bogo(1)])
        #expect(equal.lines.map(\.bogoDiscountCents) == [0, 2000])
    }

    @Test func buyOneGetOneOnlyPairsCoveredProducts() throws {
        let priced = try PricingEngine.price([line(1, brand: 0, 5000), line(2, brand: 1, 4000)],
                                             promotions: [bogo(1, ProductFilter(brands: [0]))])
        #expect(priced.lines.map(\.bogoDiscountCents) == [0, 0])
    }

    @Test func cartThresholdJustBelowAtAndAbove() throws {
        let promotion = cart(9, 1000, over: 10_000)
        let below = try PricingEngine.price([line(1, 9999)], promotions: [promotion])
        #expect(below.cartDiscountCents == 0)
        #expect(below.cartPromotionID == nil)
        let at = try PricingEngine.price([line(1, 10_000)], promotions: [promotion])
        #expect(at.cartDiscountCents == 1000)
        #expect(at.cartPromotionID == 9)
        let above = try PricingEngine.price([line(1, 10_001)], promotions: [promotion])
        #expect(above.cartDiscountCents == 1000)  // $1,000.10 → rounds to $10.00
        #expect(above.paidCents == 9001)
    }

    @Test func cartThresholdIsMeasuredAfterProductDiscounts() throws {
        let priced = try PricingEngine.price([line(1, 6000), line(2, category: 1, 5000)],
                                             promotions: [percent(1, 1500, ProductFilter(categories: [0])), cart(2, 2000, over: 10_000)])
        #expect(priced.subtotalCents == 10_100)
        #expect(priced.cartDiscountCents == 2020)  // 6000−900 + 5000 = 10,100 ≥ 10,000: 20% = 20.20
        // $109.99 list, but $99.99 after the dress discount: no cart discount.
        let short = try PricingEngine.price([line(1, 6000), line(2, category: 1, 4899)],
                                            promotions: [percent(1, 1500, ProductFilter(categories: [0])), cart(2, 2000, over: 10_000)])
        #expect(short.listCents == 10_899)
        #expect(short.subtotalCents == 9_999)
        #expect(short.cartDiscountCents == 0)
    }

    @Test func onlyTheBestQualifyingCartPromotionApplies() throws {
        let promotions = [cart(1, 1000, over: 5_000), cart(2, 2000, over: 20_000), cart(3, 1500, over: 10_000)]
        let priced = try PricingEngine.price([line(1, 12_000)], promotions: promotions)
        #expect(priced.cartPromotionID == 3)
        #expect(priced.cartDiscountCents == 1800)
        #expect(priced.lines[0].promotionIDs == [3])
    }

    @Test func cartDiscountIsSplitByLargestRemainder() throws {
        // Subtotals 33.33, 33.33, 33.34; 15% of 100.00 = 15.00. Exact shares 4.9995, 4.9995,
        // 5.001 → floors 4.99, 4.99, 5.00 leave 2 cents for the two largest remainders.
        let priced = try PricingEngine.price([line(1, 3333), line(2, 3333), line(3, 3334)], promotions: [cart(1, 1500, over: 0)])
        #expect(priced.lines.map(\.cartDiscountCents) == [500, 500, 500])
        #expect(priced.paidCents == 8500)
        // Equal remainders go to the earlier line.
        #expect(PricingEngine.allocateProportionally(2, weights: [1, 1, 1]) == [1, 1, 0])
        #expect(PricingEngine.allocateProportionally(3, weights: [0, 5]) == [0, 3])
        #expect(PricingEngine.allocateProportionally(7, weights: [0, 0]) == [0, 0])
    }

    @Test func allocationMatchesANaiveProportionalSplit() {
        // Random weights: shares add up exactly and each is within a cent of the exact share.
        var state: UInt64 = 12345
        for _ in 0..<200 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let count = 1 + Int(state >> 60)
            let weights = (0..<count).map { i in Int((state >> UInt64(i * 3 % 40)) % 5000) }
            let total = weights.reduce(0, +) / 7
            let shares = PricingEngine.allocateProportionally(total, weights: weights)
            let sum = weights.reduce(0, +)
            #expect(shares.reduce(0, +) == (sum > 0 ? total : 0))
            for (share, weight) in zip(shares, weights) where sum > 0 {
                let exact = Double(total) * Double(weight) / Double(sum)
                #expect(Double(share) >= exact.rounded(.down) && Double(share) <= exact.rounded(.up))
            }
        }
    }

    @Test func allStagesStackInOrder() throws {
        // Jacket $80 × 2 on BOGO (one free), dress $40 with 25% off ($10), scarf $20 untouched.
        // Subtotal 80 + 30 + 20 = $130 ≥ $100 → 10% = $13.00, split 8.00 / 3.00 / 2.00.
        let promotions = [bogo(1, ProductFilter(productIDs: [1])), percent(2, 2500, ProductFilter(categories: [0])),
                          cart(3, 1000, over: 10_000)]
        let priced = try PricingEngine.price([line(1, category: 0, 8000, 2), line(2, category: 0, 4000), line(3, category: 1, 2000)],
                                             promotions: promotions)
        #expect(priced.lines.map(\.bogoDiscountCents) == [8000, 0, 0])
        #expect(priced.lines.map(\.productDiscountCents) == [0, 1000, 0])  // the BOGO pair gets no percent-off
        #expect(priced.lines.map(\.cartDiscountCents) == [800, 300, 200])
        #expect(priced.lines.map(\.paidCents) == [7200, 2700, 1800])
        #expect(priced.lines.map(\.promotionIDs) == [[1, 3], [2, 3], [3]])
        #expect(priced.paidCents == 11_700)
    }

    @Test func invalidCartsAndPromotionsAreErrors() {
        #expect(throws: PricingError.self) { try PricingEngine.price([line(1, -1)], promotions: []) }
        #expect(throws: PricingError.self) { try PricingEngine.price([line(1, 100, 0)], promotions: []) }
        #expect(throws: PricingError.self) { try PricingEngine.price([line(1, 100)], promotions: [percent(1, 10_001)]) }
        do {
            _ = try PricingEngine.price([line(1, 100), line(2, 100, -2)], promotions: [])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("line 2"))
        }
    }
}
