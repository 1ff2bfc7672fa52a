import Foundation
import VitrineTestSupport
import Testing
import VitrineEngine
import VitrineHDF5
@testable import VitrineReference

@Suite("Reference fixture")
struct ReferenceFixtureTests {
    @Test("every case of the committed fixture passes, and the fixture covers every layer and loss")
    func fixturePasses() throws {
        let report = try ReferenceReport.check(file: fixturePath)
        for outcome in report.outcomes where !outcome.passed {
            Issue.record("\(outcome.line)")
        }
        #expect(report.outcomes.count >= 50)
        #expect(report.allPassed)
        let layers = Set(report.outcomes.compactMap { outcome -> String? in
            if case let .ran(result) = outcome { return result.layer }
            return nil
        })
        #expect(layers == Set(LayerFactory.knownLayers), "missing: \(Set(LayerFactory.knownLayers).subtracting(layers))")
        // Each case compared its output and every expected gradient it holds.
        guard case let .ran(conv)? = report.outcome("conv2d_groups2") else {
            Issue.record("conv2d_groups2 did not run")
            return
        }
        #expect(conv.comparisons.map(\.name) == ["output", "grad_input", "grads/bias", "grads/weight"])
        guard case let .ran(norm)? = report.outcome("batch_norm2d_train") else {
            Issue.record("batch_norm2d_train did not run")
            return
        }
        #expect(norm.comparisons.map(\.name).contains("expected_running/running_var"))
        #expect(report.summary.hasPrefix("\(report.outcomes.count) cases: \(report.outcomes.count) passed, 0 failed"))
    }

    @Test("an altered expected gradient fails that case and names the tensor; the other cases pass")
    func alteredGradientFails() throws {
        let directory = try TemporaryDirectory()
        let path = try modifiedFixture(in: directory) { root in
            let dataset = try root.dataset("conv2d_k3_pad1/grads/weight")
            let values = try dataset.readTensor()
            values[5] = values[5] * 1.05 + 0.05  // at least 0.05 away in the error's measure
            try dataset.write(values)
            let running = try root.dataset("batch_norm2d_train/expected_running/running_var")
            let stats = try running.readTensor()
            stats[1] *= 1.002  // beyond 1e-4, within 0.005
            try running.write(stats)
        }
        let report = try ReferenceReport.check(file: path)
        #expect(report.failedCount == 2)
        guard case let .ran(conv)? = report.outcome("conv2d_k3_pad1") else {
            Issue.record("conv2d_k3_pad1 did not run")
            return
        }
        #expect(!conv.passed)
        #expect(conv.failing.map(\.name) == ["grads/weight"])
        #expect(conv.error(of: "grads/weight")! > 0.04)
        #expect(conv.error(of: "output")! < 1e-5)
        #expect(conv.line.hasSuffix("FAIL: grads/weight"))
        guard case let .ran(norm)? = report.outcome("batch_norm2d_train") else {
            Issue.record("batch_norm2d_train did not run")
            return
        }
        #expect(norm.failing.map(\.name) == ["expected_running/running_var"])
        // A looser tolerance lets the small running-stat change through but not the gradient.
        let loose = try ReferenceReport.check(file: path, tolerance: 0.005)
        #expect(loose.failedCount == 1)
        #expect(loose.outcome("conv2d_k3_pad1")?.passed == false)
    }

    @Test("a case can be selected by name; an unknown name is an error")
    func selectCases() throws {
        let report = try ReferenceReport.check(file: fixturePath, only: ["relu", "embedding"])
        #expect(report.outcomes.map(\.caseName) == ["relu", "embedding"])
        #expect(report.allPassed)
        #expect(throws: HDF5Error.notFound(file: fixturePath, path: "/nope", kind: "case group")) {
            try ReferenceReport.check(file: fixturePath, only: ["nope"])
        }
    }

    @Test("a layer that computes something else fails (here: the engine's case with a changed config)")
    func wrongComputationFails() throws {
        var referenceCase = try fixtureCase("leaky_relu")
        referenceCase.config = #"{"negative_slope": 0.2}"#
        let result = try ReferenceRunner().run(referenceCase)
        #expect(!result.passed)
        #expect(Set(result.failing.map(\.name)) == ["output", "grad_input"])
    }
}
