import Testing
import VitrineEngine
@testable import VitrineData

@Suite struct BatchAugmentationTests {
    private func batch(_ n: Int, seed: UInt64 = 3) -> Tensor {
        let t = Tensor(zeros: [n, 3, 8, 10])
        Generator(seed: seed).fillUniform(t, low: 0, high: 1)
        return t
    }

    private func row(_ t: Tensor, _ i: Int) -> [Float] {
        let plane = t.count / t.shape[0]
        return Array(t.array[(i * plane)..<((i + 1) * plane)])
    }

    @Test func identityOptionsLeaveTheBatchAlone() throws {
        let augmentation = try BatchAugmentation(size: Size2(8, 10), cropScale: 1, flip: false, brightness: 0, contrast: 0, seed: 1)
        #expect(augmentation.isIdentity)
        let b = batch(4), before = b.array
        try augmentation.apply(b, indices: [0, 1, 2, 3])
        #expect(b.array == before)
    }

    @Test func flipOnlyMirrorsSomeImagesAndKeepsTheOthers() throws {
        let augmentation = try BatchAugmentation(size: Size2(8, 10), cropScale: 1, flip: true, brightness: 0, contrast: 0, seed: 1)
        let original = batch(32), b = original.copy()
        try augmentation.apply(b, indices: Array(100..<132)[...])
        var flipped = 0
        for i in 0..<32 {
            let before = row(original, i), after = row(b, i)
            if after == before { continue }
            flipped += 1
            for c in 0..<3 { for y in 0..<8 { for x in 0..<10 {
                #expect(after[(c * 8 + y) * 10 + x] == before[(c * 8 + y) * 10 + 9 - x])
            } } }
        }
        #expect(flipped > 4 && flipped < 28, "\(flipped) of 32 flipped")
    }

    @Test func sameBatchSameDrawsOtherBatchOtherDraws() throws {
        let augmentation = try BatchAugmentation(size: Size2(8, 10), cropScale: 0.5, flip: true, brightness: 0.3, contrast: 0.3, seed: 7)
        let original = batch(6)
        let a = original.copy(), b = original.copy(), c = original.copy()
        try augmentation.apply(a, indices: [5, 9, 2, 7, 1, 4])
        try augmentation.apply(b, indices: [5, 9, 2, 7, 1, 4])
        try augmentation.apply(c, indices: [5, 9, 2, 7, 1, 3])
        #expect(a.array == b.array)
        #expect(a.array != original.array)
        // One index differs: every image's draw changes (the batch is the key), not only the last.
        #expect(row(a, 0) != row(c, 0))
        #expect(a.array.allSatisfy { $0 >= 0 && $0 <= 1 })
        let otherSeed = try BatchAugmentation(size: Size2(8, 10), cropScale: 0.5, flip: true, brightness: 0.3, contrast: 0.3, seed: 8)
        let d = original.copy()
        try otherSeed.apply(d, indices: [5, 9, 2, 7, 1, 4])
        #expect(d.array != a.array)
    }

    @Test func badOptionsAreErrors() {
        #expect(throws: EngineError.self) {
            try BatchAugmentation(size: Size2(8, 10), cropScale: 0, flip: false, brightness: 0, contrast: 0, seed: 1)
        }
        #expect(throws: EngineError.self) {
            try BatchAugmentation(size: Size2(8, 10), cropScale: 1, flip: false, brightness: -1, contrast: 0, seed: 1)
        }
    }
}
