import VitrineEngine
import VitrineNN

/// ResNet-18/34/50 (He et al., 2016) as torchvision builds them, with a configurable width
/// and stem (see ``ResNetConfiguration``) and a classifier or embedding head (``ResNetHead``).
///
/// `conv1 → bn1 → relu → maxpool → layer1 … layer4 → global average pool → fc`; each stage
/// is a `Sequential` of ``BasicBlock``s or ``Bottleneck``s, the first block of stages 2–4 with
/// stride 2. Parameter and buffer paths are torchvision's (`conv1.weight`,
/// `bn1.running_mean`, `layer1.0.conv1.weight`, `layer2.0.downsample.0.weight`, `fc.weight`),
/// so a checkpoint maps one-to-one onto `torchvision.models.resnet18()` (standard stem). With
/// an embedding head, `fc` is an ``EmbeddingHead`` whose parameters are still `fc.weight` and
/// `fc.bias`.
///
/// Weights start as torchvision's: convolutions Kaiming-normal (fan-out, ReLU gain), batch
/// norms γ = 1 and β = 0, `fc` PyTorch's linear default.
public final class ResNet: Module, Layer {
    public let configuration: ResNetConfiguration
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    let relu: ReLU
    /// nil with the small stem.
    public let maxpool: MaxPool2d?
    public let layer1: Sequential
    public let layer2: Sequential
    public let layer3: Sequential
    public let layer4: Sequential
    let avgpool: GlobalAvgPool2d
    let flatten: Flatten
    public let fc: any Layer

    public init(_ configuration: ResNetConfiguration, head: ResNetHead, generator: Generator) throws {
        try configuration.validate()
        self.configuration = configuration
        let width = configuration.width
        if configuration.smallStem {
            conv1 = try Conv2d(configuration.inChannels, width, kernelSize: 3, padding: 1, bias: false,
                               generator: generator)
            maxpool = nil
        } else {
            conv1 = try Conv2d(configuration.inChannels, width, kernelSize: 7, stride: 2, padding: 3,
                               bias: false, generator: generator)
            maxpool = try MaxPool2d(kernelSize: 3, stride: 2, padding: 1)
        }
        bn1 = try BatchNorm2d(width)
        relu = ReLU()
        var inPlanes = width
        func stage(_ index: Int) throws -> Sequential {
            let planes = width << index
            var blocks: [any Layer] = []
            for b in 0..<configuration.layers[index] {
                let stride = b == 0 && index > 0 ? 2 : 1
                switch configuration.block {
                case .basic:
                    blocks.append(try BasicBlock(inPlanes: inPlanes, planes: planes, stride: stride, generator: generator))
                case .bottleneck:
                    blocks.append(try Bottleneck(inPlanes: inPlanes, planes: planes, stride: stride, generator: generator))
                }
                inPlanes = planes * configuration.block.expansion
            }
            return Sequential(blocks)
        }
        layer1 = try stage(0)
        layer2 = try stage(1)
        layer3 = try stage(2)
        layer4 = try stage(3)
        avgpool = GlobalAvgPool2d()
        flatten = try Flatten()
        switch head {
        case .classifier(let classes):
            fc = try Linear(configuration.featureDimension, classes, generator: generator)
        case .embedding(let dimension):
            fc = try EmbeddingHead(configuration.featureDimension, dimension: dimension, generator: generator)
        }
        super.init()
        for (_, module) in namedModules() {
            if let conv = module as? Conv2d {
                try Init.kaimingNormal(conv.weight.value, mode: .fanOut, nonlinearity: .relu, generator: generator)
            }
        }
        nameModules()
    }

    /// The stem and the four stages, in order (everything before pooling).
    private var trunk: [any Layer] {
        [conv1, bn1, relu] + (maxpool.map { [$0] } ?? []) + [layer1, layer2, layer3, layer4]
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try requireRank(input, 4)
        var x = input
        for layer in trunk { x = try layer.forward(x) }
        return try fc.forward(flatten.forward(avgpool.forward(x)))
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        var g = try avgpool.backward(flatten.backward(fc.backward(gradOutput)))
        for layer in trunk.reversed() { g = try layer.backward(g) }
        return g
    }
}
