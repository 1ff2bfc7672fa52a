import Foundation
import VitrineTestSupport

/// Runs a Python script with numpy for an independent cross-check; `numpy()` is nil (and the
/// calling test skips its cross-check) when python3 or numpy is not installed.
struct PythonFixture {
    let executable: String

    static func numpy() -> PythonFixture? {
        // The python3 on PATH (where pip put numpy), as the other cross-checks use it.
        let fixture = PythonFixture(executable: "/usr/bin/env")
        return (try? fixture.run("import numpy; print('ok')", input: [:])) == "ok" ? fixture : nil
    }

    /// Writes `input` as JSON to a temporary file, runs `script` with its path as argv[1] and
    /// returns standard output, trimmed.
    func run(_ script: String, input: [String: Any]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: input).write(to: inputURL)
        let result = try runProcess(executable, ["python3", "-c", script, inputURL.path])
        guard result.status == 0 else {
            throw FixtureError(message: "python3 failed (\(result.status)): \(result.err)")
        }
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct FixtureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
