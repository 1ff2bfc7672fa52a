import VitrineEngine

/// Images `[N, C, H, W]` with several categorical labels each: `attributes[i][a]` is image i's
/// value index for attribute a (a catalog's category, metal, stone, …; one column for
/// class-labelled data).
struct AttributedImages {
    let images: Tensor
    let attributes: [[Int]]

    var count: Int { attributes.count }

    init(images: Tensor, attributes: [[Int]]) {
        self.images = images
        self.attributes = attributes
    }

    /// Class-labelled images as one attribute.
    init(_ labelled: LabelledImages) {
        self.init(images: labelled.images, attributes: labelled.labels.map { [$0] })
    }

    func gather(_ indices: ArraySlice<Int>, into batch: Tensor) {
        images.gatherRows(indices, into: batch)
    }
}
