import Foundation
import VitrineEngine
import VitrineHDF5
import VitrineNN

/// Model checkpoints in HDF5, laid out so h5py or any HDF5 reader maps them one-to-one onto
/// the PyTorch model of the same architecture:
///
/// - `/<module>/<dotted.path>`: every parameter and buffer of each named module, float32, in
///   PyTorch's layout (`/model/layer1.0.conv1.weight`, `/model/bn1.running_mean`; a GAN's
///   `/generator/main.0.weight` and `/discriminator/main.0.weight`), so each group loads
///   into the PyTorch model of the same architecture as its state dict;
/// - `/optimizers/<name>/<dotted.path>/<slot>`: each named optimizer's state
///   (`momentum_buffer`, `exp_avg`, ...), with its step count as the `step_count` attribute of
///   `/optimizers/<name>` (checkpoints written before several optimizers existed hold one
///   `/optimizer` group instead; they load as the state of a task's only optimizer);
/// - `/documents/<name>`: optional string datasets for models that are not tensors (a demand
///   run's gradient-boosted trees as JSON in `/documents/trees`);
/// - `/meta`: attributes `step`, `epoch`, `position`, `generator_state` (JSON array of
///   decimal strings: 64-bit words), `config` (the resolved YAML), `metrics` (JSON object),
///   `best_metric`, `vitrine_version`, `git_commit`.
///
/// Writes are atomic (a temporary file in the same directory, flushed, synced, renamed), so a
/// run killed mid-save leaves the previous checkpoint intact.
public enum Checkpoint {
    /// Names that cannot be a module's: the checkpoint's own groups.
    static let reservedGroups: Set<String> = ["meta", "documents", "optimizer", "optimizers"]

    /// Writes `model`'s state, the optimizer's state (if any) and `meta` to `path` atomically:
    /// a one-model task's checkpoint, its module and optimizer both named `model`.
    public static func save(to path: String, model: Module, optimizer: (any Optimizer)?, meta: CheckpointMeta,
                            documents: [String: String] = [:]) throws {
        try save(to: path, modules: [("model", model)], optimizers: optimizer.map { [("model", $0)] } ?? [],
                 meta: meta, documents: documents)
    }

    /// Writes every named module's state, every named optimizer's state and step count, and
    /// `meta` to `path` atomically. `documents` are written as string datasets under
    /// `/documents/<name>` (a model that is not a tensor tree, such as gradient-boosted trees
    /// as JSON).
    public static func save(to path: String, modules: [(String, Module)], optimizers: [(String, any Optimizer)],
                            meta: CheckpointMeta, documents: [String: String] = [:]) throws {
        for (name, _) in modules where reservedGroups.contains(name) || name.isEmpty || name.contains("/") {
            throw CheckpointError(path, "'\(name)' cannot name a module (reserved or not a plain name)")
        }
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try HDF5File.writeAtomically(to: path) { file in
            let root = try file.root
            for (moduleName, module) in modules {
                let group = try root.createGroup(moduleName)
                for (name, tensor) in module.stateDict() { try group.write(tensor, to: name) }
            }
            if !optimizers.isEmpty {
                let all = try root.createGroup("optimizers")
                for (optimizerName, optimizer) in optimizers {
                    let group = try all.createGroup(optimizerName)
                    try group.setAttribute("step_count", optimizer.stepCount)
                    for (name, tensor) in optimizer.stateTensors() {
                        let slash = name.lastIndex(of: "/")!
                        let parameterGroup = try group.requireGroup(String(name[..<slash]))
                        try parameterGroup.write(tensor, to: String(name[name.index(after: slash)...]))
                    }
                }
            }
            if !documents.isEmpty {
                let group = try root.createGroup("documents")
                for (name, text) in documents.sorted(by: { $0.key < $1.key }) { try group.writeString(text, to: name) }
            }
            let m = try root.createGroup("meta")
            try m.setAttribute("step", meta.step)
            try m.setAttribute("epoch", meta.epoch)
            try m.setAttribute("position", meta.position)
            try m.setJSONAttribute("generator_state", meta.generatorState.map(String.init))
            try m.setAttribute("config", meta.configYAML)
            try m.setJSONAttribute("metrics", meta.metrics.filter { $0.value.isFinite })
            try m.setAttribute("best_metric", meta.bestMetric ?? .nan)
            try m.setAttribute("vitrine_version", meta.vitrineVersion)
            try m.setAttribute("git_commit", meta.gitCommit)
            try m.setAttribute("format", CheckpointChecksum.format)
            // Summed from what the file now holds, read back through the same walk a load uses.
            try file.flush()
            try m.setAttribute(CheckpointChecksum.attribute,
                               try CheckpointChecksum.compute(root, fileSize: Int.max, path: path))
        }
    }

