import Testing
import VitrineEngine
@testable import VitrineNN

/// A parametrized layer built the same way each time (same seed), with the input it is
/// tested on.
struct FreezeCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: [Int]
    var make: @Sendable () throws -> any Layer & InputGradientSwitch
    var testDescription: String { name }
}

/// A value no backward would produce, to see that a frozen gradient is left alone.
private let sentinel: Float = -1234.5

private func batchNorm2d(training: Bool) throws -> BatchNorm2d {
    let bn = try BatchNorm2d(3)
    // Non-trivial γ and β and running statistics, so every term of backward matters.
    Generator(seed: 5).fillNormal(bn.weight!.value, mean: 1, std: 0.3)
    Generator(seed: 6).fillNormal(bn.bias!.value)
    Generator(seed: 7).fillUniform(bn.runningVar.value, low: 0.5, high: 2)
    Generator(seed: 8).fillNormal(bn.runningMean.value)
    if !training { bn.eval() }
    return bn
}

private let cases: [FreezeCase] = [
    FreezeCase(name: "Conv2d 3x3 stride 1 (adjoint input gradient)", input: [2, 3, 6, 5]) {
        try Conv2d(3, 4, kernelSize: 3, padding: 1, generator: Generator(seed: 1))
    },
    FreezeCase(name: "Conv2d 4x4 stride 2 (col2im input gradient)", input: [3, 2, 8, 8]) {
        try Conv2d(2, 3, kernelSize: 4, stride: 2, padding: 1, generator: Generator(seed: 2))
    },
    FreezeCase(name: "ConvTranspose2d 4x4 stride 2", input: [3, 3, 4, 4]) {
        try ConvTranspose2d(3, 2, kernelSize: 4, stride: 2, padding: 1, generator: Generator(seed: 3))
    },
    FreezeCase(name: "ConvTranspose2d 4x4 stride 1 from 1x1", input: [2, 5, 1, 1]) {
        try ConvTranspose2d(5, 3, kernelSize: 4, generator: Generator(seed: 4))
    },
    FreezeCase(name: "Linear", input: [4, 5]) { try Linear(5, 3, generator: Generator(seed: 5)) },
    FreezeCase(name: "BatchNorm2d training", input: [3, 3, 2, 2]) { try batchNorm2d(training: true) },
    FreezeCase(name: "BatchNorm2d eval", input: [3, 3, 2, 2]) { try batchNorm2d(training: false) },
    FreezeCase(name: "PReLU per channel", input: [3, 4, 2]) {
        let p = try PReLU(numParameters: 4)
        Generator(seed: 9).fillUniform(p.weight.value, low: 0.1, high: 0.5)
        return p
    },
    FreezeCase(name: "PReLU shared", input: [3, 4]) { try PReLU() },
]

/// One forward and backward on a fresh layer; returns the layer, its input gradient and its
/// parameter gradients (copies), after `prepare` has had its say on the fresh layer.
private func step(_ c: FreezeCase, prepare: (any Layer & InputGradientSwitch) -> Void = { _ in })
    throws -> (layer: any Layer & InputGradientSwitch, gradInput: Tensor, grads: [String: [Float]]) {
    let layer = try c.make()
    prepare(layer)
    _ = try layer.forward(randomTensor(c.input, seed: 21))
    let out = try layer.forward(randomTensor(c.input, seed: 22))
    let gradInput = try layer.backward(randomTensor(out.shape, seed: 23)).copy()
    let grads = Dictionary(uniqueKeysWithValues: layer.namedParameters().map { ($0.0, $0.1.grad.array) })
    return (layer, gradInput, grads)
}

@Suite struct FreezingTests {
    /// Each parameter frozen in turn, then all of them: the frozen gradient keeps its sentinel,
    /// the others and the input gradient are bit for bit the trainable case's, and what is
    /// still trainable passes the finite-difference check.
    @Test(arguments: cases)
    func frozenParametersAreLeftAloneAndTheRestIsUnchanged(_ c: FreezeCase) throws {
        let reference = try step(c)
        let names = reference.layer.namedParameters().map(\.0)
        #expect(!names.isEmpty)
        for frozen in names.map({ [$0] }) + [names] {
            let run = try step(c) { layer in
                for (name, parameter) in layer.namedParameters() where frozen.contains(name) {
                    parameter.requiresGrad = false
                    parameter.grad.fill(sentinel)
                }
            }
            #expect(run.gradInput.shape == reference.gradInput.shape)
            #expect(run.gradInput.array == reference.gradInput.array, "input gradient, \(frozen) frozen")
            for name in names {
                if frozen.contains(name) {
                    #expect(run.grads[name]!.allSatisfy { $0 == sentinel }, "\(name) frozen but written")
                } else {
                    #expect(run.grads[name]! == reference.grads[name]!, "\(name) with \(frozen) frozen")
                }
            }
            let results = try expectGradientsMatch(run.layer, input: randomTensor(c.input, seed: 24))
            #expect(results.map(\.name) == ["input"] + names.filter { !frozen.contains($0) })
        }
    }

