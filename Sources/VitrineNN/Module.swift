import VitrineEngine

/// A trainable tensor with its gradient, which backward passes accumulate into (`+=`) until
/// ``Module/zeroGrad()`` clears it, as in PyTorch.
public final class Parameter {
    public let value: Tensor
    public let grad: Tensor
    /// When false the parameter is frozen: backward passes neither compute nor accumulate its
    /// gradient (they skip that work, e.g. a convolution's weight-gradient product), and
    /// leave ``grad`` exactly as it was; the gradient with respect to the layer's input is
    /// unchanged. PyTorch's `requires_grad`. Set a whole subtree with
    /// ``Module/requiresGrad(_:)``.
    public var requiresGrad = true

    public init(_ value: Tensor) {
        self.value = value
        self.grad = Tensor(zeros: value.shape)
    }

    public var shape: [Int] { value.shape }
}

/// State that is saved with a model but not trained, such as batch norm's running statistics.
public final class Buffer {
    public let value: Tensor
    public init(_ value: Tensor) { self.value = value }
}

/// The base of every layer, loss and model: a node in a tree of named children.
///
/// Children, parameters and buffers are found from stored properties by reflection, named as
/// the properties are with camelCase turned into snake_case (`runningMean` → `running_mean`),
/// so a Swift model written the way its PyTorch twin is gets the same dotted paths
/// (`layer1.0.conv1.weight`, `bn1.running_mean`). An array of modules is numbered
/// (`features.0`, `features.1`). Override ``children`` to name children differently.
open class Module {
    /// This module's dotted path in the model (set by ``nameModules(prefix:)``), or its type
    /// name until then. Errors name it.
    public internal(set) var path: String
    /// Training mode (batch statistics, dropout) or evaluation mode.
    public private(set) var training = true

    public init() {
        path = String(describing: type(of: self))
    }

    /// Direct children in declaration order, with their local names.
    open var children: [(String, Module)] {
        reflectedProperties().compactMap { name, value in
            if let list = value as? ModuleList {
                return list.modules.enumerated().map { ("\(name).\($0.offset)", $0.element) }
            }
            if let module = value as? Module { return [(name, module)] }
            return nil
        }.flatMap { $0 }
    }

    /// Parameters this module owns directly (not its children's).
    open var localParameters: [(String, Parameter)] {
        reflectedProperties().compactMap { name, value in (value as? Parameter).map { (name, $0) } }
    }

    /// Buffers this module owns directly.
    open var localBuffers: [(String, Buffer)] {
        reflectedProperties().compactMap { name, value in (value as? Buffer).map { (name, $0) } }
    }

    /// Called after ``train(_:)`` changes the mode; layers that cache mode-dependent work
    /// override it.
    open func modeDidChange() {}

    private func reflectedProperties() -> [(String, Any)] {
        var result: [(String, Any)] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        var levels: [Mirror] = []
        while let m = mirror {
            levels.append(m)
            mirror = m.superclassMirror
        }
        // Base-class properties first, as a subclass's initializer would register them.
        for level in levels.reversed() {
            for child in level.children {
                guard let label = child.label, !label.hasPrefix("_"), label != "path",
                      let value = unwrapOptional(child.value)
                else { continue }
                // Collections are never cast whole: casting an array to a class type bridges it
                // element by element through Foundation, which made eval() on a network with a
                // max-pool's index array cost milliseconds. Only arrays of modules are children.
                let mirror = Mirror(reflecting: value)
                if mirror.displayStyle == .collection {
                    guard mirror.children.first?.value is Module else { continue }
                    result.append((snakeCase(label), ModuleList(modules: mirror.children.compactMap { $0.value as? Module })))
                } else if mirror.displayStyle != .dictionary && mirror.displayStyle != .set {
                    result.append((snakeCase(label), value))
                }
            }
        }
        return result
    }
}

/// An array property holding modules (`Sequential`'s layers), numbered as children.
private struct ModuleList {
    let modules: [Module]
}

private func unwrapOptional(_ value: Any) -> Any? {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .optional else { return value }
    return mirror.children.first.map { $0.value }
}

/// `runningMean` → `running_mean`; `layer1`, `conv1` and `bn1` are left as they are.
func snakeCase(_ name: String) -> String {
    var out = ""
    for ch in name {
        if ch.isUppercase {
            if !out.isEmpty { out.append("_") }
            out.append(contentsOf: ch.lowercased())
        } else {
            out.append(ch)
        }
    }
    return out
}

extension Module {
    /// Sets ``path`` on this module and every descendant, so errors name where they happened.
    public func nameModules(prefix: String = "") {
        path = prefix.isEmpty ? String(describing: type(of: self)) : prefix
        for (name, child) in children {
            child.nameModules(prefix: prefix.isEmpty ? name : "\(prefix).\(name)")
        }
    }

    /// Every module in the tree, this one first, with dotted paths.
    public func namedModules(prefix: String = "") -> [(String, Module)] {
        var result: [(String, Module)] = [(prefix, self)]
        for (name, child) in children {
            result += child.namedModules(prefix: prefix.isEmpty ? name : "\(prefix).\(name)")
        }
        return result
    }

    /// Every parameter in the tree with its dotted path, in PyTorch's order.
    public func namedParameters() -> [(String, Parameter)] {
        namedModules().flatMap { prefix, module in
            module.localParameters.map { (prefix.isEmpty ? $0.0 : "\(prefix).\($0.0)", $0.1) }
        }
    }

    /// Every buffer in the tree with its dotted path.
    public func namedBuffers() -> [(String, Buffer)] {
        namedModules().flatMap { prefix, module in
            module.localBuffers.map { (prefix.isEmpty ? $0.0 : "\(prefix).\($0.0)", $0.1) }
        }
    }

    /// Parameters and buffers by dotted path, module by module (own parameters, own buffers,
    /// then children), as PyTorch's `state_dict()` orders them.
    public func stateDict() -> [(String, Tensor)] {
        namedModules().flatMap { prefix, module -> [(String, Tensor)] in
            let join = { (name: String) in prefix.isEmpty ? name : "\(prefix).\(name)" }
            return module.localParameters.map { (join($0.0), $0.1.value) }
                + module.localBuffers.map { (join($0.0), $0.1.value) }
        }
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.1.value.count } }

    /// Switches this module and its descendants to training (`true`) or evaluation mode.
    @discardableResult
    public func train(_ on: Bool = true) -> Self {
        for (_, module) in namedModules() where module.training != on {
            module.training = on
            module.modeDidChange()
        }
        return self
    }

    /// Switches to evaluation mode.
    @discardableResult
    public func eval() -> Self { train(false) }

    /// Sets ``Parameter/requiresGrad`` on every parameter of this module and its descendants,
    /// as PyTorch's `module.requires_grad_(flag)`: `false` freezes the subtree (a GAN's
    /// discriminator during the generator's step), while gradients still flow through it to
    /// whatever feeds it.
    @discardableResult
    public func requiresGrad(_ flag: Bool) -> Self {
        for (_, parameter) in namedParameters() { parameter.requiresGrad = flag }
        return self
    }

    /// Clears every parameter's gradient.
    public func zeroGrad() {
        for (_, parameter) in namedParameters() { parameter.grad.zero() }
    }
}
