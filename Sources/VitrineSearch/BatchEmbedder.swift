import VitrineEngine
import VitrineNN

/// Embeds many images with a model in evaluation mode, a batch at a time, so a catalog of any
/// size runs in bounded memory. Each batch's forward uses both cores (BLAS and the layers'
/// parallel loops); batches run one after another, so the result does not depend on timing.
public enum BatchEmbedder {
    /// The model's output rows for `count` images, `[count, D]`. `fill(batch, range)` writes
    /// images `range` into `batch` (already shaped `[range.count, C, H, W]`), e.g. from PNG
    /// files; the model is switched to evaluation mode (batch statistics would make an image's
    /// embedding depend on its batch mates) and left there.
    public static func embed(model: any Layer, count: Int, imageShape: [Int], batchSize: Int = 64,
                             fill: (Tensor, Range<Int>) throws -> Void) throws -> Tensor {
        guard batchSize >= 1 else { throw SearchError.invalidArgument("batchSize", "must be at least 1, got \(batchSize)") }
        guard imageShape.count == 3, imageShape.allSatisfy({ $0 > 0 }) else {
            throw SearchError.invalidArgument("imageShape", "must be [C, H, W] with positive sizes, got \(imageShape)")
        }
        model.eval()
        let batch = Tensor(zeros: [0])
        var result: Tensor?
        var start = 0
        while start < count {
            // count − start, not start + batchSize: a huge batch size must not overflow.
            let range = start..<(start + min(batchSize, count - start))
            batch.resize([range.count] + imageShape)
            try fill(batch, range)
            let output = try model.forward(batch)
            guard output.rank == 2, output.shape[0] == range.count else {
                throw SearchError.invalidArgument("model", "must map [N, C, H, W] to [N, D], gave \(output.shape)")
            }
            let d = output.shape[1]
            if result == nil { result = Tensor(zeros: [count, d]) }
            (result!.data + range.lowerBound * d).update(from: output.data, count: range.count * d)
            start = range.upperBound
        }
        return result ?? Tensor(zeros: [0, 0])
    }
}
