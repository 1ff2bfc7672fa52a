import Foundation
import VitrineTestSupport
import Testing
import VitrineEngine
@testable import VitrineHDF5

@Suite("HDF5 round trip")
struct HDF5RoundTripTests {
    @Test("tensors, integers, groups and attributes read back as written")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("round.h5")
        let weight = try Tensor(shape: [2, 3], values: [1, -2.5, 3e-7, 4e8, 0, -6])
        let scalar = try Tensor(shape: [], values: [7.25])
        do {
            let file = try HDF5File.create(path)
            let root = try file.root
            try root.write(weight, to: "/model/layer1.0.conv1.weight")
            try root.write(scalar, to: "model/bn1.num_batches_tracked")
            try root.write(weight, to: "optimizer/state/0/exp_avg", as: .float64)
            try root.write([3, -1, 1 << 40], shape: [3], to: "case/target")
            try root.write([0.1, 0.2, 0.3, 0.4], shape: [2, 2], to: "case/doubles")
            try root.write(Tensor(zeros: [0, 4]), to: "case/empty")
            let meta = try root.createGroup("meta")
            try meta.setAttribute("format", "vitrine-checkpoint")
            try meta.setAttribute("epoch", 12)
            try meta.setAttribute("learning_rate", 0.001)
            try meta.setAttribute("label", "naïve café ✓")
            try meta.setJSONAttribute("config", ["kernel_size": [3, 3], "stride": [2, 1]])
            try meta.setAttribute("epoch", 13)  // replaces the first value
            try file.close()
        }

        let file = try HDF5File.open(path)
        let root = try file.root
        #expect(try root.members() == ["case", "meta", "model", "optimizer"])
        #expect(try root.group("model").members() == ["bn1.num_batches_tracked", "layer1.0.conv1.weight"])
        #expect(try root.kind(of: "optimizer/state/0") == .group)
        #expect(try root.kind(of: "optimizer/state/0/exp_avg") == .dataset)
        #expect(try root.kind(of: "optimizer/state/1/exp_avg") == nil)
        #expect(try root.kind(of: "case/target/x") == nil)
        #expect(try !root.contains("missing"))

        let readWeight = try root.readTensor("model/layer1.0.conv1.weight")
        #expect(readWeight.shape == [2, 3])
        #expect(readWeight.array == weight.array)
        let readScalar = try root.readTensor("/model/bn1.num_batches_tracked")
        #expect(readScalar.shape == [])
        #expect(readScalar.array == [7.25])
        let state = try root.group("optimizer/state")
        #expect(state.path == "/optimizer/state")
        let stored64 = try state.dataset("0/exp_avg")
        #expect(stored64.storedType == "float64")
        #expect(stored64.path == "/optimizer/state/0/exp_avg")
        #expect(try stored64.readTensor().array == weight.array)
        let target = try root.readInts("case/target")
        #expect(target.shape == [3])
        #expect(target.values == [3, -1, 1 << 40])
        #expect(try root.readDoubles("case/doubles") == [0.1, 0.2, 0.3, 0.4])
        #expect(try root.dataset("case/empty").shape == [0, 4])
        #expect(try root.readTensor("case/empty").count == 0)

        let meta = try root.group("meta")
        #expect(try meta.attributeNames() == ["config", "epoch", "format", "label", "learning_rate"])
        #expect(try meta.stringAttribute("format") == "vitrine-checkpoint")
        #expect(try meta.intAttribute("epoch") == 13)
        #expect(try meta.doubleAttribute("learning_rate") == 0.001)
        #expect(try meta.doubleAttribute("epoch") == 13)
        #expect(try meta.stringAttribute("label") == "naïve café ✓")
        #expect(try meta.jsonAttribute([String: [Int]].self, "config") == ["kernel_size": [3, 3], "stride": [2, 1]])
        #expect(try meta.stringAttribute("config") == #"{"kernel_size":[3,3],"stride":[2,1]}"#)
        try file.close()
    }

    @Test("overwriting a dataset in place and loading into an existing tensor")
    func overwriteAndLoadInto() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rw.h5")
        do {
            let file = try HDF5File.create(path)
            try file.root.write(Tensor(shape: [2, 2], repeating: 1), to: "w")
            try file.root.write([1, 2], shape: [2], to: "i")
            try file.close()
        }
        do {
            let file = try HDF5File.open(path, mode: .readWrite)
            try file.root.dataset("w").write(Tensor(shape: [2, 2], values: [5, 6, 7, 8]))
            try file.root.dataset("i").write([9, 10])
            try file.root.remove("i")
            try file.root.write([11], shape: [1], to: "i")
            try file.close()
        }
        let file = try HDF5File.open(path)
        let destination = Tensor(zeros: [2, 2])
        try file.root.dataset("w").read(into: destination)
        #expect(destination.array == [5, 6, 7, 8])
        #expect(try file.root.readInts("i").values == [11])
    }

    @Test("closing the file closes its objects; later use throws, closing twice is harmless")
    func closing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("close.h5")
        let file = try HDF5File.create(path)
        let group = try file.root.createGroup("g/h")
        try group.write(Tensor(shape: [3], repeating: 2), to: "x")
        let dataset = try group.dataset("x")
        try file.close()
        try file.close()
        #expect(!file.isOpen)
        #expect(throws: HDF5Error.closed(file: path)) { try dataset.readTensor() }
        #expect(throws: HDF5Error.closed(file: path)) { try group.members() }
        #expect(throws: HDF5Error.closed(file: path)) { try file.root }
        // The file on disk is complete and can be reopened for writing right away.
        let again = try HDF5File.open(path, mode: .readWrite)
        #expect(try again.root.readTensor("g/h/x").array == [2, 2, 2])
        try again.close()
    }

    @Test("an atomic write replaces the file only when the body succeeds")
    func atomicWrite() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("checkpoint.h5")
        try HDF5File.writeAtomically(to: path) { file in
            try file.root.write(Tensor(shape: [2], values: [1, 2]), to: "model/w")
        }
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try HDF5File.writeAtomically(to: path) { file in
                try file.root.write(Tensor(shape: [2], values: [3, 4]), to: "model/w")
                throw Interrupted()
            }
        }
        let file = try HDF5File.open(path)
        #expect(try file.root.readTensor("model/w").array == [1, 2])
        try file.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["checkpoint.h5"])
    }
}
