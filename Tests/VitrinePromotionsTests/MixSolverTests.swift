import Testing
import VitrineEngine
@testable import VitrinePromotions

@Suite struct MixSolverTests {
    /// Four campaigns worked by hand: A, B, C, D with values 5, 4, 3, −1 and costs 6, 3, 4, 1
    /// (budget 10); A and B conflict; at most two run at once. A (days 0...9), C (5...9) and D
    /// (5...6) share day 5, so {A,C,D} is infeasible; B runs days 20...25, so {B,C,D} is
    /// feasible (value 6). {A,C} costs exactly 10 and is worth 8, the optimum; next {B,C} 7.
    func handWorked(interaction: Double = 0) -> MixProblem {
        var conflicts = [[Bool]](repeating: [false, false, false, false], count: 4)
        conflicts[0][1] = true; conflicts[1][0] = true
        var interactions = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        interactions[0][2] = interaction; interactions[2][0] = interaction
        return MixProblem(values: [5, 4, 3, -1], costs: [6, 3, 4, 1], spans: [0...9, 20...25, 5...9, 5...6],
                          conflicts: conflicts, interactions: interactions, maxConcurrent: 2, budget: 10)
    }

    @Test func exactAndHeuristicFindTheHandWorkedOptimum() {
        let problem = handWorked()
        #expect(problem.isFeasible([false, true, true, true]))
        #expect(!problem.isFeasible([true, false, true, true]))
        #expect(!problem.isFeasible([true, true, false, false]))
        for solution in [ExactMixSolver.solve(problem), HeuristicMixSolver.solve(problem)] {
            #expect(solution.chosen == [true, false, true, false])
            #expect(solution.objective == 8)
        }
        // A strong cannibalization between A and C (−6) makes {B, C} (7) the best.
        let cannibal = handWorked(interaction: -6)
        #expect(ExactMixSolver.solve(cannibal).chosen == [false, true, true, false])
        #expect(HeuristicMixSolver.solve(cannibal).objective == 7)
    }

    @Test func exactEnumerationAgreesWithBruteForce() {
        let random = Generator(seed: 7)
        for _ in 0..<30 {
            let problem = MixCertification.randomProblem(candidates: 2 + random.int(below: 9), random)
            var best = 0.0
            for mask in 0..<(1 << problem.count) {
                let chosen = (0..<problem.count).map { mask & (1 << $0) != 0 }
                if problem.isFeasible(chosen) { best = max(best, problem.objective(chosen)) }
            }
            let exact = ExactMixSolver.solve(problem)
            #expect(abs(exact.objective - best) < 1e-9)
            #expect(problem.isFeasible(exact.chosen))
        }
    }

    @Test func heuristicIsCertifiedOnOneHundredRandomInstances() {
        let certification = MixCertification.run(instances: 100, sizes: 8...20, seed: 1)
        #expect(certification.cases.count == 100)
        // The bar: the optimum on at least 95 %, within 1 % on the rest.
        #expect(certification.matched >= 95, "matched \(certification.matched) of 100")
        #expect(certification.worstGap <= 0.01, "worst gap \(certification.worstGap)")
    }
}

@Suite struct RankCorrelationTests {
    /// Worked by hand: x ranks 1 2 3 4 5, y = (10, 30, 20, 50, 40) ranks 1 3 2 5 4;
    /// d² = 0 + 1 + 1 + 1 + 1 = 4, ρ = 1 − 6·4 / (5·24) = 0.8 (scipy.stats.spearmanr agrees).
    @Test func spearmanMatchesTheHandWorkedValue() throws {
        let rho = try #require(RankCorrelation.spearman([1, 2, 3, 4, 5], [10, 30, 20, 50, 40]))
        #expect(abs(rho - 0.8) < 1e-12)
        // Ties share their average rank: (1, 2, 2, 3) ranks 1, 2.5, 2.5, 4.
        #expect(RankCorrelation.ranks([1, 2, 2, 3]) == [1, 2.5, 2.5, 4])
        #expect(RankCorrelation.spearman([1, 1, 1], [1, 2, 3]) == nil)
        #expect(abs(RankCorrelation.spearman([1, 2, 3], [3, 2, 1])! + 1) < 1e-12)
    }

    @Test func harmfulCampaignsPrecisionAndRecall() {
        // Flagged: a, b, c (forecast < 0); truly harmful: b, c, d. Precision 2/3, recall 2/3.
        let harmful = HarmfulCampaigns(forecast: [-1, -2, -3, 4, 5], truth: [1, -2, -3, -4, 5])
        #expect(harmful.truePositives == 2 && harmful.flagged == 3 && harmful.harmful == 3)
        #expect(harmful.precision == 2.0 / 3 && harmful.recall == 2.0 / 3)
        #expect(HarmfulCampaigns(forecast: [1], truth: [1]).precision == nil)
    }
}
