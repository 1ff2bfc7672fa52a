import ArgumentParser
import VitrineCheckpoint

/// `vitrine inspect CHECKPOINT.h5`.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Show a checkpoint's tensors, step, metrics and config.")

    @Argument(help: "A checkpoint file.") var checkpoint: String

    func run() throws {
        try reportingErrors {
            print(try Checkpoint.describe(checkpoint))
            // Shown whole first (what is readable helps to see what broke), then judged.
            try Checkpoint.verify(at: checkpoint)
            print("checksum: verified")
        }
    }
}
