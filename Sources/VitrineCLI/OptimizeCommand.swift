import ArgumentParser
import Foundation
import VitrinePromotions

/// `vitrine optimize`: the campaign mix of a scenario that maximizes forecast profit (or
/// revenue, or units) under its constraints, the campaigns it switches off and why.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize", abstract: "Choose the most profitable mix of a scenario's campaigns under its constraints.")

    @OptionGroup var options: PromotionOptions
    @Option(help: "What to maximize: profit, revenue or units.") var objective = "profit"

    func run() throws {
        try reportingErrors {
            guard let objective = MixObjective(rawValue: objective) else {
                throw ValidationError("--objective: expected profit, revenue or units, got '\(objective)'")
            }
            let setup = try options.setup()
            let optimizer = CampaignMixOptimizer(scenario: setup.scenario, dataset: setup.dataset, objective: objective)
            let result = try optimizer.run(forecast: setup.forecast, truth: setup.truth, progress: options.say)
            let report = MixReport.markdown(result, scenario: setup.scenario, dates: setup.date)
            print(report, terminator: "")
            try options.write(report)
        }
    }
}
