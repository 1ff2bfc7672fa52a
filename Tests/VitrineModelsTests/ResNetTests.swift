import Testing
import VitrineEngine
import VitrineNN
@testable import VitrineModels

/// torchvision's `resnet18()` (1000 classes): `[(n, list(p.shape)) for n, p in
/// model.named_parameters()]`, 62 tensors, 11,689,512 scalars.
private let torchvisionResNet18Parameters: [(String, [Int])] = [
    ("conv1.weight", [64, 3, 7, 7]),
    ("bn1.weight", [64]), ("bn1.bias", [64]),
    ("layer1.0.conv1.weight", [64, 64, 3, 3]),
    ("layer1.0.bn1.weight", [64]), ("layer1.0.bn1.bias", [64]),
    ("layer1.0.conv2.weight", [64, 64, 3, 3]),
    ("layer1.0.bn2.weight", [64]), ("layer1.0.bn2.bias", [64]),
    ("layer1.1.conv1.weight", [64, 64, 3, 3]),
    ("layer1.1.bn1.weight", [64]), ("layer1.1.bn1.bias", [64]),
    ("layer1.1.conv2.weight", [64, 64, 3, 3]),
    ("layer1.1.bn2.weight", [64]), ("layer1.1.bn2.bias", [64]),
    ("layer2.0.conv1.weight", [128, 64, 3, 3]),
    ("layer2.0.bn1.weight", [128]), ("layer2.0.bn1.bias", [128]),
    ("layer2.0.conv2.weight", [128, 128, 3, 3]),
    ("layer2.0.bn2.weight", [128]), ("layer2.0.bn2.bias", [128]),
    ("layer2.0.downsample.0.weight", [128, 64, 1, 1]),
    ("layer2.0.downsample.1.weight", [128]), ("layer2.0.downsample.1.bias", [128]),
    ("layer2.1.conv1.weight", [128, 128, 3, 3]),
    ("layer2.1.bn1.weight", [128]), ("layer2.1.bn1.bias", [128]),
    ("layer2.1.conv2.weight", [128, 128, 3, 3]),
    ("layer2.1.bn2.weight", [128]), ("layer2.1.bn2.bias", [128]),
    ("layer3.0.conv1.weight", [256, 128, 3, 3]),
    ("layer3.0.bn1.weight", [256]), ("layer3.0.bn1.bias", [256]),
    ("layer3.0.conv2.weight", [256, 256, 3, 3]),
    ("layer3.0.bn2.weight", [256]), ("layer3.0.bn2.bias", [256]),
    ("layer3.0.downsample.0.weight", [256, 128, 1, 1]),
    ("layer3.0.downsample.1.weight", [256]), ("layer3.0.downsample.1.bias", [256]),
    ("layer3.1.conv1.weight", [256, 256, 3, 3]),
    ("layer3.1.bn1.weight", [256]), ("layer3.1.bn1.bias", [256]),
    ("layer3.1.conv2.weight", [256, 256, 3, 3]),
    ("layer3.1.bn2.weight", [256]), ("layer3.1.bn2.bias", [256]),
    ("layer4.0.conv1.weight", [512, 256, 3, 3]),
    ("layer4.0.bn1.weight", [512]), ("layer4.0.bn1.bias", [512]),
    ("layer4.0.conv2.weight", [512, 512, 3, 3]),
    ("layer4.0.bn2.weight", [512]), ("layer4.0.bn2.bias", [512]),
    ("layer4.0.downsample.0.weight", [512, 256, 1, 1]),
    ("layer4.0.downsample.1.weight", [512]), ("layer4.0.downsample.1.bias", [512]),
    ("layer4.1.conv1.weight", [512, 512, 3, 3]),
    ("layer4.1.bn1.weight", [512]), ("layer4.1.bn1.bias", [512]),
    ("layer4.1.conv2.weight", [512, 512, 3, 3]),
    ("layer4.1.bn2.weight", [512]), ("layer4.1.bn2.bias", [512]),
    ("fc.weight", [1000, 512]), ("fc.bias", [1000]),
]

