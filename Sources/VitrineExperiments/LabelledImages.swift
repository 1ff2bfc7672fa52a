import VitrineEngine

/// Images `[N, C, H, W]` with their labels.
struct LabelledImages {
    let images: Tensor
    let labels: [Int]

    func gather(_ indices: ArraySlice<Int>, into batch: Tensor) {
        let stride = images.count / max(labels.count, 1)
        batch.resize([indices.count] + Array(images.shape.dropFirst()))
        for (row, index) in indices.enumerated() {
            (batch.data + row * stride).update(from: images.data + index * stride, count: stride)
        }
    }

    /// The rows whose label passes `keep`, in order (copied).
    func filter(_ keep: (Int) -> Bool) -> LabelledImages {
        let rows = labels.indices.filter { keep(labels[$0]) }
        let subset = Tensor(zeros: [0])
        gather(rows[...], into: subset)
        return LabelledImages(images: subset, labels: rows.map { labels[$0] })
    }
}
