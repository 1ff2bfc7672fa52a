import Testing
import VitrineEngine
@testable import VitrineNN

/// Direct convolution by nested loops, straight from PyTorch's definition.
func naiveConv2d(_ x: Tensor, weight w: Tensor, bias: Tensor?, stride: Size2, padding: Size2,
                 dilation: Size2, groups: Int) -> Tensor {
    let (n, cin, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (cout, cinG, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let outH = (h + 2 * padding.h - dilation.h * (kh - 1) - 1) / stride.h + 1
    let outW = (wd + 2 * padding.w - dilation.w * (kw - 1) - 1) / stride.w + 1
    let coutG = cout / groups
    precondition(cinG * groups == cin)
    let y = Tensor(zeros: [n, cout, outH, outW])
    for b in 0..<n {
        for o in 0..<cout {
            let g = o / coutG
            for oh in 0..<outH {
                for ow in 0..<outW {
                    var s = Double(bias?[o] ?? 0)
                    for ci in 0..<cinG {
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let ih = oh * stride.h - padding.h + i * dilation.h
                                let iw = ow * stride.w - padding.w + j * dilation.w
                                if ih < 0 || ih >= h || iw < 0 || iw >= wd { continue }
                                s += Double(x[[b, g * cinG + ci, ih, iw]]) * Double(w[[o, ci, i, j]])
                            }
                        }
                    }
                    y[[b, o, oh, ow]] = Float(s)
                }
            }
        }
    }
    return y
}

/// One layer configuration and the input size it is tested at.
struct ConvCase: CustomTestStringConvertible, Sendable {
    var inChannels: Int
    var outChannels: Int
    var kernel: Size2
    var stride: Size2 = 1
    var padding: Size2 = 0
    var dilation: Size2 = 1
    var groups = 1
    var bias = true
    var outputPadding: Size2 = 0
    var input: [Int]
    var name: String

    var testDescription: String { name }
}

private let cases: [ConvCase] = [
    ConvCase(inChannels: 2, outChannels: 3, kernel: 3, padding: 1, input: [2, 2, 5, 5], name: "3x3 pad 1"),
    ConvCase(inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: 2, input: [2, 2, 7, 6],
             name: "stride 2 pad 2"),
    ConvCase(inChannels: 2, outChannels: 2, kernel: 3, padding: 2, dilation: 2, input: [1, 2, 7, 6],
             name: "dilation 2"),
    ConvCase(inChannels: 4, outChannels: 6, kernel: Size2(2, 3), padding: 1, groups: 2, input: [2, 4, 5, 4],
             name: "groups 2, 2x3 kernel"),
    ConvCase(inChannels: 3, outChannels: 6, kernel: 3, stride: Size2(2, 1), padding: 1, groups: 3,
             input: [2, 3, 6, 5], name: "depthwise x2"),
    ConvCase(inChannels: 3, outChannels: 2, kernel: Size2(3, 2), stride: Size2(1, 2), padding: Size2(1, 0),
             bias: false, input: [2, 3, 6, 5], name: "non-square, no bias"),
    ConvCase(inChannels: 2, outChannels: 3, kernel: 2, padding: Size2(2, 1), input: [2, 2, 3, 4],
             name: "padding beyond the kernel span"),
    ConvCase(inChannels: 3, outChannels: 4, kernel: 1, input: [3, 3, 4, 3], name: "1x1"),
    ConvCase(inChannels: 4, outChannels: 4, kernel: 1, stride: 2, groups: 2, input: [2, 4, 5, 5],
             name: "1x1 stride 2 groups 2"),
]

private func makeConv(_ c: ConvCase, seed: UInt64 = 1) throws -> Conv2d {
    try Conv2d(c.inChannels, c.outChannels, kernelSize: c.kernel, stride: c.stride, padding: c.padding,
               dilation: c.dilation, groups: c.groups, bias: c.bias, generator: Generator(seed: seed))
}

