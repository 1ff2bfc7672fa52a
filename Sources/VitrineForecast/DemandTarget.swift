import VitrineRetail
import VitrineTrees

/// What a demand model predicts per product and day, and how it is fitted.
///
/// Quantity and revenue are non-negative and zero-heavy: a log link (the model outputs a
/// log-rate) with a Poisson likelihood for quantity (both models), Tweedie for revenue in the
/// trees and the Poisson quasi-likelihood in the MLP (the same log-link deviance family, valid for
/// any non-negative target). Profit can be negative (free BOGO units, deep discounts), so it
/// is fitted on its own scale by squared error.
public enum DemandTarget: String, CaseIterable, Codable, Sendable {
    case quantity, revenue, profit

    /// The config choices.
    public static let names = allCases.map(\.rawValue)

    /// The feature-table column holding the target.
    public var column: String { rawValue }

    /// Whether the model's raw output is a log-rate (prediction = exp(output)).
    public var logLink: Bool { self != .profit }

    /// The tree objective for this target.
    public func treeObjective(tweediePower: Double) -> BoostingObjective {
        switch self {
        case .quantity: return .poisson
        case .revenue: return .tweedie(power: tweediePower)
        case .profit: return .squaredError
        }
    }

    /// Units implied by predictions of this target on one day's table, for the sales lags of
    /// later days: revenue over the effective price, profit over the unit margin (0 where the
    /// margin is not positive). An approximation for revenue and profit (BOGO and cart discounts
    /// change the price actually paid); exact for quantity.
    public func units(from predictions: [Float], table: FeatureTable) throws -> [Float] {
        switch self {
        case .quantity:
            return predictions
        case .revenue:
            let price = try table.column("effective_price")
            return zip(predictions, price).map { units(from: $0, price: $1, cost: 0) }
        case .profit:
            let price = try table.column("effective_price"), cost = try table.column("supplier_cost")
            return zip(predictions, zip(price, cost)).map { units(from: $0, price: $1.0, cost: $1.1) }
        }
    }

    /// Units from one predicted value of this target at the offer `price` and unit `cost`:
    /// the value itself (quantity), value / price (revenue), value / (price − cost) (profit);
    /// 0 where that divisor is not positive, and a negative prediction counts as 0.
    public func units(from value: Float, price: Float, cost: Float) -> Float {
        let per: Float
        switch self {
        case .quantity: return value
        case .revenue: per = price
        case .profit: per = price - cost
        }
        return per > 0 ? max(value, 0) / per : 0
    }
}
