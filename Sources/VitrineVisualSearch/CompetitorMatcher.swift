import Foundation
import VitrineEngine
import VitrineSearch

/// A competitor product with its closest own product.
public struct CompetitorMatch: Equatable, Sendable {
    public var competitor: ProductMetadata
    public var own: ProductMetadata
    /// Cosine similarity of the two products' mean embeddings.
    public var similarity: Float
    /// Own price minus competitor price; nil when either is unknown.
    public var priceDifference: Double? {
        guard let a = own.price, let b = competitor.price else { return nil }
        return a - b
    }
}

/// Finds, for every competitor product, the own product that looks most like it: each product
/// is the mean of its images' embeddings (renormalized), and the best own product is one exact
/// inner-product search away.
public enum CompetitorMatcher {
    /// One row per product: the normalized mean embedding of its images and its metadata.
    public static func products(of index: EmbeddingIndex) throws -> EmbeddingIndex {
        var order: [String] = [], members: [String: [Int]] = [:]
        for (row, item) in index.items.enumerated() {
            if members[item.productID] == nil { order.append(item.productID) }
            members[item.productID, default: []].append(row)
        }
        let d = index.dimension
        let means = Tensor(zeros: [order.count, d])
        for (p, id) in order.enumerated() {
            let target = means.data + p * d
            for row in members[id]! {
                let source = index.embeddings.data + row * d
                for j in 0..<d { target[j] += source[j] }
            }
        }
        return try EmbeddingIndex(embeddings: means, items: order.map { index.items[members[$0]![0]] },
                                  checkpointHash: index.checkpointHash)
    }

    /// The best own analogue of every competitor product, in the competitor index's product order.
    public static func match(own: EmbeddingIndex, competitor: EmbeddingIndex) throws -> [CompetitorMatch] {
        guard own.checkpointHash == competitor.checkpointHash else {
            throw VisualSearchError("the indexes were built by different models (\(own.checkpointHash) and "
                + "\(competitor.checkpointHash)); index both catalogs with the same checkpoint")
        }
        guard own.dimension == competitor.dimension else {
            throw VisualSearchError("embedding sizes differ: \(own.dimension) and \(competitor.dimension)")
        }
        let ownProducts = try products(of: own), theirs = try products(of: competitor)
        let hits = try ownProducts.search(batch: theirs.embeddings, k: 1)
        return zip(theirs.items, hits).compactMap { item, best in
            best.first.map { CompetitorMatch(competitor: item, own: ownProducts.items[$0.index], similarity: $0.score) }
        }
    }

    /// How many competitor products with a known original (`analogueOf`: competitor product →
    /// the own product it imitates, as the built-in catalog's manifest records) were matched to it.
    public static func agreement(_ matches: [CompetitorMatch], analogueOf: [String: String]) -> (matched: Int, known: Int) {
        let known = matches.filter { analogueOf[$0.competitor.productID].map { !$0.isEmpty } ?? false }
        return (known.filter { analogueOf[$0.competitor.productID] == $0.own.productID }.count, known.count)
    }

    /// The matches as CSV: competitor product, brand, category and price; its own analogue with
    /// brand, category and price; similarity; own minus competitor price.
    public static func csv(_ matches: [CompetitorMatch]) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        func price(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "" }
        var lines = ["competitor_product_id,competitor_brand,competitor_category,competitor_price,"
            + "own_product_id,own_brand,own_category,own_price,similarity,price_difference"]
        for m in matches {
            lines.append([field(m.competitor.productID), field(m.competitor.brand), field(m.competitor.category),
                          price(m.competitor.price), field(m.own.productID), field(m.own.brand), field(m.own.category),
                          price(m.own.price), String(format: "%.4f", m.similarity), price(m.priceDifference)]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