    /// The string dataset `/documents/<name>` written by ``save(to:model:optimizer:meta:documents:)``.
    public static func document(_ name: String, at path: String) throws -> String {
        guard let text = try documentIfPresent(name, at: path) else {
            throw CheckpointError(path, "no /documents/\(name): the checkpoint holds another kind of model")
        }
        return text
    }

    /// The string dataset `/documents/<name>`, or nil when the checkpoint has none (a document
    /// newer than the checkpoint, such as an input signature).
    public static func documentIfPresent(_ name: String, at path: String) throws -> String? {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let root = try file.root
        guard try root.contains("documents/\(name)") else { return nil }
        return try root.group("documents").readString(name)
    }

    /// Reads every value of the checkpoint and checks it against its checksum (see
    /// ``CheckpointChecksum``); returns the meta. For choosing among a run's checkpoints the
    /// newest one that is whole.
    @discardableResult
    public static func verify(at path: String) throws -> CheckpointMeta {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let root = try file.root
        let meta = try readMeta(root, path: path)
        try CheckpointChecksum.verify(root, fileSize: CheckpointChecksum.fileSize(path), path: path)
        return meta
    }

    /// Reads only the `/meta` attributes.
    public static func meta(at path: String) throws -> CheckpointMeta {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        return try readMeta(try file.root, path: path)
    }

    private static func readMeta(_ root: HDF5Group, path: String) throws -> CheckpointMeta {
        let m = try root.group("meta")
        let words = try m.jsonAttribute([String].self, "generator_state")
        let state = try words.map { word -> UInt64 in
            guard let value = UInt64(word) else {
                throw CheckpointError(path, "/meta generator_state holds '\(word)', not a 64-bit word")
            }
            return value
        }
        let best = try m.doubleAttribute("best_metric")
        return CheckpointMeta(
            step: try m.intAttribute("step"), epoch: try m.intAttribute("epoch"),
            position: try m.intAttribute("position"), generatorState: state,
            configYAML: try m.stringAttribute("config"),
            metrics: try m.jsonAttribute([String: Double].self, "metrics"),
            bestMetric: best.isNaN ? nil : best,
            vitrineVersion: try m.stringAttribute("vitrine_version"), gitCommit: try m.stringAttribute("git_commit"))
    }

    /// Loads `path` into `model` (and `optimizer`, when given) after checking that every name
    /// and shape matches; nothing is changed unless everything does. Returns the meta.
    /// Stored tensors under `ignoring` prefixes may be absent from the model (a serving
    /// model leaves out what only training needs, such as a loss's class proxies under `loss.`).
    @discardableResult
    public static func load(from path: String, into model: Module, optimizer: (any Optimizer)? = nil,
                            ignoring prefixes: [String] = []) throws -> CheckpointMeta {
        try load(from: path, modules: [("model", model)], optimizers: optimizer.map { [("model", $0)] } ?? [],
                 ignoring: prefixes)
    }

