import Testing
@testable import VitrineEngine

/// dgemm and the lower-triangle dsyrk against naive loops (the double-precision entry points the
/// generative metrics' covariances and Gram matrices use).
@Suite struct DoublePrecisionBLASTests {
    func random(_ count: Int, _ g: Generator) -> [Double] { (0..<count).map { _ in g.normal() } }

    @Test func dgemmMatchesNaiveProductForEveryTransposition() throws {
        let g = Generator(seed: 7)
        let (m, n, k) = (5, 4, 6)
        for transA in [false, true] {
            for transB in [false, true] {
                let a = random(m * k, g), b = random(k * n, g)
                var c = [Double](repeating: 1, count: m * n)
                try BLAS.dgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 2, a: a, b: b, beta: 0.5, c: &c)
                for i in 0..<m {
                    for j in 0..<n {
                        var s = 0.0
                        for p in 0..<k { s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]) }
                        #expect(abs(c[i * n + j] - (2 * s + 0.5)) < 1e-12)
                    }
                }
            }
        }
    }

    @Test func dsyrkFillsTheLowerTriangleOfAtA() throws {
        let g = Generator(seed: 8)
        let (rows, n) = (7, 4)
        let a = random(rows * n, g)  // [rows, n]: AᵀA is [n, n]
        var c = [Double](repeating: -99, count: n * n)
        try BLAS.dsyrkLower(transA: true, n: n, k: rows, alpha: 0.5, a: a, c: &c)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for r in 0..<rows { s += a[r * n + i] * a[r * n + j] }
                if j <= i {
                    #expect(abs(c[i * n + j] - 0.5 * s) < 1e-12)
                } else {
                    #expect(c[i * n + j] == -99, "the strict upper triangle is left alone")
                }
            }
        }
    }
}
