import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct PermuteTests {
    /// `x.permute(dims)` by its definition: output[i0, i1, …] = input at the index whose dim
    /// dims[k] is i_k.
    private func reference(_ x: Tensor, _ dims: [Int]) -> [Float] {
        let shape = x.shape, outShape = dims.map { shape[$0] }
        var result: [Float] = []
        var index = [Int](repeating: 0, count: shape.count)
        for flat in 0..<x.count {
            var rest = flat
            var outIndex = [Int](repeating: 0, count: shape.count)
            for k in stride(from: shape.count - 1, through: 0, by: -1) {
                outIndex[k] = rest % outShape[k]
                rest /= outShape[k]
            }
            for (k, d) in dims.enumerated() { index[d] = outIndex[k] }
            result.append(x[index])
        }
        return result
    }

    @Test func nchwToNwhcByHand() throws {
        // [N = 1, C = 2, H = 2, W = 3] → [1, 3, 2, 2] (N, W, H, C), as MTCNN's R-Net and O-Net.
        let x = try Tensor(shape: [1, 2, 2, 3], values: (0..<12).map(Float.init))
        let layer = try Permute([0, 3, 2, 1])
        let y = try layer.forward(x)
        #expect(y.shape == [1, 3, 2, 2])
        // (w, h, c) order: w = 0: (h0 c0, h0 c1, h1 c0, h1 c1) = (0, 6, 3, 9), …
        #expect(y.array == [0, 6, 3, 9, 1, 7, 4, 10, 2, 8, 5, 11])
        let dx = try layer.backward(y)
        #expect(dx.array == x.array)
    }

    @Test(arguments: [([1, 0], [3, 4]), ([0, 3, 2, 1], [2, 3, 4, 5]), ([2, 0, 1], [2, 3, 4]), ([0, 1, 2], [2, 3, 4])])
    func matchesDefinition(dims: [Int], shape: [Int]) throws {
        let x = randomTensor(shape, seed: 70)
        let y = try Permute(dims).forward(x)
        #expect(y.shape == dims.map { shape[$0] })
        #expect(y.array == reference(x, dims))
    }

    @Test func gradients() throws {
        try expectGradientsMatch(try Permute([0, 3, 2, 1]), input: randomTensor([2, 3, 2, 4], seed: 71))
        try expectGradientsMatch(try Permute([2, 0, 1]), input: randomTensor([3, 2, 5], seed: 72))
    }

    @Test func errors() throws {
        #expect(throws: EngineError.invalidArgument("Permute", "dims must be a permutation of 0..<3, got [0, 2, 2]")) {
            try Permute([0, 2, 2])
        }
        let layer = try Permute([0, 3, 2, 1])
        layer.path = "permute"
        #expect(throws: EngineError.shapeMismatch(
            "permute", "input must have 4 dimensions to permute by [0, 3, 2, 1], got shape [2, 3]")) {
            try layer.forward(Tensor(zeros: [2, 3]))
        }
        #expect(throws: EngineError.invalidState("permute", "backward called before forward")) {
            try layer.backward(Tensor(zeros: [2, 3]))
        }
    }
}
