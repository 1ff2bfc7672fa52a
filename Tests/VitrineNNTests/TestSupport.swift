import Testing
import VitrineEngine
@testable import VitrineNN

/// A tensor of N(0, 1) values (scaled by `scale`) drawn from a generator seeded with `seed`.
func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    let t = Tensor(zeros: shape)
    Generator(seed: seed).fillNormal(t, std: scale)
    return t
}

/// Gradient-checks `layer` (input and every parameter) and records a failure per tensor.
/// Returns the results so a test can also look at how many points were checked.
@discardableResult
func expectGradientsMatch(
    _ layer: any Layer, input: Tensor, checker: GradientCheck = GradientCheck(),
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> [GradientCheck.Result] {
    let results = try checker.check(layer, input: input)
    for result in results {
        #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
        #expect(result.checked > 0, "\(result.name): no point checked", sourceLocation: sourceLocation)
    }
    return results
}

/// Gradient-checks a loss with respect to its input.
@discardableResult
func expectLossGradientMatches<L: Loss>(
    _ loss: L, input: Tensor, target: L.Target, checker: GradientCheck = GradientCheck(),
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> GradientCheck.Result {
    let result = try checker.check(loss, input: input, target: target)
    #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
    #expect(result.checked > 0, "no point checked", sourceLocation: sourceLocation)
    return result
}

/// Element-wise closeness with a relative tolerance against max(|expected|, 1).
func expectClose(
    _ actual: Tensor, _ expected: [Float], tolerance: Float = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "count \(actual.count) vs \(expected.count)",
            sourceLocation: sourceLocation)
    for (i, e) in expected.enumerated() where i < actual.count {
        let error = abs(actual[i] - e) / max(abs(e), 1)
        if error > tolerance {
            Issue.record("element \(i): \(actual[i]) vs expected \(e)", sourceLocation: sourceLocation)
            return
        }
    }
}
