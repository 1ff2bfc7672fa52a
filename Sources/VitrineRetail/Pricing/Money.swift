/// Amounts of money in whole cents.
///
/// Prices, discounts and totals are integers so that sums, thresholds and rounding are exact:
/// a cart either reaches $100.00 or it does not, with no floating-point doubt in between.
public typealias Cents = Int

/// Converting cents to and from the decimal text used in the dataset files.
public enum Money {
    /// "12.34", "-0.05", "7.00".
    public static func format(_ cents: Cents) -> String {
        var bytes: [UInt8] = []
        append(cents, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `cents` as decimal text with two fraction digits (the CSV writers' hot path).
    public static func append(_ cents: Cents, to bytes: inout [UInt8]) {
        var value = cents
        if value < 0 { bytes.append(UInt8(ascii: "-")); value = -value }
        appendInteger(value / 100, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(value % 100 / 10))
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// Appends a non-negative integer in decimal.
    public static func appendInteger(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")); appendInteger(-value, to: &bytes); return }
        if value >= 10 { appendInteger(value / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// The largest amount ``parse(_:)`` accepts (15 whole digits): sums of a few such amounts,
    /// as the loader's consistency checks form, stay far from overflow.
    public static let maximumCents: Cents = 99_999_999_999_999_999

    /// Parses "12", "12.3", "12.34" or "-1.50" into cents; nil for anything else (more than two
    /// fraction digits included, since a price of 12.345 is a sign of a wrong column).
    public static func parse(_ text: String) -> Cents? {
        var utf8 = text.utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        var whole = 0, fraction = 0, fractionDigits = 0, wholeDigits = 0, seenPoint = false
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            if seenPoint {
                fractionDigits += 1
                if fractionDigits > 2 { return nil }
                fraction = fraction * 10 + digit
            } else {
                wholeDigits += 1
                if wholeDigits > 15 { return nil }
                whole = whole * 10 + digit
            }
        }
        if wholeDigits == 0 && fractionDigits == 0 { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let cents = whole * 100 + fraction
        return negative ? -cents : cents
    }

    /// `amount × basisPoints / 10000` rounded half up (amounts are never negative here), the one
    /// rounding rule every percentage discount uses.
    public static func percentage(of amount: Cents, basisPoints: Int) -> Cents {
        (amount * basisPoints + 5_000) / 10_000
    }
}
