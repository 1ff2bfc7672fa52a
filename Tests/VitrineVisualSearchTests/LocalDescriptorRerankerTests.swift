import Foundation
import Testing
import VitrineEngine
import VitrineImaging
import VitrineNN
import VitrineSearch
@testable import VitrineVisualSearch

@Suite struct LocalDescriptorRerankerTests {
    func reranker(threshold: Float = 0.8, grid: Int = 3) throws -> LocalDescriptorReranker {
        try LocalDescriptorReranker(network: try Flatten(), inputShape: (1, 4), grid: grid, patchFraction: 0.5, threshold: threshold)
    }

    @Test func mutualNearestPatchesAboveTheThresholdCount() throws {
        let r = try reranker()
        let q = try Tensor(shape: [2, 2], values: [1, 0, 0, 1])
        let swapped = try Tensor(shape: [2, 2], values: [0, 1, 1, 0])
        #expect(r.matchCount(q, swapped) == 2, "q0↔c1 and q1↔c0, both cosine 1")
        #expect(try reranker(threshold: 1.01).matchCount(q, swapped) == 0)
        // q1's nearest is c0, but c0's nearest is q0: only one mutual pair.
        let norm = Float(0.9 * 0.9 + 0.1 * 0.1).squareRoot()
        let close = try Tensor(shape: [2, 2], values: [1, 0, 0.9 / norm, 0.1 / norm])
        #expect(r.matchCount(close, try Tensor(shape: [1, 2], values: [1, 0])) == 1)
    }

    @Test func rerankOrdersByMatchesAndKeepsTiesInGlobalOrder() throws {
        let r = try reranker()
        let query = try Tensor(shape: [2, 2], values: [1, 0, 0, 1])
        let candidates = [
            try Tensor(shape: [2, 2], values: [-1, 0, 0, -1]),  // no match
            try Tensor(shape: [2, 2], values: [1, 0, 0, -1]),   // one
            try Tensor(shape: [2, 2], values: [0, 1, 1, 0]),    // two
            try Tensor(shape: [2, 2], values: [0, -1, 1, 0]),   // one
        ]
        let hits = (0..<4).map { SearchHit(index: $0, score: Float(4 - $0)) }
        let order = try r.rerank(hits, query: query) { candidates[$0] }.map(\.index)
        #expect(order == [2, 1, 3, 0])
    }

    @Test func patchesTileTheImageCornerToCorner() throws {
        // An 8×8 gray ramp; 3×3 patches of side 4 start at 0, 2 and 4, resized to 4 px (no-op).
        var image = try Image(channels: 1, height: 8, width: 8)
        for i in 0..<64 { image.pixels[i] = Float(i) / 63 }
        let patches = try reranker().patches(of: image)
        #expect(patches.count == 9)
        #expect(patches.allSatisfy { $0.channels == 1 && $0.height == 4 && $0.width == 4 })
        #expect(patches[0].pixels[0] == image.pixels[0], "the first patch is the top-left corner")
        #expect(patches[8].pixels[15] == image.pixels[63], "the last patch ends at the bottom-right corner")
        #expect(patches[4].pixels[0] == image.pixels[2 * 8 + 2], "the centre patch starts at (2, 2)")
        let descriptors = try reranker().descriptors(of: image)
        #expect(descriptors.shape == [9, 16])
        for p in 0..<9 {
            let norm = (0..<16).reduce(Float(0)) { $0 + descriptors.data[p * 16 + $1] * descriptors.data[p * 16 + $1] }
            #expect(abs(norm - 1) < 1e-5)
        }
    }

    @Test func badSettingsAreErrors() throws {
        #expect(throws: VisualSearchError.self) { _ = try reranker(grid: 1) }
        #expect(throws: VisualSearchError.self) {
            _ = try LocalDescriptorReranker(network: try Flatten(), inputShape: (1, 4), patchFraction: 0)
        }
    }
}
