/// The protocol-buffers wire format, as much of it as an ONNX model needs: varint fields and
/// length-delimited fields (strings, bytes, nested messages). Written by hand rather than
/// generated, so the build needs no protoc plugin; field numbers are onnx.proto's.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private mutating func key(_ field: Int, wireType: UInt64) { varint(UInt64(field) << 3 | wireType) }

    /// An integer field (int64 and enums; negative values as their two's complement, as protobuf does).
    mutating func int(_ field: Int, _ value: Int) {
        key(field, wireType: 0)
        varint(UInt64(bitPattern: Int64(value)))
    }

    /// A 32-bit float field (fixed32, little-endian).
    mutating func float(_ field: Int, _ value: Float) {
        key(field, wireType: 5)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func data(_ field: Int, _ value: [UInt8]) {
        key(field, wireType: 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ field: Int, _ value: String) { data(field, Array(value.utf8)) }

    /// A nested message, written by `build`.
    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        build(&nested)
        data(field, nested.bytes)
    }
}
