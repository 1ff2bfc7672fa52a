import Testing
@testable import VitrineEngine

/// LAPACK's dsyevd through the dlopen shim: known eigenvalues, and eigenvectors that rebuild
/// the matrix, checked by hand rather than against another library.
@Suite struct LAPACKTests {
    @Test func eigenvaluesOfATwoByTwoAreKnown() throws {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 (vectors (1, −1)/√2 and (1, 1)/√2).
        let values = try LAPACK.symmetricEigenvalues([2, 1, 1, 2], dimension: 2)
        #expect(abs(values[0] - 1) < 1e-14 && abs(values[1] - 3) < 1e-14, "\(values)")
    }

    @Test func eigenvectorsRebuildTheMatrix() throws {
        let g = Generator(seed: 9), n = 6
        var b = [Double](repeating: 0, count: n * n)
        for i in 0..<(n * n) { b[i] = g.normal() }
        var a = [Double](repeating: 0, count: n * n)  // A = B + Bᵀ, symmetric.
        for i in 0..<n { for j in 0..<n { a[i * n + j] = b[i * n + j] + b[j * n + i] } }
        let eigen = try LAPACK.symmetricEigendecomposition(a, dimension: n)
        #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 }, "ascending: \(eigen.values)")
        for i in 0..<n {
            for j in 0..<n {
                var rebuilt = 0.0, identity = 0.0  // (V Λ Vᵀ)_ij and (Vᵀ V)_ij
                for p in 0..<n {
                    rebuilt += eigen.vectors[i * n + p] * eigen.values[p] * eigen.vectors[j * n + p]
                    identity += eigen.vectors[p * n + i] * eigen.vectors[p * n + j]
                }
                #expect(abs(rebuilt - a[i * n + j]) < 1e-12)
                #expect(abs(identity - (i == j ? 1 : 0)) < 1e-12)
            }
        }
    }

    @Test func refusesNonFiniteAndMisshapenInput() {
        #expect(throws: EngineError.self) { try LAPACK.symmetricEigenvalues([1, .nan, .nan, 1], dimension: 2) }
        #expect(throws: EngineError.self) { try LAPACK.symmetricEigenvalues([1, 2, 3], dimension: 2) }
    }
}
