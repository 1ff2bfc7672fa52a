import Testing
import VitrineEngine
@testable import VitrineNN

/// Average pooling from the definition, tap by tap: a tap inside the padded frame
/// `[-p, H + p)` counts toward the divisor when padding is included, a tap on a real element
/// counts when it is not; taps beyond the padded frame (ceil mode's overhang) never count.
private func naiveAvgPool(_ x: Tensor, kernel: Size2, stride: Size2, padding: Size2,
                          includePad: Bool, outH: Int, outW: Int) -> [Float] {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    var result: [Float] = []
    for plane in 0..<(n * c) {
        for oh in 0..<outH {
            for ow in 0..<outW {
                var sum = 0.0, divisor = 0
                for i in 0..<kernel.h {
                    for j in 0..<kernel.w {
                        let ih = oh * stride.h - padding.h + i, iw = ow * stride.w - padding.w + j
                        let inFrame = ih < h + padding.h && iw < w + padding.w
                        let real = ih >= 0 && ih < h && iw >= 0 && iw < w
                        if real { sum += Double(x[plane * h * w + ih * w + iw]) }
                        if includePad ? inFrame : real { divisor += 1 }
                    }
                }
                result.append(Float(sum / Double(divisor)))
            }
        }
    }
    return result
}

@Suite struct AvgPool2dTests {
    @Test func handWorkedDivisorsAtThePaddedBorder() throws {
        // One row [1 … 6], kernel 3 along W, stride 2, padding 1, ceil mode: 4 windows
        // starting at −1, 1, 3, 5 (the last starts inside the input, so ceil keeps it).
        //   window −1..1: 1 + 2 = 3   over 3 taps with padding, 2 without
        //   window  1..3: 2+3+4 = 9   over 3
        //   window  3..5: 4+5+6 = 15  over 3
        //   window  5..7: 6           over 2 with padding (tap 6 is padding, tap 7 is past it), 1 without
        let x = try Tensor(shape: [1, 1, 1, 6], values: [1, 2, 3, 4, 5, 6])
        let include = try AvgPool2d(kernelSize: Size2(1, 3), stride: Size2(1, 2), padding: Size2(0, 1),
                                    ceilMode: true, countIncludePad: true)
        let y = try include.forward(x)
        #expect(y.shape == [1, 1, 1, 4])
        expectClose(y, [1, 3, 5, 3])
        let exclude = try AvgPool2d(kernelSize: Size2(1, 3), stride: Size2(1, 2), padding: Size2(0, 1),
                                    ceilMode: true, countIncludePad: false)
        expectClose(try exclude.forward(x), [1.5, 3, 5, 6])
        // Backward spreads each gradient over the real elements by the same divisor.
        let dx = try exclude.backward(Tensor(shape: [1, 1, 1, 4], repeating: 1))
        expectClose(dx, [0.5, 0.5 + 1.0 / 3, 1.0 / 3, 2.0 / 3, 1.0 / 3, 1.0 / 3 + 1])
    }

    @Test(arguments: [
        // (H, W, k, s, p, ceil, outH, outW), PyTorch's formula as for max pooling
        (6, 6, 3, 2, 0, true, 3, 3),
        (5, 5, 3, 2, 0, false, 2, 2),
        (5, 5, 2, 2, 1, true, 3, 3),    // the would-be 4th window starts in the right padding
        (4, 7, 2, 3, 0, true, 2, 3),
    ])
    func outputShapeFollowsPyTorch(_ c: (Int, Int, Int, Int, Int, Bool, Int, Int)) throws {
        let pool = try AvgPool2d(kernelSize: Size2(c.2), stride: Size2(c.3), padding: Size2(c.4), ceilMode: c.5)
        #expect(try pool.forward(randomTensor([1, 1, c.0, c.1], seed: 1)).shape == [1, 1, c.6, c.7])
    }

