import VitrineEngine

/// Draws a promotional calendar: each year's Black Friday campaign, then themed campaigns at
/// random dates, each holding one to three promotions of the four kinds.
enum CampaignGenerator {
    static let themes = ["Spring Sale", "Summer Clearance", "Back to School", "Flash Sale", "Brand Week",
                         "Denim Days", "Winter Warmers", "Mid-Season Sale", "Weekend Deals", "Friends & Family"]

    static func generate(count: Int, calendar: RetailCalendar, catalog: Catalog, seed: UInt64)
        -> ([Campaign], [Promotion])
    {
        let random = Generator(seed: seed)
        let dayCount = calendar.count
        var campaigns: [Campaign] = []
        var promotions: [Promotion] = []
        func addPromotion(_ promotion: Promotion) {
            var promotion = promotion
            promotion.id = promotions.count + 1
            promotions.append(promotion)
        }
        let blackFridays = calendar.days.indices.filter { calendar[$0].isBlackFriday }
        for day in blackFridays where campaigns.count < count {
            let campaign = Campaign(id: campaigns.count + 1, name: "Black Friday \(calendar[day].date.year)",
                                    startDay: day, endDay: min(day + 3, dayCount - 1))
            campaigns.append(campaign)
            let categories = pick(3, of: catalog.vocabulary.categories.count, random)
            addPromotion(Promotion(id: 0, campaignID: campaign.id, kind: .percentOff, percentBasisPoints: 2500,
                                   filter: ProductFilter(categories: categories)))
            addPromotion(Promotion(id: 0, campaignID: campaign.id, kind: .buyOneGetOne,
                                   filter: ProductFilter(brands: [random.int(below: catalog.vocabulary.brands.count)])))
            addPromotion(Promotion(id: 0, campaignID: campaign.id, kind: .cartPercentOff, percentBasisPoints: 1500,
                                   minimumCartCents: 15_000))
        }
        while campaigns.count < count && dayCount > 0 {
            let flash = random.uniform() < 0.3
            let length = flash ? 2 + random.int(below: 3) : 5 + random.int(below: 17)
            let start = random.int(below: max(1, dayCount - length))
            let theme = themes[random.int(below: themes.count)]
            let campaign = Campaign(id: campaigns.count + 1, name: "\(theme) \(calendar[start].date.year)",
                                    startDay: start, endDay: min(start + length - 1, dayCount - 1))
            campaigns.append(campaign)
            for _ in 0..<(1 + random.int(below: 3)) {
                addPromotion(randomPromotion(campaign: campaign.id, catalog: catalog, random))
            }
        }
        return (campaigns, promotions)
    }

    private static func randomPromotion(campaign: Int, catalog: Catalog, _ random: Generator) -> Promotion {
        let brands = catalog.vocabulary.brands.count, categories = catalog.vocabulary.categories.count
        let draw = random.uniform()
        if draw < 0.45 {
            let which = random.uniform()
            let filter = which < 0.4 ? ProductFilter(brands: pick(1 + random.int(below: 3), of: brands, random))
                : which < 0.8 ? ProductFilter(categories: [random.int(below: categories)])
                : ProductFilter(productIDs: randomProducts(catalog, random))
            return Promotion(id: 0, campaignID: campaign, kind: .percentOff,
                             percentBasisPoints: 500 * (2 + random.int(below: 7)), filter: filter)
        }
        if draw < 0.65 {
            let filter = random.uniform() < 0.5 ? ProductFilter(categories: [random.int(below: categories)])
                : ProductFilter(brands: [random.int(below: brands)], categories: [random.int(below: categories)])
            return Promotion(id: 0, campaignID: campaign, kind: .dollarOff, amountCents: 500 * (1 + random.int(below: 4)), filter: filter)
        }
        if draw < 0.8 {
            let filter = random.uniform() < 0.5 ? ProductFilter(brands: [random.int(below: brands)])
                : ProductFilter(productIDs: randomProducts(catalog, random))
            return Promotion(id: 0, campaignID: campaign, kind: .buyOneGetOne, filter: filter)
        }
        return Promotion(id: 0, campaignID: campaign, kind: .cartPercentOff, percentBasisPoints: 500 * (2 + random.int(below: 3)),
                         minimumCartCents: 5_000 * (2 + random.int(below: 3)))
    }

    private static func randomProducts(_ catalog: Catalog, _ random: Generator) -> [Int] {
        pick(min(catalog.count, 20 + random.int(below: 60)), of: catalog.count, random).map { catalog.products[$0].id }
    }

    /// `k` distinct values of 0..<n, sorted.
    private static func pick(_ k: Int, of n: Int, _ random: Generator) -> [Int] {
        var chosen = Set<Int>()
        while chosen.count < min(k, n) { chosen.insert(random.int(below: n)) }
        return chosen.sorted()
    }
}
