/// A retail dataset that cannot be used, naming the file, the 1-based line (0: the file as a
/// whole), the field, and what was expected.
public struct RetailDataError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let row: Int
    public let field: String
    public let message: String

    /// `row` is the 1-based line in the file, 0 for the file as a whole.
    public init(file: String, row: Int, field: String, message: String) {
        self.file = file
        self.row = row
        self.field = field
        self.message = message
    }

    public var description: String {
        let place = row > 0 ? "\(file):\(row)" : file
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }
}
