/// A ``SearchMode`` and optional category resolved against one index's integer codes, so the
/// scan tests two integers per row instead of comparing strings.
struct CandidateFilter {
    static let none: Int32 = -1
    var requiredCategory: Int32 = none
    var excludedCategory: Int32 = none
    var excludedBrand: Int32 = none
    var excludedIndex = -1

    /// Whether every row passes apart from `excludedIndex` (the fast path of the scan).
    var isOpen: Bool { requiredCategory == Self.none && excludedCategory == Self.none && excludedBrand == Self.none }

    /// The filter for `mode` around `reference` (codes of the reference's category and brand;
    /// `none` when the index lacks them), narrowed to `category` when one is given.
    init(mode: SearchMode, referenceCategory: Int32, referenceBrand: Int32, category: Int32?, excluding: Int?) {
        excludedIndex = excluding ?? -1
        switch mode {
        case .any: break
        case .sameCategory: requiredCategory = referenceCategory
        case .otherBrand:
            requiredCategory = referenceCategory
            excludedBrand = referenceBrand
        case .otherCategory: excludedCategory = referenceCategory
        }
        if let category {
            // An explicit category that contradicts the mode leaves nothing: -2 matches no row.
            if requiredCategory != Self.none && requiredCategory != category { requiredCategory = -2 }
            else { requiredCategory = category }
        }
        // A reference whose category the index lacks: same-category modes match nothing.
        if mode == .sameCategory || mode == .otherBrand, referenceCategory == Self.none, category == nil {
            requiredCategory = -2
        }
    }

    @inline(__always)
    func allows(_ row: Int, categories: UnsafePointer<Int32>, brands: UnsafePointer<Int32>) -> Bool {
        row != excludedIndex
            && (requiredCategory == Self.none || categories[row] == requiredCategory)
            && (excludedCategory == Self.none || categories[row] != excludedCategory)
            && (excludedBrand == Self.none || brands[row] != excludedBrand)
    }
}
