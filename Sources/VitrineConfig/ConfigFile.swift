import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a config file's text, refusing anything that is not a small regular file.
///
/// Why not `String(contentsOf:)`: it reads `/dev/zero` or a FIFO forever, reads a multi-gigabyte
/// file whole before YAML sees it, and its errors are Foundation's (on Linux "You don't have
/// permission", or `NSCocoaErrorDomain … Code=` text). Here the file is opened without blocking,
/// checked with `fstat` on the same descriptor (no race with a rename), and read up to the limit;
/// failures are said in errno's words.
enum ConfigFile {
    /// A config is a small YAML file; the largest shipped one is a few kilobytes.
    static let maxBytes = 1 << 20

    /// The file's text, or a ``ConfigError`` naming `path` and what is wrong with it.
    static func contents(of path: String) throws -> String {
        func fail(_ message: String) -> ConfigError { ConfigError(ConfigOrigin(file: path, line: nil), "", message) }
        // O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw fail("cannot read the config file: \(reason(errno))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail("cannot read the config file: \(reason(errno))") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw fail("not a regular file (\(kind(info.st_mode))); a config is a YAML file")
        }
        let tooLarge = "larger than 1 MiB; a config is a small YAML file"
        guard info.st_size <= maxBytes else { throw fail(tooLarge) }
        // Read up to one byte past the limit: a file may grow after fstat, and some (in /proc)
        // report size 0.
        var bytes = [UInt8](repeating: 0, count: maxBytes + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("cannot read the config file: \(reason(errno))")
            }
            count += n
        }
        guard count <= maxBytes else { throw fail(tooLarge) }
        guard let text = String(bytes: bytes[..<count], encoding: .utf8) else {
            throw fail("not UTF-8 text; a config is a YAML file")
        }
        return text
    }

    /// errno in words, e.g. "no such file or directory", "permission denied".
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFIFO: return "a pipe"
        case S_IFSOCK: return "a socket"
        default: return "not a plain file"
        }
    }
}
