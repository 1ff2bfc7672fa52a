import CHDF5

/// What a path in a file leads to.
public enum HDF5ObjectKind: String, Sendable {
    case group, dataset, datatype, other
}

/// A group or dataset in an open file: the file it belongs to, its absolute path inside the
/// file (which errors name), and its library identifier. Attributes are read and written
/// through any object (see HDF5Attributes.swift).
public class HDF5Object {
    /// The file this object belongs to; kept alive as long as the object is.
    public let file: HDF5File
    /// The absolute path inside the file, e.g. `/model/layer1.0.conv1.weight`.
    public let path: String
    let handle: HDF5Handle

    init(file: HDF5File, path: String, handle: HDF5Handle) {
        self.file = file
        self.path = path
        self.handle = handle
    }

    /// Releases the object's identifier now rather than when the object is deallocated.
    public func close() {
        handle.close()
    }

    func requireOpen() throws {
        try file.requireOpen()
        guard handle.isOpen else {
            throw HDF5Error.invalidValue(file: file.path, path: path, reason: "this object was closed")
        }
        HDF5Library.prepare()
    }

    func requireWritable() throws {
        guard file.mode == .readWrite else {
            throw HDF5Error.writeFailed(
                file: file.path, path: path, reason: "the file was opened read-only; open it with mode .readWrite")
        }
    }

    /// The absolute path of `relative` seen from this object (absolute paths are kept).
    func resolve(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        return path == "/" ? "/" + relative : path + "/" + relative
    }
}
