import Testing
import VitrineEngine
import VitrineNN
@testable import VitrineModels

/// pytorch/examples `dcgan/main.py` at 64 px, nz = 100, ngf = ndf = 64, nc = 3:
/// `[(n, list(p.shape)) for n, p in netG.named_parameters()]` (and netD's), written out from
/// the architecture: `nn.Sequential` numbers every module, activations included.
private let pytorchGenerator64: [(String, [Int])] = [
    ("main.0.weight", [100, 512, 4, 4]), ("main.1.weight", [512]), ("main.1.bias", [512]),
    ("main.3.weight", [512, 256, 4, 4]), ("main.4.weight", [256]), ("main.4.bias", [256]),
    ("main.6.weight", [256, 128, 4, 4]), ("main.7.weight", [128]), ("main.7.bias", [128]),
    ("main.9.weight", [128, 64, 4, 4]), ("main.10.weight", [64]), ("main.10.bias", [64]),
    ("main.12.weight", [64, 3, 4, 4]),
]
private let pytorchDiscriminator64: [(String, [Int])] = [
    ("main.0.weight", [64, 3, 4, 4]),
    ("main.2.weight", [128, 64, 4, 4]), ("main.3.weight", [128]), ("main.3.bias", [128]),
    ("main.5.weight", [256, 128, 4, 4]), ("main.6.weight", [256]), ("main.6.bias", [256]),
    ("main.8.weight", [512, 256, 4, 4]), ("main.9.weight", [512]), ("main.9.bias", [512]),
    ("main.11.weight", [1, 512, 4, 4]),
]

private func expectParameters(_ model: Module, _ expected: [(String, [Int])],
                              sourceLocation: SourceLocation = #_sourceLocation) {
    let ours = model.namedParameters().map { ($0.0, $0.1.shape) }
    #expect(ours.count == expected.count, sourceLocation: sourceLocation)
    for (o, e) in zip(ours, expected) {
        #expect(o.0 == e.0 && o.1 == e.1, "\(o) vs PyTorch \(e)", sourceLocation: sourceLocation)
    }
}

/// All parameters redrawn at a scale where every layer matters (the 0.02 of `weights_init`
/// would leave gradients tiny): weights N(0, 0.3²), batch norm γ N(1, 0.2²), β N(0, 0.2²).
private func spreadParameters(_ model: Module, seed: UInt64) throws {
    let g = Generator(seed: seed)
    for (_, module) in model.namedModules() {
        if let bn = module as? BatchNormBase {
            try Init.normal(bn.weight!.value, mean: 1, std: 0.2, generator: g)
            try Init.normal(bn.bias!.value, std: 0.2, generator: g)
        } else {
            for (_, p) in module.localParameters { try Init.normal(p.value, std: 0.3, generator: g) }
        }
    }
}

/// Finite-difference check of a model with a hand-written backward, through `input` and every
/// trainable parameter, on the objective `Σ output ⊙ R`. R has scale 10 so that gradients
/// are mostly above 1 and the checker's error, relative to max(1, |gradient|), is a relative
/// error rather than an absolute one that tiny gradients would pass whatever their value.
/// The step trades two errors: a network has hundreds of (leaky) ReLU kinks, and at 10⁻²
/// most perturbations cross one, so the differences measure the kink, not the slope (on the
/// projection discriminator the first weight's error shrank from 46% at 10⁻² to 0.5% at
/// 3·10⁻⁴); but the smaller the step, the more the Float32 rounding of a whole network's
/// output is amplified (≈ 0.05 absolute at 3·10⁻⁴). Each test picks its step; the tolerance
/// is relative to max(1, |gradient|) as everywhere.
private func expectModelGradientsMatch(
    _ model: Module, input: Tensor, forward: () throws -> Tensor, backward: (Tensor) throws -> Tensor,
    checker: GradientCheck,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let out = try forward()
    let projection = randomTensor(out.shape, seed: 99, scale: 10)
    model.zeroGrad()
    _ = try forward()
    let gradInput = try backward(projection).copy()
    let parameters = model.namedParameters().filter { $0.1.requiresGrad }
    var targets = [("input", input, gradInput)]
    for (name, p) in parameters { targets.append((name, p.value, p.grad.copy())) }
    for (name, value, analytic) in targets {
        let result = try checker.compare(name: name, value: value, analytic: analytic) {
            Kernels.dot(try forward(), projection)
        }
        #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
        #expect(result.checked > 0, "\(name): no point checked", sourceLocation: sourceLocation)
    }
}

