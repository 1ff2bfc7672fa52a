import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct BatchNorm1dTests {
    @Test func twoDimensionalForwardByHand() throws {
        let bn = try BatchNorm1d(2, momentum: 0.5)
        let x = try Tensor(shape: [3, 2], values: [1, 10, 2, 20, 6, 60])
        let y = try bn.forward(x)
        // Channel 0: 1, 2, 6 → mean 3, biased variance 14/3, unbiased 7.
        // Channel 1: 10, 20, 60 → mean 30, biased variance 1400/3, unbiased 700.
        expectClose(y, [-0.9258191, -0.9258201, -0.4629096, -0.4629100, 1.3887287, 1.3887301])
        expectClose(bn.runningMean.value, [1.5, 15])
        expectClose(bn.runningVar.value, [4, 350.5])
        #expect(bn.numBatchesTracked.value.scalar == 1)
    }

    /// BatchNorm over [N, C, L] written independently, in Double, one loop per statistic.
    private func naive(_ x: Tensor, gamma: [Float], beta: [Float], runningMean: inout [Double],
                       runningVar: inout [Double], momentum: Double, eps: Double) -> [Float] {
        let n = x.shape[0], c = x.shape[1], l = x.shape[2]
        var y = [Float](repeating: 0, count: x.count)
        for ch in 0..<c {
            var values: [Double] = []
            for i in 0..<n { for j in 0..<l { values.append(Double(x[[i, ch, j]])) } }
            let mean = values.reduce(0, +) / Double(values.count)
            let ss = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            let variance = ss / Double(values.count)
            runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mean
            runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * ss / Double(values.count - 1)
            for i in 0..<n {
                for j in 0..<l {
                    let v = (Double(x[[i, ch, j]]) - mean) / (variance + eps).squareRoot()
                    y[(i * c + ch) * l + j] = Float(Double(gamma[ch]) * v + Double(beta[ch]))
                }
            }
        }
        return y
    }

    @Test func threeDimensionalForwardMatchesNaive() throws {
        let bn = try BatchNorm1d(3, eps: 1e-3, momentum: 0.3)
        randomizeBatchNorm(bn, seed: 20)
        var rm = bn.runningMean.value.array.map(Double.init), rv = bn.runningVar.value.array.map(Double.init)
        for step in 0..<3 {
            let x = randomTensor([4, 3, 5], seed: 21 + UInt64(step), scale: 3)
            let expected = naive(x, gamma: bn.weight!.value.array, beta: bn.bias!.value.array,
                                 runningMean: &rm, runningVar: &rv, momentum: 0.3, eps: 1e-3)
            expectClose(try bn.forward(x), expected)
        }
        expectClose(bn.runningMean.value, rm.map(Float.init))
        expectClose(bn.runningVar.value, rv.map(Float.init))
        #expect(bn.numBatchesTracked.value.scalar == 3)
    }

    @Test(arguments: [[4, 3], [2, 3, 4], [3, 1, 2], [1, 2, 5]])
    func gradientsInTraining(shape: [Int]) throws {
        for affine in [true, false] {
            let bn = try BatchNorm1d(shape[1], affine: affine)
            randomizeBatchNorm(bn, seed: 30)
            let results = try expectGradientsMatch(bn, input: randomTensor(shape, seed: 31))
            #expect(results.count == (affine ? 3 : 1))
        }
    }

    @Test(arguments: [[4, 3], [2, 3, 4], [1, 2]])
    func gradientsInEval(shape: [Int]) throws {
        for affine in [true, false] {
            let bn = try BatchNorm1d(shape[1], affine: affine)
            randomizeBatchNorm(bn, seed: 32)
            bn.eval()
            let results = try expectGradientsMatch(bn, input: randomTensor(shape, seed: 33))
            #expect(results.count == (affine ? 3 : 1))
        }
    }

    @Test func namesFollowPyTorch() throws {
        let bn = try BatchNorm1d(4)
        #expect(bn.stateDict().map(\.0) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        #expect(bn.namedBuffers().map(\.1.value.shape) == [[4], [4], []])
    }

    @Test func errors() throws {
        let bn = try BatchNorm1d(3)
        bn.path = "head.bn"
        #expect(throws: EngineError.shapeMismatch(
            "head.bn", "input must be [N, C] or [N, C, L], got shape [2, 3, 2, 2]")) {
            try bn.forward(Tensor(zeros: [2, 3, 2, 2]))
        }
        #expect(throws: EngineError.shapeMismatch("head.bn", "input must be [N, C] or [N, C, L], got shape [3]")) {
            try bn.forward(Tensor(zeros: [3]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "head.bn", "input must have 3 channels (dim 1), got shape [4, 2]")) {
            try bn.forward(Tensor(zeros: [4, 2]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "head.bn", "expected more than 1 value per channel when training, got input shape [1, 3]")) {
            try bn.forward(Tensor(zeros: [1, 3]))
        }
        #expect(throws: EngineError.invalidArgument("BatchNorm1d", "numFeatures must be positive, got -2")) {
            try BatchNorm1d(-2)
        }
        #expect(throws: EngineError.invalidArgument("BatchNorm1d", "eps must be positive and finite, got inf")) {
            try BatchNorm1d(2, eps: .infinity)
        }
        #expect(throws: EngineError.invalidArgument("BatchNorm1d", "momentum must be in [0, 1], got 2.0")) {
            try BatchNorm1d(2, momentum: 2)
        }
    }
}
