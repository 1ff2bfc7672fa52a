import Foundation
import VitrineData
import VitrineEngine
import VitrineInference
import VitrineImaging
import VitrineNN
import VitrineSearch

/// Which rows of a catalog manifest go into an index.
public struct CatalogSelection: Equatable, Sendable, CustomStringConvertible {
    /// `own`, `competitor`, or nil for both (the manifest's `source` column; rows without one are own).
    public var source: String?
    /// `photo`, `sketch`, or nil for both (the `kind` column; rows without one are photos).
    public var kind: String?
    /// Only these splits, or nil for all.
    public var splits: Set<String>?

    public init(source: String? = "own", kind: String? = "photo", splits: Set<String>? = nil) {
        self.source = source
        self.kind = kind
        self.splits = splits
    }

    /// "source own, kind photo, splits test, val": the selection in the CLI's terms.
    public var description: String {
        "source \(source ?? "all"), kind \(kind ?? "all"), splits \(splits.map { $0.sorted().joined(separator: ", ") } ?? "all")"
    }

    /// Throws naming the first selected source, kind or split that no row of `manifest` has,
    /// with the values it does have: a mistyped `--splits tset` says what to type instead.
    public func check(against manifest: Manifest) throws {
        let columns: [(String, String, Set<String>?, (ManifestRow) -> String)] = [
            ("source", "--source", source.map { [$0] }, { $0["source"] ?? "own" }),
            ("kind", "--kind", kind.map { [$0] }, { $0["kind"] ?? "photo" }),
            ("split", "--splits", splits, { $0.split }),
        ]
        for (column, option, wanted, value) in columns {
            guard let wanted else { continue }
            let present = Set(manifest.rows.map(value))
            let unknown = wanted.subtracting(present)
            guard unknown.isEmpty else {
                throw VisualSearchError("\(manifest.file): no \(column) \(unknown.sorted().joined(separator: ", ")) in the manifest; "
                    + "it has \(present.sorted().joined(separator: ", ")) (choose among these with \(option))")
            }
        }
    }

    /// Whether `row` belongs to the selection.
    public func includes(_ row: ManifestRow) -> Bool {
        (source == nil || (row["source"] ?? "own") == source)
            && (kind == nil || (row["kind"] ?? "photo") == kind)
            && (splits == nil || splits!.contains(row.split))
    }
}

/// Builds an ``EmbeddingIndex`` of a catalog with a trained embedding network: images decoded
/// and embedded a batch at a time (decoding on both cores, then the network's forward), with
/// each image's product metadata and the network's fingerprint, so a search with another
/// checkpoint is refused.
public enum CatalogIndexer {
    /// `rows`, when given, replaces the selection with those manifest rows, in that order.
    public static func build(manifest: Manifest, selection: CatalogSelection, network: any Layer,
                             inputShape: (channels: Int, size: Int), batchSize: Int = 64, rows chosen: [Int]? = nil,
                             progress: (Int, Int) -> Void = { _, _ in }) throws -> EmbeddingIndex {
        if chosen == nil { try selection.check(against: manifest) }
        let rows = chosen ?? manifest.rows.indices.filter { selection.includes(manifest.rows[$0]) }
        guard !rows.isEmpty else {
            throw VisualSearchError("\(manifest.file): no rows with \(selection) — nothing to index; widen the selection")
        }
        let (channels, size) = inputShape
        let plane = channels * size * size
        let embeddings = try BatchEmbedder.embed(model: network, count: rows.count, imageShape: [channels, size, size],
                                                 batchSize: batchSize) { batch, range in
            let images = try ManifestImages.load(manifest, rows: Array(rows[range]), channels: channels, size: size)
            batch.data.update(from: images.data, count: range.count * plane)
            progress(range.upperBound, rows.count)
        }
        return try EmbeddingIndex(embeddings: embeddings, items: rows.map { ProductMetadata(manifestRow: manifest.rows[$0]) },
                                  checkpointHash: ModelFingerprint.of(network))
    }
}

/// A visual-search failure with what to do about it.
public struct VisualSearchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
