import CZlib
import Foundation
import VitrineHDF5

/// A CRC-32 over everything a checkpoint holds, stored as `/meta` attribute `checksum`, so
/// that a flipped byte anywhere — in weights, optimizer state, documents or metadata, where
/// HDF5 itself would read the damaged value without complaint — is caught on load.
///
/// The sum is computed by walking the file (every dataset of every group but `/meta` — the
/// modules, the optimizers, the documents — in name order, with its path, stored type, shape
/// and values;
/// each optimizer's step count; the `/meta` attributes), both when saving (after the file is written, before it is
/// renamed into place) and when loading: one function, so the two cannot disagree.
enum CheckpointChecksum {
    static let attribute = "checksum"
    static let metaAttributes = ["step", "epoch", "position", "generator_state", "config", "metrics", "best_metric",
                                 "vitrine_version", "git_commit", "format"]

    /// The checksum of the checkpoint open at `root`, as `crc32:<8 hex digits>`. A dataset
    /// declaring more values than the file has bytes is refused before anything is allocated.
    static func compute(_ root: HDF5Group, fileSize: Int, path: String) throws -> String {
        var crc = crc32(0, nil, 0)
        func add(_ text: String) {
            var bytes = Array(text.utf8) + [0]
            crc = bytes.withUnsafeMutableBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        }
        func add<T>(_ values: [T]) {
            crc = values.withUnsafeBytes { buffer in
                var sum = crc
                var offset = 0
                // zlib takes 32-bit lengths: feed large tensors in pieces.
                while offset < buffer.count {
                    let n = min(buffer.count - offset, 1 << 30)
                    sum = crc32(sum, buffer.baseAddress!.assumingMemoryBound(to: Bytef.self) + offset, uInt(n))
                    offset += n
                }
                return sum
            }
        }
        func walk(_ group: HDF5Group, _ prefix: String) throws {
            if try group.hasAttribute("step_count") { add("\(prefix)@step_count=\(try group.intAttribute("step_count"))") }
            for name in try group.members() {
                let member = prefix + "/" + name
                switch try group.kind(of: name) {
                case .group?:
                    try walk(try group.group(name), member)
                case .dataset?:
                    let dataset = try group.dataset(name)
                    defer { dataset.close() }
                    guard dataset.count <= fileSize else {
                        throw CheckpointError(path, "\(member) declares shape \(dataset.shape) (\(dataset.count) values), "
                            + "more than the file's \(fileSize) bytes can hold; the file is damaged")
                    }
                    add(member + ":" + dataset.storedType)
                    add(dataset.shape.map { Int64($0) })
                    if dataset.storedType == "string" {
                        add(try dataset.readString())
                    } else if dataset.storedType.hasPrefix("float") {
                        add(try dataset.readDoubles())
                    } else {
                        add(try dataset.readInts().values.map { Int64($0) })
                    }
                default:
                    add(member + "?")
                }
            }
        }
        for top in try root.members() where top != "meta" {
            guard try root.kind(of: top) == .group else {
                throw CheckpointError(path, "/\(top) is not a group; the file is not a Vitrine checkpoint")
            }
            add("/" + top)
            try walk(try root.group(top), "/" + top)
        }
        let meta = try root.group("meta")
        for name in metaAttributes {
            if let text = try? meta.stringAttribute(name) { add("\(name)=\(text)") }
            else if let number = try? meta.doubleAttribute(name) { add("\(name)=\(number.bitPattern)") }
            else { add("\(name)=") }
        }
        return String(format: "crc32:%08x", UInt32(crc))
    }

    /// What `/meta` attribute `format` says of checkpoints that carry a checksum.
    static let format = "vitrine-checkpoint/2"

    /// Throws unless the stored checksum matches the contents. A checkpoint written before
    /// checksums existed is accepted as it is; one that says it is of the current format (a
    /// `format` attribute, or the `/optimizers` layout) must have its checksum, so deleting the
    /// attribute does not turn damage into an old file.
    static func verify(_ root: HDF5Group, fileSize: Int, path: String) throws {
        let meta = try root.group("meta")
        guard try meta.hasAttribute(attribute) else {
            if try meta.hasAttribute("format") || root.contains("optimizers") {
                throw CheckpointError(path, "no /meta checksum, though the file is of a format that always has one: "
                    + "it was damaged after it was written; use another checkpoint of the run or train again")
            }
            return
        }
        let stored = try meta.stringAttribute(attribute)
        let actual = try compute(root, fileSize: fileSize, path: path)
        guard stored == actual else {
            throw CheckpointError(path, "checksum mismatch (stored \(stored), contents \(actual)): the file was damaged after it "
                + "was written; use another checkpoint of the run (step-N.h5, last.h5) or train again")
        }
    }

    static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : Int.max
    }
}
