import Testing
import VitrineEngine
@testable import VitrineNN

/// Transposed convolution as a scatter: every input value adds `x · w` to the output window it
/// maps to, then the padding is cropped — the definition, not the adjoint trick the layer uses.
private func naiveConvTranspose2d(_ x: Tensor, weight w: Tensor, bias: Tensor?, stride: Size2, padding: Size2,
                                  outputPadding: Size2, dilation: Size2, groups: Int) -> Tensor {
    let (n, cin, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (coutG, kh, kw) = (w.shape[1], w.shape[2], w.shape[3])
    let cout = coutG * groups, cinG = cin / groups
    let outH = (h - 1) * stride.h - 2 * padding.h + dilation.h * (kh - 1) + outputPadding.h + 1
    let outW = (wd - 1) * stride.w - 2 * padding.w + dilation.w * (kw - 1) + outputPadding.w + 1
    var acc = [Double](repeating: 0, count: n * cout * outH * outW)
    for b in 0..<n {
        for ci in 0..<cin {
            let g = ci / cinG
            for ih in 0..<h {
                for iw in 0..<wd {
                    let v = Double(x[[b, ci, ih, iw]])
                    for co in 0..<coutG {
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let oh = ih * stride.h - padding.h + i * dilation.h
                                let ow = iw * stride.w - padding.w + j * dilation.w
                                if oh < 0 || oh >= outH || ow < 0 || ow >= outW { continue }
                                let o = g * coutG + co
                                acc[((b * cout + o) * outH + oh) * outW + ow] += v * Double(w[[ci, co, i, j]])
                            }
                        }
                    }
                }
            }
        }
    }
    let y = Tensor(zeros: [n, cout, outH, outW])
    for k in 0..<y.count {
        let o = (k / (outH * outW)) % cout
        y[k] = Float(acc[k] + Double(bias?[o] ?? 0))
    }
    return y
}

private let cases: [ConvCase] = [
    ConvCase(inChannels: 2, outChannels: 3, kernel: 3, padding: 1, input: [2, 2, 4, 4], name: "3x3 pad 1"),
    ConvCase(inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: 1, outputPadding: 1,
             input: [2, 2, 3, 4], name: "stride 2 pad 1 output_padding 1"),
    ConvCase(inChannels: 3, outChannels: 2, kernel: 4, stride: 2, padding: 2, input: [1, 3, 3, 3],
             name: "4x4 stride 2 pad 2"),
    ConvCase(inChannels: 2, outChannels: 2, kernel: 3, padding: 1, dilation: 2, outputPadding: 1,
             input: [2, 2, 4, 3], name: "dilation 2, output_padding < dilation"),
    ConvCase(inChannels: 4, outChannels: 6, kernel: Size2(2, 3), stride: Size2(2, 1), groups: 2,
             input: [2, 4, 3, 4], name: "groups 2, non-square"),
    ConvCase(inChannels: 3, outChannels: 3, kernel: 3, stride: 2, padding: 1, groups: 3, bias: false,
             outputPadding: Size2(1, 0), input: [2, 3, 3, 4], name: "depthwise, no bias"),
    ConvCase(inChannels: 2, outChannels: 3, kernel: 3, padding: Size2(3, 2), input: [2, 2, 6, 5],
             name: "padding beyond the kernel span"),
    ConvCase(inChannels: 3, outChannels: 4, kernel: 1, input: [3, 3, 3, 4], name: "1x1"),
    ConvCase(inChannels: 2, outChannels: 2, kernel: 2, stride: 2, input: [2, 2, 3, 3], name: "2x2 stride 2 upsampling"),
]

private func makeTransposed(_ c: ConvCase, seed: UInt64 = 1) throws -> ConvTranspose2d {
    try ConvTranspose2d(c.inChannels, c.outChannels, kernelSize: c.kernel, stride: c.stride, padding: c.padding,
                        outputPadding: c.outputPadding, groups: c.groups, bias: c.bias, dilation: c.dilation,
                        generator: Generator(seed: seed))
}

