import Foundation
import VitrineEngine
import VitrineHDF5

/// Saving and loading an ``EmbeddingIndex`` as HDF5:
///
/// - `/embeddings`: float32 `[N, D]`, unit rows;
/// - `/metadata`: a UTF-8 string dataset holding a JSON array of N objects
///   (`product_id`, `category`, `brand`, `attributes`, `price`, `path`);
/// - root attributes `checkpoint_hash` (the checkpoint that embedded the catalog),
///   `format` (`vitrine-embedding-index`) and `version` (1).
///
/// h5py reads it directly: `f["embeddings"][:]`, `json.loads(f["metadata"][()])`.
extension EmbeddingIndex {
    static let formatName = "vitrine-embedding-index"
    static let formatVersion = 1

    /// Writes the index to `url` atomically (a temporary file renamed into place).
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(items), as: UTF8.self)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try HDF5File.writeAtomically(to: url.path) { file in
            let root = try file.root
            try root.write(embeddings, to: "embeddings")
            try root.writeString(json, to: "metadata")
            try root.setAttribute("checkpoint_hash", checkpointHash)
            try root.setAttribute("format", Self.formatName)
            try root.setAttribute("version", Self.formatVersion)
        }
    }

    /// Reads an index from `url`. With `expectedCheckpointHash`, throws
    /// ``SearchError/checkpointMismatch(path:indexHash:expectedHash:)`` unless the index was
    /// built with that checkpoint. A missing file, a file that is not an index, and
    /// embeddings and metadata that disagree are errors naming the file.
    public static func load(_ url: URL, expectedCheckpointHash: String? = nil) throws -> EmbeddingIndex {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw SearchError.indexNotFound(path: path) }
        let file: HDF5File
        do { file = try HDF5File.open(path) } catch {
            throw SearchError.corruptIndex(path: path, reason: "\(error)")
        }
        defer { try? file.close() }
        do {
            let root = try file.root
            guard try root.hasAttribute("format"), try root.stringAttribute("format") == formatName else {
                throw SearchError.corruptIndex(path: path, reason: "no 'format = \(formatName)' attribute: an HDF5 file, but not an index")
            }
            let hash = try root.stringAttribute("checkpoint_hash")
            if let expectedCheckpointHash, expectedCheckpointHash != hash {
                throw SearchError.checkpointMismatch(path: path, indexHash: hash, expectedHash: expectedCheckpointHash)
            }
            let embeddings = try root.readTensor("embeddings")
            guard embeddings.rank == 2, embeddings.shape[1] > 0 else {
                throw SearchError.corruptIndex(path: path, reason: "/embeddings has shape \(embeddings.shape), expected [N, D]")
            }
            let items: [ProductMetadata]
            do {
                items = try JSONDecoder().decode([ProductMetadata].self, from: Data(try root.readString("metadata").utf8))
            } catch let error as DecodingError {
                throw SearchError.corruptIndex(path: path, reason: "/metadata is not a JSON array of product records: \(error)")
            }
            guard items.count == embeddings.shape[0] else {
                throw SearchError.corruptIndex(
                    path: path, reason: "/metadata has \(items.count) records for \(embeddings.shape[0]) embedding rows")
            }
            do {
                return try EmbeddingIndex(embeddings: embeddings, items: items, checkpointHash: hash)
            } catch let error as SearchError {
                throw SearchError.corruptIndex(path: path, reason: "\(error)")
            }
        } catch let error as HDF5Error {
            throw SearchError.corruptIndex(path: path, reason: "\(error)")
        }
    }
}