    /// Loads each named module from `/<name>` and each named optimizer from
    /// `/optimizers/<name>` (or, for a task's only optimizer, a checkpoint's older `/optimizer`
    /// group), after checking every name and declared shape against the modules and
    /// optimizers and the checksum against the contents; nothing is changed unless everything
    /// fits. Returns the meta.
    @discardableResult
    public static func load(from path: String, modules: [(String, Module)], optimizers: [(String, any Optimizer)],
                            ignoring prefixes: [String] = []) throws -> CheckpointMeta {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let root = try file.root
        let meta = try readMeta(root, path: path)
        // Names and declared shapes are compared with the modules before any value is read, so
        // a damaged header declaring a huge tensor is an error, not an allocation.
        var datasets: [(Tensor, HDF5Dataset)] = []
        for (moduleName, module) in modules {
            guard try root.kind(of: moduleName) == .group else {
                let stored = try root.members().filter { !reservedGroups.contains($0) }
                throw CheckpointError(path, "no /\(moduleName) group: the checkpoint holds \(stored.isEmpty ? "no modules" : stored.map { "/" + $0 }.joined(separator: ", ")), "
                    + "written by another kind of task")
            }
            let group = try root.group(moduleName)
            let expected = module.stateDict()
            let stored = Set(try group.members())
            for (name, tensor) in expected {
                guard stored.contains(name) else {
                    throw CheckpointError(path, "/\(moduleName)/\(name) is missing; the checkpoint was written by another model (it holds \(stored.count) tensors, the model has \(expected.count))")
                }
                let dataset = try group.dataset(name)
                guard dataset.shape == tensor.shape else {
                    throw CheckpointError(path, "/\(moduleName)/\(name) has shape \(dataset.shape), the model expects \(tensor.shape)")
                }
                datasets.append((tensor, dataset))
            }
            if let extra = stored.subtracting(expected.map(\.0)).sorted().first(where: { name in
                !prefixes.contains { name.hasPrefix($0) }
            }) {
                throw CheckpointError(path, "/\(moduleName)/\(extra) is not a parameter or buffer of this model")
            }
        }
        var optimizerDatasets: [(any Optimizer, String, [(String, HDF5Dataset)], Int)] = []
        for (optimizerName, optimizer) in optimizers {
            let groupPath: String
            if try root.contains("optimizers/\(optimizerName)") {
                groupPath = "optimizers/\(optimizerName)"
            } else if optimizers.count == 1, try root.contains("optimizer") {
                groupPath = "optimizer"
            } else {
                throw CheckpointError(path, "no /optimizers/\(optimizerName) group: the checkpoint holds weights only, or "
                    + "another task's optimizers, and cannot resume this training")
            }
            let group = try root.group(groupPath)
            var found: [(String, HDF5Dataset)] = []
            for (name, tensor) in optimizer.stateTensors() where try group.contains(name) {
                let dataset = try group.dataset(name)
                guard dataset.shape == tensor.shape else {
                    throw CheckpointError(path, "/\(groupPath)/\(name) has shape \(dataset.shape), the optimizer expects \(tensor.shape)")
                }
                found.append((name, dataset))
            }
            optimizerDatasets.append((optimizer, "/" + groupPath, found, try group.intAttribute("step_count")))
        }
        try CheckpointChecksum.verify(root, fileSize: CheckpointChecksum.fileSize(path), path: path)
        var staged: [(Tensor, Tensor)] = []
        for (tensor, dataset) in datasets {
            let value = Tensor(zeros: tensor.shape)
            try dataset.read(into: value)
            staged.append((tensor, value))
        }
        // Every optimizer's state is read and checked before any is applied.
        var states: [(any Optimizer, String, [String: Tensor], Int)] = []
        for (optimizer, groupPath, found, stepCount) in optimizerDatasets {
            var tensors: [String: Tensor] = [:]
            for (name, dataset) in found { tensors[name] = try dataset.readTensor() }
            states.append((optimizer, groupPath, tensors, stepCount))
        }
        for (optimizer, groupPath, tensors, stepCount) in states {
            do { try optimizer.loadState(tensors, stepCount: stepCount) } catch {
                throw CheckpointError(path, "\(groupPath): \(error)")
            }
        }
        for (target, value) in staged { target.assign(value) }
        return meta
    }

    /// A summary for `vitrine inspect`: every tensor's path, shape and count, and the meta.
    public static func describe(_ path: String) throws -> String {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let root = try file.root
        let meta = try readMeta(root, path: path)
        var lines = ["checkpoint \(path)"]
        var total = 0
        for group in try root.members() where !reservedGroups.contains(group) {
            let module = try root.group(group)
            lines.append("\(group) tensors:")
            for name in try module.members() {
                let dataset = try module.dataset(name)
                total += dataset.count
                lines.append("  \(name)  \(dataset.shape)  \(dataset.count)")
            }
        }
        lines.append("total values: \(total)")
        if try root.contains("documents") {
            for name in try root.group("documents").members() {
                lines.append("document \(name): \(try root.group("documents").readString(name).utf8.count) bytes")
            }
        }
        var optimizerGroups: [(String, HDF5Group)] = []
        if try root.contains("optimizer") { optimizerGroups.append(("optimizer", try root.group("optimizer"))) }
        if try root.contains("optimizers") {
            let all = try root.group("optimizers")
            for name in try all.members() { optimizerGroups.append(("optimizer \(name)", try all.group(name))) }
        }
        for (label, group) in optimizerGroups {
            lines.append("\(label): \(try group.members().count) parameters with state, step_count \(try group.intAttribute("step_count"))")
        }
        lines.append("step \(meta.step), epoch \(meta.epoch), position \(meta.position)")
        lines.append("metrics: " + meta.metrics.keys.sorted().map { "\($0)=\(meta.metrics[$0]!)" }.joined(separator: " "))
        if let best = meta.bestMetric { lines.append("best metric: \(best)") }
        lines.append("vitrine \(meta.vitrineVersion), commit \(meta.gitCommit)")
        lines.append("config:")
        lines += meta.configYAML.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}

/// A checkpoint that does not fit the model or is missing what training needs.
public struct CheckpointError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let message: String
    public init(_ file: String, _ message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "\(file): \(message)" }
}
