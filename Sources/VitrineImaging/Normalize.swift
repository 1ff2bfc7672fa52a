import VitrineEngine

extension Image {
    /// `(x − mean[c]) / std[c]` per channel, as a `[C, H, W]` tensor ready for a network
    /// (torchvision's Normalize). One mean and one positive std per channel.
    public func normalized(mean: [Float], std: [Float]) throws -> Tensor {
        let result = tensor
        try Self.normalize(result, mean: mean, std: std)
        return result
    }

    /// Normalizes a `[C, H, W]` or `[N, C, H, W]` tensor in place, channel by channel.
    public static func normalize(_ tensor: Tensor, mean: [Float], std: [Float]) throws {
        guard tensor.rank == 3 || tensor.rank == 4 else {
            throw ImagingError.invalidArgument("normalize", "expected a [C, H, W] or [N, C, H, W] tensor, got \(tensor.shape)")
        }
        let channels = tensor.shape[tensor.rank - 3]
        guard mean.count == channels, std.count == channels else {
            throw ImagingError.invalidArgument(
                "normalize", "\(channels) channels need \(channels) means and stds, got \(mean.count) and \(std.count)")
        }
        guard std.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ImagingError.invalidArgument("normalize", "std must be positive and finite, got \(std)")
        }
        let plane = tensor.shape[tensor.rank - 2] * tensor.shape[tensor.rank - 1]
        let data = tensor.data
        Parallel.forEach(tensor.count / max(plane, 1), cost: plane) { planeIndex in
            let c = planeIndex % channels
            let (m, inverse) = (mean[c], 1 / std[c])
            let p = data + planeIndex * plane
            for i in 0..<plane { p[i] = (p[i] - m) * inverse }
        }
    }
}
