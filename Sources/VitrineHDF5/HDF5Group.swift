import CHDF5
import CHDF5Shim
import VitrineEngine

/// A group: a folder of named groups and datasets. Paths may be relative to the group
/// (`params/weight`) or absolute (`/model/fc.weight`); dots in names are ordinary characters,
/// so a checkpoint can store `/model/<dotted.path>` datasets directly.
public final class HDF5Group: HDF5Object {
    init(file: HDF5File, path: String, id: hid_t) {
        super.init(file: file, path: path, handle: HDF5Handle(id, release: H5Gclose))
    }

    // MARK: Navigation

    /// What `path` leads to, or nil when nothing is there (including when a component on
    /// the way is missing or is not a group).
    public func kind(of path: String) throws -> HDF5ObjectKind? {
        try requireOpen()
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        if components.isEmpty { return path.hasPrefix("/") || path.isEmpty ? .group : nil }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for (index, component) in components.enumerated() {
            prefix += (prefix.isEmpty || prefix == "/" ? "" : "/") + component
            guard H5Lexists(handle.id, prefix, h5Default) > 0 else { return nil }
            let kind = objectKind(prefix)
            if index < components.count - 1 && kind != .group { return nil }
            if index == components.count - 1 { return kind }
        }
        return nil
    }

    /// Whether anything exists at `path`.
    public func contains(_ path: String) throws -> Bool { try kind(of: path) != nil }

