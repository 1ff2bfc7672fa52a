/// What a campaign mix must respect: at most `maxConcurrent` campaigns on any day, at most
/// `discountBudget` dollars of forecast discount (list price minus offer price over the units
/// sold), and, when `exclusive`, no two campaigns on the same product on the same day. nil: no
/// limit.
public struct ScenarioConstraints: Equatable, Sendable {
    public var maxConcurrent: Int?
    public var discountBudget: Double?
    public var exclusive: Bool

    public init(maxConcurrent: Int? = nil, discountBudget: Double? = nil, exclusive: Bool = false) {
        self.maxConcurrent = maxConcurrent
        self.discountBudget = discountBudget
        self.exclusive = exclusive
    }
}
