import Foundation
import VitrineData

/// What a generator run produced.
public struct GenerationSummary: Sendable, Equatable, CustomStringConvertible {
    public let images: Int
    public let seconds: Double
    public let directory: String

    public var imagesPerSecond: Double { seconds > 0 ? Double(images) / seconds : 0 }

    /// Writes the figures as a benchmark record (`name`, images, seconds, images/s, cores and
    /// the generator's options) to `path`, creating its folder.
    public func writeBenchmark(name: String, options: [String: Double], to path: String) throws {
        let members = [JSONMember("name", .string(name)), JSONMember("images", .number(Double(images))),
                       JSONMember("seconds", .number(seconds)), JSONMember("images_per_second", .number(imagesPerSecond)),
                       JSONMember("cores", .number(Double(ProcessInfo.processInfo.activeProcessorCount)))]
            + options.keys.sorted().map { JSONMember($0, .number(options[$0]!)) }
        let url = URL(fileURLWithPath: path)
        try SynthOutput.makeFolders(url.deletingLastPathComponent(), [])
        do {
            try (JSONValue.object(members).serialized + "\n").write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw SynthError.writeFailed(path, error.localizedDescription)
        }
    }

    public var description: String {
        String(format: "%d images in %.1f s (%.0f images/s) -> %@", images, seconds, imagesPerSecond, directory)
    }
}

/// Folders and parallel rendering shared by the generators.
enum SynthOutput {
    static func makeFolders(_ root: URL, _ folders: [String]) throws {
        for folder in [""] + folders {
            let url = folder.isEmpty ? root : root.appendingPathComponent(folder)
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw SynthError.writeFailed(url.path, error.localizedDescription)
            }
        }
    }

    /// Runs `body(n)` for every n in 0..<count across the cores, in blocks so progress can be
    /// reported; each item's output depends only on n, so scheduling never changes results.
    /// The first error stops the remaining blocks and is rethrown.
    static func renderAll(count: Int, progress: @escaping @Sendable (Int, Int) -> Void,
                          _ body: @Sendable (Int) throws -> Void) throws {
        // Blocks small enough to keep every core busy on short runs, large enough that
        // progress reports and dispatch stay cheap on long ones.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let block = max(1, min(32, count / (4 * cores)))
        let blocks = (count + block - 1) / block
        let state = RunState()
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            if state.failed { return }
            for n in (b * block)..<min(count, (b + 1) * block) {
                do { try body(n) } catch {
                    state.fail(error)
                    return
                }
            }
            let done = state.finish(min(count, (b + 1) * block) - b * block)
            progress(done, count)
        }
        if let error = state.error { throw error }
    }

    /// Progress and the first failure, shared between workers.
    private final class RunState: @unchecked Sendable {
        private let lock = NSLock()
        private var done = 0
        private(set) var error: Error?

        var failed: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }

        func fail(_ e: Error) {
            lock.lock()
            if error == nil { error = e }
            lock.unlock()
        }

        func finish(_ n: Int) -> Int {
            lock.lock(); defer { lock.unlock() }
            done += n
            return done
        }
    }
}
