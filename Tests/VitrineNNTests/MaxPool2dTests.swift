import Testing
import VitrineEngine
@testable import VitrineNN

/// Max pooling written as the definition reads: every kernel tap, −∞ outside the input, the
/// first maximum in row-major order kept. Returns the output and each output's argmax.
private func naiveMaxPool(_ x: Tensor, kernel: Size2, stride: Size2, padding: Size2,
                          outH: Int, outW: Int) -> (values: [Float], argmax: [Int]) {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    var values: [Float] = [], argmax: [Int] = []
    for plane in 0..<(n * c) {
        for oh in 0..<outH {
            for ow in 0..<outW {
                var best = -Float.infinity, bestIndex = -1
                for i in 0..<kernel.h {
                    for j in 0..<kernel.w {
                        let ih = oh * stride.h - padding.h + i, iw = ow * stride.w - padding.w + j
                        guard ih >= 0, ih < h, iw >= 0, iw < w else { continue }
                        let v = x[plane * h * w + ih * w + iw]
                        if bestIndex < 0 || v > best { best = v; bestIndex = plane * h * w + ih * w + iw }
                    }
                }
                values.append(best)
                argmax.append(bestIndex)
            }
        }
    }
    return (values, argmax)
}

@Suite struct MaxPool2dTests {
    /// Output sizes from PyTorch's formula, worked by hand:
    /// out = floor((H + 2p − k + (ceil ? s − 1 : 0)) / s) + 1, minus one in ceil mode when the
    /// last window would start at or past H + p.
    @Test(arguments: [
        // (H, W, k, s, p, ceil, outH, outW)
        (6, 6, 3, 2, 0, true, 3, 3),    // ceil adds a window: (6 − 3 + 1)/2 + 1 = 3
        (6, 6, 3, 2, 0, false, 2, 2),
        (5, 5, 3, 2, 0, false, 2, 2),
        (5, 5, 3, 2, 0, true, 2, 2),    // (5 − 3 + 1)/2 + 1 = 2: no extra window
        (5, 5, 2, 2, 1, true, 3, 3),    // formula gives 4, but window 3 would start at 6 ≥ 5 + 1
        (5, 5, 2, 2, 1, false, 3, 3),
        (4, 7, 2, 3, 0, true, 2, 3),    // H: (4 − 2 + 2)/3 + 1 = 2; W: (7 − 2 + 2)/3 + 1 = 3
        (4, 7, 2, 3, 0, false, 1, 2),
        (2, 2, 3, 3, 0, true, 1, 1),    // ceil mode pools an input smaller than the kernel
        (8, 3, 3, 2, 1, true, 5, 2),    // H: 8/2 + 1 = 5, start 8 < 9 kept; W: (3 + 2 − 3 + 1)/2 + 1 = 2
    ])
    func outputShapeFollowsPyTorch(_ c: (Int, Int, Int, Int, Int, Bool, Int, Int)) throws {
        let pool = try MaxPool2d(kernelSize: Size2(c.2), stride: Size2(c.3), padding: Size2(c.4), ceilMode: c.5)
        let y = try pool.forward(randomTensor([1, 2, c.0, c.1], seed: 1))
        #expect(y.shape == [1, 2, c.6, c.7])
    }

    @Test func handWorkedValuesUseMinusInfinityPadding() throws {
        // All inputs negative: zero padding would win every border window, −∞ padding never does.
        let x = try Tensor(shape: [1, 1, 3, 3], values: [-1, -2, -3, -4, -5, -6, -7, -8, -9])
        let pool = try MaxPool2d(kernelSize: 2, stride: 2, padding: 1)
        // Windows rows {0}, {1, 2} × columns {0}, {1, 2}.
        expectClose(try pool.forward(x), [-1, -2, -4, -5])
        let ceil = try MaxPool2d(kernelSize: 2, ceilMode: true)
        // The extra ceil windows hold only the last row / column.
        expectClose(try ceil.forward(x), [-1, -3, -7, -9])
        let floor = try MaxPool2d(kernelSize: 2)
        expectClose(try floor.forward(x), [-1])
    }

    @Test(arguments: [
        // (shape, kernel, stride, padding, ceil)
        ([2, 3, 7, 6], Size2(3), Size2(2), Size2(1), false),
        ([1, 2, 6, 6], Size2(3), Size2(2), Size2(0), true),
        ([1, 2, 5, 8], Size2(2, 3), Size2(1, 2), Size2(1, 1), true),
        ([2, 1, 4, 7], Size2(2), Size2(3), Size2(0), true),
        ([1, 1, 5, 5], Size2(3), Size2(1), Size2(1), false),
    ])
    func matchesNaivePooling(_ shape: [Int], _ k: Size2, _ s: Size2, _ p: Size2, _ ceil: Bool) throws {
        let x = randomTensor(shape, seed: 11)
        let pool = try MaxPool2d(kernelSize: k, stride: s, padding: p, ceilMode: ceil)
        let y = try pool.forward(x)
        let naive = naiveMaxPool(x, kernel: k, stride: s, padding: p, outH: y.shape[2], outW: y.shape[3])
        #expect(y.array == naive.values)
        // The gradient of output o lands on naive argmax o (summed where windows overlap).
        let g = randomTensor(y.shape, seed: 12)
        let dx = try pool.backward(g)
        var expected = [Float](repeating: 0, count: x.count)
        for (o, index) in naive.argmax.enumerated() { expected[index] += g[o] }
        expectClose(dx, expected)
    }

