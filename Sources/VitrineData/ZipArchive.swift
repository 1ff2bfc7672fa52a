import CZlib
import Foundation

/// A read-only ZIP archive (a Python wheel, for one): the member list from the central
/// directory, and each member's bytes, stored or deflated, checked against the CRC-32 the
/// archive records. ZIP64 archives, encryption and other compression methods are errors that
/// say so; wheels use none of them for files under 4 GiB.
public struct ZipArchive {
    /// One member as the central directory describes it.
    public struct Entry: Equatable, Sendable {
        public let path: String
        /// 0 stored, 8 deflated.
        public let method: Int
        public let compressedSize: Int
        public let size: Int
        public let crc32: UInt32
        let localHeaderOffset: Int
        let flags: Int
    }

    public let path: String
    public let entries: [Entry]
    private let bytes: Data

    /// Reads the archive at `path` and its central directory.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(path, "cannot read the file")
        }
        try self.init(data: data, name: path)
    }

    /// Reads an archive held in memory; `name` is used in errors.
    public init(data: Data, name: String) throws {
        path = name
        bytes = data
        let reader = ByteReader(data: data, name: name)
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535, so it
        // starts within the last 65,557 bytes.
        let lowest = max(0, data.count - 65_557)
        var end: Int?
        var at = data.count - 22
        while at >= lowest {
            if try reader.u32(at) == 0x0605_4B50 { end = at; break }
            at -= 1
        }
        guard let end else { throw DataError(name, "not a ZIP archive (no end-of-central-directory record)") }
        let count = try reader.u16(end + 10)
        let directorySize = try reader.u32(end + 12), directoryOffset = try reader.u32(end + 16)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw DataError(name, "ZIP64 archives are not supported")
        }
        var entries: [Entry] = []
        var offset = Int(directoryOffset)
        for _ in 0..<count {
            guard try reader.u32(offset) == 0x0201_4B50 else {
                throw DataError(name, "damaged central directory at byte \(offset)")
            }
            let nameLength = Int(try reader.u16(offset + 28)), extraLength = Int(try reader.u16(offset + 30))
            let commentLength = Int(try reader.u16(offset + 32))
            let nameBytes = try reader.slice(offset + 46, nameLength)
            entries.append(Entry(
                path: String(decoding: nameBytes, as: UTF8.self), method: Int(try reader.u16(offset + 10)),
                compressedSize: Int(try reader.u32(offset + 20)), size: Int(try reader.u32(offset + 24)),
                crc32: try reader.u32(offset + 16), localHeaderOffset: Int(try reader.u32(offset + 42)),
                flags: Int(try reader.u16(offset + 8))))
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The member whose path is `path`, or whose path ends with `/` + `path` when no member has
    /// it exactly (a wheel's `facenet_pytorch/data/pnet.pt` found as `data/pnet.pt`); nil when none.
    public func entry(_ path: String) -> Entry? {
        entries.first { $0.path == path } ?? entries.first { $0.path.hasSuffix("/" + path) }
    }

    /// The bytes of `entry`, decompressed and checked against its CRC-32.
    public func contents(of entry: Entry) throws -> Data {
        let where_ = "\(path): \(entry.path)"
        guard entry.flags & 1 == 0 else { throw DataError(where_, "encrypted members are not supported") }
        let reader = ByteReader(data: bytes, name: where_)
        let local = entry.localHeaderOffset
        guard try reader.u32(local) == 0x0403_4B50 else {
            throw DataError(where_, "no local file header at byte \(local)")
        }
        let start = local + 30 + Int(try reader.u16(local + 26)) + Int(try reader.u16(local + 28))
        let packed = try reader.slice(start, entry.compressedSize)
        let result: Data
        switch entry.method {
        case 0:
            result = packed
        case 8:
            result = try Self.inflate(packed, size: entry.size, name: where_)
        default:
            throw DataError(where_, "compression method \(entry.method) is not supported (only stored and deflated)")
        }
        guard result.count == entry.size else {
            throw DataError(where_, "holds \(result.count) bytes, the directory says \(entry.size)")
        }
        let crc = CRC32.of(result)
        guard crc == entry.crc32 else {
            throw DataError(where_, String(format: "CRC-32 %08x does not match the directory's %08x", crc, entry.crc32))
        }
        return result
    }

    /// Raw deflate (no zlib header) of `packed` into exactly `size` bytes.
    private static func inflate(_ packed: Data, size: Int, name: String) throws -> Data {
        var output = Data(count: size)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(name, "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        let status: Int32 = packed.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(out.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            throw DataError(name, "corrupt deflate data (zlib status \(status), \(stream.total_out) of \(size) bytes)")
        }
        return output
    }
}

/// Little-endian reads with bounds checks, so a truncated archive is an error, not a crash.
private struct ByteReader {
    let data: Data
    let name: String

    func slice(_ offset: Int, _ count: Int) throws -> Data {
        guard offset >= 0, count >= 0, offset + count <= data.count else {
            throw DataError(name, "truncated: needs bytes \(offset)..<\(offset + count) of \(data.count)")
        }
        let start = data.startIndex + offset
        return data.subdata(in: start..<(start + count))
    }

    func u16(_ offset: Int) throws -> UInt16 {
        let b = try slice(offset, 2)
        return UInt16(b[b.startIndex]) | UInt16(b[b.startIndex + 1]) << 8
    }

    func u32(_ offset: Int) throws -> UInt32 {
        let b = try slice(offset, 4)
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[b.startIndex + $1]) << (8 * $1) }
    }
}
