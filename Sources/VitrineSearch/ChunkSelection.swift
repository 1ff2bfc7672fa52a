/// A selection a scan fills chunk by chunk, one copy per chunk of rows, the copies merged in
/// chunk order afterwards (so the result does not depend on scheduling).
protocol ChunkSelection {
    /// Merges the rows `other` kept into this selection.
    mutating func merge(_ other: Self)
}

extension TopKSelection: ChunkSelection {}
extension BoundedSelection: ChunkSelection {}
