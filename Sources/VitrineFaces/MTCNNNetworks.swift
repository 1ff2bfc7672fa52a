import Foundation
import VitrineCheckpoint
import VitrineData
import VitrineEngine
import VitrineModels
import VitrineNN

/// MTCNN's three networks, in evaluation mode.
public struct MTCNNNetworks {
    public let pnet: PNet
    public let rnet: RNet
    public let onet: ONet

    /// The three stages as (name, module), in cascade order.
    public var stages: [(String, Module)] {
        [(PNet.stageName, pnet), (RNet.stageName, rnet), (ONet.stageName, onet)]
    }

    /// Networks with PyTorch's default initialization (not a detector until weights are loaded).
    public init() throws {
        try self.init(pnet: PNet(), rnet: RNet(), onet: ONet())
    }

    public init(pnet: PNet, rnet: RNet, onet: ONet) {
        self.pnet = pnet
        self.rnet = rnet
        self.onet = onet
        pnet.eval()
        rnet.eval()
        onet.eval()
    }

    /// The checkpoint file of each stage in a directory: `pnet.h5`, `rnet.h5`, `onet.h5`.
    public static func checkpointPath(_ stage: String, in directory: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent("\(stage).h5").path
    }

    /// The networks from the Vitrine checkpoints `pnet.h5`, `rnet.h5`, `onet.h5` in `directory`
    /// (as `vitrine import mtcnn` writes them, or as MTCNN training runs will), each module
    /// under `/model`. Every name and shape is checked, and the checksum.
    public static func load(checkpoints directory: String) throws -> MTCNNNetworks {
        let networks = try MTCNNNetworks()
        for (stage, module) in networks.stages {
            let path = checkpointPath(stage, in: directory)
            guard FileManager.default.fileExists(atPath: path) else {
                throw CheckpointError(path, "missing: an MTCNN checkpoint folder holds pnet.h5, rnet.h5 and onet.h5 "
                    + "(`vitrine import mtcnn --from WHEEL --out DIR` writes them)")
            }
            try Checkpoint.load(from: path, into: module)
        }
        return networks
    }

    /// Copies a state dict into `module` after checking that the names and shapes are exactly the
    /// module's (no tensor missing, none left over); nothing changes unless all fit.
    static func assign(_ stateDict: [(String, Tensor)], to module: Module, source: String) throws {
        let expected = module.stateDict()
        let given = Dictionary(stateDict, uniquingKeysWith: { first, _ in first })
        for (name, tensor) in expected {
            guard let value = given[name] else {
                throw MTCNNImportError(source, "has no '\(name)' (it holds \(stateDict.map(\.0).joined(separator: ", ")))")
            }
            guard value.shape == tensor.shape else {
                throw MTCNNImportError(source, "'\(name)' has shape \(value.shape), the network expects \(tensor.shape)")
            }
        }
        if let extra = stateDict.map(\.0).first(where: { name in !expected.contains { $0.0 == name } }) {
            throw MTCNNImportError(source, "'\(extra)' is not a parameter of \(type(of: module))")
        }
        for (name, tensor) in expected { tensor.assign(given[name]!) }
    }
}

/// Released MTCNN weights that cannot be imported, naming the file.
public struct MTCNNImportError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let message: String
    public init(_ file: String, _ message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "\(file): \(message)" }
}

/// facenet-pytorch's released MTCNN weights (the original authors' Caffe models, converted),
/// imported without PyTorch: `pnet.pt`, `rnet.pt`, `onet.pt` in PyTorch's legacy format, read
/// from a folder or straight from the `facenet_pytorch-2.6.0-py3-none-any.whl` wheel
/// (where they are `facenet_pytorch/data/*.pt`).
public enum MTCNNWeights {
    /// What `import` wrote for one network.
    public struct ImportedStage: Equatable, Sendable {
        public let stage: String
        public let source: String
        public let checkpoint: String
        public let tensors: Int
        public let values: Int
    }

    /// The released networks from `source`: a folder holding `pnet.pt`, `rnet.pt`, `onet.pt`
    /// (or a `facenet_pytorch/data/` folder below it), or a wheel (any ZIP) holding them.
    public static func released(from source: String) throws -> (MTCNNNetworks, sources: [String]) {
        let networks = try MTCNNNetworks()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw MTCNNImportError(source, "no such file or folder (give facenet-pytorch's wheel or a folder with pnet.pt, rnet.pt, onet.pt)")
        }
        let archive = isDirectory.boolValue ? nil : try ZipArchive(path: source)
        var sources: [String] = []
        for (stage, module) in networks.stages {
            let file = "\(stage).pt"
            let name: String, data: Data
            if let archive {
                guard let entry = archive.entry("facenet_pytorch/data/\(file)") ?? archive.entry(file) else {
                    throw MTCNNImportError(source, "holds no \(file) (facenet-pytorch's wheel has facenet_pytorch/data/\(file))")
                }
                name = "\(source)!/\(entry.path)"
                data = try archive.contents(of: entry)
            } else {
                let candidates = [file, "facenet_pytorch/data/\(file)", "data/\(file)"].map {
                    URL(fileURLWithPath: source).appendingPathComponent($0).path
                }
                guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                    throw MTCNNImportError(source, "holds no \(file)")
                }
                guard let contents = FileManager.default.contents(atPath: path) else {
                    throw MTCNNImportError(path, "cannot read the file")
                }
                (name, data) = (path, contents)
            }
            try MTCNNNetworks.assign(try TorchLegacyFile.stateDict(data: data, name: name), to: module, source: name)
            sources.append(name)
        }
        return (networks, sources)
    }

    /// Reads the released weights from `source` (see ``released(from:)``) and writes one Vitrine
    /// checkpoint per network to `directory`: `pnet.h5`, `rnet.h5`, `onet.h5`, each module under
    /// `/model` with facenet-pytorch's parameter names and layouts, and the source in the config.
    @discardableResult
    public static func importReleased(from source: String, to directory: String) throws -> [ImportedStage] {
        let (networks, sources) = try released(from: source)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try zip(networks.stages, sources).map { stage, origin in
            let (name, module) = stage
            let path = MTCNNNetworks.checkpointPath(name, in: directory)
            let config = """
                # Released MTCNN weights imported by `vitrine import mtcnn` (no training).
                model: mtcnn_\(name)
                source: \(URL(fileURLWithPath: origin).lastPathComponent)
                imported_from: facenet-pytorch 2.6.0 (Zhang et al. 2016, original Caffe weights)

                """
            let meta = CheckpointMeta(step: 0, epoch: 0, position: 0, generatorState: [], configYAML: config,
                                      metrics: [:], bestMetric: nil)
            try Checkpoint.save(to: path, model: module, optimizer: nil, meta: meta)
            let state = module.stateDict()
            return ImportedStage(stage: name, source: origin, checkpoint: path, tensors: state.count,
                                 values: state.reduce(0) { $0 + $1.1.count })
        }
    }
}
