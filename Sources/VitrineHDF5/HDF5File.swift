import CHDF5
import CHDF5Shim
import Foundation
import VitrineEngine

/// An open HDF5 file. Its ``root`` group is where datasets, groups and attributes live.
///
/// Closed by ``close()`` (which flushes and reports failures) or when the last reference
/// goes away. Files are opened with the strong close degree: closing the file closes every
/// group and dataset opened from it, so the file on disk is complete the moment `close`
/// returns; objects used after that throw ``HDF5Error/closed(file:)``.
public final class HDF5File {
    /// How an existing file is opened.
    public enum Mode: Sendable { case readOnly, readWrite }

    /// The path on disk, as given.
    public let path: String
    public let mode: Mode
    let handle: HDF5Handle

    private init(path: String, mode: Mode, id: hid_t) {
        self.path = path
        self.mode = mode
        self.handle = HDF5Handle(id, release: H5Fclose)
    }

    /// Creates a new file, replacing any file at `path`.
    public static func create(_ path: String) throws -> HDF5File {
        HDF5Library.prepare()
        let access = try makeAccessList(path: path, creating: true)
        let id = H5Fcreate(path, vitrine_h5f_acc_trunc(), h5Default, access.id)
        guard id >= 0 else {
            throw HDF5Error.cannotCreate(file: path, reason: HDF5Library.errorSummary())
        }
        return HDF5File(path: path, mode: .readWrite, id: id)
    }

    /// Opens an existing file.
    public static func open(_ path: String, mode: Mode = .readOnly) throws -> HDF5File {
        HDF5Library.prepare()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HDF5Error.fileNotFound(file: path)
        }
        guard !isDirectory.boolValue else {
            throw HDF5Error.cannotOpen(file: path, reason: "it is a directory")
        }
        let access = try makeAccessList(path: path, creating: false)
        let flags = mode == .readOnly ? vitrine_h5f_acc_rdonly() : vitrine_h5f_acc_rdwr()
        let id = H5Fopen(path, flags, access.id)
        guard id >= 0 else {
            throw HDF5Error.cannotOpen(file: path, reason: HDF5Library.errorSummary())
        }
        return HDF5File(path: path, mode: mode, id: id)
    }

    private static func makeAccessList(path: String, creating: Bool) throws -> HDF5Handle {
        let id = H5Pcreate(vitrine_h5p_file_access())
        guard id >= 0 else {
            let reason = HDF5Library.errorSummary()
            throw creating ? HDF5Error.cannotCreate(file: path, reason: reason)
                : HDF5Error.cannotOpen(file: path, reason: reason)
        }
        let list = HDF5Handle.propertyList(id)
        _ = H5Pset_fclose_degree(id, H5F_CLOSE_STRONG)
        return list
    }

    /// Whether the file is still open.
    public var isOpen: Bool { handle.isOpen }

    /// The root group `/`.
    public var root: HDF5Group {
        get throws {
            try requireOpen()
            HDF5Library.prepare()
            let id = H5Gopen2(handle.id, "/", h5Default)
            guard id >= 0 else {
                throw HDF5Error.readFailed(file: path, path: "/", reason: HDF5Library.errorSummary())
            }
            return HDF5Group(file: self, path: "/", id: id)
        }
    }

    /// Writes buffered data to disk.
    public func flush() throws {
        try requireOpen()
        HDF5Library.prepare()
        guard H5Fflush(handle.id, H5F_SCOPE_GLOBAL) >= 0 else {
            throw HDF5Error.writeFailed(file: path, path: "/", reason: HDF5Library.errorSummary())
        }
    }

    /// Flushes and closes the file and every object opened from it. Closing twice is harmless.
    public func close() throws {
        guard handle.isOpen else { return }
        if mode == .readWrite { try flush() }
        guard handle.close() else {
            throw HDF5Error.writeFailed(file: path, path: "/", reason: HDF5Library.errorSummary())
        }
    }

    func requireOpen() throws {
        guard handle.isOpen else { throw HDF5Error.closed(file: path) }
    }

    /// Writes a file so that `path` holds either its old contents or the complete new file,
    /// never a partial one: `body` fills a temporary file in the same directory, which is
    /// flushed, closed, synced and then renamed over `path`. If `body` throws, the temporary
    /// file is removed and `path` is untouched.
    public static func writeAtomically(to path: String, _ body: (HDF5File) throws -> Void) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let temporary = AtomicFile.temporaryPath(for: path)
        let file = try create(temporary)
        do {
            try body(file)
            try file.close()
            try syncFile(temporary, reportingAs: path)
        } catch {
            try? file.close()
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw HDF5Error.writeFailed(file: path, path: "/", reason: "rename failed: \(reason)")
        }
        // The rename is durable only once the directory entry is on disk.
        try? syncFile(directory, reportingAs: path)
    }

    private static func syncFile(_ target: String, reportingAs path: String) throws {
        let descriptor = Foundation.open(target, O_RDONLY)
        guard descriptor >= 0 else {
            throw HDF5Error.writeFailed(
                file: path, path: "/", reason: "cannot reopen \(target) to sync: \(String(cString: strerror(errno)))")
        }
        defer { Foundation.close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw HDF5Error.writeFailed(file: path, path: "/", reason: "fsync failed: \(String(cString: strerror(errno)))")
        }
    }
}