private let catalog = [DCGANAttribute("category", vocabularySize: 3), DCGANAttribute("metal", vocabularySize: 2)]

@Suite struct DCGANTests {
    @Test func generator64MatchesPyTorch() throws {
        let netG = try DCGANGenerator(generator: Generator(seed: 1))
        expectParameters(netG, pytorchGenerator64)
        // Σ 16·in·out over the transposed convolutions + 2·channels over the batch norms.
        let (nz, ngf, nc) = (100, 64, 3)
        let convolutions = 16 * (nz * ngf * 8 + ngf * 8 * ngf * 4 + ngf * 4 * ngf * 2 + ngf * 2 * ngf + ngf * nc)
        let norms = 2 * (ngf * 8 + ngf * 4 + ngf * 2 + ngf)
        #expect(convolutions + norms == 3_576_704)
        #expect(netG.parameterCount == 3_576_704)
        let state = Dictionary(uniqueKeysWithValues: netG.stateDict().map { ($0.0, $0.1.shape) })
        #expect(state["main.1.running_mean"] == [512] && state["main.10.running_var"] == [64])
        #expect(state["main.4.num_batches_tracked"] == [])
        #expect(state.count == 13 + 4 * 3)
    }

    @Test func discriminator64MatchesPyTorch() throws {
        let netD = try DCGANDiscriminator(generator: Generator(seed: 2))
        expectParameters(netD, pytorchDiscriminator64)
        let (ndf, nc) = (64, 3)
        let convolutions = 16 * (nc * ndf + ndf * ndf * 2 + ndf * 2 * ndf * 4 + ndf * 4 * ndf * 8 + ndf * 8)
        let norms = 2 * (ndf * 2 + ndf * 4 + ndf * 8)
        #expect(convolutions + norms == 2_765_568)
        #expect(netD.parameterCount == 2_765_568)
    }

    /// 32 px: one block fewer on each side, numbered on from there.
    @Test func thirtyTwoPixelVariant() throws {
        let netG = try DCGANGenerator(imageSize: 32, generator: Generator(seed: 3))
        expectParameters(netG, [
            ("main.0.weight", [100, 256, 4, 4]), ("main.1.weight", [256]), ("main.1.bias", [256]),
            ("main.3.weight", [256, 128, 4, 4]), ("main.4.weight", [128]), ("main.4.bias", [128]),
            ("main.6.weight", [128, 64, 4, 4]), ("main.7.weight", [64]), ("main.7.bias", [64]),
            ("main.9.weight", [64, 3, 4, 4]),
        ])
        #expect(netG.parameterCount == 16 * (100 * 256 + 256 * 128 + 128 * 64 + 64 * 3) + 2 * (256 + 128 + 64))
        #expect(netG.parameterCount == 1_068_928)
        let netD = try DCGANDiscriminator(imageSize: 32, generator: Generator(seed: 4))
        expectParameters(netD, [
            ("main.0.weight", [64, 3, 4, 4]),
            ("main.2.weight", [128, 64, 4, 4]), ("main.3.weight", [128]), ("main.3.bias", [128]),
            ("main.5.weight", [256, 128, 4, 4]), ("main.6.weight", [256]), ("main.6.bias", [256]),
            ("main.8.weight", [1, 256, 4, 4]),
        ])
        #expect(netD.parameterCount == 663_296)
        let fake = try netG.forward(randomTensor([2, 100, 1, 1], seed: 5))
        #expect(fake.shape == [2, 3, 32, 32])
        #expect(try netD.forward(fake).shape == [2])
    }

    /// `weights_init`: convolutions N(0, 0.02), batch norm γ N(1, 0.02), β 0.
    @Test func initializationFollowsWeightsInit() throws {
        let netG = try DCGANGenerator(generator: Generator(seed: 6))
        var conv: [Float] = [], gamma: [Float] = [], beta: [Float] = []
        for (name, p) in netG.namedParameters() {
            if p.shape.count == 4 { conv += p.value.array } else if name.hasSuffix("weight") {
                gamma += p.value.array
            } else { beta += p.value.array }
        }
        func moments(_ v: [Float]) -> (mean: Double, std: Double) {
            let mean = v.reduce(0.0) { $0 + Double($1) } / Double(v.count)
            let variance = v.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(v.count)
            return (mean, variance.squareRoot())
        }
        let (cm, cs) = moments(conv), (gm, gs) = moments(gamma)
        #expect(conv.count == 3_574_784 && gamma.count == 960 && beta.count == 960)
        #expect(abs(cm) < 1e-4 && abs(cs - 0.02) < 2e-4, "conv mean \(cm) std \(cs)")
        // 960 draws: the standard error of the std is about 0.02/√1920 ≈ 0.0005.
        #expect(abs(gm - 1) < 0.003 && abs(gs - 0.02) < 0.003, "γ mean \(gm) std \(gs)")
        #expect(beta.allSatisfy { $0 == 0 })
    }

