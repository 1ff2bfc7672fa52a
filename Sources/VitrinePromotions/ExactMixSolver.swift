/// The optimum of a ``MixProblem`` by enumeration: depth-first over include / exclude in
/// candidate order, abandoning a branch as soon as it breaks a constraint or cannot beat the
/// best found even if every remaining candidate added all its positive value and interactions.
/// Exact for any size; practical up to about 25 candidates.
public enum ExactMixSolver {
    public static func solve(_ problem: MixProblem) -> MixSolution {
        let n = problem.count
        // optimistic[i]: the most candidates i..<n could still add.
        var optimistic = [Double](repeating: 0, count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var best = max(problem.values[i], 0)
            for j in 0..<n where j != i { best += max(problem.interactions[i][j], 0) }
            optimistic[i] = optimistic[i + 1] + max(best, 0)
        }
        var chosen = [Bool](repeating: false, count: n)
        var best = MixSolution(chosen: chosen, objective: 0, work: 0)
        var work = 0
        func visit(_ i: Int, _ value: Double, _ cost: Double) {
            work += 1
            if value > best.objective + 1e-12 { best = MixSolution(chosen: chosen, objective: value, work: 0) }
            guard i < n, value + optimistic[i] > best.objective + 1e-12 else { return }
            if problem.canAdd(i, to: chosen, cost: cost) {
                let gain = problem.gain(i, chosen)
                chosen[i] = true
                visit(i + 1, value + gain, cost + problem.costs[i])
                chosen[i] = false
            }
            visit(i + 1, value, cost)
        }
        visit(0, 0, 0)
        best.work = work
        return best
    }
}
