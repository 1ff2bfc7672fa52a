import Foundation
import VitrineEngine

/// The closest own product to one competitor product: what `vitrine match` reports per row.
public struct CompetitorMatch: Codable, Equatable, Sendable {
    public var competitorRow: Int
    public var competitor: ProductMetadata
    public var ownRow: Int
    public var own: ProductMetadata
    /// Cosine similarity of the two embeddings.
    public var similarity: Float
    /// Own price minus competitor price; nil when either is unknown.
    public var priceDifference: Double?

    /// The CSV header matching ``csvRow``.
    public static let csvHeader = "competitor_product_id,competitor_category,competitor_brand,competitor_path,"
        + "own_product_id,own_category,own_brand,own_path,similarity,competitor_price,own_price,price_difference"

    /// One CSV line (RFC 4180 quoting where a field needs it; empty fields for unknown prices).
    public var csvRow: String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "" }
        return [field(competitor.productID), field(competitor.category), field(competitor.brand), field(competitor.path),
                field(own.productID), field(own.category), field(own.brand), field(own.path),
                String(format: "%.6f", similarity), number(competitor.price), number(own.price),
                number(priceDifference)].joined(separator: ",")
    }
}

extension EmbeddingIndex {
    /// For every row of `competitor`, this index's most similar row under `mode` (relative to
    /// the competitor product: `.sameCategory` looks only among own products of its category).
    /// Both indexes must come from the same checkpoint, or their embeddings are not comparable.
    /// A competitor row for which the mode allows no own product is left out.
    public func bestMatches(for competitor: EmbeddingIndex, mode: SearchMode = .any,
                            batchSize: Int = 256) throws -> [CompetitorMatch] {
        guard competitor.checkpointHash == checkpointHash else {
            throw SearchError.checkpointMismatch(path: "competitor index", indexHash: competitor.checkpointHash,
                                                 expectedHash: checkpointHash)
        }
        guard competitor.dimension == dimension else {
            throw SearchError.invalidArgument(
                "competitor index", "has \(competitor.dimension)-dimensional embeddings, this index \(dimension)")
        }
        guard batchSize >= 1 else { throw SearchError.invalidArgument("batchSize", "must be at least 1, got \(batchSize)") }
        var matches: [CompetitorMatch] = []
        let queries = Tensor(zeros: [0])
        var start = 0
        while start < competitor.count {
            let end = min(competitor.count, start + batchSize)
            queries.resize([end - start, dimension])
            queries.data.update(from: competitor.embeddings.data + start * dimension, count: (end - start) * dimension)
            let hits = try search(batch: queries, k: 1, mode: mode, references: Array(competitor.items[start..<end]))
            for (offset, best) in hits.enumerated() {
                guard let hit = best.first else { continue }
                let theirs = competitor.items[start + offset], ours = items[hit.index]
                let difference = ours.price.flatMap { own in theirs.price.map { own - $0 } }
                matches.append(CompetitorMatch(competitorRow: start + offset, competitor: theirs, ownRow: hit.index,
                                               own: ours, similarity: hit.score, priceDifference: difference))
            }
            start = end
        }
        return matches
    }
}