    @Test func generatorOutputIsAnImageInTanhRangeAndAcceptsFlatNoise() throws {
        let netG = try DCGANGenerator(imageSize: 16, nz: 8, ngf: 4, nc: 3, generator: Generator(seed: 7))
        let z = randomTensor([3, 8, 1, 1], seed: 8)
        let image = try netG.forward(z).copy()
        #expect(image.shape == [3, 3, 16, 16])
        #expect(image.array.allSatisfy { abs($0) < 1 })
        let flat = try netG.forward(z.reshaped([3, 8]))
        #expect(flat.array == image.array)
        #expect(try netG.backward(randomTensor(image.shape, seed: 9)).shape == [3, 8])
    }

    @Test func badArgumentsAreRejected() throws {
        let g = Generator(seed: 0)
        #expect(throws: EngineError.invalidArgument(
            "DCGANGenerator", "imageSize must be a power of two of at least 16 (64 as in the paper, 32, 16), got 48")) {
            try DCGANGenerator(imageSize: 48, generator: g)
        }
        #expect(throws: EngineError.invalidArgument("DCGANDiscriminator", "ndf must be positive, got 0")) {
            try DCGANDiscriminator(ndf: 0, generator: g)
        }
        #expect(throws: EngineError.self) {
            try ConditionalDCGANGenerator(attributes: [DCGANAttribute("a.b", vocabularySize: 2)], generator: g)
        }
        #expect(throws: EngineError.self) {
            try ConditionalDCGANDiscriminator(attributes: catalog + [DCGANAttribute("metal", vocabularySize: 4)],
                                              imageSize: 16, ndf: 2, generator: g)
        }
        let netG = try DCGANGenerator(imageSize: 16, nz: 4, ngf: 2, generator: g)
        #expect(throws: EngineError.shapeMismatch("DCGANGenerator", "z must be [N, 4] or [N, 4, 1, 1], got [2, 4, 2, 2]")) {
            try netG.forward(Tensor(zeros: [2, 4, 2, 2]))
        }
        let cond = try ConditionalDCGANGenerator(attributes: catalog, embeddingDim: 2, imageSize: 16, nz: 4, ngf: 2,
                                                 generator: g)
        #expect(throws: EngineError.shapeMismatch(
            "ConditionalDCGANGenerator",
            "attributes must be [N, 2] (one column per attribute) with N = 2, got [2, 3]")) {
            try cond.forward(z: Tensor(zeros: [2, 4]), attributes: IndexTensor(shape: [2, 3], values: [0, 0, 0, 0, 0, 0]))
        }
        // The embedding names itself: metal has 2 values.
        #expect(throws: EngineError.invalidArgument(
            "embed.metal", "index 2 at position 1 is out of range for 2 embeddings")) {
            try cond.forward(z: Tensor(zeros: [2, 4]), attributes: IndexTensor(shape: [2, 2], values: [0, 1, 2, 2]))
        }
    }

    @Test func smallGeneratorAndDiscriminatorGradients() throws {
        let netG = try DCGANGenerator(imageSize: 16, nz: 3, ngf: 2, nc: 2, generator: Generator(seed: 10))
        try spreadParameters(netG, seed: 11)
        let z = randomTensor([3, 3, 1, 1], seed: 12)
        let checker = GradientCheck(step: 3e-3, tolerance: 2e-2, maxPoints: 24)
        try expectModelGradientsMatch(netG, input: z, forward: { try netG.forward(z) }, backward: netG.backward,
                                      checker: checker)
        let netD = try DCGANDiscriminator(imageSize: 16, ndf: 2, nc: 2, generator: Generator(seed: 13))
        try spreadParameters(netD, seed: 14)
        let x = randomTensor([3, 2, 16, 16], seed: 15)
        try expectModelGradientsMatch(netD, input: x, forward: { try netD.forward(x) }, backward: netD.backward,
                                      checker: checker)
    }

    /// The generator's step: D frozen, the gradient flows through it to G. G's gradients and
    /// the gradient reaching the fake images are the unfrozen case's bit for bit, D's
    /// gradients keep their sentinel. The discriminator's step on fakes: input gradient off,
    /// D's gradients bit for bit the normal ones.
    @Test func ganStepsWithAFrozenDiscriminatorAndWithoutItsInputGradient() throws {
        func models() throws -> (DCGANGenerator, DCGANDiscriminator) {
            (try DCGANGenerator(imageSize: 16, nz: 4, ngf: 3, generator: Generator(seed: 20)),
             try DCGANDiscriminator(imageSize: 16, ndf: 3, generator: Generator(seed: 21)))
        }
        let z = randomTensor([4, 4, 1, 1], seed: 22)
        let loss = BCEWithLogitsLoss(), real = Tensor(shape: [4], repeating: 1)
        func generatorStep(freeze: Bool) throws -> (DCGANGenerator, DCGANDiscriminator, Tensor) {
            let (netG, netD) = try models()
            if freeze {
                netD.requiresGrad(false)
                for (_, p) in netD.namedParameters() { p.grad.fill(-7) }
            }
            _ = try loss.forward(netD.forward(netG.forward(z)), real)
            let gradFake = try netD.backward(loss.backward()).copy()
            _ = try netG.backward(gradFake)
            return (netG, netD, gradFake)
        }
        let (g1, _, fake1) = try generatorStep(freeze: false), (g2, d2, fake2) = try generatorStep(freeze: true)
        #expect(fake1.array == fake2.array)
        for ((name, a), (_, b)) in zip(g1.namedParameters(), g2.namedParameters()) {
            #expect(a.grad.array == b.grad.array, "\(name)")
        }
        #expect(d2.namedParameters().allSatisfy { $0.1.grad.array.allSatisfy { $0 == -7 } })

        let (netG, _) = try models()
        let fake = try netG.forward(z).copy()
        let zeros = Tensor(zeros: [4])
        var grads: [[[Float]]] = []
        for off in [false, true] {
            let (_, netD) = try models()
            netD.computesInputGradient = !off
            _ = try loss.forward(netD.forward(fake), zeros)
            let gradInput = try netD.backward(loss.backward())
            #expect(gradInput.shape == (off ? [0] : fake.shape))
            #expect((netD.main.layers[0] as! Conv2d).computesInputGradient == !off)
            grads.append(netD.namedParameters().map(\.1.grad.array))
        }
        #expect(grads[0] == grads[1])
    }

    @Test func conditionalModelsAreNamedAsTheirPyTorchTwins() throws {
        let netG = try ConditionalDCGANGenerator(attributes: catalog, embeddingDim: 5, imageSize: 32, nz: 10, ngf: 4,
                                                 generator: Generator(seed: 30))
        let names = netG.namedParameters().map { ($0.0, $0.1.shape) }
        #expect(names.prefix(3).map(\.0) == ["embed.category.weight", "embed.metal.weight", "main.0.weight"])
        #expect(names[0].1 == [3, 5] && names[1].1 == [2, 5] && names[2].1 == [10 + 2 * 5, 16, 4, 4])
        let netD = try ConditionalDCGANDiscriminator(attributes: catalog, imageSize: 32, ndf: 4, generator: Generator(seed: 31))
        let dNames = netD.namedParameters().map { ($0.0, $0.1.shape) }
        #expect(dNames.suffix(4).map(\.0) == ["linear.weight", "linear.bias", "embed.category.weight", "embed.metal.weight"])
        #expect(dNames.suffix(4).map(\.1) == [[1, 16], [1], [3, 16], [2, 16]])
        #expect(netD.featureChannels == 16)
        #expect(dNames.first!.0 == "main.0.weight" && dNames.count == 7 + 4)
    }

    /// The projection computed independently from the trunk's features.
    @Test func projectionDiscriminatorForwardByHand() throws {
        let netD = try ConditionalDCGANDiscriminator(attributes: catalog, imageSize: 16, ndf: 2, nc: 1,
                                                     generator: Generator(seed: 32))
        let x = randomTensor([3, 1, 16, 16], seed: 33)
        let y = try IndexTensor(shape: [3, 2], values: [2, 0, 0, 1, 1, 1])
        let logits = try netD.forward(x, attributes: y).copy()
        let h = try netD.main.forward(x)
        let c = netD.featureChannels
        #expect(h.shape == [3, c, 4, 4])
        for i in 0..<3 {
            var expected = Double(netD.linear.bias!.value[0])
            for j in 0..<c {
                var phi = 0.0
                for p in 0..<16 { phi += Double(h[[i, j, p / 4, p % 4]]) }
                let w = Double(netD.linear.weight.value[j])
                let e = Double(netD.embed[0].weight.value[y.values[2 * i] * c + j])
                    + Double(netD.embed[1].weight.value[y.values[2 * i + 1] * c + j])
                expected += (w + e) * phi
            }
            #expect(abs(Double(logits[i]) - expected) <= 1e-4 * max(1, abs(expected)), "\(i): \(logits[i]) vs \(expected)")
        }
    }

    @Test func conditionalGradients() throws {
        let y = try IndexTensor(shape: [3, 2], values: [2, 0, 0, 1, 2, 1])
        let netG = try ConditionalDCGANGenerator(attributes: catalog, embeddingDim: 2, imageSize: 16, nz: 3, ngf: 2,
                                                 nc: 2, generator: Generator(seed: 40))
        try spreadParameters(netG, seed: 41)
        let z = randomTensor([3, 3], seed: 42)
        let checker = GradientCheck(step: 3e-4, tolerance: 5e-2, maxPoints: 24)
        try expectModelGradientsMatch(netG, input: z, forward: { try netG.forward(z: z, attributes: y) },
                                      backward: netG.backward, checker: checker)
        let netD = try ConditionalDCGANDiscriminator(attributes: catalog, imageSize: 16, ndf: 2, nc: 2,
                                                     generator: Generator(seed: 43))
        try spreadParameters(netD, seed: 44)
        let x = randomTensor([3, 2, 16, 16], seed: 45)
        try expectModelGradientsMatch(netD, input: x, forward: { try netD.forward(x, attributes: y) },
                                      backward: netD.backward, checker: checker)
    }

    /// The conditional generator's z gradient off still trains its embeddings (through the
    /// first layer's input gradient); with the embeddings frozen too, the first layer skips it.
    @Test func conditionalGeneratorInputSwitch() throws {
        let y = try IndexTensor(shape: [2, 2], values: [1, 0, 2, 1])
        let z = randomTensor([2, 6, 1, 1], seed: 51), dy = randomTensor([2, 1, 16, 16], seed: 52)
        func run(_ configure: (ConditionalDCGANGenerator) -> Void) throws -> (ConditionalDCGANGenerator, Tensor) {
            let netG = try ConditionalDCGANGenerator(attributes: catalog, embeddingDim: 3, imageSize: 16, nz: 6, ngf: 2,
                                                     nc: 1, generator: Generator(seed: 50))
            configure(netG)
            _ = try netG.forward(z: z, attributes: y)
            return (netG, try netG.backward(dy).copy())
        }
        let (normal, gradZ) = try run { _ in }
        #expect(gradZ.shape == [2, 6, 1, 1])
        let (switched, none) = try run { $0.computesInputGradient = false }
        #expect(none.shape == [0])
        #expect(switched.namedParameters().map(\.1.grad.array) == normal.namedParameters().map(\.1.grad.array))
        #expect((switched.main.layers[0] as! ConvTranspose2d).computesInputGradient)
        let (frozen, _) = try run { netG in
            netG.computesInputGradient = false
            for table in netG.embed { table.requiresGrad(false) }
        }
        #expect(!(frozen.main.layers[0] as! ConvTranspose2d).computesInputGradient)
        #expect(frozen.namedParameters().dropFirst(2).map(\.1.grad.array)
            == normal.namedParameters().dropFirst(2).map(\.1.grad.array))
        #expect(frozen.embed.allSatisfy { $0.weight.grad.array.allSatisfy { $0 == 0 } })
    }

    /// The projection discriminator frozen: its parameters keep their gradients, the input
    /// gradient is the trainable one's bit for bit.
    @Test func frozenProjectionDiscriminatorPassesTheGradientThrough() throws {
        let y = try IndexTensor(shape: [2, 2], values: [1, 0, 2, 1])
        let x = randomTensor([2, 3, 16, 16], seed: 60), dy = randomTensor([2], seed: 61)
        var gradients: [Tensor] = []
        for freeze in [false, true] {
            let netD = try ConditionalDCGANDiscriminator(attributes: catalog, imageSize: 16, ndf: 2,
                                                         generator: Generator(seed: 62))
            if freeze {
                netD.requiresGrad(false)
                for (_, p) in netD.namedParameters() { p.grad.fill(3) }
            }
            _ = try netD.forward(x, attributes: y)
            gradients.append(try netD.backward(dy).copy())
            if freeze { #expect(netD.namedParameters().allSatisfy { $0.1.grad.array.allSatisfy { $0 == 3 } }) }
        }
        #expect(gradients[0].shape == x.shape && gradients[0].array == gradients[1].array)
    }
}
