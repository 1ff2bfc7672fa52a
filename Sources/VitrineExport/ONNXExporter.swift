import Foundation
import VitrineCheckpoint
import VitrineEngine
import VitrineInference
import VitrineModels
import VitrineNN

/// `vitrine export --format onnx`: an embedding checkpoint as an ONNX model (opset 17) that
/// onnxruntime and other runtimes load — the small convnet and the ResNets with their embedding
/// head. Weights are initializers, not graph inputs; batch norm is in inference form (folded
/// into the convolutions when the model was loaded folded, else `BatchNormalization` with the
/// running statistics). The evaluation view (centre crop, flip average) is preprocessing around
/// the network, not part of the graph: the input signature is recorded in the model's metadata
/// (`vitrine.input_signature`, JSON) so a serving component applies it.
public enum ONNXExporter {
    /// The serialized ModelProto of `model`'s network.
    public static func export(_ model: InferenceModel) throws -> [UInt8] {
        // The view wraps the network without changing its graph.
        let network = (model.network as? EmbeddingView)?.network ?? model.network
        var emitter = ONNXEmitter()
        let output = try emitter.emit(network, "input")
        emitter.graph.add("Identity", [output], output: "embedding")
        let signature = model.signature
        return emitter.graph.modelProto(
            graphName: "vitrine_\(model.spec.architecture.rawValue)",
            input: ("input", [1, signature.channels, signature.size, signature.size]),
            output: ("embedding", [1, signature.outputDimension]),
            metadata: [("vitrine.input_signature", try signature.json()), ("vitrine.fingerprint", model.fingerprint),
                       ("vitrine.checkpoint", URL(fileURLWithPath: model.checkpoint).lastPathComponent),
                       ("vitrine.preprocessing", "pixels in [0, 1], NCHW, (x - mean) / std per channel; apply the "
                        + "evaluation view (center_crop, flip_average) of the input signature before the graph")],
            producerVersion: Vitrine.version)
    }

    /// Writes `export(model)` to `path`.
    public static func write(_ model: InferenceModel, to path: String) throws {
        try Data(try export(model)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// A layer that has no ONNX form in this exporter.
public struct ExportError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Emits the ONNX nodes of each layer type the harness's embedding networks are built from.
struct ONNXEmitter {
    var graph = ONNXGraph()

    mutating func emit(_ layer: Module, _ x: String) throws -> String {
        switch layer {
        case let network as SmallConvNet:
            return try emit(network.classifier, emit(network.flatten, emit(network.features, x)))
        case let network as ResNet:
            var y = try emit(network.bn1, emit(network.conv1, x))
            y = graph.add("Relu", [y])
            if let pool = network.maxpool { y = try emit(pool, y) }
            for stage in [network.layer1, network.layer2, network.layer3, network.layer4] { y = try emit(stage, y) }
            y = graph.add("Flatten", [graph.add("GlobalAveragePool", [y])], [("axis", .int(1))])
            return try emit(network.fc, y)
        case let block as BasicBlock:
            var main = graph.add("Relu", [try emit(block.bn1, emit(block.conv1, x))])
            main = try emit(block.bn2, emit(block.conv2, main))
            return residual(main, shortcut: try block.downsample.map { try emit($0, x) } ?? x)
        case let block as Bottleneck:
            var main = graph.add("Relu", [try emit(block.bn1, emit(block.conv1, x))])
            main = graph.add("Relu", [try emit(block.bn2, emit(block.conv2, main))])
            main = try emit(block.bn3, emit(block.conv3, main))
            return residual(main, shortcut: try block.downsample.map { try emit($0, x) } ?? x)
        case let sequence as Sequential:
            return try sequence.layers.reduce(x) { try emit($1, $0) }
        case let conv as Conv2d:
            return convolution(conv, x)
        case let norm as BatchNormBase:
            return batchNorm(norm, x)
        case is ReLU:
            return graph.add("Relu", [x])
        case let pool as MaxPool2d:
            return graph.add("MaxPool", [x], [
                ("kernel_shape", .ints([pool.kernelSize.h, pool.kernelSize.w])), ("strides", .ints([pool.stride.h, pool.stride.w])),
                ("pads", .ints([pool.padding.h, pool.padding.w, pool.padding.h, pool.padding.w])), ("ceil_mode", .int(pool.ceilMode ? 1 : 0)),
            ])
        case let flatten as Flatten:
            return graph.add("Flatten", [x], [("axis", .int(flatten.startDim))])
        case is Dropout:
            return x  // the identity at evaluation
        case let linear as Linear:
            return gemm(weight: linear.weight.value, bias: linear.bias?.value, x)
        case let head as EmbeddingHead:
            let parameters = Dictionary(uniqueKeysWithValues: head.localParameters.map { ($0.0, $0.1.value) })
            let projected = gemm(weight: parameters["weight"]!, bias: parameters["bias"], x)
            // F.normalize(x, p=2, dim=1): differs from x / max(‖x‖, 1e-12) only for a zero vector.
            return graph.add("LpNormalization", [projected], [("axis", .int(1)), ("p", .int(2))])
        default:
            throw ExportError("\(type(of: layer)) (at \(layer.path)) has no ONNX form in this exporter; "
                + "the small convnet and the ResNets with an embedding head export")
        }
    }

    private mutating func residual(_ main: String, shortcut: String) -> String {
        graph.add("Relu", [graph.add("Add", [main, shortcut])])
    }

    private mutating func convolution(_ conv: Conv2d, _ x: String) -> String {
        let weight = graph.initializer(graph.name("conv_weight"), conv.weight.value)
        let bias = (conv.bias?.value ?? conv.foldedShift).map { graph.initializer(graph.name("conv_bias"), $0) }
        return graph.add("Conv", [x, weight] + (bias.map { [$0] } ?? []), [
            ("kernel_shape", .ints([conv.kernelSize.h, conv.kernelSize.w])), ("strides", .ints([conv.stride.h, conv.stride.w])),
            ("pads", .ints([conv.padding.h, conv.padding.w, conv.padding.h, conv.padding.w])),
            ("dilations", .ints([conv.dilation.h, conv.dilation.w])), ("group", .int(conv.groups)),
        ])
    }

    private mutating func batchNorm(_ norm: BatchNormBase, _ x: String) -> String {
        guard !norm.isFolded else { return x }  // already inside the convolution before it
        let c = norm.numFeatures
        let scale = graph.initializer(graph.name("bn_scale"), shape: [c], values: norm.weight?.value.array ?? Array(repeating: 1, count: c))
        let shift = graph.initializer(graph.name("bn_bias"), shape: [c], values: norm.bias?.value.array ?? Array(repeating: 0, count: c))
        let mean = graph.initializer(graph.name("bn_mean"), norm.runningMean.value)
        let variance = graph.initializer(graph.name("bn_var"), norm.runningVar.value)
        return graph.add("BatchNormalization", [x, scale, shift, mean, variance], [("epsilon", .float(norm.eps))])
    }

    private mutating func gemm(weight: Tensor, bias: Tensor?, _ x: String) -> String {
        let w = graph.initializer(graph.name("fc_weight"), weight)
        let b = bias.map { graph.initializer(graph.name("fc_bias"), $0) }
        return graph.add("Gemm", [x, w] + (b.map { [$0] } ?? []), [("transB", .int(1))])
    }
}
