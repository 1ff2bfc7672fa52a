import VitrineData
import VitrineEngine
import VitrineNN

/// Several softmax classifiers sharing one network: the logits `[N, ΣV]` are the heads' logits
/// side by side (head h's `V_h` columns after those of the heads before it), each head
/// predicts one attribute, and the loss is the sum of the heads' cross-entropies, each averaged
/// over the batch (so every attribute pulls with the same weight, whatever its vocabulary).
/// One head is plain softmax classification.
final class AttributeHeads {
    let vocabularies: [AttributeVocabulary]
    private let losses: [CrossEntropyLoss]
    private let slices: [Tensor]
    private let gradient = Tensor(zeros: [0])

    init(_ vocabularies: [AttributeVocabulary], labelSmoothing: Float = 0) throws {
        self.vocabularies = vocabularies
        losses = try vocabularies.map { _ in try CrossEntropyLoss(labelSmoothing: labelSmoothing) }
        slices = vocabularies.map { _ in Tensor(zeros: [0]) }
    }

    var outputs: Int { vocabularies.reduce(0) { $0 + $1.values.count } }

    /// The first logit column of each head.
    private var offsets: [Int] { vocabularies.reduce(into: [0]) { $0.append($0.last! + $1.values.count) }.dropLast() }

    /// Head `h`'s `[N, V_h]` logits, copied out of `logits` into `out`.
    private func slice(_ logits: Tensor, head h: Int, into out: Tensor) {
        let (n, total, width, offset) = (logits.shape[0], logits.shape[1], vocabularies[h].values.count, offsets[h])
        out.resize([n, width])
        for i in 0..<n { (out.data + i * width).update(from: logits.data + i * total + offset, count: width) }
    }

    /// Each image's predicted value index per head.
    func predictions(_ logits: Tensor) -> [[Int]] {
        let perHead = vocabularies.indices.map { h -> [Int] in
            slice(logits, head: h, into: slices[h])
            return argmax(slices[h])
        }
        return (0..<logits.shape[0]).map { i in perHead.map { $0[i] } }
    }

    /// The summed loss for `targets[i][h]`, keeping what ``backward()`` needs.
    func forward(_ logits: Tensor, _ targets: [[Int]]) throws -> Float {
        var total: Float = 0
        for h in vocabularies.indices {
            slice(logits, head: h, into: slices[h])
            total += try losses[h].forward(slices[h], targets.map { $0[h] })
        }
        return total
    }

    /// The gradient of the summed loss with respect to the logits of the last ``forward(_:_:)``.
    func backward() throws -> Tensor {
        let n = slices.first?.shape.first ?? 0
        gradient.resize([n, outputs])
        for (h, offset) in offsets.enumerated() {
            let g = try losses[h].backward(), width = vocabularies[h].values.count
            for i in 0..<n { (gradient.data + i * outputs + offset).update(from: g.data + i * width, count: width) }
        }
        return gradient
    }
}