@Suite struct ConvTranspose2dTests {
    @Test(arguments: cases)
    func forwardMatchesScatter(_ c: ConvCase) throws {
        let x = randomTensor(c.input, seed: 21)
        for target in [1, 1 << 20] {
            let layer = try makeTransposed(c)
            layer.lowering.targetColumns = target
            let y = try layer.forward(x)
            let expected = naiveConvTranspose2d(
                x, weight: layer.weight.value, bias: layer.bias?.value, stride: c.stride, padding: c.padding,
                outputPadding: c.outputPadding, dilation: c.dilation, groups: c.groups)
            #expect(y.shape == expected.shape)
            expectClose(y, expected.array, tolerance: 1e-5)
        }
    }

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ c: ConvCase) throws {
        for target in [1, 1 << 20] {
            let layer = try makeTransposed(c)
            layer.lowering.targetColumns = target
            let results = try expectGradientsMatch(layer, input: randomTensor(c.input, seed: 22))
            #expect(results.map(\.name) == (c.bias ? ["input", "weight", "bias"] : ["input", "weight"]))
        }
    }

    /// PyTorch's output sizes, e.g. the usual ×2 upsampling (k 4, s 2, p 1) and
    /// (k 3, s 2, p 1, output_padding 1).
    @Test func outputSizesFollowPyTorch() throws {
        let g = Generator(seed: 0)
        let up = try ConvTranspose2d(2, 2, kernelSize: 4, stride: 2, padding: 1, generator: g)
        #expect(try up.forward(Tensor(zeros: [1, 2, 5, 7])).shape == [1, 2, 10, 14])
        let odd = try ConvTranspose2d(2, 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: Size2(1, 0),
                                      generator: g)
        #expect(try odd.forward(Tensor(zeros: [1, 2, 5, 7])).shape == [1, 2, 10, 13])
        let dilated = try ConvTranspose2d(2, 3, kernelSize: 3, dilation: 2, generator: g)
        #expect(try dilated.forward(Tensor(zeros: [2, 2, 4, 4])).shape == [2, 3, 8, 8])
    }

    /// A transposed convolution is the adjoint of the convolution with the same weight:
    /// ⟨conv(x), y⟩ = ⟨x, convT(y)⟩.
    @Test func isTheAdjointOfConv2d() throws {
        let conv = try Conv2d(3, 4, kernelSize: 3, stride: 2, padding: 1, groups: 1, bias: false,
                              generator: Generator(seed: 5))
        let transposed = try ConvTranspose2d(4, 3, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1,
                                             bias: false, generator: Generator(seed: 6))
        transposed.weight.value.assign(conv.weight.value)
        let x = randomTensor([2, 3, 6, 6], seed: 7)
        let y = randomTensor([2, 4, 3, 3], seed: 8)
        let convX = try conv.forward(x)
        let transposedY = try transposed.forward(y)
        #expect(transposedY.shape == x.shape)
        let lhs = Kernels.dot(convX, y), rhs = Kernels.dot(x, transposedY)
        #expect(abs(lhs - rhs) < 1e-4 * max(1, abs(lhs)), "\(lhs) vs \(rhs)")
    }

    @Test func parametersAreNamedAndShapedAsPyTorch() throws {
        let layer = try ConvTranspose2d(4, 6, kernelSize: Size2(3, 2), groups: 2, generator: Generator(seed: 3))
        #expect(layer.namedParameters().map(\.0) == ["weight", "bias"])
        #expect(layer.weight.shape == [4, 3, 3, 2])
        #expect(layer.bias!.shape == [6])
        let bound = 1 / Float(3 * 3 * 2).squareRoot()
        #expect(layer.weight.value.array.allSatisfy { abs($0) <= bound })
    }

    @Test func invalidHyperparametersAreRejected() {
        let g = Generator(seed: 0)
        let bad: [(String, () throws -> ConvTranspose2d)] = [
            ("stride", { try ConvTranspose2d(2, 2, kernelSize: 3, stride: 0, generator: g) }),
            ("padding", { try ConvTranspose2d(2, 2, kernelSize: 3, padding: Size2(0, -2), generator: g) }),
            ("dilation", { try ConvTranspose2d(2, 2, kernelSize: 3, dilation: 0, generator: g) }),
            ("kernel", { try ConvTranspose2d(2, 2, kernelSize: 0, generator: g) }),
            ("divisible", { try ConvTranspose2d(4, 3, kernelSize: 3, groups: 2, generator: g) }),
            ("output padding", { try ConvTranspose2d(2, 2, kernelSize: 3, stride: 2, outputPadding: 2, generator: g) }),
            ("output padding", { try ConvTranspose2d(2, 2, kernelSize: 3, outputPadding: 1, generator: g) }),
            ("output padding", { try ConvTranspose2d(2, 2, kernelSize: 3, stride: 2, outputPadding: -1, generator: g) }),
        ]
        for (word, make) in bad {
            do {
                _ = try make()
                Issue.record("expected an error mentioning \(word)")
            } catch let EngineError.invalidArgument(location, detail) {
                #expect(location == "ConvTranspose2d")
                #expect(detail.contains(word), "\(detail)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        // output_padding below the dilation is allowed even with stride 1, as in PyTorch.
        #expect(throws: Never.self) {
            try ConvTranspose2d(2, 2, kernelSize: 3, outputPadding: 1, dilation: 2, generator: g)
        }
    }

    @Test func badInputsNameThePathAndShapes() throws {
        let layer = try ConvTranspose2d(3, 2, kernelSize: 3, padding: 2, generator: Generator(seed: 0))
        let model = Sequential(layer)
        model.nameModules()
        #expect(throws: EngineError.shapeMismatch("0", "input must have 4 dimensions, got shape [3, 5]")) {
            try model.forward(Tensor(zeros: [3, 5]))
        }
        #expect(throws: EngineError.shapeMismatch("0", "input must be [N, 3, H, W], got [1, 2, 5, 5]")) {
            try model.forward(Tensor(zeros: [1, 2, 5, 5]))
        }
        // (2 − 1) − 4 + 2 + 1 = 0 rows.
        do {
            _ = try model.forward(Tensor(zeros: [1, 3, 2, 5]))
            Issue.record("expected a shape error")
        } catch let EngineError.shapeMismatch(location, detail) {
            #expect(location == "0")
            #expect(detail.contains("[1, 3, 2, 5]") && detail.contains("0×3"), "\(detail)")
        }
        #expect(throws: EngineError.invalidState("0", "backward called before forward")) {
            try model.backward(Tensor(zeros: [1, 2, 5, 5]))
        }
        _ = try model.forward(Tensor(zeros: [1, 3, 5, 5]))
        #expect(throws: EngineError.shapeMismatch("0", "gradOutput must have shape [1, 2, 3, 3], got [1, 2, 5, 5]")) {
            try model.backward(Tensor(zeros: [1, 2, 5, 5]))
        }
    }
}