@Suite struct ResNetTests {
    @Test func resnet18MatchesTorchvisionNamesAndShapes() throws {
        let model = try ResNet(.resnet18(), head: .classifier(classes: 1000), generator: Generator(seed: 1))
        let parameters = model.namedParameters().map { ($0.0, $0.1.shape) }
        #expect(parameters.count == torchvisionResNet18Parameters.count)
        for (ours, theirs) in zip(parameters, torchvisionResNet18Parameters) {
            #expect(ours.0 == theirs.0 && ours.1 == theirs.1, "\(ours) vs torchvision \(theirs)")
        }
        #expect(model.parameterCount == 11_689_512)
        // state_dict: every batch norm (20 of them) adds running_mean, running_var and
        // num_batches_tracked after its weight and bias — 62 + 60 = 122 entries.
        let state = model.stateDict()
        #expect(state.count == 122)
        let stateShapes = Dictionary(uniqueKeysWithValues: state.map { ($0.0, $0.1.shape) })
        let norms = torchvisionResNet18Parameters.filter {
            $0.0.hasSuffix(".bias") && $0.0 != "fc.bias"
        }
        #expect(norms.count == 20)
        for (name, shape) in norms {
            let prefix = String(name.dropLast(".bias".count))
            #expect(stateShapes["\(prefix).running_mean"] == shape, "\(prefix)")
            #expect(stateShapes["\(prefix).running_var"] == shape, "\(prefix)")
            #expect(stateShapes["\(prefix).num_batches_tracked"] == [], "\(prefix)")
        }
    }

    /// Slow in a debug build (25.6 M weights drawn twice, ~20 s); ResNet-34 shares ResNet-18's
    /// block and is left to the shape test below.
    @Test func resnet50ParameterCountMatchesTorchvision() throws {
        let r50 = try ResNet(.resnet50(), head: .classifier(classes: 1000), generator: Generator(seed: 1))
        #expect(r50.parameterCount == 25_557_032)
        let shapes = Dictionary(uniqueKeysWithValues: r50.stateDict().map { ($0.0, $0.1.shape) })
        #expect(shapes["layer1.0.conv1.weight"] == [64, 64, 1, 1])
        #expect(shapes["layer1.0.conv3.weight"] == [256, 64, 1, 1])
        #expect(shapes["layer1.0.downsample.0.weight"] == [256, 64, 1, 1])
        #expect(shapes["layer2.0.conv2.weight"] == [128, 128, 3, 3])
        #expect(shapes["layer4.2.bn3.running_var"] == [2048])
        #expect(shapes["fc.weight"] == [1000, 2048])
        #expect(shapes["layer1.1.downsample.0.weight"] == nil)
    }

    @Test func widthAndStemChangeShapesButNotPaths() throws {
        let narrow = try ResNet(.resnet18(width: 16, smallStem: true), head: .classifier(classes: 7),
                                generator: Generator(seed: 2))
        let names = narrow.namedParameters().map(\.0)
        #expect(names == torchvisionResNet18Parameters.map(\.0))
        let shapes = Dictionary(uniqueKeysWithValues: narrow.namedParameters().map { ($0.0, $0.1.shape) })
        #expect(shapes["conv1.weight"] == [16, 3, 3, 3])
        #expect(shapes["layer4.1.conv2.weight"] == [128, 128, 3, 3])
        #expect(shapes["fc.weight"] == [7, 128])
        #expect(narrow.maxpool == nil)
    }

    @Test func outputShapesForBothStems() throws {
        for (configuration, side) in [(ResNetConfiguration.resnet18(width: 4), 32),
                                      (.resnet18(width: 4), 64), (.resnetSmall(width: 4), 32),
                                      (.resnet50(width: 2), 32)] {
            let model = try ResNet(configuration, head: .classifier(classes: 5), generator: Generator(seed: 3))
            let y = try model.forward(randomTensor([2, 3, side, side], seed: 4))
            #expect(y.shape == [2, 5], "\(configuration) at \(side) px")
        }
    }

