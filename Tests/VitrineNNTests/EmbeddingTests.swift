import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct EmbeddingTests {
    @Test func initialWeightsAreStandardNormalDrawsInRowMajorOrder() throws {
        let emb = try Embedding(5, 3, generator: Generator(seed: 3))
        let expected = Tensor(zeros: [5, 3])
        Generator(seed: 3).fillNormal(expected)
        #expect(emb.weight.shape == [5, 3])
        #expect(emb.weight.value.array == expected.array)
        #expect(emb.namedParameters().map(\.0) == ["weight"])
    }

    @Test func lookupAndAccumulationByHand() throws {
        let emb = try Embedding(4, 2, generator: Generator(seed: 0))
        for i in 0..<8 { emb.weight.value[i] = Float(i) }
        let indices = try IndexTensor(shape: [2, 2], values: [3, 0, 3, 1])
        let y = try emb.forward(indices)
        #expect(y.shape == [2, 2, 2])
        #expect(y.array == [6, 7, 0, 1, 6, 7, 2, 3])
        try emb.backward(try Tensor(shape: [2, 2, 2], values: [1, 2, 3, 4, 5, 6, 7, 8]))
        // Row 3 was read twice, so it receives both gradients; row 2 was never read.
        #expect(emb.weight.grad.array == [3, 4, 7, 8, 0, 0, 1 + 5, 2 + 6])
        try emb.backward(try Tensor(shape: [2, 2, 2], values: [1, 2, 3, 4, 5, 6, 7, 8]))
        #expect(emb.weight.grad.array == [6, 8, 14, 16, 0, 0, 12, 16])
    }

    @Test func oneDimensionalIndices() throws {
        let emb = try Embedding(3, 4, generator: Generator(seed: 1))
        let y = try emb.forward(IndexTensor([2]))
        #expect(y.shape == [1, 4])
        #expect(y.array == Array(emb.weight.value.array[8..<12]))
    }

    @Test func weightGradientMatchesFiniteDifferences() throws {
        let emb = try Embedding(6, 4, generator: Generator(seed: 80))
        let indices = try IndexTensor(shape: [3, 2], values: [5, 0, 2, 5, 5, 1])
        let projection = randomTensor([3, 2, 4], seed: 81)
        _ = try emb.forward(indices)
        try emb.backward(projection)
        let result = try GradientCheck(maxPoints: 24).compare(
            name: "weight", value: emb.weight.value, analytic: emb.weight.grad.copy()
        ) {
            Kernels.dot(try emb.forward(indices), projection)
        }
        #expect(result.passed, "\(result)")
        #expect(result.checked == 24)
    }

    @Test func errors() throws {
        #expect(throws: EngineError.invalidArgument(
            "Embedding", "numEmbeddings and embeddingDim must be positive, got 0 and 3")) {
            try Embedding(0, 3, generator: Generator(seed: 0))
        }
        #expect(throws: EngineError.invalidArgument(
            "Embedding", "numEmbeddings and embeddingDim must be positive, got 4 and -1")) {
            try Embedding(4, -1, generator: Generator(seed: 0))
        }
        let emb = try Embedding(5, 2, generator: Generator(seed: 0))
        emb.path = "item_embedding"
        #expect(throws: EngineError.invalidState("item_embedding", "backward called before forward")) {
            try emb.backward(Tensor(zeros: [1, 2]))
        }
        #expect(throws: EngineError.invalidArgument(
            "item_embedding", "index 5 at position 3 is out of range for 5 embeddings")) {
            try emb.forward(IndexTensor([0, 4, 1, 5, 2]))
        }
        #expect(throws: EngineError.invalidArgument(
            "item_embedding", "index -1 at position 0 is out of range for 5 embeddings")) {
            try emb.forward(IndexTensor([-1]))
        }
        _ = try emb.forward(try IndexTensor(shape: [2, 3], values: [0, 1, 2, 3, 4, 0]))
        #expect(throws: EngineError.shapeMismatch("item_embedding", "gradOutput must have shape [2, 3, 2], got [6, 2]")) {
            try emb.backward(Tensor(zeros: [6, 2]))
        }
    }
}
