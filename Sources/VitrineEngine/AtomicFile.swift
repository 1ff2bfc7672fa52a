import Foundation

/// Whole-file replacement that never leaves a partial file behind: the bytes go to a
/// temporary file in the destination's directory (so the rename stays on one file system),
/// which is synced, renamed over the destination, and the directory synced. A process killed
/// half-way leaves the old file (or none) and at worst a hidden `.name.<pid>.<uuid>.tmp`.
///
/// Shared by every writer whose readers must never see half a file: PNGs, retail datasets.
public enum AtomicFile {
    /// The hidden temporary an atomic write of `path` fills before renaming it into place:
    /// `.name.<pid>.<uuid>.tmp` in the same folder. HDF5 checkpoints are written the same way.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return "\(url.deletingLastPathComponent().path)/.\(url.lastPathComponent).\(getpid()).\(UUID().uuidString).tmp"
    }

    /// Whether a file name is such a temporary (what a killed write leaves behind).
    public static func isTemporary(name: String) -> Bool { name.hasPrefix(".") && name.hasSuffix(".tmp") }

    /// Writes all of `bytes` to `descriptor`, retrying short writes and interruptions; false
    /// when the system refuses (`errno` says why).
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var written = 0
        while written < bytes.count {
            let n = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            written += n
        }
        return true
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try write(chunks: [data], to: url)
    }

    /// Writes the concatenation of `chunks` to `url` atomically (large files formatted in
    /// pieces need not be joined in memory first).
    public static func write<Chunk: DataProtocol>(chunks: [Chunk], to url: URL) throws {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = temporaryPath(for: path)
        func failure(_ step: String) -> AtomicFileError {
            AtomicFileError(path: path, step: step, reason: String(cString: strerror(errno)))
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure("create \(temporary)") }
        do {
            for chunk in chunks {
                for region in chunk.regions {
                    guard region.withUnsafeBytes({ writeAll(descriptor, $0) }) else { throw failure("write") }
                }
            }
            guard fsync(descriptor) == 0 else { throw failure("fsync") }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let error = failure("close")
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("rename")
            unlink(temporary)
            throw error
        }
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}

/// An atomic write that failed: the destination, the step (create, write, fsync, close,
/// rename) and the system's reason. The destination is untouched.
public struct AtomicFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let step: String
    public let reason: String

    public var description: String {
        "\(path): cannot write the file (\(step): \(reason)); check that the folder exists, is writable and has space"
    }
}
