import Testing
import VitrineData
import VitrineEngine
import VitrineNN
@testable import VitrineExperiments

/// Several softmax heads on one logit row: the loss is the sum of the heads' cross-entropies,
/// and its gradient matches central finite differences.
@Suite struct AttributeHeadsTests {
    let vocabularies = [AttributeVocabulary(name: "a", values: ["x", "y", "z"]), AttributeVocabulary(name: "b", values: ["p", "q"])]
    let targets = [[2, 0], [0, 1], [1, 1], [0, 0]]

    func logits() -> Tensor {
        let t = Tensor(zeros: [4, 5])
        Generator(seed: 7).fillNormal(t)
        return t
    }

    @Test func theLossIsTheSumOfEachHeadsCrossEntropy() throws {
        let heads = try AttributeHeads(vocabularies)
        let z = logits()
        let total = try heads.forward(z, targets)
        let first = Tensor(zeros: [4, 3]), second = Tensor(zeros: [4, 2])
        for i in 0..<4 {
            for j in 0..<3 { first.data[i * 3 + j] = z.data[i * 5 + j] }
            for j in 0..<2 { second.data[i * 2 + j] = z.data[i * 5 + 3 + j] }
        }
        let expected = try CrossEntropyLoss().forward(first, targets.map { $0[0] })
            + CrossEntropyLoss().forward(second, targets.map { $0[1] })
        #expect(abs(total - expected) < 1e-6)
        #expect(heads.predictions(z).count == 4)
        // Each head's prediction is the argmax of its own columns.
        let row0 = (0..<5).map { z.data[$0] }
        #expect(heads.predictions(z)[0] == [row0[0..<3].indices.max { row0[$0] < row0[$1] }!,
                                            row0[3..<5].indices.max { row0[$0] < row0[$1] }! - 3])
    }

    @Test func theGradientMatchesFiniteDifferences() throws {
        let heads = try AttributeHeads(vocabularies, labelSmoothing: 0.1)
        let z = logits()
        _ = try heads.forward(z, targets)
        let analytic = try heads.backward().copy()
        let h: Float = 1e-2
        for k in 0..<z.count {
            let saved = z.data[k]
            z.data[k] = saved + h
            let up = try heads.forward(z, targets)
            z.data[k] = saved - h
            let down = try heads.forward(z, targets)
            z.data[k] = saved
            let numeric = (up - down) / (2 * h)
            #expect(abs(numeric - analytic.data[k]) < 2e-3, "logit \(k): \(numeric) vs \(analytic.data[k])")
        }
    }
}
