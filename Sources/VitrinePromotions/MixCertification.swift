import VitrineEngine

/// The heuristic against the exact optimum on random small instances: candidates with values
/// of both signs, costs, spans over a 100-day horizon, conflicts between some overlapping
/// pairs, interactions between others (cannibalization, mostly negative), and a concurrency
/// limit and budget that bind.
public struct MixCertification: Sendable {
    /// One instance's outcome.
    public struct Case: Sendable {
        public var candidates: Int
        public var exact: Double
        public var heuristic: Double
        /// (exact − heuristic) / |exact|; 0 when both are 0.
        public var gap: Double { exact == heuristic ? 0 : relativeShortfall(of: heuristic, from: exact) }
    }

    public var cases: [Case]

    /// Instances that matched the optimum (within 1e-9 relative).
    public var matched: Int { cases.filter { $0.gap <= 1e-9 }.count }
    public var worstGap: Double { cases.map(\.gap).max() ?? 0 }

    /// `instances` random instances of `sizes` candidates, seeded.
    public static func run(instances: Int = 100, sizes: ClosedRange<Int> = 8...20, seed: UInt64 = 1) -> MixCertification {
        let random = Generator(seed: seed)
        var cases: [Case] = []
        for _ in 0..<instances {
            let problem = randomProblem(candidates: sizes.lowerBound + random.int(below: sizes.count), random)
            let exact = ExactMixSolver.solve(problem), heuristic = HeuristicMixSolver.solve(problem)
            precondition(problem.isFeasible(exact.chosen) && problem.isFeasible(heuristic.chosen), "a solver returned an infeasible mix")
            cases.append(Case(candidates: problem.count, exact: exact.objective, heuristic: heuristic.objective))
        }
        return MixCertification(cases: cases)
    }

    public static func randomProblem(candidates n: Int, _ random: Generator) -> MixProblem {
        var values: [Double] = [], costs: [Double] = [], spans: [ClosedRange<Int>] = []
        for _ in 0..<n {
            let length = 2 + random.int(below: 20), start = random.int(below: 100 - length)
            spans.append(start...(start + length - 1))
            // Most campaigns pay, a quarter lose money.
            values.append(random.uniform() < 0.25 ? -1000 * random.uniform() : 3000 * random.uniform())
            costs.append(500 + 4000 * random.uniform())
        }
        var conflicts = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        var interactions = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for a in 0..<n {
            for b in (a + 1)..<n where spans[a].overlaps(spans[b]) {
                let draw = random.uniform()
                if draw < 0.3 {
                    conflicts[a][b] = true; conflicts[b][a] = true
                } else if draw < 0.8 {
                    let w = -800 * random.uniform() + 200 * random.uniform()
                    interactions[a][b] = w; interactions[b][a] = w
                }
            }
        }
        let total = costs.reduce(0, +)
        return MixProblem(values: values, costs: costs, spans: spans, conflicts: conflicts, interactions: interactions,
                          maxConcurrent: 2 + random.int(below: 3), budget: total * (0.3 + 0.4 * random.uniform()))
    }
}
