import Foundation

/// Whole-file replacement that never leaves a partial file behind: the bytes go to a
/// temporary file in the destination's directory (so the rename stays on one file system),
/// which is synced, renamed over the destination, and the directory synced.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = "\(directory)/.\(url.lastPathComponent).\(getpid()).\(UUID().uuidString).tmp"
        func failure(_ step: String) -> ImagingError {
            .io(file: path, detail: "cannot write the file (\(step): \(String(cString: strerror(errno))))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure("create \(temporary)") }
        do {
            try data.withUnsafeBytes { bytes in
                var written = 0
                while written < bytes.count {
                    let n = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw failure("write") }
                    written += n
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
