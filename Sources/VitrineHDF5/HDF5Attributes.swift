import CHDF5
import CHDF5Shim
import Foundation

/// Attributes: small named values on a group or dataset — strings (variable-length UTF-8,
/// read by h5py as `str`), int64 and float64 scalars, and JSON documents stored as strings.
/// Setting an attribute that exists replaces it. Errors name the attribute as
/// `<object path>@<name>`.
extension HDF5Object {
    private func attributePath(_ name: String) -> String { "\(path)@\(name)" }

    /// Names of the object's attributes, in name order.
    public func attributeNames() throws -> [String] {
        try requireOpen()
        var names: [String] = []
        var index: hsize_t = 0
        let status = withUnsafeMutablePointer(to: &names) { pointer in
            H5Aiterate2(handle.id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, client in
                guard let name, let client else { return 0 }
                client.assumingMemoryBound(to: [String].self).pointee.append(String(cString: name))
                return 0
            }, pointer)
        }
        guard status >= 0 else {
            throw HDF5Error.readFailed(file: file.path, path: path, reason: HDF5Library.errorSummary())
        }
        return names
    }

    /// Whether the object has an attribute called `name`.
    public func hasAttribute(_ name: String) throws -> Bool {
        try requireOpen()
        let found = H5Aexists(handle.id, name)
        guard found >= 0 else {
            throw HDF5Error.readFailed(file: file.path, path: attributePath(name), reason: HDF5Library.errorSummary())
        }
        return found > 0
    }

    /// Removes the attribute `name`.
    public func removeAttribute(_ name: String) throws {
        try requireOpen()
        try requireWritable()
        guard try hasAttribute(name) else {
            throw HDF5Error.notFound(file: file.path, path: attributePath(name), kind: "attribute")
        }
        guard H5Adelete(handle.id, name) >= 0 else {
            throw HDF5Error.writeFailed(file: file.path, path: attributePath(name), reason: HDF5Library.errorSummary())
        }
    }

    // MARK: Writing

    /// Creates (or replaces) a scalar attribute of `type` and writes `value` through `write`.
    private func writeAttribute(_ name: String, type: hid_t, value: UnsafeRawPointer) throws {
        try requireOpen()
        try requireWritable()
        if try hasAttribute(name) { try removeAttribute(name) }
        let failure = { HDF5Error.writeFailed(file: self.file.path, path: self.attributePath(name),
                                              reason: HDF5Library.errorSummary()) }
        guard let space = makeDataspace([]) else { throw failure() }
        let id = H5Acreate2(handle.id, name, type, space.id, h5Default, h5Default)
        guard id >= 0 else { throw failure() }
        let attribute = HDF5Handle.attribute(id)
        defer { attribute.close() }
        guard H5Awrite(id, type, value) >= 0 else { throw failure() }
    }

    /// Sets a string attribute (variable-length UTF-8).
    public func setAttribute(_ name: String, _ value: String) throws {
        let type = try makeUTF8StringType(file: file.path, path: attributePath(name))
        defer { type.close() }
        try value.withCString { pointer in
            var element: UnsafePointer<CChar>? = pointer
            try writeAttribute(name, type: type.id, value: &element)
        }
    }

    /// Sets an int64 attribute.
    public func setAttribute(_ name: String, _ value: Int) throws {
        var stored = Int64(value)
        try writeAttribute(name, type: vitrine_h5t_std_i64le(), value: &stored)
    }

    /// Sets a float64 attribute.
    public func setAttribute(_ name: String, _ value: Double) throws {
        var stored = value
        try writeAttribute(name, type: vitrine_h5t_ieee_f64le(), value: &stored)
    }

    /// Sets a string attribute holding `value` as JSON (keys sorted, so equal values give
    /// equal files).
    public func setJSONAttribute<T: Encodable>(_ name: String, _ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw HDF5Error.invalidValue(file: file.path, path: attributePath(name),
                                         reason: "cannot encode as JSON: \(error)")
        }
        try setAttribute(name, String(decoding: data, as: UTF8.self))
    }

    // MARK: Reading

    /// Opens attribute `name` and hands its type and dataspace to `body`.
    private func withAttribute<T>(_ name: String, _ body: (hid_t, hid_t, hid_t) throws -> T) throws -> T {
        try requireOpen()
        guard try hasAttribute(name) else {
            throw HDF5Error.notFound(file: file.path, path: attributePath(name), kind: "attribute")
        }
        let failure = { HDF5Error.readFailed(file: self.file.path, path: self.attributePath(name),
                                             reason: HDF5Library.errorSummary()) }
        let id = H5Aopen(handle.id, name, h5Default)
        guard id >= 0 else { throw failure() }
        let attribute = HDF5Handle.attribute(id)
        defer { attribute.close() }
        let typeID = H5Aget_type(id)
        guard typeID >= 0 else { throw failure() }
        let type = HDF5Handle.datatype(typeID)
        defer { type.close() }
        let spaceID = H5Aget_space(id)
        guard spaceID >= 0 else { throw failure() }
        let space = HDF5Handle.dataspace(spaceID)
        defer { space.close() }
        return try body(id, typeID, spaceID)
    }

    /// Reads a one-element numeric attribute of class `typeClass` as `memoryType`.
    private func readNumber<T: Numeric>(
        _ name: String, accepting classes: [H5T_class_t], expected: String, memoryType: hid_t, as: T.Type
    ) throws -> T {
        try withAttribute(name) { id, type, space in
            guard classes.contains(H5Tget_class(type)) else {
                throw HDF5Error.wrongType(file: file.path, path: attributePath(name), expected: expected,
                                          found: describeDatatype(type))
            }
            guard let shape = dataspaceShape(space), shape.reduce(1, *) == 1 else {
                throw HDF5Error.wrongShape(file: file.path, path: attributePath(name), expected: [],
                                           found: dataspaceShape(space) ?? [0])
            }
            var value: T = 0
            let status = withUnsafeMutableBytes(of: &value) { H5Aread(id, memoryType, $0.baseAddress) }
            guard status >= 0 else {
                throw HDF5Error.readFailed(file: file.path, path: attributePath(name), reason: HDF5Library.errorSummary())
            }
            return value
        }
    }

    /// A string attribute (variable- or fixed-length).
    public func stringAttribute(_ name: String) throws -> String {
        try withAttribute(name) { id, type, space in
            try readScalarString(storedType: type, space: space, file: file.path, path: attributePath(name)) {
                H5Aread(id, $0, $1)
            }
        }
    }

    /// An integer attribute.
    public func intAttribute(_ name: String) throws -> Int {
        Int(try readNumber(name, accepting: [H5T_INTEGER], expected: "an integer",
                           memoryType: vitrine_h5t_native_int64(), as: Int64.self))
    }

    /// A floating-point attribute (an integer attribute is accepted and converted).
    public func doubleAttribute(_ name: String) throws -> Double {
        try readNumber(name, accepting: [H5T_FLOAT, H5T_INTEGER], expected: "a number",
                       memoryType: vitrine_h5t_native_double(), as: Double.self)
    }

    /// A JSON string attribute decoded as `type`.
    public func jsonAttribute<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let text = try stringAttribute(name)
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw HDF5Error.invalidValue(file: file.path, path: attributePath(name),
                                         reason: "not valid JSON for \(type): \(error)")
        }
    }
}
