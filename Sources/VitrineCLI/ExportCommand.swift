import ArgumentParser
import VitrineExport
import VitrineInference

/// `vitrine export`: a checkpoint in a format other runtimes read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export an embedding checkpoint (small convnet, ResNets) as an ONNX model (opset 17).",
        discussion: "Batch norm is folded into the convolutions unless --no-fold; the input signature is in the model's metadata.")

    @Argument(help: "An embedding run's checkpoint.") var checkpoint: String
    @Option(help: "The format: onnx.") var format = "onnx"
    @Option(help: "Where to write the model.") var out: String
    @Flag(name: .customLong("no-fold"), help: "Keep BatchNormalization nodes instead of folding them.") var noFold = false

    func validate() throws {
        guard format == "onnx" else { throw ValidationError("--format must be onnx, got '\(format)'") }
    }

    func run() throws {
        let model = try InferenceModel(checkpoint: checkpoint, foldBatchNorm: !noFold)
        try ONNXExporter.write(model, to: out)
        let signature = model.signature
        print("wrote \(out): \(model.spec.architecture.rawValue), input [batch, \(signature.channels), \(signature.size), "
            + "\(signature.size)] \(signature.colour) in [0, 1], output [batch, \(signature.outputDimension)], "
            + "\(model.foldedBatchNorms) batch norms folded, opset 17")
        if signature.centerCrop < 1 || signature.flipAverage {
            print("note: the evaluation view (center_crop \(signature.centerCrop), flip_average \(signature.flipAverage)) "
                + "is preprocessing outside the graph; it is recorded in the model's metadata")
        }
    }
}
