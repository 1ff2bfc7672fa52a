import Foundation
import VitrineTestSupport
import Testing
import VitrineEngine
@testable import VitrineHDF5

/// Cross-checks with h5py, the reader the reference cases and checkpoints are made for.
@Suite("HDF5 and h5py", .enabled(if: h5pyAvailable, "python3 with h5py and numpy is not installed (pip install h5py)"))
struct HDF5InteropTests {
    @Test("h5py reads names, shapes, dtypes, values and str attributes written from Swift")
    func h5pyReadsSwift() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("swift.h5")
        do {
            let file = try HDF5File.create(path)
            let root = try file.root
            try root.write(Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6.5]), to: "model/fc.weight")
            try root.write(Tensor(shape: [], values: [3]), to: "model/bn.num_batches_tracked")
            try root.write(Tensor(shape: [2], values: [0.25, -1]), to: "optimizer/exp_avg", as: .float64)
            try root.write([4, 0, 2], shape: [3, 1], to: "case/target")
            let meta = try root.createGroup("meta")
            try meta.setAttribute("layer", "conv2d")
            try meta.setAttribute("epoch", 3)
            try meta.setAttribute("lr", 0.5)
            try meta.setJSONAttribute("config", ["stride": 2])
            try root.writeString("long text ✓", to: "meta/notes")
            try file.close()
        }
        let script = """
        import h5py, json, sys
        out = {}
        with h5py.File(sys.argv[1], "r") as f:
            def visit(name, obj):
                if isinstance(obj, h5py.Dataset) and obj.dtype.kind != "O":
                    out[name] = [str(obj.dtype), list(obj.shape), obj[()].ravel().tolist() if obj.shape else [obj[()].item()]]
            f.visititems(visit)
            a = f["meta"].attrs
            out["attrs"] = {k: [type(a[k]).__name__, a[k] if isinstance(a[k], str) else a[k].item()] for k in a}
            out["notes"] = f["meta/notes"].asstr()[()]
        print(json.dumps(out, sort_keys=True))
        """
        let output = try runPython(script, [path])
        let decoded = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        func entry(_ name: String) -> (String, [Int], [Double])? {
            guard let row = decoded[name] as? [Any], row.count == 3 else { return nil }
            return (row[0] as! String, row[1] as! [Int], (row[2] as! [NSNumber]).map(\.doubleValue))
        }
        #expect(entry("model/fc.weight")! == ("float32", [2, 3], [1, 2, 3, 4, 5, 6.5]))
        #expect(entry("model/bn.num_batches_tracked")! == ("float32", [], [3]))
        #expect(entry("optimizer/exp_avg")! == ("float64", [2], [0.25, -1]))
        #expect(entry("case/target")! == ("int64", [3, 1], [4, 0, 2]))
        let attributes = decoded["attrs"] as! [String: [Any]]
        #expect(attributes["layer"]![0] as? String == "str")
        #expect(attributes["layer"]![1] as? String == "conv2d")
        #expect(attributes["config"]![1] as? String == #"{"stride":2}"#)
        #expect(attributes["epoch"]![0] as? String == "int64")
        #expect((attributes["epoch"]![1] as? NSNumber)?.intValue == 3)
        #expect(attributes["lr"]![0] as? String == "float64")
        #expect((attributes["lr"]![1] as? NSNumber)?.doubleValue == 0.5)
        #expect(decoded["notes"] as? String == "long text ✓")
    }

    @Test("Swift reads what h5py writes: str and bytes attributes, float64 and int32 datasets")
    func swiftReadsH5py() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("python.h5")
        let script = """
        import h5py, numpy as np, sys
        with h5py.File(sys.argv[1], "w") as f:
            g = f.create_group("case_a")
            g.attrs["layer"] = "linear"
            g.attrs["fixed"] = np.bytes_(b"fixed-bytes")
            g.attrs["count"] = np.int32(7)
            g.attrs["eps"] = 1e-5
            g["input"] = np.arange(6, dtype=np.float64).reshape(2, 3) / 4
            g["target"] = np.array([[1, 2]], dtype=np.int32)
            g["params/weight"] = np.ones((3, 2), dtype=np.float32)
        """
        _ = try runPython(script, [path])
        let file = try HDF5File.open(path)
        let group = try file.root.group("case_a")
        #expect(try group.stringAttribute("layer") == "linear")
        #expect(try group.stringAttribute("fixed") == "fixed-bytes")
        #expect(try group.intAttribute("count") == 7)
        #expect(try group.doubleAttribute("eps") == 1e-5)
        let input = try group.readTensor("input")
        #expect(input.shape == [2, 3])
        #expect(input.array == [0, 0.25, 0.5, 0.75, 1, 1.25])
        let target = try group.readInts("target")
        #expect(target.shape == [1, 2] && target.values == [1, 2])
        #expect(try group.group("params").members() == ["weight"])
        #expect(try group.dataset("input").storedType == "float64")
        #expect(try group.dataset("target").storedType == "int32")
        try file.close()
    }
}
