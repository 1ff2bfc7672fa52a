import Foundation
import VitrineTestSupport
import Testing
import VitrineHDF5
@testable import VitrineReference

/// Runs the built `vitrine` binary, as a user would.
@Suite("vitrine check-reference", .enabled(if: vitrineExecutable != nil,
                                           "the vitrine executable is not built; run `swift build` first"))
struct CheckReferenceCommandTests {
    @Test("the fixture: one PASS line per case and a summary, exit status 0")
    func fixture() throws {
        let run = try runProcess(vitrineExecutable!, ["check-reference", fixturePath])
        #expect(run.exited && run.status == 0, "stderr: \(run.err)")
        let lines = run.out.split(separator: "\n").map(String.init)
        let cases = try ReferenceReport.check(file: fixturePath).outcomes.count
        #expect(lines.count == cases + 1)
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix("PASS") })
        #expect(lines.last?.hasPrefix("\(cases) cases: \(cases) passed, 0 failed (tolerance 1.0e-04") == true)
        #expect(lines.contains { $0.hasPrefix("conv2d_groups2  [conv2d]  output ") && $0.contains("grads/weight") })
    }

    @Test("an altered gradient: FAIL naming the tensor, exit status 1")
    func alteredGradient() throws {
        let directory = try TemporaryDirectory()
        let path = try modifiedFixture(in: directory) { root in
            let dataset = try root.dataset("linear/grads/bias")
            let values = try dataset.readTensor()
            values[0] += 1
            try dataset.write(values)
        }
        let run = try runProcess(vitrineExecutable!, ["check-reference", path, "--tolerance", "1e-3"])
        #expect(run.exited && run.status == 1)
        #expect(run.out.contains("FAIL: grads/bias"))
        #expect(run.out.contains("1 failed (tolerance 1.0e-03"))
    }

    @Test("a corrupt file: a clear message on stderr, exit status 1, no crash")
    func corruptFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("corrupt.h5")
        try Data(repeating: 0x5A, count: 1000).write(to: URL(fileURLWithPath: path))
        let run = try runProcess(vitrineExecutable!, ["check-reference", path])
        #expect(run.exited, "the process must exit, not be killed by a signal")
        #expect(run.status == 1)
        #expect(run.err.contains("error: \(path): cannot open as HDF5"), "stderr: \(run.err)")
        let missing = try runProcess(vitrineExecutable!, ["check-reference", directory.file("missing.h5")])
        #expect(missing.exited && missing.status == 1)
        #expect(missing.err.contains("no such file"))
    }
}
