import Foundation

/// What a finished child process left: exit status, standard output and standard error.
public struct ProcessResult {
    public let status: Int32
    /// Standard output as bytes, and as text in `out`.
    public let output: Data
    /// Standard error as text.
    public let err: String
    /// False when a signal ended the process.
    public let exited: Bool

    public var out: String { String(decoding: output, as: UTF8.self) }
}

/// Runs `executable arguments…` to completion (tests' cross-checks against Python, runs of the
/// `vitrine` executable). `environment` entries are added to this process's environment.
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                       directory: String? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read standard error on another thread so that a child filling both pipes cannot stall.
    var errorData = Data()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        errorData = errors.fileHandleForReading.readDataToEndOfFile()
        done.signal()
    }
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, output: outData,
                         err: String(decoding: errorData, as: UTF8.self),
                         exited: process.terminationReason == .exit)
}

/// A Python cross-check that failed, with its standard error.
public struct PythonFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "python3 failed: \(message)" }
}

/// Runs `python3 -c script args…` (the python3 on PATH, where pip installs numpy, h5py and
/// scikit-learn) and returns its standard output; throws with its standard error on failure.
public func runPython(_ script: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> String {
    let result = try runProcess("/usr/bin/env", ["python3", "-c", script] + arguments, environment: environment)
    guard result.status == 0 else { throw PythonFailure(message: result.err) }
    return result.out
}

/// Whether python3 can import every module in `modules` (cross-checks skip themselves otherwise).
public func pythonCanImport(_ modules: [String]) -> Bool {
    (try? runPython("import " + modules.joined(separator: ", "))) != nil
}

/// A fresh directory under the system's temporary directory, removed when the value dies.
public final class TemporaryDirectory {
    public let path: String

    public init(prefix: String = "vitrine") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The `vitrine` executable `swift build` put beside the test bundle (`.build/<triple>/debug/`),
/// or nil when it has not been built. Tests that run the CLI skip themselves or fail naming this.
public let builtVitrineExecutable: String? = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("vitrine").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    let fallback = FileManager.default.currentDirectoryPath + "/.build/debug/vitrine"
    return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
}()
