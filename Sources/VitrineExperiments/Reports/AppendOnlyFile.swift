import Foundation
import VitrineEngine

/// A file that only grows by whole lines: opened with `O_APPEND`, each line handed to the
/// kernel in one `write`, so a line is never interleaved with another writer's and a kill
/// can cut at most the line being written (which ``MetricsHistory`` then skips, saying so).
final class AppendOnlyFile {
    let path: String
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ReportError("\(path): cannot open for appending: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    func append(line: String) throws {
        let bytes = Array((line + "\n").utf8)
        guard bytes.withUnsafeBytes({ AtomicFile.writeAll(descriptor, $0) }) else {
            throw ReportError("\(path): cannot append: \(String(cString: strerror(errno)))")
        }
    }
}
