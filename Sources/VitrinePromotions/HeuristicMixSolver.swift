import VitrineEngine

/// A good mix fast: greedy construction (repeatedly add the feasible candidate with the best
/// gain — or gain per unit of cost when a budget binds — while it gains), then local search
/// until no single move improves: drop one, add one, or swap one chosen for one not chosen.
/// Run from the two greedy orders and from `restarts` random feasible starts; the best wins.
public enum HeuristicMixSolver {
    public static func solve(_ problem: MixProblem, restarts: Int = 8, seed: UInt64 = 1) -> MixSolution {
        var work = 0
        var starts = [greedy(problem, perCost: false, work: &work)]
        if problem.budget != nil { starts.append(greedy(problem, perCost: true, work: &work)) }
        let random = Generator(seed: seed)
        for _ in 0..<restarts { starts.append(randomStart(problem, random)) }
        var best = MixSolution(chosen: [Bool](repeating: false, count: problem.count), objective: 0, work: 0)
        for start in starts {
            let improved = localSearch(problem, start, work: &work)
            let value = problem.objective(improved)
            if value > best.objective + 1e-12 { best = MixSolution(chosen: improved, objective: value, work: 0) }
        }
        best.work = work
        return best
    }

    static func cost(_ problem: MixProblem, _ chosen: [Bool]) -> Double {
        (0..<problem.count).reduce(0) { $0 + (chosen[$1] ? problem.costs[$1] : 0) }
    }

    static func greedy(_ problem: MixProblem, perCost: Bool, work: inout Int) -> [Bool] {
        var chosen = [Bool](repeating: false, count: problem.count), cost = 0.0
        while true {
            var pick: (Int, Double)?
            for candidate in 0..<problem.count where !chosen[candidate] {
                work += 1
                let gain = problem.gain(candidate, chosen)
                guard gain > 1e-12, problem.canAdd(candidate, to: chosen, cost: cost) else { continue }
                let score = perCost ? gain / max(problem.costs[candidate], 1e-9) : gain
                if pick == nil || score > pick!.1 { pick = (candidate, score) }
            }
            guard let (candidate, _) = pick else { return chosen }
            chosen[candidate] = true
            cost += problem.costs[candidate]
        }
    }

    static func randomStart(_ problem: MixProblem, _ random: Generator) -> [Bool] {
        var order = Array(0..<problem.count)
        random.shuffle(&order)
        var chosen = [Bool](repeating: false, count: problem.count), cost = 0.0
        for candidate in order where random.uniform() < 0.5 && problem.canAdd(candidate, to: chosen, cost: cost) {
            chosen[candidate] = true
            cost += problem.costs[candidate]
        }
        return chosen
    }

    /// Best-improvement descent over drop, add and swap moves.
    static func localSearch(_ problem: MixProblem, _ start: [Bool], work: inout Int) -> [Bool] {
        var chosen = start, cost = cost(problem, start)
        while true {
            var bestMove: (out: Int?, into: Int?, gain: Double)?
            for a in 0..<problem.count {
                work += 1
                let gain = problem.gain(a, chosen)
                if chosen[a] {
                    if gain > (bestMove?.gain ?? 1e-9) { bestMove = (a, nil, gain) }
                    // Swap a out for some b in.
                    var without = chosen
                    without[a] = false
                    let left = cost - problem.costs[a]
                    for b in 0..<problem.count where !chosen[b] && b != a {
                        work += 1
                        let total = gain + problem.gain(b, without)
                        if total > (bestMove?.gain ?? 1e-9) && problem.canAdd(b, to: without, cost: left) { bestMove = (a, b, total) }
                    }
                } else if gain > (bestMove?.gain ?? 1e-9) && problem.canAdd(a, to: chosen, cost: cost) {
                    bestMove = (nil, a, gain)
                }
            }
            guard let move = bestMove else { return chosen }
            if let out = move.out { chosen[out] = false; cost -= problem.costs[out] }
            if let into = move.into { chosen[into] = true; cost += problem.costs[into] }
        }
    }
}
