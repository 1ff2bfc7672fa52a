import VitrineEngine
import VitrineNN

/// What one MTCNN stage says about each window (Zhang et al. 2016), in facenet-pytorch's forms.
///
/// The tensors belong to the network's layers and are overwritten by its next forward call:
/// copy what must outlive it.
public struct MTCNNOutput {
    /// Box regression: offsets of the window's corners `(dx1, dy1, dx2, dy2)` as fractions of
    /// its size. `[N, 4, H, W]` from P-Net (one per 12 × 12 window, stride 2), `[N, 4]` from
    /// R-Net and O-Net.
    public let boxRegression: Tensor
    /// Face logits before the softmax: `[N, 2, H, W]` from P-Net, `[N, 2]` otherwise.
    public let faceLogits: Tensor
    /// The softmax of ``faceLogits`` over dim 1; channel 1 is the probability of a face.
    public let faceProbability: Tensor
    /// O-Net only: five landmarks as fractions of the window, `[N, 10]` laid out
    /// `x1…x5, y1…y5` (left eye, right eye, nose, left and right mouth corners).
    public let landmarks: Tensor?

    /// The heads every stage reads off its trunk's features: face logits and their softmax,
    /// box regression, and (O-Net) landmarks.
    init(features: Tensor, face: any Layer, softmax: any Layer, box: any Layer, landmarks: (any Layer)? = nil) throws {
        faceLogits = try face.forward(features)
        faceProbability = try softmax.forward(faceLogits)
        boxRegression = try box.forward(features)
        self.landmarks = try landmarks?.forward(features)
    }
}

/// One of MTCNN's three networks. The parameter names and layouts are facenet-pytorch's
/// (`conv1.weight`, `prelu1.weight`, …, `conv4_1.bias`, `dense5_1.weight`), so its released
/// state dicts load as they are.
public protocol MTCNNStage: Module {
    /// The square input side the network takes (24 for R-Net, 48 for O-Net), or nil for
    /// P-Net, which is fully convolutional and scans a whole image.
    static var inputSide: Int? { get }
    /// facenet-pytorch's file name stem: `pnet`, `rnet`, `onet`.
    static var stageName: String { get }
    /// Runs the network on `[N, 3, H, W]` images normalized as MTCNN expects:
    /// `(pixel − 127.5) / 128` with pixels in 0…255, RGB.
    func forward(_ input: Tensor) throws -> MTCNNOutput
}

extension MTCNNStage {
    fileprivate func requireInput(_ input: Tensor) throws {
        guard input.rank == 4, input.shape[1] == 3 else {
            throw EngineError.shapeMismatch(path, "input must be [N, 3, H, W] RGB images, got shape \(input.shape)")
        }
        if let side = Self.inputSide, input.shape[2] != side || input.shape[3] != side {
            throw EngineError.shapeMismatch(path, "input must be \(side) × \(side) crops, got shape \(input.shape)")
        }
    }
}

/// MTCNN's proposal network, as facenet-pytorch's `PNet`: three 3 × 3 convolutions (10, 16, 32
/// channels) with per-channel PReLU, a 2 × 2 max-pool (ceil mode) after the first; then two
/// 1 × 1 heads, `conv4_1` (face logits, softmaxed by `softmax4_1`) and `conv4_2` (box
/// regression). Each output position is a 12 × 12 window of the input, 2 pixels apart.
public final class PNet: Module, MTCNNStage {
    public static let inputSide: Int? = nil
    public static let stageName = "pnet"
    public let conv1: Conv2d
    public let prelu1: PReLU
    public let pool1: MaxPool2d
    public let conv2: Conv2d
    public let prelu2: PReLU
    public let conv3: Conv2d
    public let prelu3: PReLU
    public let conv4_1: Conv2d
    public let softmax4_1: Softmax
    public let conv4_2: Conv2d
    /// The layers before the heads, in order (hidden from the parameter walk by the underscore;
    /// they are the properties above).
    private let _trunk: Sequential

    /// Parameters start as PyTorch's layer defaults; load released or trained weights over them.
    public init(generator: Generator = Generator(seed: 0)) throws {
        conv1 = try Conv2d(3, 10, kernelSize: 3, generator: generator)
        prelu1 = try PReLU(numParameters: 10)
        pool1 = try MaxPool2d(kernelSize: 2, stride: 2, ceilMode: true)
        conv2 = try Conv2d(10, 16, kernelSize: 3, generator: generator)
        prelu2 = try PReLU(numParameters: 16)
        conv3 = try Conv2d(16, 32, kernelSize: 3, generator: generator)
        prelu3 = try PReLU(numParameters: 32)
        conv4_1 = try Conv2d(32, 2, kernelSize: 1, generator: generator)
        softmax4_1 = Softmax()
        conv4_2 = try Conv2d(32, 4, kernelSize: 1, generator: generator)
        _trunk = Sequential(conv1, prelu1, pool1, conv2, prelu2, conv3, prelu3)
        super.init()
        nameModules()
    }

    public func forward(_ input: Tensor) throws -> MTCNNOutput {
        try requireInput(input)
        return try MTCNNOutput(features: try _trunk.forward(input), face: conv4_1, softmax: softmax4_1, box: conv4_2)
    }
}

