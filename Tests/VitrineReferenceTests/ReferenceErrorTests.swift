import Foundation
import VitrineTestSupport
import Testing
import VitrineEngine
import VitrineHDF5
@testable import VitrineReference

@Suite("Reference errors")
struct ReferenceErrorTests {
    private let runner = ReferenceRunner()

    @Test("a missing, an extra and a wrongly shaped param are errors naming the case and param")
    func paramErrors() throws {
        var missing = try fixtureCase("linear")
        missing.params.removeAll { $0.0 == "bias" }
        let missingError = #expect(throws: ReferenceError.self) { try runner.run(missing) }
        guard case let .badParam(caseName, param, detail)? = missingError else {
            Issue.record("expected badParam, got \(String(describing: missingError))")
            return
        }
        #expect(caseName == "linear" && param == "bias" && detail.contains("missing"))
        #expect(missingError!.description.hasPrefix("case linear: param 'bias'"))

        var extra = try fixtureCase("linear_no_bias")
        extra.params.append(("bias", Tensor(zeros: [3])))
        let extraError = #expect(throws: ReferenceError.self) { try runner.run(extra) }
        #expect(extraError?.description.contains("case linear_no_bias: param 'bias'") == true)
        #expect(extraError?.description.contains("no such parameter") == true)

        var wrongShape = try fixtureCase("conv2d_groups2")
        wrongShape.params = wrongShape.params.map { $0.0 == "weight" ? ("weight", Tensor(zeros: [6, 4, 3, 3])) : $0 }
        #expect(throws: ReferenceError.badParam(caseName: "conv2d_groups2", param: "weight",
                                                detail: "shape [6, 4, 3, 3] in the file, the layer expects [6, 2, 3, 3]")) {
            try runner.run(wrongShape)
        }

        var missingRunning = try fixtureCase("batch_norm2d_eval")
        missingRunning.params.removeAll { $0.0 == "running_var" }
        let runningError = #expect(throws: ReferenceError.self) { try runner.run(missingRunning) }
        #expect(runningError?.description.contains("param 'running_var'") == true)
    }

    @Test("a param removed from a file on disk is reported for that case while the others run")
    func missingParamInFile() throws {
        let directory = try TemporaryDirectory()
        let path = try modifiedFixture(in: directory) { root in
            try root.remove("conv2d_depthwise/params/bias")
        }
        let report = try ReferenceReport.check(file: path)
        #expect(report.failedCount == 1)
        guard case let .failed(name, layer, error)? = report.outcome("conv2d_depthwise") else {
            Issue.record("conv2d_depthwise should have failed to run")
            return
        }
        #expect(name == "conv2d_depthwise" && layer == "conv2d")
        #expect(error.contains("param 'bias'"), "\(error)")
        #expect(report.outcome("conv2d_depthwise")!.line.contains("ERROR: case conv2d_depthwise: param 'bias'"))
    }

    @Test("an unknown layer is an error naming the case and the layer")
    func unknownLayer() throws {
        var referenceCase = try fixtureCase("relu")
        referenceCase.layer = "conv3d"
        #expect(throws: ReferenceError.unknownLayer(caseName: "relu", layer: "conv3d")) {
            try runner.run(referenceCase)
        }
        let directory = try TemporaryDirectory()
        let path = try modifiedFixture(in: directory) { root in
            try root.group("tanh").setAttribute("layer", "softsign")
        }
        let report = try ReferenceReport.check(file: path)
        #expect(report.outcome("tanh")?.line.contains("unknown layer 'softsign'") == true)
        #expect(!report.allPassed)
    }

    @Test("bad configs name the case and the key", arguments: [
        ("conv2d_k3_pad1", #"{"in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": "two"}"#, "stride"),
        ("conv2d_k3_pad1", #"{"in_channels": 3, "out_channels": 4, "kernel_size": [3, 3, 3]}"#, "kernel_size"),
        ("conv2d_k3_pad1", #"{"out_channels": 4, "kernel_size": 3}"#, "in_channels"),
        ("conv2d_k3_pad1", #"{"in_channels": 3, "out_channels": 4, "kernel_size": 3, "strides": 2}"#, "strides"),
        ("conv2d_k3_pad1", #"{"in_channels": 3, "out_channels": 4, "kernel_size": 3, "groups": 2}"#, "config"),
        ("conv2d_k3_pad1", #"{"in_channels": 3, "out_channels": 4, "kernel_size": 3, "padding_mode": "reflect"}"#,
         "padding_mode"),
        ("max_pool2d_k2", #"{"kernel_size": 2, "dilation": 2}"#, "dilation"),
        ("batch_norm2d_train", #"{"num_features": 3, "training": "yes"}"#, "training"),
        ("cross_entropy", #"{"reduction": "sum"}"#, "reduction"),
        ("linear", #"{"in_features": 4, "out_features": 3.5}"#, "out_features"),
        ("relu", "[1, 2]", "config"),
        ("relu", "{not json", "config"),
    ])
    func badConfig(caseName: String, config: String, key: String) throws {
        var referenceCase = try fixtureCase(caseName)
        referenceCase.config = config
        let error = #expect(throws: ReferenceError.self) { try runner.run(referenceCase) }
        guard case let .badConfig(name, badKey, _)? = error else {
            Issue.record("expected badConfig, got \(String(describing: error))")
            return
        }
        #expect(name == caseName)
        #expect(badKey == key, "\(error!)")
        #expect(error!.description.hasPrefix("case \(caseName): config key '\(key)'"))
    }

    @Test("missing or mistyped datasets are errors naming the case and dataset")
    func dataErrors() throws {
        var noGradOutput = try fixtureCase("tanh")
        noGradOutput.gradOutput = nil
        #expect(throws: ReferenceError.badData(caseName: "tanh", dataset: "grad_output",
                                               detail: "missing: a tanh case needs it")) {
            try runner.run(noGradOutput)
        }
        var noGrad = try fixtureCase("linear")
        noGrad.expectedGrads.removeAll { $0.0 == "weight" }
        #expect(throws: ReferenceError.badData(caseName: "linear", dataset: "grads/weight",
                                               detail: "missing: every parameter needs an expected gradient")) {
            try runner.run(noGrad)
        }
        var floatTarget = try fixtureCase("cross_entropy")
        floatTarget.target = .tensor(Tensor(zeros: [4]))
        let targetError = #expect(throws: ReferenceError.self) { try runner.run(floatTarget) }
        #expect(targetError?.description.contains("dataset 'target'") == true)
        var wrongGradShape = try fixtureCase("sigmoid")
        wrongGradShape.gradOutput = Tensor(zeros: [1])
        let shapeError = #expect(throws: ReferenceError.self) { try runner.run(wrongGradShape) }
        #expect(shapeError?.description.contains("case sigmoid: dataset 'grad_output'") == true)
        var unknownRunning = try fixtureCase("batch_norm1d_train_2d")
        unknownRunning.expectedRunning.append(("running_max", Tensor(zeros: [3])))
        let runningError = #expect(throws: ReferenceError.self) { try runner.run(unknownRunning) }
        #expect(runningError?.description.contains("expected_running/running_max") == true)
    }

    @Test("an input the layer rejects is reported as the layer failing, naming the case")
    func layerFailure() throws {
        var referenceCase = try fixtureCase("conv2d_k3_pad1")
        referenceCase.input = .tensor(Tensor(zeros: [2, 5, 5, 5]))
        let error = #expect(throws: ReferenceError.self) { try runner.run(referenceCase) }
        guard case let .layerFailed(name, detail)? = error else {
            Issue.record("expected layerFailed, got \(String(describing: error))")
            return
        }
        #expect(name == "conv2d_k3_pad1")
        #expect(detail.contains("conv2d_k3_pad1"), "the layer's path is the case name: \(detail)")
    }

    @Test("a corrupt, truncated, missing or empty file is a clear error")
    func unreadableFiles() throws {
        let directory = try TemporaryDirectory()
        let random = directory.file("random.h5")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<2048).map { _ in UInt8.random(in: 0...255, using: &generator) })
            .write(to: URL(fileURLWithPath: random))
        let error = #expect(throws: HDF5Error.self) { try ReferenceReport.check(file: random) }
        #expect(error?.description.contains("cannot open as HDF5") == true)

        let truncated = directory.file("truncated.h5")
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixturePath))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
        // Either the file does not open, or the cases whose data is gone fail; never a pass.
        do {
            let report = try ReferenceReport.check(file: truncated)
            #expect(!report.allPassed)
        } catch {
            #expect("\(error)".contains(truncated))
        }

        #expect(throws: HDF5Error.fileNotFound(file: directory.file("none.h5"))) {
            try ReferenceReport.check(file: directory.file("none.h5"))
        }

        let empty = directory.file("empty.h5")
        try HDF5File.create(empty).close()
        #expect(throws: ReferenceError.noCases(file: empty)) { try ReferenceReport.check(file: empty) }
    }

    @Test("config sizes read as PyTorch writes them")
    func configSizes() throws {
        let config = try ReferenceConfig(json: #"{"a": 3, "b": [2, 1], "c": null, "d": 2.0, "e": true}"#, caseName: "x")
        #expect(try config.size2("a") == Size2(3))
        #expect(try config.size2("b") == Size2(2, 1))
        #expect(try config.optionalSize2("c") == nil)
        #expect(try config.int("d") == 2)
        #expect(try config.bool("e"))
        #expect(try config.int("missing", default: 7) == 7)
        try config.finish()
        #expect(throws: ReferenceError.badConfig(caseName: "x", key: "e", detail: "expected an integer, got true")) {
            try config.int("e")
        }
    }
}
