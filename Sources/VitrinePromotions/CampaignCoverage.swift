import VitrineRetail

/// Which catalog products each campaign's product-level promotions cover, and whether it runs
/// a cart-level promotion: what decides whether two campaigns overlap (the same product, or
/// two cart promotions, on a day both run).
public struct CampaignCoverage: Sendable {
    public let campaigns: [PlannedCampaign]
    /// Per campaign, catalog indices covered, sorted.
    public let covered: [[Int]]
    public let hasCartPromotion: [Bool]

    public init(dataset: RetailDataset, campaigns: [PlannedCampaign]) {
        self.campaigns = campaigns
        covered = campaigns.map { campaign in
            let filters = campaign.promotions.filter(\.kind.isProductLevel).map(\.filter)
            guard !filters.isEmpty else { return [] }
            return dataset.catalog.products.indices.filter { index in
                let product = dataset.catalog.products[index]
                return filters.contains { $0.matches(productID: product.id, brand: product.brand, category: product.category) }
            }
        }
        hasCartPromotion = campaigns.map { $0.promotions.contains { !$0.kind.isProductLevel } }
    }

    /// The first day both campaigns run, and the first product both cover (nil: both run cart
    /// promotions), when they overlap.
    public func overlap(_ a: Int, _ b: Int) -> (day: Int, product: Int?)? {
        let x = campaigns[a].campaign, y = campaigns[b].campaign
        let first = max(x.startDay, y.startDay)
        guard first <= min(x.endDay, y.endDay) else { return nil }
        if hasCartPromotion[a] && hasCartPromotion[b] { return (first, nil) }
        var i = 0, j = 0
        let p = covered[a], q = covered[b]
        while i < p.count && j < q.count {
            if p[i] == q[j] { return (first, p[i]) }
            if p[i] < q[j] { i += 1 } else { j += 1 }
        }
        return nil
    }

    /// Every overlapping pair (a < b).
    public func overlappingPairs() -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for a in campaigns.indices { for b in (a + 1)..<campaigns.count where overlap(a, b) != nil { out.append((a, b)) } }
        return out
    }

    /// The first overlapping pair in plan order that `considered` accepts, with where they meet.
    public func firstOverlap(where considered: (Int, Int) -> Bool = { _, _ in true }) -> (Int, Int, day: Int, product: Int?)? {
        for b in campaigns.indices {
            for a in 0..<b where considered(a, b) {
                if let (day, product) = overlap(a, b) { return (a, b, day, product) }
            }
        }
        return nil
    }
}
