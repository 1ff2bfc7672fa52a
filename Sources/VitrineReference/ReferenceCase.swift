import VitrineEngine
import VitrineHDF5

/// One reference case as stored in a case file (see scripts/make_reference_cases.py for the
/// format): the layer and its config, the inputs, and the tensors another implementation
/// computed for them.
public struct ReferenceCase {
    /// The input: a tensor, or integer indices (embedding).
    public enum Input {
        case tensor(Tensor)
        case indices(IndexTensor)
    }

    public var name: String
    public var layer: String
    /// The `config` attribute, a JSON object with PyTorch's argument names.
    public var config: String
    public var input: Input
    public var target: ReferenceTarget?
    /// `params/<name>`, in name order.
    public var params: [(String, Tensor)]
    public var gradOutput: Tensor?
    public var expectedOutput: Tensor?
    public var expectedGradInput: Tensor?
    /// `grads/<name>`, in name order.
    public var expectedGrads: [(String, Tensor)]
    /// `expected_running/<name>`, in name order.
    public var expectedRunning: [(String, Tensor)]

    /// Reads the case stored in `group`. Only what is present is read; which datasets a case
    /// needs depends on its layer, and the runner checks that.
    public static func load(from group: HDF5Group) throws -> ReferenceCase {
        let name = String(group.path.dropFirst())
        func data<T>(_ dataset: String, _ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let error as HDF5Error {
                throw ReferenceError.badData(caseName: name, dataset: dataset, detail: error.description)
            }
        }
        func attribute(_ key: String) throws -> String {
            guard try group.hasAttribute(key) else {
                throw ReferenceError.badData(caseName: name, dataset: "@\(key)",
                                             detail: "the case group has no '\(key)' attribute")
            }
            return try data("@\(key)") { try group.stringAttribute(key) }
        }
        func isIntegral(_ dataset: String) throws -> Bool {
            try data(dataset) { try group.dataset(dataset).storedType.contains("int") }
        }
        func optionalTensor(_ dataset: String) throws -> Tensor? {
            guard try group.kind(of: dataset) != nil else { return nil }
            return try data(dataset) { try group.readTensor(dataset) }
        }
        func tensors(in subgroup: String) throws -> [(String, Tensor)] {
            guard try group.kind(of: subgroup) != nil else { return [] }
            let members = try data(subgroup) { try group.group(subgroup).members() }
            return try members.map { member in
                let path = "\(subgroup)/\(member)"
                return (member, try data(path) { try group.readTensor(path) })
            }
        }

        let layer = try attribute("layer")
        let config = try attribute("config")
        guard try group.kind(of: "input") != nil else {
            throw ReferenceError.badData(caseName: name, dataset: "input", detail: "missing: every case needs an input")
        }
        let input: Input = try isIntegral("input")
            ? .indices(try data("input") { try group.readInts("input") })
            : .tensor(try data("input") { try group.readTensor("input") })
        var target: ReferenceTarget?
        if try group.kind(of: "target") != nil {
            target = try isIntegral("target")
                ? .indices(try data("target") { try group.readInts("target") })
                : .tensor(try data("target") { try group.readTensor("target") })
        }
        return ReferenceCase(
            name: name, layer: layer, config: config, input: input, target: target,
            params: try tensors(in: "params"), gradOutput: try optionalTensor("grad_output"),
            expectedOutput: try optionalTensor("output"), expectedGradInput: try optionalTensor("grad_input"),
            expectedGrads: try tensors(in: "grads"), expectedRunning: try tensors(in: "expected_running"))
    }
}
