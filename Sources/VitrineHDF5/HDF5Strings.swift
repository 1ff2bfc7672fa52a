import CHDF5
import CHDF5Shim

/// A variable-length UTF-8 string type: what h5py writes for a Python `str` and reads back
/// as `str` (a fixed-length or ASCII string comes back as `bytes`).
func makeUTF8StringType(file: String, path: String) throws -> HDF5Handle {
    let id = H5Tcopy(vitrine_h5t_c_s1())
    guard id >= 0 else {
        throw HDF5Error.writeFailed(file: file, path: path, reason: HDF5Library.errorSummary())
    }
    let type = HDF5Handle.datatype(id)
    guard H5Tset_size(id, vitrine_h5t_variable()) >= 0, H5Tset_cset(id, H5T_CSET_UTF8) >= 0 else {
        throw HDF5Error.writeFailed(file: file, path: path, reason: HDF5Library.errorSummary())
    }
    return type
}

/// Reads one string stored with `storedType` in a scalar (or one-element) dataspace, through
/// `read(memoryType, buffer)` (an attribute or dataset read). Accepts variable-length strings
/// (h5py's `str`) and fixed-length ones (numpy's `S` arrays).
func readScalarString(
    storedType: hid_t, space: hid_t, file: String, path: String,
    read: (hid_t, UnsafeMutableRawPointer) -> herr_t
) throws -> String {
    guard H5Tget_class(storedType) == H5T_STRING else {
        throw HDF5Error.wrongType(file: file, path: path, expected: "a string", found: describeDatatype(storedType))
    }
    guard let shape = dataspaceShape(space), shape.reduce(1, *) == 1 else {
        throw HDF5Error.wrongShape(file: file, path: path, expected: [], found: dataspaceShape(space) ?? [0])
    }
    let failure = { HDF5Error.readFailed(file: file, path: path, reason: HDF5Library.errorSummary()) }
    if H5Tis_variable_str(storedType) > 0 {
        let memoryID = H5Tcopy(vitrine_h5t_c_s1())
        guard memoryID >= 0 else { throw failure() }
        let memoryType = HDF5Handle.datatype(memoryID)
        defer { memoryType.close() }
        guard H5Tset_size(memoryID, vitrine_h5t_variable()) >= 0,
              H5Tset_cset(memoryID, H5Tget_cset(storedType)) >= 0
        else { throw failure() }
        var pointer: UnsafeMutablePointer<CChar>? = nil
        guard read(memoryID, &pointer) >= 0 else { throw failure() }
        guard let pointer else { return "" }
        defer { H5free_memory(pointer) }
        return String(cString: pointer)
    }
    let size = H5Tget_size(storedType)
    guard size > 0 else { throw failure() }
    var bytes = [UInt8](repeating: 0, count: size + 1)
    let status = bytes.withUnsafeMutableBytes { read(storedType, $0.baseAddress!) }
    guard status >= 0 else { throw failure() }
    var end = bytes.firstIndex(of: 0) ?? size
    if H5Tget_strpad(storedType) == H5T_STR_SPACEPAD {
        while end > 0 && bytes[end - 1] == 0x20 { end -= 1 }
    }
    return String(decoding: bytes[..<end], as: UTF8.self)
}
