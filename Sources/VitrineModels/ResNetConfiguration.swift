import VitrineEngine

/// The shape of a ResNet: block type, blocks per stage, base width and stem.
///
/// `width` is the channel count of the stem and of the first stage (torchvision's 64); the
/// stages have `width`, `2·width`, `4·width`, `8·width` planes (times 4 at the output of a
/// bottleneck). Narrower networks (16, 32) make CPU training practical.
///
/// The standard stem (`smallStem == false`) is torchvision's: 7×7 convolution with stride 2,
/// then 3×3 max-pooling with stride 2, so the network divides the input side by 32 — meant for
/// 96–224 px inputs (32 px still runs, down to a 1×1 map). The small stem, for 32–64 px inputs,
/// is a 3×3 convolution with stride 1 and no max-pooling (as CIFAR ResNets do): the network
/// divides the side by 8 only, keeping a 4×4–8×8 map at the last stage. Its `conv1.weight` is
/// `[width, in, 3, 3]` instead of `[width, in, 7, 7]`, so a torchvision checkpoint maps onto
/// the standard stem only; every other path and shape is the same.
public struct ResNetConfiguration: Equatable, Sendable, CustomStringConvertible {
    /// The residual block a network is built from.
    public enum Block: String, Sendable {
        case basic, bottleneck

        /// Output channels per plane of the block.
        public var expansion: Int { self == .basic ? BasicBlock.expansion : Bottleneck.expansion }
    }

    public var block: Block
    /// Blocks in each of the four stages.
    public var layers: [Int]
    public var width: Int
    public var smallStem: Bool
    public var inChannels: Int

    public init(block: Block, layers: [Int], width: Int = 64, smallStem: Bool = false, inChannels: Int = 3) {
        self.block = block
        self.layers = layers
        self.width = width
        self.smallStem = smallStem
        self.inChannels = inChannels
    }

    /// ResNet-18: basic blocks, [2, 2, 2, 2].
    public static func resnet18(width: Int = 64, smallStem: Bool = false) -> Self {
        Self(block: .basic, layers: [2, 2, 2, 2], width: width, smallStem: smallStem)
    }

    /// ResNet-34: basic blocks, [3, 4, 6, 3].
    public static func resnet34(width: Int = 64, smallStem: Bool = false) -> Self {
        Self(block: .basic, layers: [3, 4, 6, 3], width: width, smallStem: smallStem)
    }

    /// ResNet-50: bottleneck blocks, [3, 4, 6, 3].
    public static func resnet50(width: Int = 64, smallStem: Bool = false) -> Self {
        Self(block: .bottleneck, layers: [3, 4, 6, 3], width: width, smallStem: smallStem)
    }

    /// A quick CPU preset: one basic block per stage, width 16, small stem (for 32–64 px).
    public static func resnetSmall(width: Int = 16) -> Self {
        Self(block: .basic, layers: [1, 1, 1, 1], width: width, smallStem: true)
    }

    /// The names a config may use, for error messages.
    public static let architectureNames = ["resnet18", "resnet34", "resnet50", "resnet_small"]

    /// A preset by name (`resnet18`, `resnet34`, `resnet50`, `resnet_small`).
    public static func named(_ name: String, width: Int? = nil, smallStem: Bool? = nil) throws -> Self {
        var configuration: Self
        switch name {
        case "resnet18": configuration = .resnet18()
        case "resnet34": configuration = .resnet34()
        case "resnet50": configuration = .resnet50()
        case "resnet_small": configuration = .resnetSmall()
        default:
            throw EngineError.invalidArgument(
                "ResNetConfiguration", "unknown architecture '\(name)'; use one of "
                    + Self.architectureNames.joined(separator: ", "))
        }
        if let width { configuration.width = width }
        if let smallStem { configuration.smallStem = smallStem }
        return configuration
    }

    /// Channels at the last stage's output, the input of `fc`: 8·width·expansion
    /// (512 for ResNet-18, 2048 for ResNet-50 at width 64).
    public var featureDimension: Int { 8 * width * block.expansion }

    /// How many times the input side is divided before global pooling (32, or 8 with the
    /// small stem).
    public var downsamplingFactor: Int { smallStem ? 8 : 32 }

    /// Throws unless every count is positive and there are four stages.
    public func validate() throws {
        func fail(_ detail: String) -> EngineError { .invalidArgument("ResNet", detail) }
        guard layers.count == 4 else { throw fail("layers must list 4 stages, got \(layers)") }
        guard layers.allSatisfy({ $0 >= 1 }) else { throw fail("every stage needs at least 1 block, got \(layers)") }
        guard width >= 1 else { throw fail("width must be positive, got \(width)") }
        guard inChannels >= 1 else { throw fail("inChannels must be positive, got \(inChannels)") }
    }

    public var description: String {
        "ResNet(\(block.rawValue) \(layers), width \(width), \(smallStem ? "small" : "standard") stem)"
    }
}
