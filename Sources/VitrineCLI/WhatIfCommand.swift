import ArgumentParser
import Foundation
import VitrinePromotions

/// `vitrine whatif`: a scenario's forecast profit, revenue and units per campaign and in total,
/// the uplift over no promotion and over the current plan, and the simulator's true figures
/// beside them (through VitrinePromotions, without the experiments module).
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif", abstract: "Forecast a promotion scenario (per campaign and in total) beside the simulator's true figures.")

    @OptionGroup var options: PromotionOptions

    func run() throws {
        try reportingErrors {
            let setup = try options.setup()
            let result = try WhatIf.run(setup.scenario, forecast: setup.forecast, truth: setup.truth, progress: options.say)
            let report = WhatIfReport.markdown(result, scenario: setup.scenario, dates: setup.date)
            print(report, terminator: "")
            print(String(format: "%d plans forecast in %.1f s", setup.forecast.evaluations, result.forecastSeconds)
                + (setup.truth.map { String(format: "; %d simulated in %.1f s", $0.evaluations, result.truthSeconds) } ?? "; no true figures (\(setup.truthUnavailable ?? "--no-truth"))"))
            try options.write(report)
        }
    }
}

/// The options `whatif` and `optimize` share.
struct PromotionOptions: ParsableArguments {
    @Option(help: "A demand run's name (checkpoints/<run>/best.h5) or a checkpoint path.") var model: String
    @Option(help: "The scenario file (YAML; docs/promotions.md describes it).") var scenario: String
    @Option(help: "Where runs' checkpoints are.") var checkpointsDir = "checkpoints"
    @Option(help: "The retail dataset directory, when not the one the model was trained on.") var data: String?
    @Flag(inversion: .prefixedNo, help: "Re-run the simulator for the true figures (when the dataset is the model's simulation).")
    var truth = true
    @Flag(help: "Print a line per plan evaluated.") var progress = false
    @Option(help: "Also write the report here (markdown).") var out: String?

    func setup() throws -> PromotionSetup {
        try PromotionSetup.load(model: model, checkpointsDirectory: checkpointsDir, data: data, scenario: scenario, truth: truth)
    }

    /// A progress line on standard error, with --progress.
    func say(_ line: String) {
        if progress { FileHandle.standardError.write((line + "\n").data(using: .utf8)!) }
    }

    func write(_ report: String) throws {
        guard let out else { return }
        try report.write(toFile: out, atomically: true, encoding: .utf8)
    }
}
