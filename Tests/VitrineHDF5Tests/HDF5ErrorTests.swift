import Foundation
import VitrineTestSupport
import Testing
import VitrineEngine
@testable import VitrineHDF5

@Suite("HDF5 errors")
struct HDF5ErrorTests {
    /// A small valid file with a dataset of each kind, written to `path`.
    private func writeSample(_ path: String) throws {
        let file = try HDF5File.create(path)
        let root = try file.root
        for index in 0..<8 {
            try root.write(Tensor(shape: [64, 64], repeating: Float(index)), to: "model/layer\(index).weight")
        }
        try root.write([1, 2, 3], shape: [3], to: "labels")
        try root.group("model").setAttribute("name", "sample")
        try file.close()
    }

    @Test("a missing file, a directory, random bytes and an empty file cannot be opened")
    func unreadableFiles() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.file("missing.h5")
        #expect(throws: HDF5Error.fileNotFound(file: missing)) { try HDF5File.open(missing) }

        let random = directory.file("random.h5")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: random))
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(random) }
        guard case let .cannotOpen(file, reason)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(file == random)
        #expect(reason.contains("signature"), "reason: \(reason)")
        #expect(error!.description.contains(random))

        let empty = directory.file("empty.h5")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(throws: HDF5Error.self) { try HDF5File.open(empty) }
        #expect(throws: HDF5Error.self) { try HDF5File.open(directory.path) }
    }

    @Test("a file truncated halfway gives an error when opened or read, never a crash")
    func truncatedFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("whole.h5")
        try writeSample(path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        for fraction in [0.5, 0.9, 0.1] {
            let truncated = directory.file("truncated-\(fraction).h5")
            try whole.prefix(Int(Double(whole.count) * fraction)).write(to: URL(fileURLWithPath: truncated))
            // Opening may already fail (the superblock's end-of-file address is past the end);
            // if it does not, reading every dataset must.
            let error = #expect(throws: HDF5Error.self) {
                let file = try HDF5File.open(truncated)
                let model = try file.root.group("model")
                for name in try model.members() { _ = try model.readTensor(name) }
                _ = try file.root.readInts("labels")
            }
            #expect(error?.description.contains(truncated) == true, "\(String(describing: error))")
        }
    }

    @Test("missing objects, wrong kinds, wrong types and wrong shapes are named")
    func namedErrors() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("sample.h5")
        try writeSample(path)
        let file = try HDF5File.open(path)
        let root = try file.root

        #expect(throws: HDF5Error.notFound(file: path, path: "/model/missing", kind: "dataset")) {
            try root.readTensor("model/missing")
        }
        #expect(throws: HDF5Error.notFound(file: path, path: "/nothing/here", kind: "group")) {
            try root.group("nothing/here")
        }
        #expect(throws: HDF5Error.wrongKind(file: path, path: "/model", expected: "dataset", found: "group")) {
            try root.readTensor("model")
        }
        #expect(throws: HDF5Error.wrongType(file: path, path: "/labels", expected: "float32 or float64",
                                            found: "int64")) {
            try root.readTensor("labels")
        }
        #expect(throws: HDF5Error.wrongType(file: path, path: "/model/layer0.weight", expected: "integers (int64)",
                                            found: "float32")) {
            try root.readInts("model/layer0.weight")
        }
        #expect(throws: HDF5Error.wrongShape(file: path, path: "/model/layer0.weight", expected: [64, 63],
                                             found: [64, 64])) {
            try root.dataset("model/layer0.weight").read(into: Tensor(zeros: [64, 63]))
        }
        let model = try root.group("model")
        #expect(throws: HDF5Error.notFound(file: path, path: "/model@missing", kind: "attribute")) {
            try model.stringAttribute("missing")
        }
        #expect(throws: HDF5Error.wrongType(file: path, path: "/model@name", expected: "an integer",
                                            found: "string")) {
            try model.intAttribute("name")
        }
        #expect(throws: HDF5Error.self) { try model.jsonAttribute([Int].self, "name") }
        let readOnly = #expect(throws: HDF5Error.self) {
            try root.write(Tensor(zeros: [1]), to: "new")
        }
        #expect(readOnly?.description.contains("read-only") == true)
        try file.close()

        let writable = try HDF5File.open(path, mode: .readWrite)
        #expect(throws: HDF5Error.alreadyExists(file: path, path: "/labels")) {
            try writable.root.write([1], shape: [1], to: "labels")
        }
        #expect(throws: HDF5Error.wrongShape(file: path, path: "/model/layer1.weight", expected: [64, 64],
                                             found: [2])) {
            try writable.root.dataset("model/layer1.weight").write(Tensor(zeros: [2]))
        }
        #expect(throws: HDF5Error.self) { try writable.root.write([1, 2], shape: [3], to: "bad") }
        try writable.close()

        let badDirectory = directory.file("no/such/dir/file.h5")
        #expect(throws: HDF5Error.self) { try HDF5File.create(badDirectory) }
    }
}
