import CHDF5
import CHDF5Shim

/// The element types Vitrine writes to datasets: tensors as float32 (or float64 for
/// reference values that need the digits), indices and counters as int64. Stored
/// little-endian, which h5py and numpy read as `<f4`, `<f8` and `<i8`.
public enum HDF5ElementType: String, Sendable, CaseIterable {
    case float32, float64, int64

    /// The type written to the file.
    var fileType: hid_t {
        switch self {
        case .float32: return vitrine_h5t_ieee_f32le()
        case .float64: return vitrine_h5t_ieee_f64le()
        case .int64: return vitrine_h5t_std_i64le()
        }
    }
}

/// A short name for a stored datatype, as numpy would spell it (`float32`, `int64`,
/// `uint8`, `string`), for error messages.
func describeDatatype(_ type: hid_t) -> String {
    let size = H5Tget_size(type)
    switch H5Tget_class(type) {
    case H5T_FLOAT: return "float\(size * 8)"
    case H5T_INTEGER: return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + "\(size * 8)"
    case H5T_STRING: return "string"
    case H5T_COMPOUND: return "a compound type"
    case H5T_ENUM: return "an enum type"
    case H5T_ARRAY: return "an array type"
    case H5T_VLEN: return "a variable-length sequence"
    case H5T_BITFIELD: return "a bitfield"
    case H5T_OPAQUE: return "an opaque type"
    case H5T_REFERENCE: return "references"
    default: return "an unknown type"
    }
}

/// The extent of a dataspace: `[]` for a scalar, `nil` for a null dataspace or an error.
func dataspaceShape(_ space: hid_t) -> [Int]? {
    switch H5Sget_simple_extent_type(space) {
    case H5S_SCALAR: return []
    case H5S_SIMPLE:
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 0 else { return nil }
        var dims = [hsize_t](repeating: 0, count: max(rank, 1))
        guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { return nil }
        return dims.prefix(rank).map { Int($0) }
    default: return nil
    }
}

/// A new dataspace for `shape` (`[]` is a scalar).
func makeDataspace(_ shape: [Int]) -> HDF5Handle? {
    let id: hid_t
    if shape.isEmpty {
        id = H5Screate(H5S_SCALAR)
    } else {
        let dims = shape.map { hsize_t($0) }
        id = H5Screate_simple(Int32(shape.count), dims, nil)
    }
    return id < 0 ? nil : HDF5Handle.dataspace(id)
}