@Suite struct Conv2dTests {
    @Test(arguments: cases)
    func forwardMatchesDirectConvolution(_ c: ConvCase) throws {
        let x = randomTensor(c.input, seed: 11)
        // One image per product, and the whole batch in one product: both must be exact.
        for target in [1, 1 << 20] {
            let conv = try makeConv(c)
            conv.lowering.targetColumns = target
            let y = try conv.forward(x)
            let expected = naiveConv2d(x, weight: conv.weight.value, bias: conv.bias?.value, stride: c.stride,
                                       padding: c.padding, dilation: c.dilation, groups: c.groups)
            #expect(y.shape == expected.shape)
            expectClose(y, expected.array, tolerance: 1e-5)
        }
    }

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ c: ConvCase) throws {
        for target in [1, 1 << 20] {
            let conv = try makeConv(c)
            conv.lowering.targetColumns = target
            let results = try expectGradientsMatch(conv, input: randomTensor(c.input, seed: 12))
            #expect(results.map(\.name) == (c.bias ? ["input", "weight", "bias"] : ["input", "weight"]))
        }
    }

    /// Backward adds into the parameter gradients rather than overwriting them.
    @Test func backwardAccumulatesParameterGradients() throws {
        let conv = try makeConv(cases[0])
        let x = randomTensor([2, 2, 5, 5], seed: 13)
        let dy = randomTensor([2, 3, 5, 5], seed: 14)
        _ = try conv.forward(x)
        _ = try conv.backward(dy)
        let once = conv.weight.grad.copy(), onceBias = conv.bias!.grad.copy()
        _ = try conv.backward(dy)
        expectClose(conv.weight.grad, once.array.map { 2 * $0 }, tolerance: 1e-5)
        expectClose(conv.bias!.grad, onceBias.array.map { 2 * $0 }, tolerance: 1e-5)
    }

    /// A hand-worked case: a 2×2 all-ones kernel sums each window.
    @Test func handWorkedBoxFilter() throws {
        let conv = try Conv2d(1, 1, kernelSize: 2, generator: Generator(seed: 0))
        conv.weight.value.fill(1)
        conv.bias!.value.fill(0.5)
        let x = try Tensor(shape: [1, 1, 3, 3], values: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let y = try conv.forward(x)
        #expect(y.shape == [1, 1, 2, 2])
        expectClose(y, [12.5, 16.5, 24.5, 28.5])
        let dx = try conv.backward(Tensor(shape: [1, 1, 2, 2], repeating: 1))
        // Each input pixel's gradient counts the windows that cover it.
        expectClose(dx, [1, 2, 1, 2, 4, 2, 1, 2, 1])
        expectClose(conv.weight.grad, [12, 16, 24, 28])
        expectClose(conv.bias!.grad, [4])
    }

    @Test func parametersAreNamedAndInitializedAsPyTorch() throws {
        let conv = try Conv2d(4, 6, kernelSize: Size2(3, 2), groups: 2, generator: Generator(seed: 3))
        #expect(conv.namedParameters().map(\.0) == ["weight", "bias"])
        #expect(conv.weight.shape == [6, 2, 3, 2])
        let bound = 1 / Float(2 * 3 * 2).squareRoot()
        #expect(conv.weight.value.array.allSatisfy { abs($0) <= bound })
        #expect(conv.bias!.value.array.allSatisfy { abs($0) <= bound })
        #expect(try Conv2d(2, 2, kernelSize: 1, bias: false, generator: Generator(seed: 0))
            .namedParameters().map(\.0) == ["weight"])
    }

    @Test func invalidHyperparametersAreRejected() {
        let g = Generator(seed: 0)
        let bad: [(String, () throws -> Conv2d)] = [
            ("stride", { try Conv2d(2, 2, kernelSize: 3, stride: 0, generator: g) }),
            ("stride", { try Conv2d(2, 2, kernelSize: 3, stride: Size2(1, -1), generator: g) }),
            ("padding", { try Conv2d(2, 2, kernelSize: 3, padding: -1, generator: g) }),
            ("dilation", { try Conv2d(2, 2, kernelSize: 3, dilation: 0, generator: g) }),
            ("kernel", { try Conv2d(2, 2, kernelSize: Size2(0, 3), generator: g) }),
            ("divisible", { try Conv2d(3, 4, kernelSize: 3, groups: 2, generator: g) }),
            ("divisible", { try Conv2d(4, 3, kernelSize: 3, groups: 2, generator: g) }),
            ("groups", { try Conv2d(2, 2, kernelSize: 3, groups: 0, generator: g) }),
            ("channels", { try Conv2d(0, 2, kernelSize: 3, generator: g) }),
        ]
        for (word, make) in bad {
            do {
                _ = try make()
                Issue.record("expected an error mentioning \(word)")
            } catch let EngineError.invalidArgument(location, detail) {
                #expect(location == "Conv2d")
                #expect(detail.contains(word), "\(detail)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func badInputsNameThePathAndShapes() throws {
        let conv = try Conv2d(3, 4, kernelSize: 3, padding: 1, dilation: 2, generator: Generator(seed: 0))
        let model = Sequential(conv)
        model.nameModules()
        #expect(throws: EngineError.shapeMismatch("0", "input must have 4 dimensions, got shape [3, 5, 5]")) {
            try model.forward(Tensor(zeros: [3, 5, 5]))
        }
        #expect(throws: EngineError.shapeMismatch("0", "input must be [N, 3, H, W], got [1, 2, 5, 5]")) {
            try model.forward(Tensor(zeros: [1, 2, 5, 5]))
        }
        // Dilated kernel 5×5 against a 2×6 input padded to 4×8.
        do {
            _ = try model.forward(Tensor(zeros: [1, 3, 2, 6]))
            Issue.record("expected a shape error")
        } catch let EngineError.shapeMismatch(location, detail) {
            #expect(location == "0")
            #expect(detail.contains("5×5") && detail.contains("4×8") && detail.contains("[1, 3, 2, 6]"), "\(detail)")
        }
        #expect(throws: EngineError.invalidState("0", "backward called before forward")) {
            try model.backward(Tensor(zeros: [1, 4, 5, 5]))
        }
        _ = try model.forward(Tensor(zeros: [1, 3, 5, 5]))
        #expect(throws: EngineError.shapeMismatch("0", "gradOutput must have shape [1, 4, 3, 3], got [1, 4, 5, 5]")) {
            try model.backward(Tensor(zeros: [1, 4, 5, 5]))
        }
    }

    /// The layer follows the input's spatial size from call to call.
    @Test func inputSizeMayChangeBetweenCalls() throws {
        let c = cases[1]
        let conv = try makeConv(c)
        for shape in [[1, 2, 7, 6], [3, 2, 4, 9], [1, 2, 7, 6]] {
            let x = randomTensor(shape, seed: 15)
            let y = try conv.forward(x)
            let expected = naiveConv2d(x, weight: conv.weight.value, bias: conv.bias?.value, stride: c.stride,
                                       padding: c.padding, dilation: c.dilation, groups: c.groups)
            #expect(y.shape == expected.shape)
            expectClose(y, expected.array)
        }
    }
}
