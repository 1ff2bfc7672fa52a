import VitrineEngine

/// Conveniences for drawing design choices from a seeded stream.
extension Generator {
    /// Uniform in low..<high.
    func float(_ low: Float, _ high: Float) -> Float { uniform(low, high) }

    /// True with probability `p`.
    func chance(_ p: Double) -> Bool { uniform() < p }

    /// A uniformly chosen element (the array must not be empty; callers pass literals).
    func pick<T>(_ options: [T]) -> T { options[int(below: options.count)] }

    /// An element chosen with probability proportional to its weight.
    func pick<T>(_ options: [(T, Double)]) -> T {
        let total = options.reduce(0) { $0 + $1.1 }
        var r = uniform() * total
        for (option, weight) in options {
            if r < weight { return option }
            r -= weight
        }
        return options[options.count - 1].0
    }

    /// Uniform integer in `range`.
    func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + int(below: range.count) }
}
