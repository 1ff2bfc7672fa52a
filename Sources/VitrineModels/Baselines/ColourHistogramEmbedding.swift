import VitrineEngine
import VitrineNN

/// An untrained baseline embedding: a joint colour histogram with `bins` levels per channel
/// (`bins³` cells for RGB, `bins` for gray), each pixel counted in its cell, normalized to sum
/// to 1. It sees colour and nothing of shape, so it tells how much of a catalog's retrieval
/// colour alone solves.
public final class ColourHistogramEmbedding: Module, Layer {
    public let bins: Int
    private let output = Tensor(zeros: [0])

    public init(bins: Int = 8) throws {
        guard (2...32).contains(bins) else {
            throw EngineError.invalidArgument("ColourHistogramEmbedding", "bins must lie in 2...32, got \(bins)")
        }
        self.bins = bins
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try requireRank(input, 4)
        let (n, c, plane) = (input.shape[0], input.shape[1], input.shape[2] * input.shape[3])
        guard c == 1 || c == 3 else {
            throw EngineError.shapeMismatch(path, "expected 1 or 3 channels, got \(input.shape)")
        }
        let cells = c == 3 ? bins * bins * bins : bins
        output.resize([n, cells])
        output.zero()
        let x = input.data, y = output.data, levels = Float(bins)
        func level(_ v: Float) -> Int { min(bins - 1, max(0, Int(v * levels))) }
        Parallel.forEach(n, cost: plane * c) { i in
            let image = x + i * c * plane, histogram = y + i * cells
            for p in 0..<plane {
                var cell = level(image[p])
                if c == 3 { cell = (cell * bins + level(image[plane + p])) * bins + level(image[2 * plane + p]) }
                histogram[cell] += 1
            }
            for j in 0..<cells { histogram[j] /= Float(plane) }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        throw EngineError.invalidState(path, "a fixed baseline embedding has nothing to train; run it with train.steps: 0")
    }
}
