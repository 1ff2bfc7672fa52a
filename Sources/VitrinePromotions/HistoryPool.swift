import VitrineRetail

/// A pool of candidate campaigns for a horizon made from a retailer's whole history: every
/// campaign that ran before the horizon, with its promotions, moved into it (with the
/// horizon's own campaigns, the simulated retailer's 60 over three years). Each keeps its length (cut to the horizon's), and starts at the
/// horizon's first day plus its original start modulo the room left, so the pool is the same
/// every time. Ids are the original's plus ``idOffset``.
public enum HistoryPool {
    public static let idOffset = 10_000

    public static func moved(history: [PlannedCampaign], into days: Range<Int>) -> [PlannedCampaign] {
        // The history part of a campaign cut at the horizon is left out: its horizon part is
        // already there.
        history.filter { $0.id < PromotionPlan.historyPartOffset }.map { planned in
            let length = min(planned.campaign.endDay - planned.campaign.startDay + 1, days.count)
            let start = days.lowerBound + planned.campaign.startDay % (days.count - length + 1)
            let id = planned.id + idOffset
            return PlannedCampaign(
                campaign: Campaign(id: id, name: planned.name, startDay: start, endDay: start + length - 1),
                promotions: planned.promotions.map { promotion in
                    var moved = promotion
                    moved.id += idOffset
                    moved.campaignID = id
                    return moved
                })
        }
    }
}
