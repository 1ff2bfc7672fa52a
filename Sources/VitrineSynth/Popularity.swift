import Foundation
import VitrineData
import VitrineEngine

/// A product's units sold in its first year: the `units_sold` column of a catalog's manifest,
/// so that experiments can select designs by how well they sell ("the sweaters in the top
/// 30 % by units sold") without a store's order history.
///
/// Sales follow taste, so popular designs share a look a generator can learn: each category
/// has a seeded liking for every colour and pattern (jewellery: metal and stone), a lower price
/// sells more (elasticity 0.7 within a category), and a product's own luck adds a log-normal
/// spread. log units = 7 + taste(colour) + taste(pattern or metal, stone) − 0.7 log price + 0.4 ε.
/// Drawn from streams of their own, so the designs and photos are those of a catalog without
/// the column.
enum Popularity {
    static func unitsSold(_ design: ProductDesign, productIndex: Int, seed: UInt64) -> Int {
        let category = design.category.rawValue
        var log = 7 + taste(category, "colour", design.colourLabel, seed: seed)
        if design.category.domain == .jewelry {
            log += taste(category, "metal", design.metal?.rawValue ?? "", seed: seed)
                + taste(category, "stone", design.stone?.rawValue ?? "none", seed: seed)
        } else {
            log += taste(category, "pattern", design.pattern.kind.rawValue, seed: seed)
        }
        log -= 0.7 * Foundation.log(max(design.price, 1))
        log += 0.4 * Generator(seed: SeedMixer.mix(seed, 8, UInt64(productIndex))).normal()
        return max(1, Int(exp(log).rounded()))
    }

    /// The category's liking for an attribute value: N(0, 0.6²), the same for every product of
    /// the catalog's seed (the value's name picks the stream).
    private static func taste(_ category: String, _ attribute: String, _ value: String, seed: UInt64) -> Double {
        let key = UInt64(CRC32.of(Array("\(category)/\(attribute)/\(value)".utf8)))
        return 0.6 * Generator(seed: SeedMixer.mix(seed, 7, key)).normal()
    }
}
