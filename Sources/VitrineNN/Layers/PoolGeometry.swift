import VitrineEngine

/// Window placement shared by ``MaxPool2d`` and ``AvgPool2d``, following PyTorch's
/// `pooling_output_shape` so the two pools and their PyTorch twins agree on every size.
struct PoolGeometry {
    let kernel: Size2
    let stride: Size2
    let padding: Size2
    let ceilMode: Bool

    /// Validates hyperparameters as PyTorch does; `owner` names the layer type in errors.
    init(owner: String, kernel: Size2, stride: Size2?, padding: Size2, ceilMode: Bool) throws {
        let stride = stride ?? kernel
        guard kernel.h > 0, kernel.w > 0 else {
            throw EngineError.invalidArgument(owner, "kernel size must be positive, got \(kernel)")
        }
        guard stride.h > 0, stride.w > 0 else {
            throw EngineError.invalidArgument(owner, "stride must be positive, got \(stride)")
        }
        guard padding.h >= 0, padding.w >= 0 else {
            throw EngineError.invalidArgument(owner, "padding must be non-negative, got \(padding)")
        }
        // A window made only of padding would have no input to pool; PyTorch forbids it this way.
        guard padding.h <= kernel.h / 2, padding.w <= kernel.w / 2 else {
            throw EngineError.invalidArgument(
                owner, "padding must be at most half the kernel size, got padding \(padding) for kernel \(kernel)")
        }
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.ceilMode = ceilMode
    }

    /// The number of windows along one axis, or a value below 1 when the input is too small.
    static func outputSize(input: Int, kernel: Int, stride: Int, padding: Int, ceilMode: Bool) -> Int {
        let numerator = input + 2 * padding - kernel + (ceilMode ? stride - 1 : 0)
        // Rounds toward −∞ as PyTorch's div_rtn, which matters when the input is smaller than
        // the kernel.
        var size = floorDivide(numerator, stride) + 1
        // In ceil mode the extra window must still start inside the input or the left padding;
        // one that would start in the right padding is dropped.
        if ceilMode && (size - 1) * stride >= input + padding { size -= 1 }
        return size
    }

    /// `[outH, outW]` for an `[N, C, H, W]` input, or a shape error naming `path`.
    func outputShape(for input: Tensor, path: String) throws -> (h: Int, w: Int) {
        guard input.rank == 4 else {
            throw EngineError.shapeMismatch(
                path, "input must have 4 dimensions [N, C, H, W], got shape \(input.shape)")
        }
        // An empty plane would leave windows with nothing to pool; PyTorch rejects it too.
        guard input.shape[1] > 0, input.shape[2] > 0, input.shape[3] > 0 else {
            throw EngineError.shapeMismatch(
                path, "input channels, height and width must be positive, got shape \(input.shape)")
        }
        let h = Self.outputSize(input: input.shape[2], kernel: kernel.h, stride: stride.h,
                                padding: padding.h, ceilMode: ceilMode)
        let w = Self.outputSize(input: input.shape[3], kernel: kernel.w, stride: stride.w,
                                padding: padding.w, ceilMode: ceilMode)
        guard h >= 1, w >= 1 else {
            throw EngineError.shapeMismatch(
                path, "input \(input.shape) is too small for kernel \(kernel), stride \(stride), "
                    + "padding \(padding): output would be \(h)x\(w)")
        }
        return (h, w)
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
