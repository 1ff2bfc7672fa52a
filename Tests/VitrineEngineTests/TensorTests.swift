import Testing
@testable import VitrineEngine

@Suite struct TensorTests {
    @Test func reshapeSharesStorageAndChecksCount() throws {
        let t = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let v = try t.reshaped([3, -1])
        #expect(v.shape == [3, 2])
        v[0] = 9
        #expect(t[0] == 9)
        #expect(throws: EngineError.self) { try t.reshaped([4, 2]) }
        #expect(t[[1, 2]] == 6)
    }

    @Test func valuesMustMatchShape() {
        #expect(throws: EngineError.self) { try Tensor(shape: [2, 2], values: [1, 2, 3]) }
    }

    @Test func resizeReusesStorageWhenItFits() {
        let t = Tensor(zeros: [4, 4])
        let before = t.data
        t.resize([2, 8]); #expect(t.data == before)
        t.resize([3, 3]); #expect(t.data == before)
        t.resize([5, 5]); #expect(t.count == 25)
    }

    @Test func generatorIsReproducibleAndRestorable() throws {
        let a = Generator(seed: 42), b = Generator(seed: 42)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        let saved = a.state
        let next = a.normal()
        let c = Generator(seed: 1)
        try c.restore(state: saved)
        #expect(c.normal() == next)
        #expect(Generator(seed: 43).next() != Generator(seed: 42).next())
    }

    @Test func generatorMoments() {
        let g = Generator(seed: 9)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n { let x = g.normal(); sum += x; sumSq += x * x }
        #expect(abs(sum / Double(n)) < 0.01)
        #expect(abs(sumSq / Double(n) - 1) < 0.02)
        var counts = [0, 0, 0]
        for _ in 0..<30_000 { counts[g.int(below: 3)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
    }

    @Test func parallelSumIsDeterministic() {
        let values = (0..<100_000).map { Double($0 % 97) * 0.1 }
        let s1 = values.withUnsafeBufferPointer { b in Parallel.sum(b.count) { r in r.reduce(0) { $0 + b[$1] } } }
        let s2 = values.withUnsafeBufferPointer { b in Parallel.sum(b.count) { r in r.reduce(0) { $0 + b[$1] } } }
        #expect(s1 == s2)
        #expect(abs(s1 - values.reduce(0, +)) < 1e-6 * s1)
    }

    /// Every index runs, and the error thrown is the lowest failing index's, whichever chunk
    /// finished first (the work is large enough to spread over the cores).
    @Test func parallelForEachThrowingRunsEveryIndexAndThrowsTheFirstFailure() {
        struct Failure: Error, Equatable { let index: Int }
        let count = 1 << 12
        var ran = [Int](repeating: 0, count: count)
        ran.withUnsafeMutableBufferPointer { ran in
            let ran = ran
            #expect(throws: Failure(index: 1000)) {
                try Parallel.forEachThrowing(count, cost: 1 << 15) { i in
                    ran[i] += 1
                    if i % 1000 == 0 && i > 0 { throw Failure(index: i) }
                }
            }
        }
        #expect(ran.allSatisfy { $0 == 1 })
        #expect(throws: Never.self) { try Parallel.forEachThrowing(count, cost: 1) { _ in } }
    }
}
