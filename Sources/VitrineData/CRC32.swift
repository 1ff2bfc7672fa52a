import CZlib
import Foundation

/// The CRC-32 of bytes (zlib's, the one in PNG, gzip and `zlib.crc32` in Python), used to
/// notice files that changed or were cut short since they were written. Not a defence against
/// deliberate tampering, only against accidents: truncation, partial copies, stray edits.
public struct CRC32: Equatable, Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    /// Extends the checksum with `bytes`, in pieces zlib's `uInt` length can take.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return }
        var remaining = bytes.count
        var crc = uLong(value)
        while remaining > 0 {
            let piece = min(remaining, 1 << 30)
            crc = CZlib.crc32(crc, base, uInt(piece))
            base += piece
            remaining -= piece
        }
        value = UInt32(truncatingIfNeeded: crc)
    }

    public mutating func update<Bytes: DataProtocol>(_ bytes: Bytes) {
        for region in bytes.regions { region.withUnsafeBytes { update($0) } }
    }

    /// The checksum of `bytes`.
    public static func of<Bytes: DataProtocol>(_ bytes: Bytes) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// Eight lower-case hex digits, as `dataset.json` records it.
    public var hex: String { String(format: "%08x", value) }
}
