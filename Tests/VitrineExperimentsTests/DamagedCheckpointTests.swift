import Foundation
import Testing
import VitrineConfig
import VitrineEngine
import VitrineHDF5
@testable import VitrineCheckpoint
@testable import VitrineExperiments

/// Regression tests for checkpoints that are whole HDF5 files but do not fit (issue 13,
/// defects 5, 6 and the messages): every case is an error naming the file and what does not
/// fit, never an allocation of what a header declares or an index past the data.
@Suite(.serialized) struct DamagedCheckpointTests {
    /// Edits a checkpoint in place and, with `resum`, re-sums it so that only the edit is wrong.
    private func edit(_ path: String, resum: Bool = true, _ body: (HDF5Group) throws -> Void) throws {
        let file = try HDF5File.open(path, mode: .readWrite)
        defer { try? file.close() }
        let root = try file.root
        try body(root)
        guard resum else { return }
        let meta = try root.group("meta")
        try meta.removeAttribute(CheckpointChecksum.attribute)
        try meta.setAttribute(CheckpointChecksum.attribute, try CheckpointChecksum.compute(root, fileSize: .max, path: path))
    }

    private func trainedRun(_ scratch: Scratch, _ name: String, steps: Int = 20) throws -> String {
        let config = try scratch.config(steps: 40, checkpointEvery: 0)
        try Experiment.run(file: config, overrides: ["run.name=\(name)", "train.steps=\(steps)"], context: .silent)
        return scratch.checkpoints(name) + "/last.h5"
    }

    /// Defect 5: a tensor whose header declares 100000 × 100000 values (40 GB) in a small file.
    @Test func aHugeDeclaredShapeIsAnErrorNotAnAllocation() throws {
        let scratch = try Scratch()
        let last = try trainedRun(scratch, "huge", steps: 2)
        // The stale checksum would be caught too, but the shapes are compared first.
        try edit(last, resum: false) { root in
            let model = try root.group("model")
            try model.remove("classifier.weight")
            try model.createDataset("classifier.weight", type: .float32, shape: [100_000, 100_000])
        }
        let size = try FileManager.default.attributesOfItem(atPath: last)[.size] as! Int
        #expect(size < 1_000_000, "the damaged file stays small (\(size) bytes)")
        let (status, output) = try runVitrine(["eval", last], in: scratch.root)
        #expect(status == 1, "\(output)")
        #expect(output.contains("\(last): /model/classifier.weight has shape [100000, 100000], the model expects"), "\(output)")
        let (resumed, log) = try runVitrine(["resume", scratch.reports("huge"), "train.steps=4"], in: scratch.root)
        #expect(resumed == 1 && log.contains("has shape [100000, 100000]"), "\(log)")
        // A stored tensor the model does not read (a training-only extra) is bounded too.
        try edit(last, resum: false) { root in
            try root.group("model").createDataset("loss.weight", type: .float32, shape: [100_000, 100_000])
        }
        #expect(throws: CheckpointError.self) { try Checkpoint.verify(at: last) }
    }

