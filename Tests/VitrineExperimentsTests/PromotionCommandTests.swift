import Foundation
import Testing
import VitrineRetail
import VitrineTestSupport
@testable import VitrineExperiments

/// `vitrine whatif` and `vitrine optimize` end to end on the demand tests' tiny retailer: a
/// three-target gbdt run, a scenario adding a campaign, and a scenario with a bad discount.
@Suite(.serialized) struct PromotionCommandTests {
    @Test func whatIfAndOptimizeRunOnATrainedModelAndRefuseABadScenario() throws {
        let vitrine = try #require(builtVitrineExecutable, "build the vitrine executable first (swift build)")
        let scratch = try Scratch()
        let outcome = try #require(try Experiment.run(file: try DemandTaskTests().config(scratch, model: "gbdt"),
                                                      overrides: ["run.name=promo", "model.targets=[quantity, revenue, profit]"],
                                                      context: .silent).first)
        // The tiny retailer starts on 2023-01-01 and has 120 days; the holdout is the last 14.
        func date(_ day: Int) -> String { "\(CivilDate(daysSinceEpoch: CivilDate(year: 2023, month: 1, day: 1).daysSinceEpoch + day))" }
        let good = scratch.root + "/good.yaml", bad = scratch.root + "/bad.yaml"
        try """
            constraints:
              max_concurrent: 1
            campaigns:
              - add: Test Days
                type: percent_off
                discount: 25
                start: \(date(108))
                end: \(date(111))
            """.write(toFile: good, atomically: true, encoding: .utf8)
        try "campaigns:\n  - add: X\n    type: percent_off\n    discount: 120\n    start: \(date(108))\n    end: \(date(109))\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)

        let whatIf = try runProcess(vitrine, ["whatif", "--model", outcome.paths.best, "--scenario", good])
        #expect(whatIf.status == 0, "\(whatIf.err)")
        #expect(whatIf.out.contains("| uplift over current plan |"))
        #expect(whatIf.out.contains("true profit"), "the tiny retailer is the model's own simulation, so true figures appear")
        #expect(whatIf.out.contains("Test Days"))

        let optimize = try runProcess(vitrine, ["optimize", "--model", outcome.paths.best, "--scenario", good, "--no-truth"])
        #expect(optimize.status == 0, "\(optimize.err)")
        #expect(optimize.out.contains("by exact enumeration") && optimize.out.contains("| chosen mix |"))

        let refused = try runProcess(vitrine, ["whatif", "--model", outcome.paths.best, "--scenario", bad])
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("error: \(bad):4: campaigns[0].discount: expected a discount in percent, at least 0 and below 100"), "\(refused.err)")
    }
}
