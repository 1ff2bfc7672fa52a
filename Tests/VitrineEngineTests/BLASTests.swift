import Foundation
import Testing
@testable import VitrineEngine

@Suite struct BLASTests {
    @Test func sgemmMatchesNaiveProductForEveryTransposition() throws {
        let g = Generator(seed: 5)
        let (m, n, k) = (7, 5, 6)
        for transA in [false, true] {
            for transB in [false, true] {
                let a = Tensor(zeros: transA ? [k, m] : [m, k]); g.fillNormal(a)
                let b = Tensor(zeros: transB ? [n, k] : [k, n]); g.fillNormal(b)
                let c = Tensor(shape: [m, n], repeating: 1)
                BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 2,
                           a: a.data, b: b.data, beta: 0.5, c: c.data)
                for i in 0..<m {
                    for j in 0..<n {
                        var s: Float = 0
                        for p in 0..<k {
                            let av = transA ? a[[p, i]] : a[[i, p]]
                            let bv = transB ? b[[j, p]] : b[[p, j]]
                            s += av * bv
                        }
                        #expect(abs(c[[i, j]] - (2 * s + 0.5)) < 1e-4)
                    }
                }
            }
        }
    }

    @Test func sgemvMatchesNaiveProductBothWays() throws {
        let g = Generator(seed: 6)
        let (m, n) = (7, 5)
        let a = Tensor(zeros: [m, n]); g.fillNormal(a)
        for transA in [false, true] {
            let x = Tensor(zeros: [transA ? m : n]); g.fillNormal(x)
            let y = Tensor(shape: [transA ? n : m], repeating: 1)
            BLAS.sgemv(transA: transA, m: m, n: n, alpha: 2, a: a.data, x: x.data, beta: 0.5, y: y.data)
            for i in 0..<y.count {
                var s: Float = 0
                for p in 0..<x.count { s += (transA ? a[[p, i]] : a[[i, p]]) * x[p] }
                #expect(abs(y[i] - (2 * s + 0.5)) < 1e-4, "transA \(transA), row \(i)")
            }
        }
    }

    /// OpenBLAS honours the core type chosen before it loaded: SkylakeX on AVX-512 CPUs
    /// unless the environment asked for another.
    @Test func chosenKernelsAreTheOnesInForce() {
        let requested = BLAS.requestedCore
        if !requested.isEmpty {
            #expect(BLAS.coreName.lowercased() == requested.lowercased())
        }
        if BLAS.cpuHasAVX512 && ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil {
            Issue.record("OPENBLAS_CORETYPE should have been set before OpenBLAS loaded")
        }
        if BLAS.cpuHasAVX512 && requested == "SkylakeX" {
            #expect(BLAS.coreName.lowercased() == "skylakex")
        }
        #expect(BLAS.threads >= 1)
    }
}
