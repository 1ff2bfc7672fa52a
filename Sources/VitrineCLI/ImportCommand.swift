import ArgumentParser
import VitrineFaces

/// `vitrine import ...`: released weights from other frameworks, turned into Vitrine checkpoints.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import released model weights into Vitrine checkpoints (no PyTorch needed).",
        subcommands: [ImportMTCNNCommand.self])
}

/// `vitrine import mtcnn --from WHEEL_OR_DIR --out DIR`.
struct ImportMTCNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mtcnn",
        abstract: "Import facenet-pytorch's released MTCNN weights (pnet.pt, rnet.pt, onet.pt).",
        discussion: """
            Reads PyTorch's legacy pickle files from facenet-pytorch 2.6.0's wheel \
            (python3 -m pip download --no-deps facenet-pytorch==2.6.0) or from a folder holding them, \
            and writes pnet.h5, rnet.h5 and onet.h5 with facenet-pytorch's parameter names and layouts.
            """)

    @Option(name: .customLong("from"), help: "facenet-pytorch's wheel (.whl), or a folder with pnet.pt, rnet.pt, onet.pt.")
    var source: String

    @Option(help: "The folder to write pnet.h5, rnet.h5 and onet.h5 to.")
    var out: String

    func run() throws {
        try reportingErrors {
            for stage in try MTCNNWeights.importReleased(from: source, to: out) {
                print("\(stage.stage): \(stage.tensors) tensors, \(stage.values) values from \(stage.source) -> \(stage.checkpoint)")
            }
        }
    }
}
