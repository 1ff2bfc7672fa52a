import Foundation
import VitrineTestSupport
import Testing
@testable import VitrineReference

/// scripts/make_reference_cases.py, found from this file's location in the repository.
private let generatorScript = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts/make_reference_cases.py").path

private let numpyAndH5py: Bool = {
    guard let run = try? runProcess("/usr/bin/env", ["python3", "-c", "import numpy, h5py"]) else { return false }
    return run.exited && run.status == 0
}()

@Suite("Reference generator", .enabled(if: numpyAndH5py && FileManager.default.fileExists(atPath: generatorScript),
                                       "python3 with numpy and h5py, or the scripts folder, is not available"))
struct ReferenceGeneratorTests {
    @Test("the script regenerates the committed fixture's values, and the engine passes the fresh file")
    func regenerate() throws {
        let directory = try TemporaryDirectory()
        let fresh = directory.file("fresh.h5")
        let made = try runProcess("/usr/bin/env", ["python3", generatorScript, fresh])
        #expect(made.exited && made.status == 0, "stderr: \(made.err)")
        // Same groups, attributes, shapes, dtypes and values (bytes may differ across h5py versions).
        let compare = """
        import h5py, numpy as np, sys
        a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
        problems = []
        def items(f):
            out = {}
            f.visititems(lambda n, o: out.__setitem__(n, o))
            return out
        ia, ib = items(a), items(b)
        if sorted(ia) != sorted(ib): problems.append("different objects")
        for name in set(ia) & set(ib):
            x, y = ia[name], ib[name]
            if dict(x.attrs) != dict(y.attrs): problems.append(name + ": attributes differ")
            if isinstance(x, h5py.Dataset):
                if x.dtype != y.dtype or x.shape != y.shape or not np.array_equal(x[()], y[()]):
                    problems.append(name + ": data differ")
        print("\\n".join(sorted(problems)) or "same")
        """
        let compared = try runProcess("/usr/bin/env", ["python3", "-c", compare, fixturePath, fresh])
        #expect(compared.out.trimmingCharacters(in: .whitespacesAndNewlines) == "same",
                "the committed fixture is stale; rerun scripts/make_reference_cases.py: \(compared.out) \(compared.err)")
        let report = try ReferenceReport.check(file: fresh)
        #expect(report.allPassed, "\(report.summary)")
    }
}
