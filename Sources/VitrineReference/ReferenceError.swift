/// Why a reference case could not be run. Every case names the case (its group in the file)
/// and the key, parameter or dataset at fault, so the message says what to fix in the file
/// or the generator.
public enum ReferenceError: Error, CustomStringConvertible, Equatable {
    /// The `layer` attribute names no layer or loss the runner knows.
    case unknownLayer(caseName: String, layer: String)
    /// A `config` key is missing, of the wrong type, out of range, unsupported or unknown.
    case badConfig(caseName: String, key: String, detail: String)
    /// A `params/<name>` dataset is missing, unexpected or of the wrong shape.
    case badParam(caseName: String, param: String, detail: String)
    /// A dataset the case needs (input, target, grad_output, output, grad_input, grads/…,
    /// expected_running/…) is missing or unusable.
    case badData(caseName: String, dataset: String, detail: String)
    /// The layer or loss threw while running the case.
    case layerFailed(caseName: String, detail: String)
    /// The file holds no case groups.
    case noCases(file: String)

    public var description: String {
        switch self {
        case let .unknownLayer(name, layer):
            return "case \(name): unknown layer '\(layer)'; expected one of \(LayerFactory.knownLayers.joined(separator: ", "))"
        case let .badConfig(name, key, detail):
            return "case \(name): config key '\(key)': \(detail)"
        case let .badParam(name, param, detail):
            return "case \(name): param '\(param)': \(detail)"
        case let .badData(name, dataset, detail):
            return "case \(name): dataset '\(dataset)': \(detail)"
        case let .layerFailed(name, detail):
            return "case \(name): the layer failed: \(detail)"
        case let .noCases(file):
            return "\(file): no reference cases (a case is a group at the root with a 'layer' attribute)"
        }
    }
}
