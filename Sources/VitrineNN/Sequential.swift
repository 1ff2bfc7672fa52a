import VitrineEngine

/// Layers applied one after another; children are named `0`, `1`, … as in `nn.Sequential`.
public final class Sequential: Module, Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) {
        self.layers = layers
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
        for layer in layers.reversed() { g = try layer.backward(g) }
        return g
    }
}
