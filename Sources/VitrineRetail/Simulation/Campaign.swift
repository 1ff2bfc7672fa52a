/// A group of promotions with start and end dates ("Spring Clearance Sale"). Days are dataset
/// day indices, both ends inclusive.
public struct Campaign: Equatable, Sendable {
    public var id: Int
    public var name: String
    public var startDay: Int
    public var endDay: Int

    public init(id: Int, name: String, startDay: Int, endDay: Int) {
        self.id = id
        self.name = name
        self.startDay = startDay
        self.endDay = endDay
    }

    /// Whether `day` falls within the campaign (both ends inclusive).
    public func isActive(on day: Int) -> Bool { startDay <= day && day <= endDay }
}
