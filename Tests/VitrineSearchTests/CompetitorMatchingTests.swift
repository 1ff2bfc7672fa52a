import Foundation
import Testing
import VitrineEngine
@testable import VitrineSearch

@Suite struct CompetitorMatchingTests {
    /// Own catalog on the unit circle at 0° (ring, 100), 90° (necklace, 250) and 180° (ring, no
    /// price); competitor rings at 10° (80), 100° (300) and 170° (50). Nearest own rows by
    /// angle: 10° → 0°, 100° → 90°, 170° → 180°; similarity cos 10° = 0.9848078; price
    /// differences own − theirs: 20, −50, unknown. Same-category matching keeps the 100° ring
    /// away from the necklace: its nearest own ring is 180° (80° away, cos 80° = 0.1736482),
    /// not 0° (100° away).
    @Test func nearestOwnProductAndPriceDifference() throws {
        func unit(_ degrees: Double) -> [Float] { [Float(cos(degrees * .pi / 180)), Float(sin(degrees * .pi / 180))] }
        let own = try EmbeddingIndex(
            embeddings: try Tensor(shape: [3, 2], values: unit(0) + unit(90) + unit(180)),
            items: [ProductMetadata(productID: "o0", category: "ring", brand: "us", price: 100, path: "own/0.png"),
                    ProductMetadata(productID: "o1", category: "necklace", brand: "us", price: 250),
                    ProductMetadata(productID: "o2", category: "ring", brand: "us")],
            checkpointHash: "ck")
        let theirs = try EmbeddingIndex(
            embeddings: try Tensor(shape: [3, 2], values: unit(10) + unit(100) + unit(170)),
            items: [ProductMetadata(productID: "c0", category: "ring", brand: "them", price: 80, path: "a,b.png"),
                    ProductMetadata(productID: "c1", category: "ring", brand: "them", price: 300),
                    ProductMetadata(productID: "c2", category: "ring", brand: "them", price: 50)],
            checkpointHash: "ck")
        let any = try own.bestMatches(for: theirs, batchSize: 2)
        #expect(any.map(\.ownRow) == [0, 1, 2])
        #expect(abs(any[0].similarity - 0.9848078) < 1e-6)
        #expect(any[0].priceDifference == 20)
        #expect(any[1].priceDifference == -50)
        #expect(any[2].priceDifference == nil)
        #expect(any[0].csvRow == "c0,ring,them,\"a,b.png\",o0,ring,us,own/0.png,0.984808,80.00,100.00,20.00")
        #expect(any[2].csvRow.hasSuffix(",50.00,,"))
        #expect(CompetitorMatch.csvHeader.split(separator: ",").count == 12)

        let sameCategory = try own.bestMatches(for: theirs, mode: .sameCategory)
        #expect(sameCategory.map(\.ownRow) == [0, 2, 2])
        #expect(abs(sameCategory[1].similarity - 0.1736482) < 1e-6)
    }

    @Test func indexesOfAnotherCheckpointAreRefused() throws {
        let a = try EmbeddingIndex(embeddings: Tensor(shape: [1, 2], repeating: 1),
                                   items: [ProductMetadata(productID: "a", category: "c", brand: "b")], checkpointHash: "one")
        let b = try EmbeddingIndex(embeddings: Tensor(shape: [1, 2], repeating: 1),
                                   items: [ProductMetadata(productID: "b", category: "c", brand: "b")], checkpointHash: "two")
        #expect(throws: SearchError.checkpointMismatch(path: "competitor index", indexHash: "two", expectedHash: "one")) {
            try a.bestMatches(for: b)
        }
    }
}
