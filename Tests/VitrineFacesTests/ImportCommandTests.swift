import Foundation
import Testing
import VitrineCheckpoint
import VitrineData
import VitrineTestSupport
@testable import VitrineFaces

/// `vitrine import mtcnn` end to end through the executable.
@Suite struct ImportCommandTests {
    @Test func errorsNameTheFile() throws {
        let vitrine = try #require(builtVitrineExecutable, "build the vitrine executable first (swift build)")
        let folder = try TemporaryDirectory(prefix: "mtcnn-import")
        let missing = try runProcess(vitrine, ["import", "mtcnn", "--from", folder.file("nowhere.whl"), "--out", folder.file("out")])
        #expect(missing.status == 1)
        #expect(missing.err.contains("nowhere.whl: no such file or folder"), "\(missing.err)")
        // A folder whose pnet.pt is some other network's state dict (the genuine torch fixture).
        try FileManager.default.createDirectory(atPath: folder.file("weights"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.path("torch_legacy.pt"), toPath: folder.file("weights/pnet.pt"))
        let wrong = try runProcess(vitrine, ["import", "mtcnn", "--from", folder.file("weights"), "--out", folder.file("out")])
        #expect(wrong.status == 1)
        #expect(wrong.err.contains("weights/pnet.pt: 'conv1.weight' has shape [3, 2, 2, 2], the network expects [10, 3, 3, 3]"),
                "\(wrong.err)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out/pnet.h5")))
    }

    /// From the wheel, and from a folder holding the three files taken out of it.
    @Test(.enabled(if: Fixtures.wheel != nil,
                   "facenet-pytorch's wheel is not here: python3 -m pip download --no-deps facenet-pytorch==2.6.0 -d /tmp/fp"))
    func importsFromTheWheelAndFromAFolder() throws {
        let vitrine = try #require(builtVitrineExecutable, "build the vitrine executable first (swift build)")
        let folder = try TemporaryDirectory(prefix: "mtcnn-import")
        let result = try runProcess(vitrine, ["import", "mtcnn", "--from", Fixtures.wheel!, "--out", folder.file("fromwheel")])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.split(separator: "\n").map { $0.prefix(5) } == ["pnet:", "rnet:", "onet:"])
        let wheel = try ZipArchive(path: Fixtures.wheel!)
        try FileManager.default.createDirectory(atPath: folder.file("pt"), withIntermediateDirectories: true)
        for stage in ["pnet", "rnet", "onet"] {
            try Checkpoint.verify(at: folder.file("fromwheel/\(stage).h5"))
            let data = try wheel.contents(of: try #require(wheel.entry("facenet_pytorch/data/\(stage).pt")))
            try data.write(to: URL(fileURLWithPath: folder.file("pt/\(stage).pt")))
        }
        try MTCNNWeights.importReleased(from: folder.file("pt"), to: folder.file("fromfolder"))
        let a = try MTCNNNetworks.load(checkpoints: folder.file("fromwheel"))
        let b = try MTCNNNetworks.load(checkpoints: folder.file("fromfolder"))
        for ((_, x), (_, y)) in zip(a.stages, b.stages) {
            #expect(x.stateDict().map(\.1.array) == y.stateDict().map(\.1.array))
        }
    }
}
