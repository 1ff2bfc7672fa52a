import Testing
@testable import VitrineEngine

/// LAPACK's dgeqp3 and dorgqr through the dlopen shim, checked by the factorization's defining
/// properties rather than against another library.
@Suite struct PivotedQRTests {
    @Test func factorsAPermutedMatrixIntoOrthonormalQAndTriangularR() throws {
        let g = Generator(seed: 4), m = 9, n = 4
        let a = (0..<(m * n)).map { _ in g.normal() }
        let qr = try LAPACK.pivotedQR(a, rows: m, columns: n)
        #expect(qr.permutation.sorted() == Array(0..<n))
        for i in 0..<m {
            for j in 0..<n {
                var product = 0.0  // (Q R)_ij must be column permutation[j] of A.
                for p in 0..<n { product += qr.q[i * n + p] * qr.r[p * n + j] }
                #expect(abs(product - a[i * n + qr.permutation[j]]) < 1e-12)
            }
        }
        for i in 0..<n {
            for j in 0..<n {
                var dot = 0.0
                for p in 0..<m { dot += qr.q[p * n + i] * qr.q[p * n + j] }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-12)
                if j < i { #expect(qr.r[i * n + j] == 0) }
            }
        }
        let diagonal = (0..<n).map { abs(qr.r[$0 * n + $0]) }
        #expect(zip(diagonal, diagonal.dropFirst()).allSatisfy { $0 >= $1 }, "pivoting orders |R_ii|: \(diagonal)")
    }

    @Test func aRepeatedColumnLeavesAZeroOnTheDiagonal() throws {
        // Column 2 = column 0 + column 1: rank 2, so the last diagonal entry vanishes.
        let rows: [[Double]] = [[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, 0, 2]]
        let qr = try LAPACK.pivotedQR(rows.flatMap { $0 }, rows: 4, columns: 3)
        #expect(abs(qr.r[8]) < 1e-14 * abs(qr.r[0]))
    }

    @Test func refusesWideNonFiniteAndMisshapenInput() {
        #expect(throws: EngineError.self) { try LAPACK.pivotedQR([1, 2, 3, 4, 5, 6], rows: 2, columns: 3) }
        #expect(throws: EngineError.self) { try LAPACK.pivotedQR([1, .nan], rows: 2, columns: 1) }
        #expect(throws: EngineError.self) { try LAPACK.pivotedQR([1, 2, 3], rows: 2, columns: 2) }
    }
}
