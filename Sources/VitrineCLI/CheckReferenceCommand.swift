import ArgumentParser
import VitrineReference

/// `vitrine check-reference FILE.h5 [--tolerance 1e-4]`: runs every reference case in the
/// file through the engine and prints one line per case and a summary. Exits 1 when a case
/// fails or cannot be run, or when the file cannot be read.
struct CheckReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-reference",
        abstract: "Check layers and losses against reference tensors from an HDF5 case file.",
        discussion: "Make a case file with scripts/make_reference_cases.py (numpy) or any framework that writes the same format.")

    @Argument(help: "An HDF5 file of reference cases.") var file: String

    @Option(help: "Largest acceptable error per tensor: max |actual − expected| / max(|expected|, 1).")
    var tolerance: Double = 1e-4

    @Option(name: .customLong("case"), help: "Run only this case (repeatable).") var cases: [String] = []

    func validate() throws {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw ValidationError("--tolerance must be a non-negative number, got \(tolerance)")
        }
    }

    func run() throws {
        var report: ReferenceReport?
        try reportingErrors {
            report = try ReferenceReport.check(file: file, tolerance: tolerance, only: cases.isEmpty ? nil : cases)
        }
        guard let report else { throw ExitCode(1) }
        for outcome in report.outcomes { print(outcome.line) }
        print(report.summary)
        if !report.allPassed { throw ExitCode(1) }
    }
}
