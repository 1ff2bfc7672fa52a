import Foundation

/// Runs a Python script with numpy for an independent cross-check; `numpy()` is nil (and the
/// calling test skips its cross-check) when python3 or numpy is not installed.
struct PythonFixture {
    let executable: String

    static func numpy() -> PythonFixture? {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            let fixture = PythonFixture(executable: candidate)
            if (try? fixture.run("import numpy; print('ok')", input: [:])) == "ok" { return fixture }
        }
        return nil
    }

    /// Writes `input` as JSON to a temporary file, runs `script` with its path as argv[1] and
    /// returns standard output, trimmed.
    func run(_ script: String, input: [String: Any]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: input).write(to: inputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", script, inputURL.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: "python3 failed (\(process.terminationStatus)): \(errorText)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct FixtureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
