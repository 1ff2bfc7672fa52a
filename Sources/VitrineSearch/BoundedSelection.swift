/// The rows that may be in the exact top `k`, found from an interval `[lower, upper]` around
/// each row's exact score without computing any exact score.
///
/// If `L` is the `k`-th largest lower bound among the allowed rows, at least `k` rows score
/// `≥ L`, so the `k`-th best exact score is `≥ L`, and every row of the exact top `k` (and every
/// row tied with its last) has `upper ≥ L`. Those rows are the candidates: rescoring them
/// exactly and taking their top `k` (score, then row) gives exactly the full scan's result.
///
/// One pass: `L` is not known until the end, so the scan keeps every row whose upper bound
/// reaches the running `k`-th lower bound — never above `L`, so nothing needed is dropped —
/// and ``candidates(upper:)`` drops the rest once the chunks are merged.
struct BoundedSelection {
    let k: Int
    /// The `k` largest lower bounds so far.
    private(set) var floor: TopKSelection
    /// Rows whose upper bound reached the running floor, in increasing order.
    private(set) var kept: [Int32] = []

    init(k: Int) {
        self.k = k
        floor = TopKSelection(k: k)
        // Capped so a huge k neither overflows nor reserves memory the scan will not use.
        kept.reserveCapacity(4 * min(k, 1 << 16) + 64)
    }

    /// Scans the rows of `range` that `allows` lets through.
    mutating func scan(lower: UnsafePointer<Float>, upper: UnsafePointer<Float>, _ range: Range<Int>,
                       allows: (Int) -> Bool) {
        // -infinity until the floor holds k bounds; every bound is finite, so each row is
        // offered until then.
        var bar = floor.worst?.score ?? -.infinity
        for i in range {
            // lower ≤ upper: a row below the bar on its upper bound is done, before the filter.
            if upper[i] < bar { continue }
            guard allows(i) else { continue }
            kept.append(Int32(truncatingIfNeeded: i))
            if lower[i] > bar {
                floor.offer(SearchHit(index: i, score: lower[i]))
                if let worst = floor.worst { bar = worst.score }
            }
        }
    }

    /// Merges another chunk's floor and kept rows into this one.
    mutating func merge(_ other: BoundedSelection) {
        floor.merge(other.floor)
        kept += other.kept
    }

    /// `L`, the `k`-th largest lower bound (-infinity when fewer than `k` rows were allowed).
    var threshold: Float { floor.worst?.score ?? -.infinity }

    /// The kept rows whose upper bound reaches `threshold`.
    func candidates(upper: UnsafePointer<Float>) -> [Int32] {
        let bar = threshold
        return kept.filter { upper[Int($0)] >= bar }
    }
}
