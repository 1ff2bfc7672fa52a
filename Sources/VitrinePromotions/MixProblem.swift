/// Choosing a subset of candidate campaigns: maximize Σ values + Σ interactions over chosen
/// pairs, subject to at most `maxConcurrent` chosen campaigns on any day, Σ costs ≤ `budget`,
/// and no chosen pair that `conflicts` marks (campaigns on the same products on the same day).
public struct MixProblem: Sendable {
    /// Each candidate's value on its own (its uplift over no promotion).
    public var values: [Double]
    /// Each candidate's cost against the budget (discount dollars).
    public var costs: [Double]
    /// Each candidate's first and last day (inclusive).
    public var spans: [ClosedRange<Int>]
    /// `conflicts[a][b]`: a and b may not both be chosen.
    public var conflicts: [[Bool]]
    /// `interactions[a][b]` (= [b][a]): what choosing both adds beyond their two values.
    public var interactions: [[Double]]
    public var maxConcurrent: Int?
    public var budget: Double?

    public init(values: [Double], costs: [Double], spans: [ClosedRange<Int>], conflicts: [[Bool]]? = nil,
                interactions: [[Double]]? = nil, maxConcurrent: Int? = nil, budget: Double? = nil) {
        let n = values.count
        self.values = values
        self.costs = costs
        self.spans = spans
        self.conflicts = conflicts ?? [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        self.interactions = interactions ?? [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        self.maxConcurrent = maxConcurrent
        self.budget = budget
    }

    public var count: Int { values.count }

    /// The objective of `chosen` (flags, one per candidate).
    public func objective(_ chosen: [Bool]) -> Double {
        var total = 0.0
        for a in 0..<count where chosen[a] {
            total += values[a]
            for b in (a + 1)..<count where chosen[b] { total += interactions[a][b] }
        }
        return total
    }

    /// Whether `chosen` respects every constraint.
    public func isFeasible(_ chosen: [Bool]) -> Bool {
        var cost = 0.0
        for a in 0..<count where chosen[a] {
            cost += costs[a]
            for b in (a + 1)..<count where chosen[b] && conflicts[a][b] { return false }
        }
        if let budget, cost > budget + 1e-9 { return false }
        if let maxConcurrent {
            for a in 0..<count where chosen[a] {
                // The most campaigns running at once is reached on some campaign's first day.
                let day = spans[a].lowerBound
                var running = 0
                for b in 0..<count where chosen[b] && spans[b].contains(day) { running += 1 }
                if running > maxConcurrent { return false }
            }
        }
        return true
    }

    /// Whether `candidate` can join the feasible `chosen` (whose total cost is `cost`).
    func canAdd(_ candidate: Int, to chosen: [Bool], cost: Double) -> Bool {
        if let budget, cost + costs[candidate] > budget + 1e-9 { return false }
        for b in 0..<count where chosen[b] && conflicts[candidate][b] { return false }
        guard let maxConcurrent else { return true }
        // Adding it can only raise the count on its own days; check the first days in its span.
        var days = [spans[candidate].lowerBound]
        for b in 0..<count where chosen[b] && spans[candidate].contains(spans[b].lowerBound) { days.append(spans[b].lowerBound) }
        for day in days {
            var running = 1
            for b in 0..<count where chosen[b] && spans[b].contains(day) { running += 1 }
            if running > maxConcurrent { return false }
        }
        return true
    }

    /// The change in objective from adding (or removing) `candidate`.
    func gain(_ candidate: Int, _ chosen: [Bool]) -> Double {
        var total = values[candidate]
        for b in 0..<count where chosen[b] && b != candidate { total += interactions[candidate][b] }
        return chosen[candidate] ? -total : total
    }
}

/// A chosen mix and its objective.
public struct MixSolution: Equatable, Sendable {
    public var chosen: [Bool]
    public var objective: Double
    /// Subsets whose objective was computed (exact) or moves tried (heuristic).
    public var work: Int
}
