import VitrineRetail

/// A what-if question about a retailer's promotions, resolved against its dataset: which
/// products (a category, the model's sample or the whole catalog), which days (the horizon),
/// the current plan for those days and the scenario's plan (campaigns switched off, edited or
/// added), and the constraints an optimized mix must respect.
public struct Scenario: Sendable {
    /// Where it was read from, for messages.
    public var file: String
    /// What the scope was called (`all`, `sample`, or a category's name).
    public var scopeName: String
    /// Catalog indices of the products whose figures count.
    public var products: [Int]
    public var days: Range<Int>
    /// The campaigns before the horizon: the same in every plan compared.
    public var history: [PlannedCampaign]
    /// The horizon's campaigns as the dataset (or the pool) has them.
    public var current: [PlannedCampaign]
    /// The horizon's campaigns as the scenario has them: switched on, edited, added.
    public var planned: [PlannedCampaign]
    public var constraints: ScenarioConstraints
    /// The line each planned campaign was named on (campaigns the file does not mention: none).
    public var lines: [Int: Int]

    /// The whole plan with the horizon's campaigns `campaigns`.
    public func plan(_ campaigns: [PlannedCampaign]) -> PromotionPlan { PromotionPlan(history: history, horizon: campaigns) }

    /// The plans every what-if compares: no promotion in the horizon, the current plan, the scenario.
    public var baselinePlan: PromotionPlan { plan([]) }
    public var currentPlan: PromotionPlan { plan(current) }
    public var scenarioPlan: PromotionPlan { plan(planned) }
}
