import Foundation
import Testing
import VitrineEngine
import VitrineExport
import VitrineInference
import VitrineInferenceTestSupport
import VitrineTestSupport

/// Exported models checked by ONNX's own checker and run by onnxruntime on the inputs Vitrine
/// embeds (rtol 1e-4, atol 1e-5).
@Suite(.enabled(if: pythonCanImport(["onnx", "onnxruntime", "numpy"]), "needs onnx, onnxruntime and numpy (scripts/setup installs them)"))
struct ONNXExportTests {
    /// Checks the model file, runs it on `input` (raw float32, shape given) and prints the output
    /// as raw float32 to `output`; prints the opset, the graph inputs and the metadata keys.
    static let runner = """
        import json, sys
        import numpy as np, onnx, onnxruntime as ort
        path, input_path, shape, output_path = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
        onnx.checker.check_model(path, full_check=True)
        model = onnx.load(path)
        x = np.fromfile(input_path, dtype=np.float32).reshape(shape)
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        (y,) = session.run(["embedding"], {"input": x})
        y.astype(np.float32).tofile(output_path)
        print(json.dumps({"opset": model.opset_import[0].version, "inputs": [i.name for i in model.graph.input],
                          "initializers": len(model.graph.initializer), "ops": sorted({n.op_type for n in model.graph.node}),
                          "metadata": sorted(p.key for p in model.metadata_props)}))
        """

    struct Report: Decodable {
        let opset: Int
        let inputs: [String]
        let initializers: Int
        let ops: [String]
        let metadata: [String]
    }

    func check(_ architecture: EmbeddingArchitecture, fold: Bool, smallStem: Bool = true) throws -> Report {
        let dir = try TemporaryDirectory(prefix: "onnx-export")
        let checkpoint = dir.file("model.h5")
        try InferenceCheckpoints.write(architecture, size: 32, to: checkpoint, smallStem: smallStem)
        let model = try InferenceModel(checkpoint: checkpoint, foldBatchNorm: fold)
        try ONNXExporter.write(model, to: dir.file("model.onnx"))
        let batch = Tensor(zeros: [3, 3, 32, 32])
        for i in 0..<batch.count { batch.data[i] = 0.5 + 0.5 * Float(sin(Double(i) * 0.071)) }
        try Data(bytes: batch.data, count: batch.count * 4).write(to: URL(fileURLWithPath: dir.file("x.bin")))
        let expected = try model.embed(batch: batch).array
        let printed = try runPython(Self.runner, [dir.file("model.onnx"), dir.file("x.bin"), "[3, 3, 32, 32]", dir.file("y.bin")])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("y.bin")))
        let got = bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(got.count == expected.count)
        for (a, b) in zip(got, expected) { #expect(abs(a - b) <= 1e-5 + 1e-4 * abs(b), "\(architecture): onnxruntime \(a), vitrine \(b)") }
        return try JSONDecoder().decode(Report.self, from: Data(printed.utf8))
    }

    @Test(arguments: [EmbeddingArchitecture.smallConvnet, .resnetSmall, .resnet18])
    func foldedExportsAgreeWithVitrine(_ architecture: EmbeddingArchitecture) throws {
        let report = try check(architecture, fold: true)
        #expect(report.opset == 17)
        // Weights are initializers, not graph inputs.
        #expect(report.inputs == ["input"])
        #expect(report.initializers > 0)
        #expect(!report.ops.contains("BatchNormalization"))
        #expect(report.metadata.contains("vitrine.input_signature"))
    }

    @Test func theImageNetStemExportsWithItsMaxPool() throws {
        let report = try check(.resnet18, fold: true, smallStem: false)
        #expect(report.ops.contains("MaxPool"))
    }

    @Test func unfoldedBatchNormExportsInInferenceForm() throws {
        let report = try check(.resnetSmall, fold: false)
        #expect(report.ops.contains("BatchNormalization"))
        #expect(report.ops.contains("LpNormalization"))
    }

    @Test func aBaselineWithoutAnONNXFormIsRefusedByName() throws {
        let dir = try TemporaryDirectory(prefix: "onnx-export")
        let checkpoint = dir.file("raw.h5")
        try InferenceCheckpoints.write(.rawPixels, size: 8, to: checkpoint)
        let model = try InferenceModel(checkpoint: checkpoint)
        let error = #expect(throws: ExportError.self) { try ONNXExporter.export(model) }
        #expect(error?.description.contains("RawPixelEmbedding") == true)
    }
}
