import VitrineEngine
import VitrineImaging
import VitrineNN

/// How an embedding network looks at an image at evaluation and serving time (`eval.center_crop`,
/// `eval.flip_average`): the central crop of a fraction of the side, resized back to the input
/// size, and optionally the mirror image too, the two unit embeddings summed.
///
/// Why: training's random resized crops show objects magnified (by about 1/√0.8 on average at
/// `augment.crop_scale: 0.6`), so whole images at test time show them smaller than the network
/// learned them — the train/test resolution discrepancy of Touvron et al. (FixRes); a centre
/// crop, as torchvision's evaluation transform does, closes the gap. Flip averaging makes the
/// embedding invariant to a mirror the training augmentation already treated as the same product.
///
/// Evaluation only: it wraps a trained network (which keeps its own parameter paths, so a
/// checkpoint loads into either) and has no backward.
public final class EmbeddingView: Module, Layer {
    public let network: any Layer
    /// The fraction of the image's side kept, centred (1: the whole image).
    public let centerCrop: Double
    public let flipAverage: Bool

    public init(network: any Layer, centerCrop: Double, flipAverage: Bool) throws {
        guard centerCrop > 0, centerCrop <= 1 else {
            throw EngineError.invalidArgument("EmbeddingView", "centerCrop must lie in (0, 1], got \(centerCrop)")
        }
        self.network = network
        self.centerCrop = centerCrop
        self.flipAverage = flipAverage
        super.init()
    }

    /// `network` itself when the settings change nothing, else the view the config asks for.
    public static func wrapping(_ network: any Layer, centerCrop: Double, flipAverage: Bool) throws -> any Layer {
        centerCrop == 1 && !flipAverage ? network : try EmbeddingView(network: network, centerCrop: centerCrop, flipAverage: flipAverage)
    }

    // The network's modules and parameters under their own paths, not under a child name.
    override public var children: [(String, Module)] { network.children }
    override public var localParameters: [(String, Parameter)] { network.localParameters }
    override public var localBuffers: [(String, Buffer)] { network.localBuffers }
    override public func modeDidChange() { _ = network.train(training) }

    /// The centred box torchvision's CenterCrop takes: `(top, left, height, width)`.
    public static func centerBox(height: Int, width: Int, fraction: Double) -> (top: Int, left: Int, height: Int, width: Int) {
        let h = max(1, Int((Double(height) * fraction).rounded()))
        let w = max(1, Int((Double(width) * fraction).rounded()))
        return (Int((Double(height - h) / 2).rounded()), Int((Double(width - w) / 2).rounded()), h, w)
    }

    /// `[N, D]`: the network's embedding of each image's view (raw when only cropping; the sum
    /// of the two L2-normalized embeddings when flip averaging).
    public func forward(_ input: Tensor) throws -> Tensor {
        try requireRank(input, 4)
        let views = try self.views(of: input)
        guard flipAverage else { return try network.forward(views[0]) }
        let normalize = try L2Normalize(dim: 1)
        // Copies: the network's and the normalizer's output buffers are reused by the next call.
        let sum = try normalize.forward(try network.forward(views[0])).copy()
        let mirrored = try normalize.forward(try network.forward(views[1]))
        for i in 0..<sum.count { sum.data[i] += mirrored.data[i] }
        return sum
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        throw EngineError.invalidState(path, "an evaluation view has no backward; train the network it wraps")
    }

    /// The cropped batch, and its mirror image when flip averaging.
    func views(of input: Tensor) throws -> [Tensor] {
        let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let box = Self.centerBox(height: h, width: w, fraction: centerCrop)
        let cropping = centerCrop < 1
        let plane = c * h * w
        let cropped = cropping ? Tensor(zeros: input.shape) : input
        let mirrored = flipAverage ? Tensor(zeros: input.shape) : nil
        try Parallel.forEachThrowing(n, cost: 1 << 15) { row in
            let image = try Image(channels: c, height: h, width: w,
                                  pixels: Array(UnsafeBufferPointer(start: input.data + row * plane, count: plane)))
            let view = cropping
                ? try image.cropped(top: box.top, left: box.left, height: box.height, width: box.width).resized(height: h, width: w)
                : image
            if cropping { (cropped.data + row * plane).update(from: view.pixels, count: plane) }
            if let mirrored { (mirrored.data + row * plane).update(from: view.flippedHorizontally().pixels, count: plane) }
        }
        return [cropped] + (mirrored.map { [$0] } ?? [])
    }
}