/// MTCNN's refinement network, as facenet-pytorch's `RNet`, on 24 × 24 crops: convolutions of
/// 28, 48 and 64 channels (3, 3, 2 pixels) with PReLU, 3 × 3 stride-2 max-pools (ceil mode)
/// after the first two; the `[N, 64, 3, 3]` features permuted to `[N, W, H, C]` and flattened
/// (facenet-pytorch's `x.permute(0, 3, 2, 1)`, which the released `dense4` weights expect),
/// `dense4` (128) with PReLU, then `dense5_1` (face logits, `softmax5_1`) and `dense5_2` (box).
public final class RNet: Module, MTCNNStage {
    public static let inputSide: Int? = 24
    public static let stageName = "rnet"
    public let conv1: Conv2d
    public let prelu1: PReLU
    public let pool1: MaxPool2d
    public let conv2: Conv2d
    public let prelu2: PReLU
    public let pool2: MaxPool2d
    public let conv3: Conv2d
    public let prelu3: PReLU
    public let dense4: Linear
    public let prelu4: PReLU
    public let dense5_1: Linear
    public let softmax5_1: Softmax
    public let dense5_2: Linear
    private let _trunk: Sequential

    public init(generator: Generator = Generator(seed: 0)) throws {
        conv1 = try Conv2d(3, 28, kernelSize: 3, generator: generator)
        prelu1 = try PReLU(numParameters: 28)
        pool1 = try MaxPool2d(kernelSize: 3, stride: 2, ceilMode: true)
        conv2 = try Conv2d(28, 48, kernelSize: 3, generator: generator)
        prelu2 = try PReLU(numParameters: 48)
        pool2 = try MaxPool2d(kernelSize: 3, stride: 2, ceilMode: true)
        conv3 = try Conv2d(48, 64, kernelSize: 2, generator: generator)
        prelu3 = try PReLU(numParameters: 64)
        dense4 = try Linear(576, 128, generator: generator)
        prelu4 = try PReLU(numParameters: 128)
        dense5_1 = try Linear(128, 2, generator: generator)
        softmax5_1 = Softmax()
        dense5_2 = try Linear(128, 4, generator: generator)
        _trunk = Sequential(conv1, prelu1, pool1, conv2, prelu2, pool2, conv3, prelu3,
                            try Permute([0, 3, 2, 1]), try Flatten(), dense4, prelu4)
        super.init()
        nameModules()
    }

    public func forward(_ input: Tensor) throws -> MTCNNOutput {
        try requireInput(input)
        return try MTCNNOutput(features: try _trunk.forward(input), face: dense5_1, softmax: softmax5_1, box: dense5_2)
    }
}

/// MTCNN's output network, as facenet-pytorch's `ONet`, on 48 × 48 crops: convolutions of 32,
/// 64, 64 (3 × 3) and 128 (2 × 2) channels with PReLU, max-pools 3/2, 3/2 and 2/2 (ceil mode)
/// after the first three; `[N, 128, 3, 3]` permuted to `[N, W, H, C]` and flattened, `dense5`
/// (256) with PReLU, then `dense6_1` (face logits, `softmax6_1`), `dense6_2` (box) and
/// `dense6_3` (five landmarks).
public final class ONet: Module, MTCNNStage {
    public static let inputSide: Int? = 48
    public static let stageName = "onet"
    public let conv1: Conv2d
    public let prelu1: PReLU
    public let pool1: MaxPool2d
    public let conv2: Conv2d
    public let prelu2: PReLU
    public let pool2: MaxPool2d
    public let conv3: Conv2d
    public let prelu3: PReLU
    public let pool3: MaxPool2d
    public let conv4: Conv2d
    public let prelu4: PReLU
    public let dense5: Linear
    public let prelu5: PReLU
    public let dense6_1: Linear
    public let softmax6_1: Softmax
    public let dense6_2: Linear
    public let dense6_3: Linear
    private let _trunk: Sequential

    public init(generator: Generator = Generator(seed: 0)) throws {
        conv1 = try Conv2d(3, 32, kernelSize: 3, generator: generator)
        prelu1 = try PReLU(numParameters: 32)
        pool1 = try MaxPool2d(kernelSize: 3, stride: 2, ceilMode: true)
        conv2 = try Conv2d(32, 64, kernelSize: 3, generator: generator)
        prelu2 = try PReLU(numParameters: 64)
        pool2 = try MaxPool2d(kernelSize: 3, stride: 2, ceilMode: true)
        conv3 = try Conv2d(64, 64, kernelSize: 3, generator: generator)
        prelu3 = try PReLU(numParameters: 64)
        pool3 = try MaxPool2d(kernelSize: 2, stride: 2, ceilMode: true)
        conv4 = try Conv2d(64, 128, kernelSize: 2, generator: generator)
        prelu4 = try PReLU(numParameters: 128)
        dense5 = try Linear(1152, 256, generator: generator)
        prelu5 = try PReLU(numParameters: 256)
        dense6_1 = try Linear(256, 2, generator: generator)
        softmax6_1 = Softmax()
        dense6_2 = try Linear(256, 4, generator: generator)
        dense6_3 = try Linear(256, 10, generator: generator)
        _trunk = Sequential(conv1, prelu1, pool1, conv2, prelu2, pool2, conv3, prelu3, pool3, conv4, prelu4,
                            try Permute([0, 3, 2, 1]), try Flatten(), dense5, prelu5)
        super.init()
        nameModules()
    }

    public func forward(_ input: Tensor) throws -> MTCNNOutput {
        try requireInput(input)
        return try MTCNNOutput(features: try _trunk.forward(input), face: dense6_1, softmax: softmax6_1, box: dense6_2,
                               landmarks: dense6_3)
    }
}