    @Test(arguments: [
        // (shape, kernel, stride, padding, ceil)
        ([2, 2, 7, 6], Size2(3), Size2(2), Size2(1), false),
        ([1, 2, 6, 6], Size2(3), Size2(2), Size2(1), true),
        ([1, 1, 5, 8], Size2(2, 3), Size2(1, 2), Size2(1, 1), true),
        ([2, 1, 4, 7], Size2(2), Size2(3), Size2(1), true),
    ], [true, false])
    func matchesNaivePooling(
        _ config: ([Int], Size2, Size2, Size2, Bool), _ includePad: Bool
    ) throws {
        let (shape, k, s, p, ceil) = config
        let x = randomTensor(shape, seed: 31)
        let pool = try AvgPool2d(kernelSize: k, stride: s, padding: p, ceilMode: ceil, countIncludePad: includePad)
        let y = try pool.forward(x)
        expectClose(y, naiveAvgPool(x, kernel: k, stride: s, padding: p, includePad: includePad,
                                    outH: y.shape[2], outW: y.shape[3]))
    }

    @Test(arguments: [
        ([2, 2, 6, 5], Size2(2), nil as Size2?, Size2(0), false),
        ([1, 2, 7, 7], Size2(3), Size2(2) as Size2?, Size2(1), false),
        ([1, 2, 6, 6], Size2(3), Size2(2) as Size2?, Size2(1), true),
        ([1, 1, 5, 8], Size2(2, 3), Size2(1, 2) as Size2?, Size2(1, 1), true),
        ([2, 1, 4, 7], Size2(2), Size2(3) as Size2?, Size2(1), true),
    ], [true, false])
    func gradientMatchesFiniteDifferences(
        _ config: ([Int], Size2, Size2?, Size2, Bool), _ includePad: Bool
    ) throws {
        let (shape, k, s, p, ceil) = config
        let pool = try AvgPool2d(kernelSize: k, stride: s, padding: p, ceilMode: ceil, countIncludePad: includePad)
        try expectGradientsMatch(pool, input: randomTensor(shape, seed: 41), checker: GradientCheck(maxPoints: 64))
    }

    @Test func invalidArguments() {
        #expect(throws: EngineError.invalidArgument(
            "AvgPool2d", "padding must be at most half the kernel size, got padding (0, 2) for kernel (2, 3)")) {
            try AvgPool2d(kernelSize: Size2(2, 3), padding: Size2(0, 2))
        }
        #expect(throws: EngineError.invalidArgument("AvgPool2d", "stride must be positive, got (1, -1)")) {
            try AvgPool2d(kernelSize: 2, stride: Size2(1, -1))
        }
        #expect(throws: EngineError.invalidArgument("AvgPool2d", "kernel size must be positive, got -2")) {
            try AvgPool2d(kernelSize: -2)
        }
    }

    @Test func shapeErrorsNameThePath() throws {
        let model = Sequential(try AvgPool2d(kernelSize: 2), try AvgPool2d(kernelSize: 4))
        model.nameModules()
        #expect(throws: EngineError.shapeMismatch(
            "1", "input [1, 3, 3, 3] is too small for kernel 4, stride 4, padding 0: output would be 0x0")) {
            try model.forward(Tensor(zeros: [1, 3, 6, 7]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "0", "input must have 4 dimensions [N, C, H, W], got shape [6, 7]")) {
            try model.forward(Tensor(zeros: [6, 7]))
        }
        let pool = try AvgPool2d(kernelSize: 2)
        #expect(throws: EngineError.invalidState("AvgPool2d", "backward called before forward")) {
            try pool.backward(Tensor(zeros: [1, 1, 1, 1]))
        }
        _ = try pool.forward(Tensor(zeros: [1, 1, 4, 4]))
        #expect(throws: EngineError.shapeMismatch("AvgPool2d", "gradOutput must have shape [1, 1, 2, 2], got [1, 2, 2]")) {
            try pool.backward(Tensor(zeros: [1, 2, 2]))
        }
    }
}
