import Testing
import VitrineEngine
import VitrineNN

/// A tensor of N(0, scale²) values from a generator seeded with `seed`.
func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    let t = Tensor(zeros: shape)
    Generator(seed: seed).fillNormal(t, std: scale)
    return t
}

/// Gradient-checks `layer` (input and every parameter), recording a failure per tensor.
func expectGradientsMatch(
    _ layer: any Layer, input: Tensor, checker: GradientCheck,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let results = try checker.check(layer, input: input)
    #expect(results.count == layer.namedParameters().count + 1, sourceLocation: sourceLocation)
    for result in results {
        #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
        #expect(result.checked > 0, "\(result.name): no point checked", sourceLocation: sourceLocation)
    }
}
