import Foundation
import Testing
import VitrineCheckpoint
import VitrineEngine

@Suite struct TorchLegacyFileTests {
    /// Written by scripts/mtcnn_fixtures.py with the pickle standard library alone, in torch's
    /// legacy layout: a strided (transposed) view, a storage offset, shared storages, a 0-d tensor.
    @Test func syntheticFileFromThePickleStandardLibrary() throws {
        let state = try TorchLegacyFile.stateDict(at: Fixtures.path("synthetic_legacy.pt"))
        #expect(state.map(\.0) == ["matrix", "transposed", "tail", "scalar"])
        let tensors = Dictionary(uniqueKeysWithValues: state)
        #expect(tensors["matrix"]!.shape == [3, 4])
        #expect(tensors["matrix"]!.array == (0..<12).map(Float.init))
        // The same storage read with stride (1, 4): the transpose.
        #expect(tensors["transposed"]!.shape == [4, 3])
        #expect(tensors["transposed"]!.array == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        // Offset 2 into [0.5, -1.25, 3, 1e-3, -7.5, 2.25].
        #expect(tensors["tail"]!.shape == [2, 2])
        #expect(tensors["tail"]!.array == [3, 1e-3, -7.5, 2.25])
        #expect(tensors["scalar"]!.shape == [])
        #expect(tensors["scalar"]!.array == [-1.25])
    }

    /// Written by torch 2.13 itself: `torch.save(state_dict, f, _use_new_zipfile_serialization=False)`.
    @Test func genuineTorchFile() throws {
        let state = try TorchLegacyFile.stateDict(at: Fixtures.path("torch_legacy.pt"))
        let expected = try Fixtures.json("torch_legacy.json")
        #expect(state.map(\.0) == expected["order"] as! [String])
        let tensors = expected["tensors"] as! [String: Any]
        for (name, value) in state {
            let reference = try tensor(tensors[name]!)
            #expect(value.shape == reference.shape, "\(name)")
            #expect(value.array == reference.array, "\(name) differs")
        }
    }

    @Test func unsupportedOpcodeIsNamed() throws {
        let path = Fixtures.path("unsupported_opcode.pt")
        #expect {
            try TorchLegacyFile.stateDict(at: path)
        } throws: { error in
            let message = (error as? TorchLegacyError)?.description ?? ""
            return message.hasPrefix(path) && message.contains("state dict: pickle opcode 0x47 ('G') is not supported")
                && message.contains("(byte ")
        }
    }

    @Test func damagedFilesAreErrorsNotCrashes() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("torch_legacy.pt")))
        func message(_ data: Data) -> String {
            do {
                _ = try TorchLegacyFile.stateDict(data: data, name: "w.pt")
                return "no error"
            } catch { return "\(error)" }
        }
        // Cut anywhere: inside a pickle, inside the key list, inside the raw storages.
        for cut in [3, 40, 200, whole.count - 600, whole.count - 5] {
            let text = message(whole.prefix(cut))
            #expect(text.hasPrefix("w.pt: ") && text.contains("truncated"), "cut at \(cut): \(text)")
        }
        #expect(message(whole + Data([0, 0])) == "w.pt: 2 unexpected bytes after the last storage")
        #expect(message(Data([0x80, 0x02, 0x4B, 0x07, 0x2E])) == "w.pt: not a PyTorch legacy file (wrong magic number)")
        #expect(message(Data([0x50, 0x4B, 0x03, 0x04, 0, 0])).contains("PyTorch's zip format"))
        #expect(message(Data([0x80, 0x05, 0x2E])) == "w.pt: magic number: pickle protocol 5 is not supported (PyTorch's legacy files use 2) (byte 0)")
    }
}