    /// Defect 6: a saved position or epoch that does not fit the data is refused, naming it.
    @Test func aPositionOrEpochThatDoesNotFitTheDataIsRefused() throws {
        let scratch = try Scratch()
        let last = try trainedRun(scratch, "pos")
        for (attribute, value, expected) in [("position", 1_000_000_000, "position 1000000000 is past the end of epoch 0, which has 32 batches"),
                                             ("epoch", -3, "none may be negative")] {
            let copy = scratch.root + "/copy.h5"
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: last, toPath: copy)
            try edit(last) { root in
                let meta = try root.group("meta")
                try meta.removeAttribute(attribute)
                try meta.setAttribute(attribute, value)
            }
            do {
                _ = try Experiment.resume(scratch.reports("pos"), overrides: ["train.steps=30"], context: .silent)
                Issue.record("\(attribute) \(value) must be refused")
            } catch let error as ExperimentError {
                #expect(error.description.contains("\(last): /meta"), "\(error)")
                #expect(error.description.contains(expected), "\(error)")
            }
            try FileManager.default.removeItem(atPath: last)
            try FileManager.default.moveItem(atPath: copy, toPath: last)
        }
        // The run's config.yaml edited to a smaller training set: position 20 of 8 batches.
        let configPath = scratch.reports("pos") + "/config.yaml"
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "shapes_train: 512", with: "shapes_train: 128").write(toFile: configPath, atomically: true, encoding: .utf8)
        do {
            _ = try Experiment.resume(scratch.reports("pos"), overrides: ["train.steps=30"], context: .silent)
            Issue.record("a position past the edited data must be refused")
        } catch let error as ExperimentError {
            #expect(error.description.contains("position 20 is past the end of epoch 0, which has 8 batches"), "\(error)")
        }
    }

    /// Messages: a random-stream state that cannot be restored names the checkpoint file.
    @Test func anUnrestorableRandomStreamNamesTheCheckpoint() throws {
        let scratch = try Scratch()
        let last = try trainedRun(scratch, "rng", steps: 2)
        try edit(last) { root in
            let meta = try root.group("meta")
            try meta.removeAttribute("generator_state")
            try meta.setJSONAttribute("generator_state", ["0", "0", "0", "0"])
        }
        do {
            _ = try Experiment.resume(scratch.reports("rng"), overrides: ["train.steps=4"], context: .silent)
            Issue.record("an all-zero random state must be refused")
        } catch let error as ExperimentError {
            #expect(error.description.contains("\(last): /meta generator_state cannot restore the random stream"), "\(error)")
        }
    }

    /// Checkpoint damage families: truncation and flipped bytes anywhere are errors (or, for a
    /// run, a fallback), never a crash or a silently different model. Seeded.
    @Test func truncatedAndFlippedCheckpointsAreCaught() throws {
        let scratch = try Scratch()
        let last = try trainedRun(scratch, "flip", steps: 2)
        let original = try Data(contentsOf: URL(fileURLWithPath: last))
        let target = scratch.root + "/damaged.h5"
        let generator = Generator(seed: 13)
        var caught = 0, identical = 0
        for trial in 0..<60 {
            var bytes = [UInt8](original)
            if trial % 4 == 0 {
                bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
            } else {
                let at = Int(generator.next() % UInt64(bytes.count))
                bytes[at] ^= UInt8(1 << (generator.next() % 8))
            }
            try Data(bytes).write(to: URL(fileURLWithPath: target))
            do {
                try Checkpoint.verify(at: target)
                // A flip in bytes HDF5 never reads (free space, padding) changes nothing read.
                identical += 1
            } catch {
                caught += 1
                #expect(!"\(error)".contains("Fatal"), "\(error)")
            }
        }
        #expect(caught > 30, "\(caught) of 60 damaged files caught, \(identical) read as whole")
    }

    /// Deleting the checksum attribute does not make a current checkpoint pass as an old one.
    @Test func aCurrentCheckpointWithoutItsChecksumIsDamaged() throws {
        let scratch = try Scratch()
        let last = try trainedRun(scratch, "nosum", steps: 2)
        let file = try HDF5File.open(last, mode: .readWrite)
        try file.root.group("meta").removeAttribute("checksum")
        try file.close()
        #expect(throws: CheckpointError.self) { try Checkpoint.verify(at: last) }
        // The committed old-format fixture (no checksum, no format) still verifies.
        #expect(try Checkpoint.verify(at: CheckpointFormatTests.oldFixture).step == 3)
    }

    /// `vitrine inspect` shows what it can read of a damaged file, then says it is damaged.
    @Test func inspectSaysADamagedCheckpointIsDamaged() throws {
        let scratch = try Scratch()
        let last = try trainedRun(scratch, "insp", steps: 2)
        let (fine, clean) = try runVitrine(["inspect", last], in: scratch.root)
        #expect(fine == 0 && clean.contains("checksum: verified"), "\(clean)")
        let file = try HDF5File.open(last, mode: .readWrite)
        let tensor = try file.root.group("model").readTensor("classifier.bias")
        tensor.data[0] = .nan
        try file.root.group("model").dataset("classifier.bias").write(tensor)
        try file.close()
        let (status, output) = try runVitrine(["inspect", last], in: scratch.root)
        #expect(status == 1, "\(output)")
        #expect(output.contains("classifier.bias") && output.contains("checksum mismatch"), "\(output)")
    }
}
