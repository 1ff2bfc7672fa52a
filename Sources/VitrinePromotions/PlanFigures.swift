/// Totals of a plan over a scenario's products and horizon: units, revenue (dollars paid),
/// profit (revenue − supplier cost) and discount (dollars given away at list price: units ×
/// (list − offer price)).
public struct PlanFigures: Equatable, Sendable {
    public var units: Double
    public var revenue: Double
    public var profit: Double
    public var discount: Double

    public init(units: Double = 0, revenue: Double = 0, profit: Double = 0, discount: Double = 0) {
        self.units = units
        self.revenue = revenue
        self.profit = profit
        self.discount = discount
    }

    public static func - (a: PlanFigures, b: PlanFigures) -> PlanFigures {
        PlanFigures(units: a.units - b.units, revenue: a.revenue - b.revenue, profit: a.profit - b.profit, discount: a.discount - b.discount)
    }

    /// The figure an optimization maximizes.
    public func value(_ objective: MixObjective) -> Double {
        switch objective {
        case .profit: return profit
        case .revenue: return revenue
        case .units: return units
        }
    }
}

/// What a campaign mix maximizes.
public enum MixObjective: String, CaseIterable, Sendable {
    case profit, revenue, units
}

/// Something that puts figures on a whole promotion plan: the demand model's forecast, or the
/// simulator's truth.
public protocol PlanEvaluator: AnyObject {
    /// A short name for reports ("forecast", "truth").
    var name: String { get }
    func figures(_ plan: PromotionPlan) throws -> PlanFigures
}
