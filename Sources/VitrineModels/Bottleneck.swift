import VitrineEngine
import VitrineNN

/// ResNet's bottleneck block (ResNet-50), as torchvision's `Bottleneck` (ResNet v1.5: the
/// stride sits on the 3×3 convolution, not the first 1×1):
/// `relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + shortcut(x))`, where `conv1`
/// (1×1) narrows to `planes`, `conv2` (3×3) works at that width and `conv3` (1×1) widens
/// to `4·planes`. The shortcut is `downsample` (1×1 convolution + batch norm) when the stride
/// or the channel count changes.
///
/// Parameter paths: `conv1.weight`, `bn1.…`, `conv2.weight`, `bn2.…`, `conv3.weight`,
/// `bn3.…`, `downsample.0.weight`, `downsample.1.…`.
public final class Bottleneck: Module, Layer {
    /// Output channels per `planes`.
    public static let expansion = 4

    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    let relu1: ReLU
    public let conv2: Conv2d
    public let bn2: BatchNorm2d
    let relu2: ReLU
    public let conv3: Conv2d
    public let bn3: BatchNorm2d
    public let downsample: Sequential?
    private let join = ResidualJoin()

    public init(inPlanes: Int, planes: Int, stride: Int = 1, generator: Generator) throws {
        conv1 = try Conv2d(inPlanes, planes, kernelSize: 1, bias: false, generator: generator)
        bn1 = try BatchNorm2d(planes)
        relu1 = ReLU()
        conv2 = try Conv2d(planes, planes, kernelSize: 3, stride: Size2(stride), padding: 1,
                           bias: false, generator: generator)
        bn2 = try BatchNorm2d(planes)
        relu2 = ReLU()
        conv3 = try Conv2d(planes, planes * Self.expansion, kernelSize: 1, bias: false, generator: generator)
        bn3 = try BatchNorm2d(planes * Self.expansion)
        downsample = try ResidualJoin.downsample(
            inPlanes: inPlanes, outPlanes: planes * Self.expansion, stride: stride, generator: generator)
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let narrowed = try relu1.forward(bn1.forward(conv1.forward(input)))
        let main = try bn3.forward(conv3.forward(relu2.forward(bn2.forward(conv2.forward(narrowed)))))
        return try join.forward(main: main, input: input, downsample: downsample)
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try join.backward(gradOutput, downsample: downsample) { gradMain in
            let gradNarrowed = try conv2.backward(bn2.backward(relu2.backward(conv3.backward(bn3.backward(gradMain)))))
            return try conv1.backward(bn1.backward(relu1.backward(gradNarrowed)))
        }
    }
}
