import VitrineEngine

/// A module with one input and one output, whose backward is written by hand.
///
/// `forward` caches what `backward` needs. `backward` takes the gradient of the objective
/// with respect to the last forward's output, adds the parameter gradients into each
/// ``Parameter/grad``, and returns the gradient with respect to that forward's input.
/// Returned tensors belong to the layer and are overwritten by its next call.
public protocol Layer: Module {
    func forward(_ input: Tensor) throws -> Tensor
    func backward(_ gradOutput: Tensor) throws -> Tensor
}

/// A layer or model whose backward can skip the gradient with respect to its input, as
/// Caffe's `propagate_down: false` on a bottom blob: set ``computesInputGradient`` to false
/// on the first layer of a network whose input is data, or whose input gradient is not needed
/// (a GAN's discriminator on generated images in its own step).
///
/// With the switch off, `backward` still accumulates every parameter gradient exactly as it
/// would otherwise, but does none of the input-gradient work (a convolution's col2im and its
/// `Wᵀ · dY` product) and returns an empty tensor of shape `[0]`, which the caller must not
/// use. Containers (``Sequential``, the models) pass the switch to their first layer.
public protocol InputGradientSwitch: AnyObject {
    /// True (the default) to compute the input gradient in `backward`.
    var computesInputGradient: Bool { get set }
}

/// A loss: reduces a prediction and a target to a scalar (the mean over the batch) and gives
/// the gradient of that scalar with respect to the prediction.
public protocol Loss: Module {
    associatedtype Target
    func forward(_ input: Tensor, _ target: Target) throws -> Float
    func backward() throws -> Tensor
}

extension Module {
    /// Throws a shape error naming this module's path unless `tensor` has `expected` rank.
    public func requireRank(_ tensor: Tensor, _ expected: Int, _ what: String = "input") throws {
        guard tensor.rank == expected else {
            throw EngineError.shapeMismatch(
                path, "\(what) must have \(expected) dimensions, got shape \(tensor.shape)")
        }
    }

    /// Throws a shape error naming this module's path unless `tensor.shape == expected`.
    public func requireShape(_ tensor: Tensor, _ expected: [Int], _ what: String) throws {
        guard tensor.shape == expected else {
            throw EngineError.shapeMismatch(path, "\(what) must have shape \(expected), got \(tensor.shape)")
        }
    }

    /// Throws unless `cached` was set by a forward call.
    public func requireForward<T>(_ cached: T?) throws -> T {
        guard let value = cached else {
            throw EngineError.invalidState(path, "backward called before forward")
        }
        return value
    }

    /// An invalid-argument error naming this module.
    public func invalid(_ detail: String) -> EngineError {
        EngineError.invalidArgument(path, detail)
    }
}
