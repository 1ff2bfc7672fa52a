import Foundation

/// A seeded random stream (xoshiro256**, seeded through SplitMix64).
///
/// The same seed gives the same numbers on every machine. The state is four words that a
/// checkpoint can store and restore, so a resumed run draws exactly what the uninterrupted
/// run would have drawn. Dropout masks, initial weights and data order each come from a
/// generator that the experiment seeds.
public final class Generator: @unchecked Sendable {
    public private(set) var state: [UInt64]
    private var spareNormal: Double?

    public init(seed: UInt64) {
        state = Generator.expand(seed)
    }

    /// Restarts the stream from `seed`.
    public func seed(_ seed: UInt64) {
        state = Generator.expand(seed)
        spareNormal = nil
    }

    /// Restores a state saved from ``state``.
    public func restore(state newState: [UInt64]) throws {
        guard newState.count == 4, newState.contains(where: { $0 != 0 }) else {
            throw EngineError.invalidArgument(
                "Generator.restore", "a state is 4 words, not all zero; got \(newState)")
        }
        state = newState
        spareNormal = nil
    }

    private static func expand(_ seed: UInt64) -> [UInt64] {
        var x = seed
        return (0..<4).map { _ in
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The next 64 random bits.
    @inlinable public func next() -> UInt64 { nextWord() }

    @usableFromInline func nextWord() -> UInt64 {
        let result = rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotl(state[3], 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 random bits.
    public func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [low, high).
    public func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * Float(uniform())
    }

    /// Standard normal (Box–Muller).
    public func normal() -> Double {
        if let spare = spareNormal { spareNormal = nil; return spare }
        var u1 = uniform()
        while u1 <= Double.leastNonzeroMagnitude { u1 = uniform() }
        let u2 = uniform()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        spareNormal = radius * sin(2 * .pi * u2)
        return radius * cos(2 * .pi * u2)
    }

    /// Uniform integer in 0..<bound (bound > 0), without modulo bias.
    public func int(below bound: Int) -> Int {
        precondition(bound > 0, "int(below:) needs a positive bound")
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        var x = next()
        while x >= limit { x = next() }
        return Int(x % b)
    }

    /// Fisher–Yates shuffle of `array`.
    public func shuffle<T>(_ array: inout [T]) {
        if array.count < 2 { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(below: i + 1))
        }
    }

    /// Fills `tensor` with N(mean, std²).
    public func fillNormal(_ tensor: Tensor, mean: Float = 0, std: Float = 1) {
        for i in 0..<tensor.count { tensor.data[i] = mean + std * Float(normal()) }
    }

    /// Fills `tensor` with U[low, high).
    public func fillUniform(_ tensor: Tensor, low: Float, high: Float) {
        for i in 0..<tensor.count { tensor.data[i] = uniform(low, high) }
    }
}