    private func objectKind(_ path: String) -> HDF5ObjectKind? {
        let id = H5Oopen(handle.id, path, h5Default)
        guard id >= 0 else { return nil }
        defer { H5Oclose(id) }
        switch H5Iget_type(id) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        case H5I_DATATYPE: return .datatype
        default: return .other
        }
    }

    /// Names of the group's direct members, in name order.
    public func members() throws -> [String] {
        try requireOpen()
        var info = H5G_info_t()
        guard H5Gget_info(handle.id, &info) >= 0 else {
            throw HDF5Error.readFailed(file: file.path, path: path, reason: HDF5Library.errorSummary())
        }
        return try (0..<info.nlinks).map { index in
            let length = H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, h5Default)
            guard length >= 0 else {
                throw HDF5Error.readFailed(file: file.path, path: path, reason: HDF5Library.errorSummary())
            }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            _ = H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count,
                                   h5Default)
            return String(cString: buffer)
        }
    }

    /// Throws unless `path` is an object of `expected` kind.
    private func requireKind(_ path: String, _ expected: HDF5ObjectKind) throws {
        guard let found = try kind(of: path) else {
            throw HDF5Error.notFound(file: file.path, path: resolve(path), kind: expected.rawValue)
        }
        guard found == expected else {
            throw HDF5Error.wrongKind(file: file.path, path: resolve(path), expected: expected.rawValue,
                                      found: found.rawValue)
        }
    }

    private func requireAbsent(_ path: String) throws {
        if try kind(of: path) != nil {
            throw HDF5Error.alreadyExists(file: file.path, path: resolve(path))
        }
    }

    /// A link-creation list that makes missing intermediate groups, so `a/b/c` can be
    /// created in one call.
    private func intermediateGroupsList() throws -> HDF5Handle {
        let id = H5Pcreate(vitrine_h5p_link_create())
        guard id >= 0, H5Pset_create_intermediate_group(id, 1) >= 0 else {
            throw HDF5Error.writeFailed(file: file.path, path: path, reason: HDF5Library.errorSummary())
        }
        return HDF5Handle.propertyList(id)
    }

    // MARK: Groups

    /// Opens the existing group at `path`.
    public func group(_ path: String) throws -> HDF5Group {
        try requireKind(path, .group)
        let id = H5Gopen2(handle.id, path, h5Default)
        guard id >= 0 else {
            throw HDF5Error.readFailed(file: file.path, path: resolve(path), reason: HDF5Library.errorSummary())
        }
        return HDF5Group(file: file, path: resolve(path), id: id)
    }

    /// Creates a group at `path`, with any missing groups on the way.
    @discardableResult
    public func createGroup(_ path: String) throws -> HDF5Group {
        try requireOpen()
        try requireWritable()
        try requireAbsent(path)
        let links = try intermediateGroupsList()
        let id = H5Gcreate2(handle.id, path, links.id, h5Default, h5Default)
        guard id >= 0 else {
            throw HDF5Error.writeFailed(file: file.path, path: resolve(path), reason: HDF5Library.errorSummary())
        }
        return HDF5Group(file: file, path: resolve(path), id: id)
    }

    /// The group at `path`, created if it does not exist.
    public func requireGroup(_ path: String) throws -> HDF5Group {
        try kind(of: path) == nil ? createGroup(path) : group(path)
    }

    /// Deletes the link at `path` (the space is reclaimed only when the file is rewritten).
    public func remove(_ path: String) throws {
        try requireOpen()
        try requireWritable()
        guard try kind(of: path) != nil else {
            throw HDF5Error.notFound(file: file.path, path: resolve(path), kind: "object")
        }
        guard H5Ldelete(handle.id, path, h5Default) >= 0 else {
            throw HDF5Error.writeFailed(file: file.path, path: resolve(path), reason: HDF5Library.errorSummary())
        }
    }

    // MARK: Datasets

    /// Opens the existing dataset at `path`.
    public func dataset(_ path: String) throws -> HDF5Dataset {
        try requireKind(path, .dataset)
        let id = H5Dopen2(handle.id, path, h5Default)
        guard id >= 0 else {
            throw HDF5Error.readFailed(file: file.path, path: resolve(path), reason: HDF5Library.errorSummary())
        }
        return try HDF5Dataset(file: file, path: resolve(path), id: id)
    }

    /// Creates a dataset of `type` and `shape` (`[]` for a scalar) at `path`, with any
    /// missing groups on the way. Its contents are zero until written.
    @discardableResult
    public func createDataset(_ path: String, type: HDF5ElementType, shape: [Int]) throws -> HDF5Dataset {
        try requireOpen()
        try requireWritable()
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw HDF5Error.invalidValue(file: file.path, path: resolve(path), reason: "negative dimension in shape \(shape)")
        }
        try requireAbsent(path)
        guard let space = makeDataspace(shape) else {
            throw HDF5Error.writeFailed(file: file.path, path: resolve(path), reason: HDF5Library.errorSummary())
        }
        let links = try intermediateGroupsList()
        let id = H5Dcreate2(handle.id, path, type.fileType, space.id, links.id, h5Default, h5Default)
        guard id >= 0 else {
            throw HDF5Error.writeFailed(file: file.path, path: resolve(path), reason: HDF5Library.errorSummary())
        }
        return try HDF5Dataset(file: file, path: resolve(path), id: id)
    }

    /// Writes `tensor` (its shape and values) as a new dataset, float32 unless `type` says
    /// float64.
    public func write(_ tensor: Tensor, to path: String, as type: HDF5ElementType = .float32) throws {
        guard type != .int64 else {
            throw HDF5Error.invalidValue(
                file: file.path, path: resolve(path), reason: "a tensor is stored as float32 or float64, not int64")
        }
        let dataset = try createDataset(path, type: type, shape: tensor.shape)
        defer { dataset.close() }
        try dataset.write(tensor)
    }

    /// Writes integers with a shape as a new int64 dataset.
    public func write(_ values: [Int], shape: [Int], to path: String) throws {
        guard shape.reduce(1, *) == values.count else {
            throw HDF5Error.invalidValue(
                file: file.path, path: resolve(path), reason: "shape \(shape) holds \(shape.reduce(1, *)) values, got \(values.count)")
        }
        let dataset = try createDataset(path, type: .int64, shape: shape)
        defer { dataset.close() }
        try dataset.write(values)
    }

    /// Writes an index tensor as a new int64 dataset.
    public func write(_ indices: IndexTensor, to path: String) throws {
        try write(indices.values, shape: indices.shape, to: path)
    }

    /// Writes doubles with a shape as a new float64 dataset.
    public func write(_ values: [Double], shape: [Int], to path: String) throws {
        guard shape.reduce(1, *) == values.count else {
            throw HDF5Error.invalidValue(
                file: file.path, path: resolve(path), reason: "shape \(shape) holds \(shape.reduce(1, *)) values, got \(values.count)")
        }
        let dataset = try createDataset(path, type: .float64, shape: shape)
        defer { dataset.close() }
        try dataset.write(values)
    }

    /// Reads the dataset at `path` (float32 or float64) as a tensor.
    public func readTensor(_ path: String) throws -> Tensor {
        let dataset = try dataset(path)
        defer { dataset.close() }
        return try dataset.readTensor()
    }

    /// Reads the integer dataset at `path` with its shape.
    public func readInts(_ path: String) throws -> IndexTensor {
        let dataset = try dataset(path)
        defer { dataset.close() }
        return try dataset.readInts()
    }

    /// Reads the floating-point dataset at `path` as doubles (row-major).
    public func readDoubles(_ path: String) throws -> [Double] {
        let dataset = try dataset(path)
        defer { dataset.close() }
        return try dataset.readDoubles()
    }

    /// Writes a string as a scalar variable-length UTF-8 dataset: for text too long for an
    /// attribute (a long configuration), which h5py reads back as `bytes`/`str`.
    public func writeString(_ text: String, to path: String) throws {
        try requireOpen()
        try requireWritable()
        try requireAbsent(path)
        let type = try makeUTF8StringType(file: file.path, path: resolve(path))
        guard let space = makeDataspace([]) else {
            throw HDF5Error.writeFailed(file: file.path, path: resolve(path), reason: HDF5Library.errorSummary())
        }
        let links = try intermediateGroupsList()
        let id = H5Dcreate2(handle.id, path, type.id, space.id, links.id, h5Default, h5Default)
        guard id >= 0 else {
            throw HDF5Error.writeFailed(file: file.path, path: resolve(path), reason: HDF5Library.errorSummary())
        }
        let dataset = HDF5Handle(id, release: H5Dclose)
        defer { dataset.close() }
        let status = text.withCString { pointer -> herr_t in
            var element: UnsafePointer<CChar>? = pointer
            return H5Dwrite(id, type.id, h5All, h5All, h5Default, &element)
        }
        guard status >= 0 else {
            throw HDF5Error.writeFailed(file: file.path, path: resolve(path), reason: HDF5Library.errorSummary())
        }
    }

    /// Reads a scalar string dataset written by ``writeString(_:to:)`` or h5py.
    public func readString(_ path: String) throws -> String {
        let dataset = try dataset(path)
        defer { dataset.close() }
        return try dataset.readString()
    }
}
