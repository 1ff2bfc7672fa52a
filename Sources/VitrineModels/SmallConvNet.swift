import VitrineEngine
import VitrineNN

/// A two-block convnet for small images: (conv 3×3 → batch norm → ReLU → max-pool 2) twice,
/// then dropout and a linear classifier. Parameter paths follow PyTorch's `nn.Sequential`
/// numbering (`features.0.weight`, `features.1.running_mean`, `classifier.weight`).
public final class SmallConvNet: Module, Layer {
    public let features: Sequential
    public let flatten: Flatten
    public let dropout: Dropout
    public let classifier: Linear

    public init(inChannels: Int, numClasses: Int, imageSize: Int, width: Int = 16,
                dropout: Float = 0, generator: Generator) throws {
        guard imageSize % 4 == 0, imageSize >= 4 else {
            throw EngineError.invalidArgument(
                "SmallConvNet", "imageSize must be a positive multiple of 4, got \(imageSize)")
        }
        features = Sequential(
            try Conv2d(inChannels, width, kernelSize: 3, padding: 1, bias: false, generator: generator),
            try BatchNorm2d(width),
            ReLU(),
            try MaxPool2d(kernelSize: 2),
            try Conv2d(width, 2 * width, kernelSize: 3, padding: 1, bias: false, generator: generator),
            try BatchNorm2d(2 * width),
            ReLU(),
            try MaxPool2d(kernelSize: 2))
        flatten = try Flatten()
        self.dropout = try Dropout(p: dropout, generator: generator)
        let side = imageSize / 4
        classifier = try Linear(2 * width * side * side, numClasses, generator: generator)
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try classifier.forward(dropout.forward(flatten.forward(features.forward(input))))
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try features.backward(flatten.backward(dropout.backward(classifier.backward(gradOutput))))
    }
}
