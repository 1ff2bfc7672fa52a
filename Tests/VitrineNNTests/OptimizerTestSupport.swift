import Foundation
import Testing
import VitrineEngine
@testable import VitrineNN

/// A parameter holding `values` (row-major) with the given shape.
func makeParameter(_ values: [Float], shape: [Int]? = nil) throws -> Parameter {
    Parameter(try Tensor(shape: shape ?? [values.count], values: values))
}

/// Overwrites a parameter's gradient with `values`.
func setGradient(_ parameter: Parameter, _ values: [Float]) {
    precondition(values.count == parameter.grad.count)
    for (i, v) in values.enumerated() { parameter.grad[i] = v }
}

/// Records a failure unless `body` throws `EngineError.invalidArgument(location, detail)` with
/// `detail` containing `fragment`.
func expectInvalidArgument(
    _ location: String, containing fragment: String,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected invalidArgument(\(location), …\(fragment)…), nothing was thrown",
                     sourceLocation: sourceLocation)
    } catch let EngineError.invalidArgument(where_, detail) {
        #expect(where_ == location, "thrown at \(where_)", sourceLocation: sourceLocation)
        #expect(detail.contains(fragment), "message: \(detail)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected invalidArgument, got \(error)", sourceLocation: sourceLocation)
    }
}

/// Element-wise closeness of a parameter to Double reference values, relative to max(|e|, 1).
func expectValues(
    _ tensor: Tensor, _ expected: [Double], tolerance: Double = 1e-5, _ label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(tensor.count == expected.count, sourceLocation: sourceLocation)
    for (i, e) in expected.enumerated() where i < tensor.count {
        let error = abs(Double(tensor[i]) - e) / max(abs(e), 1)
        if error > tolerance {
            Issue.record("\(label) element \(i): \(tensor[i]) vs expected \(e)", sourceLocation: sourceLocation)
            return
        }
    }
}

/// A deterministic gradient sequence: `steps` arrays of `count` values of mixed sign and size.
func gradientSequence(steps: Int, count: Int, seed: UInt64) -> [[Float]] {
    let g = Generator(seed: seed)
    return (0..<steps).map { _ in (0..<count).map { _ in Float(g.normal() * 1.5) } }
}

/// PyTorch's SGD written out in Double, one step, in place on `p` and `buf`.
func referenceSGDStep(
    p: inout [Double], buf: inout [Double]?, grad: [Float], lr: Float, momentum: Float,
    dampening: Float, nesterov: Bool, weightDecay: Float
) {
    let lr = Double(lr), mu = Double(momentum), damp = Double(dampening), wd = Double(weightDecay)
    var d = zip(grad, p).map { Double($0) + wd * $1 }
    if mu != 0 {
        if let old = buf {
            buf = zip(old, d).map { mu * $0 + (1 - damp) * $1 }
        } else {
            buf = d
        }
        d = nesterov ? zip(d, buf!).map { $0 + mu * $1 } : buf!
    }
    p = zip(p, d).map { $0 - lr * $1 }
}

/// PyTorch's Adam / AdamW written out in Double, one step (`t` counts from 1).
func referenceAdamStep(
    p: inout [Double], m: inout [Double], v: inout [Double], grad: [Float], t: Int, lr: Float,
    beta1: Float, beta2: Float, eps: Float, weightDecay: Float, decoupled: Bool
) {
    let lr = Double(lr), b1 = Double(beta1), b2 = Double(beta2), eps = Double(eps)
    let wd = Double(weightDecay)
    if decoupled { p = p.map { $0 * (1 - lr * wd) } }
    for i in p.indices {
        let g = Double(grad[i]) + (decoupled ? 0 : wd * p[i])
        m[i] = b1 * m[i] + (1 - b1) * g
        v[i] = b2 * v[i] + (1 - b2) * g * g
        let mHat = m[i] / (1 - pow(b1, Double(t)))
        let vHat = v[i] / (1 - pow(b2, Double(t)))
        p[i] -= lr * mHat / (vHat.squareRoot() + eps)
    }
}