    @Test func embeddingHeadIsTheFcAndGivesUnitVectors() throws {
        let model = try ResNet(.resnetSmall(width: 4), head: .embedding(dimension: 6), generator: Generator(seed: 5))
        #expect(model.fc is EmbeddingHead)
        let names = model.namedParameters().map(\.0)
        #expect(names.suffix(2) == ["fc.weight", "fc.bias"])
        let shapes = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.0, $0.1.shape) })
        #expect(shapes["fc.weight"] == [6, 32])
        model.eval()
        let y = try model.forward(randomTensor([3, 3, 16, 16], seed: 6))
        #expect(y.shape == [3, 6])
        for row in 0..<3 {
            var norm: Float = 0
            for k in 0..<6 { norm += y[row * 6 + k] * y[row * 6 + k] }
            #expect(abs(norm - 1) < 1e-5, "row \(row) has squared norm \(norm)")
        }
    }

    @Test func embeddingHeadGradient() throws {
        let head = try EmbeddingHead(5, dimension: 3, generator: Generator(seed: 7))
        try expectGradientsMatch(head, input: randomTensor([4, 5], seed: 8),
                                 checker: GradientCheck(step: 1e-3, tolerance: 5e-3))
    }

    @Test(arguments: [true, false])
    func basicBlockGradient(training: Bool) throws {
        // With downsample (stride 2 and 3 → 4 channels), and the identity shortcut.
        let down = try BasicBlock(inPlanes: 3, planes: 4, stride: 2, generator: Generator(seed: 9))
        #expect(down.downsample != nil)
        down.train(training)
        try expectGradientsMatch(down, input: randomTensor([2, 3, 6, 6], seed: 10),
                                 checker: GradientCheck(step: 1e-3, tolerance: 1e-2, maxPoints: 16))
        let identity = try BasicBlock(inPlanes: 3, planes: 3, generator: Generator(seed: 11))
        #expect(identity.downsample == nil)
        identity.train(training)
        try expectGradientsMatch(identity, input: randomTensor([2, 3, 4, 4], seed: 12),
                                 checker: GradientCheck(step: 1e-3, tolerance: 1e-2, maxPoints: 16))
    }

    @Test(arguments: [true, false])
    func bottleneckGradient(training: Bool) throws {
        let block = try Bottleneck(inPlanes: 4, planes: 2, stride: 2, generator: Generator(seed: 13))
        #expect(block.downsample != nil)
        block.train(training)
        try expectGradientsMatch(block, input: randomTensor([2, 4, 5, 5], seed: 14),
                                 checker: GradientCheck(step: 1e-3, tolerance: 1e-2, maxPoints: 12))
        let identity = try Bottleneck(inPlanes: 8, planes: 2, generator: Generator(seed: 15))
        #expect(identity.downsample == nil)
        identity.train(training)
        try expectGradientsMatch(identity, input: randomTensor([2, 8, 3, 3], seed: 16),
                                 checker: GradientCheck(step: 1e-3, tolerance: 1e-2, maxPoints: 12))
    }

    @Test(arguments: [true, false])
    func tinyNetworkGradient(training: Bool) throws {
        // Small stem, one block per stage, width 2: 16×16 → 2×2 at layer4, so the last batch
        // norms see 8 values per channel in training mode (with fewer, batch statistics make
        // the function too curved for finite differences in Float).
        let model = try ResNet(ResNetConfiguration(block: .basic, layers: [1, 1, 1, 1], width: 2, smallStem: true),
                               head: .classifier(classes: 3), generator: Generator(seed: 17))
        model.train(training)
        // A small step: with ~1000 ReLUs downstream, a step of 1e-3 already crosses kinks the
        // one-sided slopes cannot see (the numeric derivative of bn1.bias[0] goes 1.332, 1.368,
        // 1.377, 1.361, 1.362 for steps 1e-2 … 1e-4 against the analytic 1.361).
        try expectGradientsMatch(model, input: randomTensor([2, 3, 16, 16], seed: 18),
                                 checker: GradientCheck(step: 2e-4, tolerance: 1e-2, maxPoints: 4))
    }

    @Test func tinyStandardStemNetworkGradient() throws {
        // The standard stem's 7×7/2 convolution and 3×3/2 max-pool on 32 px, eval mode.
        let model = try ResNet(ResNetConfiguration(block: .bottleneck, layers: [1, 1, 1, 1], width: 1),
                               head: .embedding(dimension: 3), generator: Generator(seed: 19))
        model.eval()
        try expectGradientsMatch(model, input: randomTensor([2, 3, 32, 32], seed: 20),
                                 checker: GradientCheck(step: 1e-3, tolerance: 1e-2, maxPoints: 4))
    }

    @Test func trainAndEvalModesDiffer() throws {
        let model = try ResNet(.resnetSmall(width: 4), head: .classifier(classes: 3), generator: Generator(seed: 21))
        let batch = randomTensor([4, 3, 16, 16], seed: 22)
        let first = try Tensor(shape: [1, 3, 16, 16], values: Array(batch.array.prefix(3 * 16 * 16)))
        let tracked = model.bn1.numBatchesTracked.value
        // Training: batch statistics, so row 0's output depends on the other rows, and the
        // running statistics move.
        model.train()
        let trainBatch = try model.forward(batch).array
        let trainAlone = try model.forward(first).array
        #expect(tracked.scalar == 2)
        #expect(model.bn1.runningMean.value.array.contains { $0 != 0 })
        #expect(zip(trainBatch.prefix(3), trainAlone).contains { abs($0 - $1) > 1e-3 })
        // Evaluation: running statistics, so rows are independent and nothing moves.
        model.eval()
        let meanBefore = model.bn1.runningMean.value.array
        let evalBatch = try model.forward(batch).array
        let evalAlone = try model.forward(first).array
        #expect(tracked.scalar == 2)
        #expect(model.bn1.runningMean.value.array == meanBefore)
        for (a, b) in zip(evalBatch.prefix(3), evalAlone) { #expect(abs(a - b) < 1e-5) }
        #expect(zip(evalBatch, trainBatch).contains { abs($0 - $1) > 1e-3 })
    }

    @Test func invalidConfigurations() throws {
        #expect(throws: EngineError.invalidArgument("ResNet", "layers must list 4 stages, got [2, 2]")) {
            try ResNet(ResNetConfiguration(block: .basic, layers: [2, 2]), head: .classifier(classes: 2),
                       generator: Generator(seed: 1))
        }
        #expect(throws: EngineError.invalidArgument("ResNet", "every stage needs at least 1 block, got [1, 0, 1, 1]")) {
            try ResNet(ResNetConfiguration(block: .basic, layers: [1, 0, 1, 1]), head: .classifier(classes: 2),
                       generator: Generator(seed: 1))
        }
        #expect(throws: EngineError.invalidArgument("ResNet", "width must be positive, got 0")) {
            try ResNet(.resnet18(width: 0), head: .classifier(classes: 2), generator: Generator(seed: 1))
        }
        #expect(throws: EngineError.self) {
            try ResNet(.resnetSmall(), head: .embedding(dimension: 0), generator: Generator(seed: 1))
        }
        #expect(throws: EngineError.invalidArgument(
            "ResNetConfiguration", "unknown architecture 'resnet19'; use one of resnet18, resnet34, resnet50, resnet_small")) {
            try ResNetConfiguration.named("resnet19")
        }
        #expect(try ResNetConfiguration.named("resnet50", width: 32) == .resnet50(width: 32))
        let model = try ResNet(.resnetSmall(width: 4), head: .classifier(classes: 2), generator: Generator(seed: 1))
        #expect(throws: EngineError.shapeMismatch("layer1.0.conv1", "input must be [N, 4, H, W], got [1, 3, 8, 8]")) {
            _ = try model.layer1.forward(randomTensor([1, 3, 8, 8], seed: 1))
        }
        #expect(throws: EngineError.shapeMismatch("conv1", "input must be [N, 3, H, W], got [1, 1, 8, 8]")) {
            _ = try model.forward(randomTensor([1, 1, 8, 8], seed: 1))
        }
    }
}
