import VitrineRetail

/// One campaign of a plan with the promotions it groups.
public struct PlannedCampaign: Equatable, Sendable {
    public var campaign: Campaign
    public var promotions: [Promotion]

    public init(campaign: Campaign, promotions: [Promotion]) {
        self.campaign = campaign
        self.promotions = promotions
    }

    public var id: Int { campaign.id }
    public var name: String { campaign.name }
}

/// A whole promotion plan as the simulator and the feature table read it: the campaigns before
/// the horizon (which shape the history and its price lags, and which no scenario changes) and
/// the campaigns in the horizon.
public struct PromotionPlan: Equatable, Sendable {
    public var history: [PlannedCampaign]
    public var horizon: [PlannedCampaign]

    public init(history: [PlannedCampaign], horizon: [PlannedCampaign]) {
        self.history = history
        self.horizon = horizon
    }

    /// The plan with only the horizon campaigns whose ids `keep` accepts.
    public func keeping(_ keep: (Int) -> Bool) -> PromotionPlan {
        PromotionPlan(history: history, horizon: horizon.filter { keep($0.id) })
    }

    /// Campaigns and promotions in the form `RetailDataset` and `RetailSimulator` take.
    public var flattened: (campaigns: [Campaign], promotions: [Promotion]) {
        let all = history + horizon
        return (all.map(\.campaign), all.flatMap(\.promotions))
    }

    /// Ids of the history part of a campaign that runs across the horizon's first day (and of
    /// its promotions) are the original's plus this, so the horizon part keeps the original id.
    public static let historyPartOffset = 1_000_000

    /// Splits a dataset's plan at `day`: what runs before it is history; campaigns running on
    /// days `day..<end` are the horizon's current plan, with their original ids (a campaign
    /// running across `day` is cut in two: its days before go to history under
    /// ``historyPartOffset``-shifted ids).
    public static func split(_ dataset: RetailDataset, at day: Int, end: Int) -> (history: [PlannedCampaign], current: [PlannedCampaign]) {
        var history: [PlannedCampaign] = [], current: [PlannedCampaign] = []
        for campaign in dataset.campaigns {
            let promotions = dataset.promotions.filter { $0.campaignID == campaign.id }
            if campaign.startDay < day {
                var cut = campaign
                cut.endDay = min(campaign.endDay, day - 1)
                guard campaign.endDay >= day else {
                    history.append(PlannedCampaign(campaign: cut, promotions: promotions))
                    continue
                }
                cut.id += historyPartOffset
                history.append(PlannedCampaign(campaign: cut, promotions: promotions.map { promotion in
                    var moved = promotion
                    moved.id += historyPartOffset
                    moved.campaignID = cut.id
                    return moved
                }))
                var tail = campaign
                tail.startDay = day
                current.append(PlannedCampaign(campaign: tail, promotions: promotions))
            } else if campaign.startDay < end {
                current.append(PlannedCampaign(campaign: campaign, promotions: promotions))
            }
        }
        return (history, current)
    }
}
