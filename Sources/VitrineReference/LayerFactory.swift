import VitrineEngine
import VitrineNN

/// Builds the engine's layer or loss for a case from its `layer` name and PyTorch-named
/// `config`. Arguments PyTorch has but the engine models with one value only (a pooling
/// `dilation`, a loss `reduction`) are accepted at that value and rejected otherwise, so a
/// case never silently runs something other than what its generator computed.
enum LayerFactory {
    static let knownLayers = [
        "linear", "conv2d", "conv_transpose2d", "batch_norm1d", "batch_norm2d", "relu", "leaky_relu", "prelu",
        "tanh", "sigmoid", "max_pool2d", "avg_pool2d", "global_avg_pool2d", "upsample_nearest", "flatten",
        "embedding", "l2_normalize", "cross_entropy", "bce_with_logits", "mse", "smooth_l1", "poisson_nll",
        "triplet_batch_hard",
    ]

    /// Parameters are overwritten from the file; the seed only has to be fixed.
    private static func generator() -> Generator { Generator(seed: 0) }

    static func make(layer: String, config c: ReferenceConfig) throws -> ReferenceSubject {
        do {
            return try build(layer: layer, config: c)
        } catch let error as EngineError {
            // The engine rejected the arguments (stride 0, channels not divisible by groups…).
            throw ReferenceError.badConfig(caseName: c.caseName, key: "config", detail: error.description)
        }
    }

