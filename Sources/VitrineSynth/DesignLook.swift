/// What a camera can tell apart about a design: the fields its art draws, with continuous ones
/// (pattern period, garment width, the time on a watch) in coarse bins.
///
/// Two own products with the same look would be indistinguishable in any photo, so retrieval
/// on the catalog would ask for the impossible; ``Catalog`` re-draws a design whose look is
/// taken. Fields a category's art ignores (a ring's fabric colour, a plain garment's pattern
/// colour) are left out so that they cannot make two identical-looking designs seem different.
struct DesignLook: Hashable {
    private var fields: [String]

    init(_ d: ProductDesign) {
        func bin(_ value: Float, _ low: Float, _ high: Float, _ bins: Int) -> String {
            String(max(0, min(bins - 1, Int((value - low) / (high - low) * Float(bins)))))
        }
        fields = [d.category.rawValue, String(d.variant), String(d.band)]
        switch d.category.domain {
        case .jewelry:
            fields += [d.metal?.rawValue ?? "", String(d.stoneCount), d.stone?.rawValue ?? "", d.cut?.rawValue ?? "",
                       String(d.engraving)]
            if d.category == .pendant { fields.append(bin(d.fit, 0, 1, 3)) }
            if d.category == .watch {
                fields += [d.base.name, d.accent.name, d.patternColour.name, String(d.dial), bin(d.fit, 0, 1, 6)]
            }
        case .apparel:
            fields += [d.base.name, d.pattern.kind.rawValue, String(d.trims.rawValue), bin(d.fit, 0, 1, 3)]
            if d.pattern.kind != .plain {
                fields += [d.patternColour.name, bin(d.pattern.period, 0.12, 0.3, 3), bin(d.pattern.duty, 0.3, 0.6, 2),
                           String(Int((d.pattern.angle * 8).rounded()))]
            }
            if !d.trims.isEmpty || d.category == .sneakers { fields.append(d.accent.name) }
            if d.trims.contains(.logo) || d.category == .sneakers { fields.append(String(d.dial)) }
        }
    }
}
