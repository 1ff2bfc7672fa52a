import VitrineEngine

/// Layers applied one after another; children are named `0`, `1`, … as in `nn.Sequential`.
///
/// ``computesInputGradient`` belongs to the first layer: setting it sets that layer's switch
/// when it has one. A first layer without a switch and without parameters (an activation) is
/// then skipped in backward altogether; one with parameters but no switch runs in full. With
/// the switch off, backward returns an empty tensor of shape `[0]` in every case.
public final class Sequential: Module, Layer, InputGradientSwitch {
    public let layers: [any Layer]
    public var computesInputGradient = true {
        didSet { (layers.first as? InputGradientSwitch)?.computesInputGradient = computesInputGradient }
    }
    /// Whether backward may skip the first layer when the input gradient is off; fixed at
    /// construction, as reflection is too slow to ask every step.
    private let firstLayerIsSkippable: Bool
    private let emptyGradient = Tensor(zeros: [0])

    public init(_ layers: [any Layer]) {
        self.layers = layers
        firstLayerIsSkippable = layers.first.map {
            !($0 is InputGradientSwitch) && $0.namedParameters().isEmpty
        } ?? false
        super.init()
    }

    public convenience init(_ layers: any Layer...) { self.init(layers) }

    override public var children: [(String, Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        var x = input
        for layer in layers { x = try layer.forward(x) }
        return x
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        var g = gradOutput
        for (index, layer) in layers.enumerated().reversed() {
            if index == 0 && !computesInputGradient && firstLayerIsSkippable { break }
            g = try layer.backward(g)
        }
        return computesInputGradient ? g : emptyGradient
    }
}
