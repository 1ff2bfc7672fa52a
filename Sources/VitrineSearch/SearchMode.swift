/// Which products a search may return, relative to a reference product (the query's own
/// product when it is known, otherwise the query's nearest neighbour in the index — the
/// product the photo most likely shows).
///
/// - `any`: every product.
/// - `sameCategory`: the reference's category (a similar item of the same kind).
/// - `otherBrand`: the reference's category, another brand — a substitute: the same kind of
///   goods from a competitor (other brands' earrings for earrings, not their necklaces).
/// - `otherCategory`: another category — a matching piece (earrings to go with a necklace).
///
/// An explicit category (`--category C`) further restricts every mode to that category.
public enum SearchMode: String, CaseIterable, Codable, Sendable {
    case any
    case sameCategory = "same-category"
    case otherBrand = "other-brand"
    case otherCategory = "other-category"

    /// Whether the mode depends on a reference product.
    public var needsReference: Bool { self != .any }

    /// Whether `candidate` meets this mode's constraint relative to `reference`.
    public func allows(_ candidate: ProductMetadata, reference: ProductMetadata) -> Bool {
        switch self {
        case .any: return true
        case .sameCategory: return candidate.category == reference.category
        case .otherBrand: return candidate.category == reference.category && candidate.brand != reference.brand
        case .otherCategory: return candidate.category != reference.category
        }
    }

    /// Parses a command-line spelling (`any`, `same-category`, `other-brand`, `other-category`).
    public init(parsing text: String) throws {
        guard let mode = SearchMode(rawValue: text) else {
            throw SearchError.invalidArgument(
                "--mode", "'\(text)' is not a search mode; use one of "
                    + SearchMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = mode
    }
}
