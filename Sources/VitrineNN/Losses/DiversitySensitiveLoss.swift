import Foundation
import VitrineEngine

/// The diversity-sensitive term of Yang et al., "Diversity-Sensitive Conditional Generative
/// Adversarial Networks" (ICLR 2019), for a generator that ignores its noise: a batch of
/// `N = 2P` generated images `x` from noise `z`, where image `p` and image `p + P` were asked
/// for the same condition with different noise, scores each pair by how far apart the images
/// are per unit of noise distance,
///
///     r_p = mean|x_p − x_{p+P}| / mean|z_p − z_{p+P}|     (means over pixels, latent dims)
///
/// and the loss is `−(1/P) Σ_p min(r_p, τ)`: minimizing it pushes two draws of one condition
/// apart, up to the bound `τ` past which a pair counts as diverse enough (so the term cannot
/// grow without limit and drown the adversarial loss). L1 distances, as in the paper: at a
/// collapsed pair (`x_p ≈ x_{p+P}`) the gradient keeps its full size, where an L2 distance's
/// would vanish. The caller weights it (`λ`) and adds its gradient to the adversarial one.
///
/// `forward(images, noise)` takes `x` as `[N, …]` and `z` as `[N, …]` with `N` even; the
/// gradient is with respect to the images only (the noise is data).
public final class DiversitySensitiveLoss: Module, Loss {
    public typealias Target = Tensor
    public let bound: Float
    private var cached: (images: Tensor, noise: Tensor)?
    private let gradInput = Tensor(zeros: [0])
    /// Per pair: 1 / (pixels · mean noise distance) where the pair is under the bound, else 0.
    private var pairScale: [Float] = []

    public init(bound: Float = 1) throws {
        guard bound.isFinite, bound > 0 else {
            throw EngineError.invalidArgument("DiversitySensitiveLoss", "bound must be finite and positive, got \(bound)")
        }
        self.bound = bound
        super.init()
    }

    /// `−(1/P) Σ_p min(r_p, τ)`.
    public func forward(_ images: Tensor, _ noise: Tensor) throws -> Float {
        let n = images.shape.first ?? 0
        guard n >= 2, n % 2 == 0 else {
            throw EngineError.shapeMismatch(path, "images must be [N, …] with N even (pairs p and p + N/2), got \(images.shape)")
        }
        guard noise.shape.first == n, noise.count >= n else {
            throw EngineError.shapeMismatch(path, "noise must be [N, …] with the images' N = \(n), got \(noise.shape)")
        }
        let pairs = n / 2, pixels = images.count / n, dims = noise.count / n
        pairScale = [Float](repeating: 0, count: pairs)
        var sum = 0.0
        for p in 0..<pairs {
            let a = images.data + p * pixels, b = images.data + (p + pairs) * pixels
            var imageDistance = 0.0
            for k in 0..<pixels { imageDistance += Double(abs(a[k] - b[k])) }
            let za = noise.data + p * dims, zb = noise.data + (p + pairs) * dims
            var noiseDistance = 0.0
            for k in 0..<dims { noiseDistance += Double(abs(za[k] - zb[k])) }
            guard noiseDistance > 0 else {
                throw EngineError.invalidArgument(path, "pair \(p) has the same noise twice; draw the two halves independently")
            }
            // r = (Σ|Δx| / pixels) / (Σ|Δz| / dims).
            let meanNoise = noiseDistance / Double(dims)
            let ratio = imageDistance / Double(pixels) / meanNoise
            if ratio < Double(bound) {
                sum += ratio
                pairScale[p] = Float(1 / (Double(pixels) * meanNoise))
            } else {
                sum += Double(bound)
            }
        }
        cached = (images, noise)
        return Float(-sum / Double(pairs))
    }

    /// `∂/∂x_p = −sign(x_p − x_{p+P}) / (P · pixels · mean|Δz|)` for a pair under the bound
    /// (and the opposite for `x_{p+P}`), 0 for one past it; `sign(0) = 0`.
    public func backward() throws -> Tensor {
        let (images, _) = try requireForward(cached)
        let n = images.shape[0], pairs = n / 2, pixels = images.count / n
        gradInput.resize(images.shape)
        gradInput.zero()
        for p in 0..<pairs where pairScale[p] != 0 {
            let scale = -pairScale[p] / Float(pairs)
            let a = images.data + p * pixels, b = images.data + (p + pairs) * pixels
            let ga = gradInput.data + p * pixels, gb = gradInput.data + (p + pairs) * pixels
            for k in 0..<pixels {
                let d = a[k] - b[k]
                let s: Float = d > 0 ? scale : (d < 0 ? -scale : 0)
                ga[k] = s
                gb[k] = -s
            }
        }
        return gradInput
    }
}
