import Foundation
import Testing
import VitrineCheckpoint
import VitrineEngine
import VitrineModels
import VitrineNN
@testable import VitrineFaces

/// facenet-pytorch 2.6.0's `[(n, list(p.shape)) for n, p in net.state_dict().items()]`, written
/// out from models/mtcnn.py (softmax layers have no parameters).
private let facenetPNet: [(String, [Int])] = [
    ("conv1.weight", [10, 3, 3, 3]), ("conv1.bias", [10]), ("prelu1.weight", [10]),
    ("conv2.weight", [16, 10, 3, 3]), ("conv2.bias", [16]), ("prelu2.weight", [16]),
    ("conv3.weight", [32, 16, 3, 3]), ("conv3.bias", [32]), ("prelu3.weight", [32]),
    ("conv4_1.weight", [2, 32, 1, 1]), ("conv4_1.bias", [2]), ("conv4_2.weight", [4, 32, 1, 1]), ("conv4_2.bias", [4]),
]
private let facenetRNet: [(String, [Int])] = [
    ("conv1.weight", [28, 3, 3, 3]), ("conv1.bias", [28]), ("prelu1.weight", [28]),
    ("conv2.weight", [48, 28, 3, 3]), ("conv2.bias", [48]), ("prelu2.weight", [48]),
    ("conv3.weight", [64, 48, 2, 2]), ("conv3.bias", [64]), ("prelu3.weight", [64]),
    ("dense4.weight", [128, 576]), ("dense4.bias", [128]), ("prelu4.weight", [128]),
    ("dense5_1.weight", [2, 128]), ("dense5_1.bias", [2]), ("dense5_2.weight", [4, 128]), ("dense5_2.bias", [4]),
]
private let facenetONet: [(String, [Int])] = [
    ("conv1.weight", [32, 3, 3, 3]), ("conv1.bias", [32]), ("prelu1.weight", [32]),
    ("conv2.weight", [64, 32, 3, 3]), ("conv2.bias", [64]), ("prelu2.weight", [64]),
    ("conv3.weight", [64, 64, 3, 3]), ("conv3.bias", [64]), ("prelu3.weight", [64]),
    ("conv4.weight", [128, 64, 2, 2]), ("conv4.bias", [128]), ("prelu4.weight", [128]),
    ("dense5.weight", [256, 1152]), ("dense5.bias", [256]), ("prelu5.weight", [256]),
    ("dense6_1.weight", [2, 256]), ("dense6_1.bias", [2]), ("dense6_2.weight", [4, 256]), ("dense6_2.bias", [4]),
    ("dense6_3.weight", [10, 256]), ("dense6_3.bias", [10]),
]

@Suite struct MTCNNNetworkTests {
    @Test func namesAndLayoutsAreFacenetPytorchs() throws {
        let networks = try MTCNNNetworks()
        for (module, expected) in [(networks.pnet as Module, facenetPNet), (networks.rnet, facenetRNet), (networks.onet, facenetONet)] {
            let ours = module.stateDict().map { ($0.0, $0.1.shape) }
            #expect(ours.map(\.0) == expected.map(\.0), "\(type(of: module))")
            #expect(ours.map(\.1) == expected.map(\.1), "\(type(of: module))")
        }
        // The modules, in facenet-pytorch's order and names (the permute and flatten are not modules there).
        #expect(networks.pnet.namedModules().dropFirst().map(\.0)
            == ["conv1", "prelu1", "pool1", "conv2", "prelu2", "conv3", "prelu3", "conv4_1", "softmax4_1", "conv4_2"])
        #expect(networks.rnet.namedModules().dropFirst().map(\.0)
            == ["conv1", "prelu1", "pool1", "conv2", "prelu2", "pool2", "conv3", "prelu3", "dense4", "prelu4",
                "dense5_1", "softmax5_1", "dense5_2"])
        #expect(networks.onet.namedModules().dropFirst().map(\.0)
            == ["conv1", "prelu1", "pool1", "conv2", "prelu2", "pool2", "conv3", "prelu3", "pool3", "conv4", "prelu4",
                "dense5", "prelu5", "dense6_1", "softmax6_1", "dense6_2", "dense6_3"])
        #expect(networks.rnet.pool1.ceilMode && networks.onet.pool3.ceilMode && networks.pnet.pool1.ceilMode)
    }

    /// The imported released weights give facenet-pytorch's outputs on the same input (a fixed
    /// sine pattern the fixture script also uses), through P-Net's ceil-mode pool on an odd
    /// size, the [N, W, H, C] permutation before R-Net's and O-Net's dense layers, and the softmax.
    @Test func outputsMatchFacenetPytorch() throws {
        let networks = try MTCNNNetworks.load(checkpoints: Fixtures.checkpoints)
        let expected = try Fixtures.json("mtcnn_expected.json")["networks"] as! [String: [String: Any]]
        for (name, stage) in [("pnet", networks.pnet as any MTCNNStage), ("rnet", networks.rnet), ("onet", networks.onet)] {
            let entry = expected[name]!
            let shape = entry["input_shape"] as! [Int]
            let input = Tensor(zeros: shape)
            for i in 0..<input.count { input.data[i] = Float(0.9 * sin(0.37 * Double(i) + 0.1)) }
            let output = try stage.forward(input)
            let box = maxDifference(output.boxRegression, try tensor(entry["box"]!))
            let probability = maxDifference(output.faceProbability, try tensor(entry["probability"]!))
            #expect(box < 2e-5, "\(name) box regression differs by \(box)")
            #expect(probability < 2e-5, "\(name) face probability differs by \(probability)")
            if let landmarks = entry["landmarks"] {
                let difference = maxDifference(output.landmarks!, try tensor(landmarks))
                #expect(difference < 2e-5, "\(name) landmarks differ by \(difference)")
            }
            print("\(name): largest difference from facenet-pytorch: box \(box), probability \(probability)")
        }
    }

    @Test func inputShapesAreChecked() throws {
        let networks = try MTCNNNetworks()
        #expect(throws: EngineError.shapeMismatch("RNet", "input must be 24 × 24 crops, got shape [1, 3, 48, 48]")) {
            try networks.rnet.forward(Tensor(zeros: [1, 3, 48, 48]))
        }
        #expect(throws: EngineError.shapeMismatch("PNet", "input must be [N, 3, H, W] RGB images, got shape [1, 1, 20, 20]")) {
            try networks.pnet.forward(Tensor(zeros: [1, 1, 20, 20]))
        }
    }
}

