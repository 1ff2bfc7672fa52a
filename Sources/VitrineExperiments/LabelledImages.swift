import VitrineEngine

/// Images `[N, C, H, W]` with their labels.
struct LabelledImages {
    let images: Tensor
    let labels: [Int]

    func gather(_ indices: ArraySlice<Int>, into batch: Tensor) { images.gatherRows(indices, into: batch) }

    /// The rows whose label passes `keep`, in order (copied).
    func filter(_ keep: (Int) -> Bool) -> LabelledImages {
        let rows = labels.indices.filter { keep(labels[$0]) }
        let subset = Tensor(zeros: [0])
        gather(rows[...], into: subset)
        return LabelledImages(images: subset, labels: rows.map { labels[$0] })
    }
}

extension Tensor {
    /// Rows `indices` of this `[N, …]` tensor, in that order, into `batch` (resized to fit).
    func gatherRows(_ indices: ArraySlice<Int>, into batch: Tensor) {
        let stride = count / max(shape[0], 1)
        batch.resize([indices.count] + Array(shape.dropFirst()))
        for (row, index) in indices.enumerated() {
            (batch.data + row * stride).update(from: data + index * stride, count: stride)
        }
    }
}