    /// With the input gradient off, the parameter gradients are bit for bit the normal ones
    /// and backward hands back the documented empty tensor.
    @Test(arguments: cases)
    func inputGradientSwitchKeepsParameterGradients(_ c: FreezeCase) throws {
        let reference = try step(c)
        let run = try step(c) { $0.computesInputGradient = false }
        #expect(run.gradInput.shape == [0])
        #expect(run.grads == reference.grads)
        // Switched back on, the same layer computes its input gradient again.
        run.layer.computesInputGradient = true
        run.layer.zeroGrad()
        let out = try run.layer.forward(randomTensor(c.input, seed: 22))
        let gradInput = try run.layer.backward(randomTensor(out.shape, seed: 23))
        #expect(gradInput.array == reference.gradInput.array)
    }

    /// Frozen weight and no input gradient together: backward writes nothing at all.
    @Test func frozenConvolutionWithoutInputGradientWritesNothing() throws {
        let conv = try Conv2d(2, 3, kernelSize: 3, generator: Generator(seed: 1))
        conv.requiresGrad(false)
        conv.computesInputGradient = false
        conv.weight.grad.fill(sentinel)
        conv.bias!.grad.fill(sentinel)
        let y = try conv.forward(randomTensor([2, 2, 5, 5], seed: 2))
        #expect(try conv.backward(randomTensor(y.shape, seed: 3)).shape == [0])
        #expect(conv.weight.grad.array.allSatisfy { $0 == sentinel })
        #expect(conv.bias!.grad.array.allSatisfy { $0 == sentinel })
    }

    @Test func frozenEmbeddingIsLeftAlone() throws {
        let emb = try Embedding(4, 3, generator: Generator(seed: 1))
        emb.weight.requiresGrad = false
        emb.weight.grad.fill(sentinel)
        _ = try emb.forward(IndexTensor([1, 3, 1]))
        try emb.backward(randomTensor([3, 3], seed: 2))
        #expect(emb.weight.grad.array.allSatisfy { $0 == sentinel })
        // The shape is still checked when frozen.
        #expect(throws: EngineError.self) { try emb.backward(Tensor(zeros: [2, 3])) }
    }

    @Test func requiresGradSetsTheWholeSubtree() throws {
        let g = Generator(seed: 1)
        let model = Sequential(try Linear(3, 4, generator: g), ReLU(),
                               Sequential(try Linear(4, 2, generator: g), try BatchNorm1d(2)))
        #expect(model.namedParameters().count == 6)
        model.requiresGrad(false)
        #expect(model.namedParameters().allSatisfy { !$0.1.requiresGrad })
        model.layers[2].requiresGrad(true)
        #expect(model.namedParameters().map(\.1.requiresGrad) == [false, false, true, true, true, true])
    }

    /// A frozen network still passes the gradient to its input, as a GAN's discriminator does
    /// to the generator: the input gradient is the trainable network's, bit for bit.
    @Test func frozenNetworkPassesTheInputGradientThrough() throws {
        func make() throws -> Sequential {
            let g = Generator(seed: 3)
            return Sequential(try Conv2d(2, 4, kernelSize: 4, stride: 2, padding: 1, bias: false, generator: g),
                              try LeakyReLU(negativeSlope: 0.2),
                              try Conv2d(4, 4, kernelSize: 4, stride: 2, padding: 1, bias: false, generator: g),
                              try BatchNorm2d(4), try LeakyReLU(negativeSlope: 0.2),
                              try Conv2d(4, 1, kernelSize: 2, generator: g))
        }
        let x = randomTensor([3, 2, 8, 8], seed: 4), dy = randomTensor([3, 1, 1, 1], seed: 5)
        let trainable = try make(), frozen = try make().requiresGrad(false)
        for (_, p) in frozen.namedParameters() { p.grad.fill(sentinel) }
        _ = try trainable.forward(x)
        _ = try frozen.forward(x)
        #expect(try frozen.backward(dy).array == trainable.backward(dy).array)
        #expect(frozen.namedParameters().allSatisfy { $0.1.grad.array.allSatisfy { $0 == sentinel } })
        try expectGradientsMatch(frozen, input: x, checker: GradientCheck(step: 1e-3, tolerance: 1e-2))
    }

    /// Sequential's switch reaches its first layer; a parameter-free first layer is skipped.
    @Test func sequentialPassesTheSwitchToItsFirstLayer() throws {
        func make(leadingActivation: Bool) throws -> Sequential {
            let g = Generator(seed: 6)
            let body: [any Layer] = [try Linear(3, 4, generator: g), try BatchNorm1d(4), try Linear(4, 2, generator: g)]
            return Sequential(leadingActivation ? [try LeakyReLU(negativeSlope: 0.2)] + body : body)
        }
        let x = randomTensor([5, 3], seed: 7), dy = randomTensor([5, 2], seed: 8)
        for leading in [false, true] {
            let normal = try make(leadingActivation: leading), switched = try make(leadingActivation: leading)
            switched.computesInputGradient = false
            if !leading { #expect((switched.layers[0] as! Linear).computesInputGradient == false) }
            _ = try normal.forward(x)
            _ = try switched.forward(x)
            #expect(try normal.backward(dy).shape == [5, 3])
            #expect(try switched.backward(dy).shape == [0])
            for ((name, a), (_, b)) in zip(normal.namedParameters(), switched.namedParameters()) {
                #expect(a.grad.array == b.grad.array, "\(name)")
            }
            // The checker leaves out the input when the switch is off.
            let results = try expectGradientsMatch(switched, input: x)
            #expect(results.map(\.name) == switched.namedParameters().map(\.0))
        }
    }
}
