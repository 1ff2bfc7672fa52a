import Foundation
import Testing
import VitrineCheckpoint
import VitrineEngine
import VitrineInference
import VitrineNN
import VitrineInferenceTestSupport
import VitrineTestSupport

@Suite struct InferenceModelTests {
    /// A batch of smooth images in [0, 1], unlike the loader's probe.
    func images(_ n: Int, channels: Int, size: Int) -> Tensor {
        let batch = Tensor(zeros: [n, channels, size, size])
        for i in 0..<batch.count { batch.data[i] = 0.5 + 0.5 * Float(cos(Double(i) * 0.113 + 1)) }
        return batch
    }

    @Test(arguments: [EmbeddingArchitecture.smallConvnet, .resnetSmall, .resnet18])
    func foldedOutputsEqualUnfoldedEvaluation(_ architecture: EmbeddingArchitecture) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("model.h5")
        try InferenceCheckpoints.write(architecture, size: 32, to: path)
        let folded = try InferenceModel(checkpoint: path)
        let unfolded = try InferenceModel(checkpoint: path, foldBatchNorm: false)
        #expect(folded.foldedBatchNorms > 0)
        #expect(unfolded.foldedBatchNorms == 0)
        let batch = images(3, channels: 3, size: 32)
        let expected = try unfolded.embed(batch: batch).copy()
        let got = try folded.embed(batch: batch)
        #expect(got.shape == expected.shape)
        var worst: Float = 0
        for i in 0..<got.count { worst = max(worst, abs(got.data[i] - expected.data[i])) }
        #expect(worst <= 1e-5, "largest difference \(worst)")
        // The fingerprint is the trained weights', so indexes built before folding still match.
        #expect(folded.fingerprint == unfolded.fingerprint)
    }

    @Test func everyConvolutionBatchNormPairOfResNet18Folds() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("model.h5")
        let network = try InferenceCheckpoints.write(.resnet18, size: 32, to: path)
        let norms = network.namedModules().filter { $0.1 is BatchNormBase }.count
        // Stem, two per basic block (8 blocks), and three downsample shortcuts.
        #expect(norms == 1 + 16 + 3)
        #expect(try InferenceModel(checkpoint: path).foldedBatchNorms == norms)
    }

    @Test func aFoldedBatchNormRefusesTraining() throws {
        let conv = try Conv2d(2, 3, kernelSize: 1, bias: false, generator: Generator(seed: 1))
        let norm = try BatchNorm2d(3)
        BatchNormFolding.fold(norm, into: conv)
        _ = norm.train(true)
        #expect(throws: EngineError.self) { try norm.forward(Tensor(zeros: [2, 3, 2, 2])) }
        _ = norm.eval()
        let input = Tensor(shape: [1, 3, 1, 1], repeating: 2)
        #expect(try norm.forward(input).array == [2, 2, 2])
    }

    /// A batch norm declared after its convolution but applied before it: folding by declaration
    /// order is wrong for it, and the loader's probe must say so.
    final class NormThenConv: Module, Layer {
        let conv: Conv2d
        let norm: BatchNorm2d
        init(seed: UInt64) throws {
            let generator = Generator(seed: seed)
            conv = try Conv2d(3, 3, kernelSize: 1, bias: false, generator: generator)
            norm = try BatchNorm2d(3)
            generator.fillUniform(norm.runningMean.value, low: -1, high: 1)
            generator.fillUniform(norm.runningVar.value, low: 0.2, high: 3)
            super.init()
        }
        func forward(_ input: Tensor) throws -> Tensor { try conv.forward(norm.forward(input)) }
        func backward(_ gradOutput: Tensor) throws -> Tensor { try norm.backward(conv.backward(gradOutput)) }
    }

    @Test func aFoldAgainstTheDataFlowIsCaughtByTheProbe() throws {
        let network = try NormThenConv(seed: 3)
        _ = network.eval()
        #expect(BatchNormFolding.pairs(in: network).count == 1)
        let error = #expect(throws: InferenceError.self) {
            try InferenceModel.foldVerified(network, channels: 3, size: 4, source: "norm-then-conv")
        }
        #expect(error?.description.contains("--no-fold") == true)
    }

    @Test func aFoldAlongTheDataFlowPassesTheProbe() throws {
        let conv = try Conv2d(3, 3, kernelSize: 1, bias: true, generator: Generator(seed: 3))
        let norm = try BatchNorm2d(3)
        Generator(seed: 4).fillUniform(norm.runningMean.value, low: -1, high: 1)
        let network = Sequential(conv, norm)
        _ = network.eval()
        #expect(try InferenceModel.foldVerified(network, channels: 3, size: 4, source: "conv-then-norm") == 1)
        #expect(norm.isFolded && conv.foldedShift == nil)
    }

    @Test func signatureIsDerivedForOlderCheckpointsAndReadWhenRecorded() throws {
        let dir = try TemporaryDirectory()
        let old = dir.file("old.h5")
        try InferenceCheckpoints.write(.smallConvnet, size: 16, to: old)
        let derived = try InferenceModel(checkpoint: old)
        #expect(derived.signatureOrigin == .derivedFromConfig)
        #expect(derived.signature.channels == 3 && derived.signature.size == 16 && derived.signature.colour == "rgb")
        #expect(derived.signature.mean == [0, 0, 0] && derived.signature.std == [1, 1, 1])

        var signature = derived.signature
        signature.centerCrop = 0.875
        let recordedPath = dir.file("new.h5")
        try InferenceCheckpoints.write(.smallConvnet, size: 16, to: recordedPath, signature: signature)
        let recorded = try InferenceModel(checkpoint: recordedPath)
        #expect(recorded.signatureOrigin == .recorded)
        #expect(recorded.signature == signature)
        let json = try signature.json()
        #expect(json.contains("\"center_crop\":0.875") && json.contains("\"layout\":\"NCHW\""))
    }

    @Test func aSignatureContradictingTheConfigIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("mixed.h5")
        var signature = InputSignature(try EmbeddingNetworkSpec(
            savedConfig: InferenceCheckpoints.config(.smallConvnet, size: 16), source: "test"))
        signature.size = 64
        try InferenceCheckpoints.write(.smallConvnet, size: 16, to: path, signature: signature)
        #expect(throws: CheckpointError.self) { try InferenceModel(checkpoint: path) }
    }

    @Test func lossProxiesStoredBesideTheNetworkAreNotLoaded() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("proxies.h5")
        try InferenceCheckpoints.write(.smallConvnet, size: 16, to: path, lossProxies: true)
        let model = try InferenceModel(checkpoint: path)
        #expect(!model.network.stateDict().map(\.0).contains { $0.hasPrefix("loss.") })
    }

    @Test func aBatchOfTheWrongShapeIsRefusedNamingTheExpectedOne() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("model.h5")
        try InferenceCheckpoints.write(.smallConvnet, size: 16, to: path)
        let model = try InferenceModel(checkpoint: path)
        let error = #expect(throws: InferenceError.self) { try model.embed(batch: Tensor(zeros: [1, 1, 16, 16])) }
        #expect(error?.description.contains("[N, 3, 16, 16]") == true)
    }
}
