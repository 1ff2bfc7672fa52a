/// A failure reading or writing an HDF5 file. Every case names the file on disk and, where
/// there is one, the object path inside it (`/case/params/weight`), and the message says what
/// to do about it, so a user can act on the message alone.
public enum HDF5Error: Error, CustomStringConvertible, Equatable {
    /// No file at the given path.
    case fileNotFound(file: String)
    /// The file exists but is not a readable HDF5 file (truncated, corrupt, not HDF5,
    /// or no permission).
    case cannotOpen(file: String, reason: String)
    /// The file could not be created or replaced.
    case cannotCreate(file: String, reason: String)
    /// No object or attribute at `path`; `kind` says what was looked for.
    case notFound(file: String, path: String, kind: String)
    /// An object of another kind (a group where a dataset was expected, …).
    case wrongKind(file: String, path: String, expected: String, found: String)
    /// A dataset or attribute whose element type is not the one asked for.
    case wrongType(file: String, path: String, expected: String, found: String)
    /// A dataset whose shape is not the one required.
    case wrongShape(file: String, path: String, expected: [Int], found: [Int])
    /// Creating an object where one already exists.
    case alreadyExists(file: String, path: String)
    /// The library failed while reading `path`.
    case readFailed(file: String, path: String, reason: String)
    /// The library failed while writing `path`.
    case writeFailed(file: String, path: String, reason: String)
    /// A value that cannot be stored or decoded (bad JSON, an invalid name, …).
    case invalidValue(file: String, path: String, reason: String)
    /// An operation on a file that was already closed.
    case closed(file: String)

    public var description: String {
        switch self {
        case let .fileNotFound(file):
            return "\(file): no such file; check the path"
        case let .cannotOpen(file, reason):
            return "\(file): cannot open as HDF5 (\(reason)); the file may be truncated, corrupt or "
                + "not an HDF5 file — regenerate or re-download it"
        case let .cannotCreate(file, reason):
            return "\(file): cannot create (\(reason)); check that the directory exists and is writable"
        case let .notFound(file, path, kind):
            return "\(file): no \(kind) at \(path); check the name (h5ls -r lists a file's contents)"
        case let .wrongKind(file, path, expected, found):
            return "\(file): \(path) is a \(found), expected a \(expected)"
        case let .wrongType(file, path, expected, found):
            return "\(file): \(path) holds \(found), expected \(expected); write it with that type"
        case let .wrongShape(file, path, expected, found):
            return "\(file): \(path) has shape \(found), expected \(expected)"
        case let .alreadyExists(file, path):
            return "\(file): \(path) already exists; remove it first or write to a new file"
        case let .readFailed(file, path, reason):
            return "\(file): reading \(path) failed (\(reason)); the file may be truncated or corrupt"
        case let .writeFailed(file, path, reason):
            return "\(file): writing \(path) failed (\(reason)); check free disk space and permissions"
        case let .invalidValue(file, path, reason):
            return "\(file): \(path): \(reason)"
        case let .closed(file):
            return "\(file): the file was already closed; keep it open while its objects are in use"
        }
    }
}
