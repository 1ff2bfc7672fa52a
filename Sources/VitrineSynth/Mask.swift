import Foundation

/// A single-channel coverage raster: shapes are accumulated into it and it is blurred into
/// soft shadows before being composited.
public struct Mask: Sendable {
    public let width: Int
    public let height: Int
    public var values: [Float]

    /// An empty (all zero) mask.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        values = [Float](repeating: 0, count: width * height)
    }

    /// Adds `path`'s coverage (union, saturating at 1).
    public mutating func fill(_ path: Path, transform: Affine = .identity) {
        let w = width
        values.withUnsafeMutableBufferPointer { v in
            Rasterizer.coverage(of: path.transformed(by: transform), width: width, height: height) { y, x0, cov in
                for k in cov.indices where cov[k] > 0 {
                    let i = y * w + x0 + k
                    v[i] += (1 - v[i]) * min(cov[k], 1)
                }
            }
        }
    }

    /// Three box-blur passes of `radius` pixels each way: close to a Gaussian of sigma ≈ radius.
    public mutating func blur(radius: Int) {
        guard radius > 0 else { return }
        var scratch = values
        for _ in 0..<3 {
            Self.boxBlur(values, into: &scratch, count: height, length: width, stride: 1, lineStride: width, radius: radius)
            Self.boxBlur(scratch, into: &values, count: width, length: height, stride: width, lineStride: 1, radius: radius)
        }
    }

    /// Blurs `count` lines of `length` samples (each `stride` apart, lines `lineStride` apart),
    /// treating samples beyond the edge as zero.
    private static func boxBlur(_ input: [Float], into output: inout [Float], count: Int, length: Int,
                                stride: Int, lineStride: Int, radius: Int) {
        let scale = 1 / Float(2 * radius + 1)
        for line in 0..<count {
            let base = line * lineStride
            var sum: Float = 0
            for k in 0...min(radius, length - 1) { sum += input[base + k * stride] }
            for k in 0..<length {
                output[base + k * stride] = sum * scale
                let enter = k + radius + 1, leave = k - radius
                if enter < length { sum += input[base + enter * stride] }
                if leave >= 0 { sum -= input[base + leave * stride] }
            }
        }
    }
}
