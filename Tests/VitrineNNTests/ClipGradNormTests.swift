import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct ClipGradNormTests {
    /// Gradients [3, 4] and [12]: global norm √(9 + 16 + 144) = 13.
    @Test func scalesWhenAboveMaximum() throws {
        let a = try makeParameter([0, 0]), b = try makeParameter([0])
        setGradient(a, [3, 4]); setGradient(b, [12])
        let norm = clipGradNorm([("a", a), ("b", b)], maxNorm: 6.5)
        #expect(norm == 13)
        let factor = 6.5 / (13 + 1e-6)
        expectValues(a.grad, [3 * factor, 4 * factor], tolerance: 1e-7)
        expectValues(b.grad, [12 * factor], tolerance: 1e-7)
        // The clipped gradients have norm maxNorm (to within the 1e-6 guard).
        let after = (a.grad.array + b.grad.array).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        #expect(abs(after - 6.5) < 1e-5)
    }

    @Test func leavesGradientsBelowMaximum() throws {
        let a = try makeParameter([0, 0]), b = try makeParameter([0])
        setGradient(a, [3, 4]); setGradient(b, [12])
        #expect(clipGradNorm([("a", a), ("b", b)], maxNorm: 20) == 13)
        #expect(a.grad.array == [3, 4] && b.grad.array == [12])
    }

    /// Many small squares: a Float accumulator would lose them, the Double one keeps them.
    @Test func largeTensorNormAccumulatedInDouble() throws {
        let n = 100_000
        let p = Parameter(Tensor(zeros: [n]))
        p.grad.fill(1e-3)
        p.grad[0] = 1
        let expected = (1 + Double(n - 1) * 1e-6).squareRoot()
        let norm = clipGradNorm([("p", p)], maxNorm: 0.5)
        #expect(abs(Double(norm) - expected) < 1e-6 * expected)
        let factor = Float(0.5 / (expected + 1e-6))
        #expect(abs(p.grad[0] - factor) < 1e-6 && abs(p.grad[n - 1] - 1e-3 * factor) < 1e-9)
    }

    @Test func nonFiniteNormLeavesGradients() throws {
        let a = try makeParameter([0, 0])
        setGradient(a, [.infinity, 1])
        #expect(clipGradNorm([("a", a)], maxNorm: 1) == .infinity)
        #expect(a.grad.array == [.infinity, 1])
        setGradient(a, [.nan, 1])
        #expect(clipGradNorm([("a", a)], maxNorm: 1).isNaN)
        #expect(a.grad[1] == 1)
    }

    @Test func zeroMaximumZeroesGradients() throws {
        let a = try makeParameter([0, 0])
        setGradient(a, [3, -4])
        #expect(clipGradNorm([("a", a)], maxNorm: 0) == 5)
        #expect(a.grad.array == [0, 0])
    }
}
