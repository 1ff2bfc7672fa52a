import ArgumentParser

/// A size option written as people write sizes: `8MB`, `512KB`, `1GB` (powers of 1024) or a
/// plain number of bytes.
struct ByteCount: ExpressibleByArgument, CustomStringConvertible {
    let bytes: Int

    static let units: [(suffix: String, factor: Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let text = argument.uppercased()
        let (digits, factor) = Self.units.first { text.hasSuffix($0.suffix) }
            .map { (String(text.dropLast($0.suffix.count)), $0.factor) } ?? (text, 1)
        guard let count = Int(digits), count >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        bytes = product
    }

    var description: String {
        let (suffix, factor) = Self.units.first { bytes >= $0.factor && bytes % $0.factor == 0 } ?? ("B", 1)
        return "\(bytes / factor)\(suffix)"
    }
}