    private static func build(layer: String, config c: ReferenceConfig) throws -> ReferenceSubject {
        switch layer {
        case "linear":
            return .layer(try Linear(c.int("in_features"), c.int("out_features"), bias: c.bool("bias", default: true),
                                     generator: generator()))
        case "conv2d":
            try c.require("padding_mode", equals: .string("zeros"), because: "the engine pads with zeros")
            return .layer(try Conv2d(
                c.int("in_channels"), c.int("out_channels"), kernelSize: c.size2("kernel_size"),
                stride: c.size2("stride", default: 1), padding: c.size2("padding", default: 0),
                dilation: c.size2("dilation", default: 1), groups: c.int("groups", default: 1),
                bias: c.bool("bias", default: true), generator: generator()))
        case "conv_transpose2d":
            try c.require("padding_mode", equals: .string("zeros"), because: "the engine pads with zeros")
            return .layer(try ConvTranspose2d(
                c.int("in_channels"), c.int("out_channels"), kernelSize: c.size2("kernel_size"),
                stride: c.size2("stride", default: 1), padding: c.size2("padding", default: 0),
                outputPadding: c.size2("output_padding", default: 0), groups: c.int("groups", default: 1),
                bias: c.bool("bias", default: true), dilation: c.size2("dilation", default: 1),
                generator: generator()))
        case "batch_norm1d", "batch_norm2d":
            try c.require("track_running_stats", equals: .bool(true), because: "the engine always tracks running stats")
            let features = try c.int("num_features")
            let eps = try c.float("eps", default: 1e-5)
            let momentum = try c.float("momentum", default: 0.1)
            let affine = try c.bool("affine", default: true)
            return layer == "batch_norm1d"
                ? .layer(try BatchNorm1d(features, eps: eps, momentum: momentum, affine: affine))
                : .layer(try BatchNorm2d(features, eps: eps, momentum: momentum, affine: affine))
        case "relu":
            c.ignore("inplace")
            return .layer(ReLU())
        case "leaky_relu":
            c.ignore("inplace")
            return .layer(try LeakyReLU(negativeSlope: c.float("negative_slope", default: 0.01)))
        case "prelu":
            return .layer(try PReLU(numParameters: c.int("num_parameters", default: 1),
                                    initialValue: c.float("init", default: 0.25)))
        case "tanh":
            return .layer(Tanh())
        case "sigmoid":
            return .layer(Sigmoid())
        case "max_pool2d":
            try c.require("dilation", equals: .int(1), because: "the engine's max pooling has no dilation")
            try c.require("return_indices", equals: .bool(false), because: "indices are not compared")
            return .layer(try MaxPool2d(kernelSize: c.size2("kernel_size"), stride: c.optionalSize2("stride"),
                                        padding: c.size2("padding", default: 0),
                                        ceilMode: c.bool("ceil_mode", default: false)))
        case "avg_pool2d":
            try c.requireAbsent("divisor_override", because: "the engine divides by the window size")
            return .layer(try AvgPool2d(kernelSize: c.size2("kernel_size"), stride: c.optionalSize2("stride"),
                                        padding: c.size2("padding", default: 0),
                                        ceilMode: c.bool("ceil_mode", default: false),
                                        countIncludePad: c.bool("count_include_pad", default: true)))
        case "global_avg_pool2d":
            if let size = try c.optionalSize2("output_size"), size != Size2(1) {
                throw ReferenceError.badConfig(caseName: c.caseName, key: "output_size",
                                               detail: "only 1 is supported (global pooling), got \(size)")
            }
            return .layer(GlobalAvgPool2d())
        case "upsample_nearest":
            try c.require("mode", equals: .string("nearest"), because: "the layer is nearest-neighbour upsampling")
            try c.requireAbsent("size", because: "give scale_factor instead")
            return .layer(try UpsampleNearest2d(scaleFactor: c.size2("scale_factor")))
        case "flatten":
            try c.require("end_dim", equals: .int(-1), because: "the engine flattens to the last dimension")
            return .layer(try Flatten(startDim: c.int("start_dim", default: 1)))
        case "embedding":
            try c.requireAbsent("padding_idx", because: "the engine's embedding has no padding index")
            try c.requireAbsent("max_norm", because: "the engine's embedding does not renormalize")
            return .embedding(try Embedding(c.int("num_embeddings"), c.int("embedding_dim"), generator: generator()))
        case "l2_normalize":
            try c.require("p", equals: .int(2), because: "the layer normalizes by the Euclidean norm")
            return .layer(try L2Normalize(dim: c.int("dim", default: 1), eps: c.float("eps", default: 1e-12)))
        case "cross_entropy":
            try requireMeanReduction(c)
            try c.requireAbsent("weight", because: "class weights are not modelled")
            try c.require("ignore_index", equals: .int(-100), because: "every target is counted")
            return .loss(AnyReferenceLoss(try CrossEntropyLoss(labelSmoothing: c.float("label_smoothing", default: 0)),
                                          kind: .classIndices))
        case "bce_with_logits":
            try requireMeanReduction(c)
            try c.requireAbsent("weight", because: "element weights are not modelled")
            try c.requireAbsent("pos_weight", because: "positive weights are not modelled")
            return .loss(AnyReferenceLoss(BCEWithLogitsLoss()))
        case "mse":
            try requireMeanReduction(c)
            return .loss(AnyReferenceLoss(MSELoss()))
        case "smooth_l1":
            try requireMeanReduction(c)
            return .loss(AnyReferenceLoss(try SmoothL1Loss(beta: c.float("beta", default: 1))))
        case "poisson_nll":
            try requireMeanReduction(c)
            try c.require("log_input", equals: .bool(true), because: "the loss takes log-rates")
            try c.require("full", equals: .bool(false), because: "the Stirling term is not added")
            c.ignore("eps")  // used by PyTorch only when log_input is false
            return .loss(AnyReferenceLoss(PoissonNLLLoss()))
        case "triplet_batch_hard":
            try requireMeanReduction(c)
            return .loss(AnyReferenceLoss(try BatchHardTripletLoss(margin: c.float("margin", default: 0.2)),
                                          kind: .labels))
        default:
            throw ReferenceError.unknownLayer(caseName: c.caseName, layer: layer)
        }
    }

    private static func requireMeanReduction(_ c: ReferenceConfig) throws {
        try c.require("reduction", equals: .string("mean"), because: "losses return the mean")
    }
}
