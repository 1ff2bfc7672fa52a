import VitrineEngine
import VitrineNN

/// The part every residual block shares: the shortcut (identity, or torchvision's
/// `downsample` = 1×1 convolution with the block's stride followed by batch norm, used when
/// the shape changes), the sum with the main branch and the final ReLU.
///
/// A value owned by each block rather than a base class, so the block's own stored
/// properties — and therefore its parameter paths — keep torchvision's order
/// (`conv1`, `bn1`, …, `downsample`).
struct ResidualJoin {
    let add = Add()
    let relu = ReLU()
    private let gradInput = Tensor(zeros: [0])

    /// torchvision's `downsample` for a block going from `inPlanes` to `outPlanes` channels
    /// with `stride`, or nil when the identity fits.
    static func downsample(inPlanes: Int, outPlanes: Int, stride: Int,
                           generator: Generator) throws -> Sequential? {
        guard stride != 1 || inPlanes != outPlanes else { return nil }
        return Sequential(
            try Conv2d(inPlanes, outPlanes, kernelSize: 1, stride: Size2(stride), bias: false,
                       generator: generator),
            try BatchNorm2d(outPlanes))
    }

    /// `relu(main + shortcut(input))`.
    func forward(main: Tensor, input: Tensor, downsample: Sequential?) throws -> Tensor {
        let shortcut = try downsample?.forward(input) ?? input
        return try relu.forward(add.forward(main, shortcut))
    }

    /// Backward through the ReLU and the sum: returns the gradient for the main branch's
    /// output, and a function that, given the main branch's input gradient, adds the
    /// shortcut's and returns the block's input gradient.
    func backward(_ gradOutput: Tensor, downsample: Sequential?,
                  mainBackward: (Tensor) throws -> Tensor) throws -> Tensor {
        let (gradMain, gradShortcut) = try add.backward(relu.backward(gradOutput))
        let viaMain = try mainBackward(gradMain)
        let viaShortcut = try downsample?.backward(gradShortcut) ?? gradShortcut
        Kernels.add(viaMain, viaShortcut, into: gradInput)
        return gradInput
    }
}