    @Test func tiesGoToTheFirstElement() throws {
        // Constant input: every element ties; PyTorch keeps the first in row-major order.
        let x = Tensor(shape: [1, 1, 3, 4], repeating: 2)
        let pool = try MaxPool2d(kernelSize: 3, stride: 1)
        let y = try pool.forward(x)
        #expect(y.shape == [1, 1, 1, 2])
        let dx = try pool.backward(try Tensor(shape: [1, 1, 1, 2], values: [5, 7]))
        expectClose(dx, [5, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        // With padding the first window's first real element is (0, 0), not a padded tap.
        let padded = try MaxPool2d(kernelSize: 2, stride: 2, padding: 1)
        _ = try padded.forward(x)
        let g = Tensor(shape: [1, 1, 2, 3], repeating: 1)
        expectClose(try padded.backward(g), [1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0])
    }

    @Test(arguments: [
        ([2, 2, 6, 5], Size2(2), nil as Size2?, Size2(0), false),
        ([1, 2, 7, 7], Size2(3), Size2(2) as Size2?, Size2(1), false),
        ([1, 2, 6, 6], Size2(3), Size2(2) as Size2?, Size2(0), true),
        ([1, 1, 5, 8], Size2(2, 3), Size2(1, 2) as Size2?, Size2(1, 1), true),
        ([2, 1, 4, 7], Size2(2), Size2(3) as Size2?, Size2(0), true),
    ])
    func gradientMatchesFiniteDifferences(
        _ shape: [Int], _ k: Size2, _ s: Size2?, _ p: Size2, _ ceil: Bool
    ) throws {
        let pool = try MaxPool2d(kernelSize: k, stride: s, padding: p, ceilMode: ceil)
        // Random normal values: no ties, so the max is differentiable almost everywhere.
        try expectGradientsMatch(pool, input: randomTensor(shape, seed: 21), checker: GradientCheck(maxPoints: 64))
    }

    @Test func invalidArguments() {
        #expect(throws: EngineError.invalidArgument("MaxPool2d", "kernel size must be positive, got (0, 2)")) {
            try MaxPool2d(kernelSize: Size2(0, 2))
        }
        #expect(throws: EngineError.invalidArgument("MaxPool2d", "stride must be positive, got 0")) {
            try MaxPool2d(kernelSize: 2, stride: 0)
        }
        #expect(throws: EngineError.invalidArgument("MaxPool2d", "padding must be non-negative, got (-1, 0)")) {
            try MaxPool2d(kernelSize: 3, padding: Size2(-1, 0))
        }
        #expect(throws: EngineError.invalidArgument(
            "MaxPool2d", "padding must be at most half the kernel size, got padding 2 for kernel 3")) {
            try MaxPool2d(kernelSize: 3, padding: 2)
        }
    }

    @Test func shapeErrorsNameThePath() throws {
        let model = Sequential(try MaxPool2d(kernelSize: 3))
        model.nameModules()
        #expect(throws: EngineError.shapeMismatch(
            "0", "input must have 4 dimensions [N, C, H, W], got shape [1, 4, 4]")) {
            try model.forward(Tensor(zeros: [1, 4, 4]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "0", "input [1, 1, 2, 5] is too small for kernel 3, stride 3, padding 0: output would be 0x1")) {
            try model.forward(Tensor(zeros: [1, 1, 2, 5]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "0", "input channels, height and width must be positive, got shape [1, 1, 0, 5]")) {
            try model.forward(Tensor(zeros: [1, 1, 0, 5]))
        }
        _ = try model.forward(Tensor(zeros: [1, 1, 6, 6]))
        #expect(throws: EngineError.shapeMismatch("0", "gradOutput must have shape [1, 1, 2, 2], got [1, 1, 2, 3]")) {
            try model.backward(Tensor(zeros: [1, 1, 2, 3]))
        }
    }

    @Test func backwardBeforeForward() throws {
        let pool = try MaxPool2d(kernelSize: 2)
        #expect(throws: EngineError.invalidState("MaxPool2d", "backward called before forward")) {
            try pool.backward(Tensor(zeros: [1, 1, 1, 1]))
        }
    }

    @Test func aNaNWinsItsWindowAsInPyTorch() throws {
        let pool = try MaxPool2d(kernelSize: 2)
        let input = try Tensor(shape: [1, 1, 2, 4], values: [1, .nan, 5, 6, 3, 2, .infinity, 7])
        let out = try pool.forward(input)
        #expect(out.array[0].isNaN, "the window holding NaN gives NaN")
        #expect(out.array[1] == .infinity)
        let grad = try pool.backward(try Tensor(shape: [1, 1, 1, 2], values: [1, 1]))
        #expect(grad.array == [0, 1, 0, 0, 0, 0, 1, 0], "the gradient goes to the NaN and to +inf")
        // Finite input takes the fast path and still finds each window's first maximum.
        let finite = try pool.forward(try Tensor(shape: [1, 1, 2, 4], values: [4, 4, 0, 9, 4, 1, 9, 9]))
        #expect(finite.array == [4, 9])
        _ = try pool.backward(try Tensor(shape: [1, 1, 1, 2], values: [1, 1]))
    }
}
