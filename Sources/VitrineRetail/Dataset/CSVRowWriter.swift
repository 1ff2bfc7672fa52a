import Foundation

/// Builds CSV text as bytes: the writers format millions of numbers, and going through
/// `String` interpolation for each would dominate the time.
struct CSVRowWriter {
    var bytes: [UInt8] = []
    private var atRowStart = true

    init(header: [String]? = nil) {
        if let header {
            for name in header { text(name) }
            endRow()
        }
    }

    private mutating func separator() {
        if !atRowStart { bytes.append(UInt8(ascii: ",")) }
        atRowStart = false
    }

    mutating func text(_ value: String) {
        separator()
        if value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes += value.utf8
        }
    }

    mutating func integer(_ value: Int) { separator(); Money.appendInteger(value, to: &bytes) }
    mutating func money(_ cents: Cents) { separator(); Money.append(cents, to: &bytes) }
    mutating func date(_ value: CivilDate) { separator(); value.appendISO(to: &bytes) }
    mutating func number(_ value: Double) { text(String(value)) }

    /// Several integers in one field, separated by semicolons.
    mutating func list<C: Collection>(_ values: C) where C.Element == Int {
        separator()
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ";")) }
            Money.appendInteger(value, to: &bytes)
        }
    }

    mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        atRowStart = true
    }
}
