import VitrineEngine
import VitrineNN

/// ResNet's basic block (ResNet-18 and -34), as torchvision's `BasicBlock`:
/// `relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))` with 3×3 convolutions, the stride
/// on `conv1`, and `downsample` (1×1 convolution + batch norm) as the shortcut when the
/// stride or the channel count changes. Output channels = `planes` (expansion 1).
///
/// Parameter paths: `conv1.weight`, `bn1.{weight,bias,running_mean,…}`, `conv2.weight`,
/// `bn2.…`, `downsample.0.weight`, `downsample.1.…`.
public final class BasicBlock: Module, Layer {
    /// Output channels per `planes`.
    public static let expansion = 1

    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    /// torchvision reuses one ReLU module; the main branch gets its own here because each
    /// layer caches what its backward needs. ReLUs hold no state, so the paths are unchanged.
    let relu: ReLU
    public let conv2: Conv2d
    public let bn2: BatchNorm2d
    public let downsample: Sequential?
    private let join = ResidualJoin()

    public init(inPlanes: Int, planes: Int, stride: Int = 1, generator: Generator) throws {
        conv1 = try Conv2d(inPlanes, planes, kernelSize: 3, stride: Size2(stride), padding: 1,
                           bias: false, generator: generator)
        bn1 = try BatchNorm2d(planes)
        relu = ReLU()
        conv2 = try Conv2d(planes, planes, kernelSize: 3, padding: 1, bias: false, generator: generator)
        bn2 = try BatchNorm2d(planes)
        downsample = try ResidualJoin.downsample(
            inPlanes: inPlanes, outPlanes: planes * Self.expansion, stride: stride, generator: generator)
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let main = try bn2.forward(conv2.forward(relu.forward(bn1.forward(conv1.forward(input)))))
        return try join.forward(main: main, input: input, downsample: downsample)
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try join.backward(gradOutput, downsample: downsample) { gradMain in
            try conv1.backward(bn1.backward(relu.backward(conv2.backward(bn2.backward(gradMain)))))
        }
    }
}
