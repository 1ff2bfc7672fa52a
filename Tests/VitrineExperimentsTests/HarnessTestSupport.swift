import Foundation
import VitrineTestSupport
import Testing
import VitrineHDF5
@testable import VitrineExperiments

/// A scratch directory per test, with configs that write their runs inside it.
struct Scratch {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-harness-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Writes a small shapes experiment whose runs land under this directory.
    func config(_ name: String = "exp.yaml", extra: String = "", steps: Int = 0, epochs: Int = 2,
                checkpointEvery: Int = 1) throws -> String {
        let text = """
            task: classification
            run:
              reports_dir: \(root)/reports
              checkpoints_dir: \(root)/checkpoints
            data:
              source: shapes
              shapes_train: 512
              shapes_test: 128
              image_size: 8
            model:
              width: 4
              dropout: 0.25
            optimizer:
              name: adam
              lr: 0.003
            train:
              epochs: \(epochs)
              steps: \(steps)
              batch_size: 16
              checkpoint_every: \(checkpointEvery)
              eval_every: 8
              log_every: 1
              keep: 2
              threads: 2
            \(extra)
            """
        let path = root + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func reports(_ run: String) -> String { root + "/reports/" + run }
    func checkpoints(_ run: String) -> String { root + "/checkpoints/" + run }
}

/// A run context that keeps what a run says, for tests of it; no stop is requested and the
/// process's threads are left as they are.
final class CollectingContext {
    private(set) var events: [RunEvent] = []
    var context: RunContext {
        RunContext(log: { self.events.append($0) }, stop: StopRequest(), applyThreads: RunContext.silent.applyThreads)
    }
    /// The lines said, in order.
    var messages: [String] { events.compactMap { if case let .message(text) = $0 { return text } else { return nil } } }
}

/// The `vitrine` executable built beside the test bundle.
func vitrineExecutable() throws -> String {
    guard let found = builtVitrineExecutable else {
        throw HarnessTestError("the vitrine executable is not built; run `swift build` first")
    }
    return found
}

struct HarnessTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Starts `vitrine` with arguments in `directory` without waiting: its output goes to `output`
/// (standard output and error together), or nowhere.
func launchVitrine(_ arguments: [String], in directory: String, output: Pipe? = nil) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try vitrineExecutable())
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    if let output {
        process.standardOutput = output
        process.standardError = output
    } else {
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
    }
    try process.run()
    return process
}

/// Runs `vitrine` with arguments; returns (status, stdout + stderr).
@discardableResult
func runVitrine(_ arguments: [String], in directory: String) throws -> (Int32, String) {
    let run = try runProcess(try vitrineExecutable(), arguments, directory: directory)
    return (run.status, run.out + run.err)
}

/// Every float dataset of a checkpoint but its meta (modules and optimizers), as raw Float
/// bits, keyed by path; an older file's `/optimizer` group is keyed as `optimizers/model`, the
/// name the same state has now.
func checkpointTensors(_ path: String) throws -> [String: [UInt32]] {
    let file = try HDF5File.open(path)
    defer { try? file.close() }
    var result: [String: [UInt32]] = [:]
    func walk(_ group: HDF5Group, _ prefix: String) throws {
        for name in try group.members() {
            switch try group.kind(of: name) {
            case .group?: try walk(try group.group(name), prefix + name + "/")
            case .dataset?:
                let dataset = try group.dataset(name)
                if dataset.storedType.hasPrefix("float") { result[prefix + name] = try dataset.readTensor().array.map(\.bitPattern) }
            default: break
            }
        }
    }
    let root = try file.root
    for top in try root.members() where top != "meta" && top != "documents" {
        try walk(try root.group(top), (top == "optimizer" ? "optimizers/model" : top) + "/")
    }
    return result
}
