/// The best `k` of a stream of scored rows without sorting the stream: a binary heap of the
/// `k` best so far with the worst at its root, so each row costs one comparison unless it
/// enters the top `k` (O(N + k log k · log N) against a full sort's O(N log N)).
struct TopKSelection {
    let k: Int
    private(set) var heap: [SearchHit] = []

    init(k: Int) {
        self.k = k
        // Capped: k may exceed the rows scanned, and the heap grows as needed past this.
        heap.reserveCapacity(min(k, 1 << 16))
    }

    /// The hit a newcomer must beat once the heap is full.
    var worst: SearchHit? { heap.count == k ? heap.first : nil }

    @inline(__always)
    mutating func offer(_ hit: SearchHit) {
        if heap.count < k {
            heap.append(hit)
            siftUp(heap.count - 1)
        } else if k > 0, hit.ranksBefore(heap[0]) {
            heap[0] = hit
            siftDown(0)
        }
    }

    /// Offers every row of `range` whose index `allows`, reading scores from `scores[i - offset]`.
    mutating func scan(_ scores: UnsafePointer<Float>, _ range: Range<Int>, offset: Int = 0,
                       allows: (Int) -> Bool) {
        guard k > 0 else { return }
        // The root, cached: most rows fall below it and cost one comparison, before the filter.
        var bar = worst ?? SearchHit(index: .max, score: -.infinity)
        for i in range {
            let score = scores[i - offset]
            if score < bar.score { continue }
            let hit = SearchHit(index: i, score: score)
            guard heap.count < k || hit.ranksBefore(bar), allows(i) else { continue }
            offer(hit)
            if let root = worst { bar = root }
        }
    }

    /// Merges another selection's candidates into this one.
    mutating func merge(_ other: TopKSelection) {
        for hit in other.heap { offer(hit) }
    }

    /// The selected hits, best first.
    func sorted() -> [SearchHit] {
        heap.sorted { $0.ranksBefore($1) }
    }

    // The root is the hit every other ranks before: "a ranks after b" is the heap order.
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[parent].ranksBefore(heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = heap.count
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < count, heap[worst].ranksBefore(heap[left]) { worst = left }
            if right < count, heap[worst].ranksBefore(heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
