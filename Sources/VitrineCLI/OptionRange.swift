import ArgumentParser

/// Range checks for the commands' size options, run from `validate()` before any work: a size
/// far outside what the command can do (`--k 1152921504606846976`) is a usage error naming the
/// option, the value and the range, not an integer overflow or an allocation of terabytes
/// somewhere inside the library.
enum OptionRange {
    /// Throws a ``ValidationError`` unless `value` of `--option` lies in `range`.
    static func check<Value: Comparable & CustomStringConvertible>(_ option: String, _ value: Value, _ range: ClosedRange<Value>) throws {
        guard range.contains(value) else {
            throw ValidationError("--\(option) must be within \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
    }

    /// The same for an optional value, when given.
    static func check<Value: Comparable & CustomStringConvertible>(_ option: String, _ value: Value?, _ range: ClosedRange<Value>) throws {
        if let value { try check(option, value, range) }
    }

    /// Results a search may ask for: more than any index here holds, far below what overflows.
    static let results = 1...1_000_000
    /// Images per forward pass.
    static let batch = 1...4096
    /// Products, images or competitors a generator makes.
    static let count = 1...10_000_000
    /// Days of retail history (about 270 years).
    static let days = 1...100_000
}
