import CHDF5
import CHDF5Shim
import VitrineEngine

/// A dataset: an n-dimensional array with a stored element type. Reads check the element
/// class (floats into tensors and doubles, integers into indices) and convert the width, so a
/// float64 reference dataset reads into a Float tensor, but an integer dataset never passes
/// silently for a float one.
public final class HDF5Dataset: HDF5Object {
    /// The dataset's shape (`[]` for a scalar).
    public let shape: [Int]
    /// The stored element type as numpy spells it (`float32`, `int64`, `string`, …).
    public let storedType: String
    private let typeClass: H5T_class_t

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Larger than any tensor Vitrine keeps in memory; a shape beyond it comes from a corrupt
    /// header and must not become an allocation.
    private static let maximumCount = 1 << 34

    init(file: HDF5File, path: String, id: hid_t) throws {
        let handle = HDF5Handle(id, release: H5Dclose)
        let typeID = H5Dget_type(id)
        guard typeID >= 0 else {
            throw HDF5Error.readFailed(file: file.path, path: path, reason: HDF5Library.errorSummary())
        }
        let type = HDF5Handle.datatype(typeID)
        defer { type.close() }
        let spaceID = H5Dget_space(id)
        guard spaceID >= 0 else {
            throw HDF5Error.readFailed(file: file.path, path: path, reason: HDF5Library.errorSummary())
        }
        let space = HDF5Handle.dataspace(spaceID)
        defer { space.close() }
        guard let shape = dataspaceShape(spaceID) else {
            throw HDF5Error.readFailed(file: file.path, path: path, reason: "the dataset has no readable shape")
        }
        var total = 1
        for dimension in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= HDF5Dataset.maximumCount else {
                throw HDF5Error.readFailed(file: file.path, path: path, reason: "implausible shape \(shape)")
            }
            total = product
        }
        self.shape = shape
        self.storedType = describeDatatype(typeID)
        self.typeClass = H5Tget_class(typeID)
        super.init(file: file, path: path, handle: handle)
    }

    private func requireClass(_ expected: H5T_class_t, _ description: String) throws {
        guard typeClass == expected else {
            throw HDF5Error.wrongType(file: file.path, path: path, expected: description, found: storedType)
        }
    }

    private func readFailure() -> HDF5Error {
        HDF5Error.readFailed(file: file.path, path: path, reason: HDF5Library.errorSummary())
    }

    private func writeFailure() -> HDF5Error {
        HDF5Error.writeFailed(file: file.path, path: path, reason: HDF5Library.errorSummary())
    }

    // MARK: Reading

    /// The values as a new tensor of the dataset's shape.
    public func readTensor() throws -> Tensor {
        let tensor = Tensor(zeros: shape)
        try read(into: tensor)
        return tensor
    }

    /// Reads into an existing tensor, which must already have the dataset's shape (as when
    /// loading a checkpoint into a model's parameters: nothing is allocated).
    public func read(into tensor: Tensor) throws {
        try requireOpen()
        try requireClass(H5T_FLOAT, "float32 or float64")
        guard tensor.shape == shape else {
            throw HDF5Error.wrongShape(file: file.path, path: path, expected: tensor.shape, found: shape)
        }
        guard H5Dread(handle.id, vitrine_h5t_native_float(), h5All, h5All, h5Default, tensor.data) >= 0 else {
            throw readFailure()
        }
    }

    /// The values of an integer dataset, with its shape.
    public func readInts() throws -> IndexTensor {
        try requireOpen()
        try requireClass(H5T_INTEGER, "integers (int64)")
        var values = [Int64](repeating: 0, count: max(count, 1))
        guard H5Dread(handle.id, vitrine_h5t_native_int64(), h5All, h5All, h5Default, &values) >= 0 else {
            throw readFailure()
        }
        return try IndexTensor(shape: shape, values: values.prefix(count).map { Int($0) })
    }

    /// The values of a floating-point dataset as doubles (row-major).
    public func readDoubles() throws -> [Double] {
        try requireOpen()
        try requireClass(H5T_FLOAT, "float32 or float64")
        var values = [Double](repeating: 0, count: max(count, 1))
        guard H5Dread(handle.id, vitrine_h5t_native_double(), h5All, h5All, h5Default, &values) >= 0 else {
            throw readFailure()
        }
        return Array(values.prefix(count))
    }

    /// The value of a scalar string dataset.
    public func readString() throws -> String {
        try requireOpen()
        let typeID = H5Dget_type(handle.id)
        guard typeID >= 0 else { throw readFailure() }
        let type = HDF5Handle.datatype(typeID)
        defer { type.close() }
        let spaceID = H5Dget_space(handle.id)
        guard spaceID >= 0 else { throw readFailure() }
        let space = HDF5Handle.dataspace(spaceID)
        defer { space.close() }
        return try readScalarString(storedType: typeID, space: spaceID, file: file.path, path: path) {
            H5Dread(handle.id, $0, h5All, h5All, h5Default, $1)
        }
    }

    // MARK: Writing

    private func requireShape(_ given: [Int]) throws {
        guard given == shape else {
            throw HDF5Error.wrongShape(file: file.path, path: path, expected: shape, found: given)
        }
    }

    /// Overwrites the values with a tensor of the same shape (stored type float32 or float64).
    public func write(_ tensor: Tensor) throws {
        try requireOpen()
        try requireWritable()
        try requireClass(H5T_FLOAT, "a tensor (float32 or float64)")
        try requireShape(tensor.shape)
        guard H5Dwrite(handle.id, vitrine_h5t_native_float(), h5All, h5All, h5Default, tensor.data) >= 0 else {
            throw writeFailure()
        }
    }

    /// Overwrites the values of an integer dataset (row-major, `count` values).
    public func write(_ values: [Int]) throws {
        try requireOpen()
        try requireWritable()
        try requireClass(H5T_INTEGER, "integers")
        guard values.count == count else {
            throw HDF5Error.invalidValue(file: file.path, path: path,
                                         reason: "shape \(shape) holds \(count) values, got \(values.count)")
        }
        var stored = values.map { Int64($0) }
        if stored.isEmpty { stored = [0] }
        guard H5Dwrite(handle.id, vitrine_h5t_native_int64(), h5All, h5All, h5Default, stored) >= 0 else {
            throw writeFailure()
        }
    }

    /// Overwrites the values of a floating-point dataset with doubles (row-major).
    public func write(_ values: [Double]) throws {
        try requireOpen()
        try requireWritable()
        try requireClass(H5T_FLOAT, "float32 or float64")
        guard values.count == count else {
            throw HDF5Error.invalidValue(file: file.path, path: path,
                                         reason: "shape \(shape) holds \(count) values, got \(values.count)")
        }
        let stored = values.isEmpty ? [0] : values
        guard H5Dwrite(handle.id, vitrine_h5t_native_double(), h5All, h5All, h5Default, stored) >= 0 else {
            throw writeFailure()
        }
    }
}
