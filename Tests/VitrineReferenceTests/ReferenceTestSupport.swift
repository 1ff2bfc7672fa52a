import Foundation
import Testing
import VitrineHDF5
@testable import VitrineReference

/// The committed fixture made by scripts/make_reference_cases.py.
let fixturePath: String = Bundle.module.url(
    forResource: "reference_cases", withExtension: "h5", subdirectory: "Fixtures")!.path

/// A fresh directory under the system's temporary directory, removed when the value dies.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vitrine-reference-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A copy of the fixture in `directory`, changed by `edit` through the HDF5 module.
func modifiedFixture(in directory: TemporaryDirectory, _ edit: (HDF5Group) throws -> Void) throws -> String {
    let path = directory.file("modified-\(UUID().uuidString).h5")
    try FileManager.default.copyItem(atPath: fixturePath, toPath: path)
    let file = try HDF5File.open(path, mode: .readWrite)
    try edit(try file.root)
    try file.close()
    return path
}

/// The fixture's case called `name`, loaded into memory (tests then change it).
func fixtureCase(_ name: String) throws -> ReferenceCase {
    let file = try HDF5File.open(fixturePath)
    defer { try? file.close() }
    return try ReferenceCase.load(from: try file.root.group(name))
}

/// The `vitrine` executable built beside this test bundle (`swift build` puts both in
/// `.build/<triple>/debug/`), or nil when it has not been built.
let vitrineExecutable: String? = {
    var directory = Bundle.module.bundleURL.deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("vitrine").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return nil
}()

/// Runs `executable arguments…`; returns the exit status, standard output and standard error.
func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String, exited: Bool) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self), process.terminationReason == .exit)
}