@Suite struct MTCNNImportTests {
    /// The import of the real wheel, when this machine has it (CI need not: the converted
    /// checkpoints are committed): it must reproduce the committed checkpoints value for value.
    @Test(.enabled(if: Fixtures.wheel != nil,
                   "facenet-pytorch's wheel is not here: python3 -m pip download --no-deps facenet-pytorch==2.6.0 -d /tmp/fp"))
    func importsTheReleasedWheel() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("mtcnn-import-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let stages = try MTCNNWeights.importReleased(from: Fixtures.wheel!, to: out)
        #expect(stages.map(\.stage) == ["pnet", "rnet", "onet"])
        #expect(stages.map(\.tensors) == [13, 16, 21])
        #expect(stages.map(\.values) == [6632, 100178, 389040])
        let imported = try MTCNNNetworks.load(checkpoints: out)
        let committed = try MTCNNNetworks.load(checkpoints: Fixtures.checkpoints)
        for ((name, a), (_, b)) in zip(imported.stages, committed.stages) {
            for ((key, x), (_, y)) in zip(a.stateDict(), b.stateDict()) {
                #expect(x.array == y.array, "\(name) \(key) differs from the committed checkpoint")
            }
        }
        // The released state dicts list their tensors in the networks' own order.
        let (released, sources) = try MTCNNWeights.released(from: Fixtures.wheel!)
        #expect(sources.map { URL(fileURLWithPath: $0).lastPathComponent } == ["pnet.pt", "rnet.pt", "onet.pt"])
        #expect(released.onet.prelu5.weight.value.array == committed.onet.prelu5.weight.value.array)
    }

    @Test func aStateDictThatDoesNotFitIsRejected() throws {
        let net = try PNet()
        var state = net.stateDict()
        state.removeLast()
        #expect(throws: MTCNNImportError("x.pt", "has no 'conv4_2.bias' (it holds \(state.map(\.0).joined(separator: ", ")))")) {
            try MTCNNNetworks.assign(state, to: net, source: "x.pt")
        }
        state = net.stateDict()
        state[2] = ("prelu1.weight", Tensor(zeros: [3]))
        #expect(throws: MTCNNImportError("x.pt", "'prelu1.weight' has shape [3], the network expects [10]")) {
            try MTCNNNetworks.assign(state, to: net, source: "x.pt")
        }
        state = net.stateDict() + [("extra", Tensor(zeros: [1]))]
        #expect(throws: MTCNNImportError("x.pt", "'extra' is not a parameter of PNet")) {
            try MTCNNNetworks.assign(state, to: net, source: "x.pt")
        }
        #expect(throws: MTCNNImportError.self) { try MTCNNWeights.released(from: Fixtures.path("tiny.zip")) }
        #expect(throws: MTCNNImportError.self) { try MTCNNWeights.released(from: "/nonexistent/facenet.whl") }
    }
}
