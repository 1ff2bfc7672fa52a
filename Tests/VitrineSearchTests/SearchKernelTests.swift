import CVitrineSearchKernels
import Testing
import VitrineEngine

/// The C kernels behind the scans: the AVX2 versions (chosen on this CPU when it has AVX2)
/// held to the portable ones, which other CPUs run.
@Suite struct SearchKernelTests {
    private func rows(_ n: Int, _ d: Int, seed: UInt64) -> [Float] {
        let t = Tensor(zeros: [n, d])
        Generator(seed: seed).fillNormal(t)
        var values = t.array
        for r in 0..<min(n, 4) { values[r * d + (r * 7) % d] = 40 }   // coarse scales
        for j in 0..<d where n > 5 { values[5 * d + j] = j == 0 ? 1 : 1e-30 }  // tiny coordinates
        return values
    }

    @Test func quantizationAgreesAndBoundsItsError() {
        for d in [3, 8, 40, 128, 600] {
            let n = 24, stride = (d + 31) / 32 * 32
            let x = rows(n, d, seed: UInt64(d))
            var codes = [Int8](repeating: 1, count: n * stride), portableCodes = codes
            var scales = [Float](repeating: 0, count: n), portableScales = scales
            var errors = [Float](repeating: 0, count: n), portableErrors = errors
            let norm = vitrine_search_quantize_int8(x, n, d, stride, &codes, &scales, &errors)
            let portableNorm = vitrine_search_quantize_int8_portable(x, n, d, stride, &portableCodes, &portableScales,
                                                                     &portableErrors)
            #expect(codes == portableCodes, "d \(d)")
            #expect(scales == portableScales, "d \(d)")
            #expect(abs(norm - portableNorm) <= 1e-12 * norm, "d \(d)")
            var largest = 0.0
            for r in 0..<n {
                var squaredError = 0.0, squares = 0.0
                for j in 0..<d {
                    let e = Double(scales[r]) * Double(codes[r * stride + j]) - Double(x[r * d + j])
                    squaredError += e * e
                    squares += Double(x[r * d + j]) * Double(x[r * d + j])
                }
                largest = max(largest, squares.squareRoot())
                #expect(Double(errors[r]) >= squaredError.squareRoot(), "d \(d) row \(r)")
                #expect(Double(errors[r]) <= squaredError.squareRoot() * 1.000001 + 1e-30, "d \(d) row \(r)")
                #expect(abs(Double(errors[r]) - Double(portableErrors[r])) <= 1e-6 * Double(errors[r]) + 1e-30)
                #expect(codes[(r * stride + d)..<((r + 1) * stride)].allSatisfy { $0 == 0 }, "padding")
                #expect(codes[(r * stride)..<(r * stride + d)].allSatisfy { abs(Int($0)) <= 127 })
            }
            #expect(abs(norm - largest) <= 1e-12 * largest, "d \(d)")
        }
    }

    @Test func boundsAgreeBitForBit() {
        for d in [8, 128, 600] {
            let n = 16, stride = (d + 31) / 32 * 32
            let x = rows(n, d, seed: 3)
            var codes = [Int8](repeating: 0, count: n * stride)
            var scales = [Float](repeating: 0, count: n), errors = scales
            _ = vitrine_search_quantize_int8(x, n, d, stride, &codes, &scales, &errors)
            let limit = min(32_767, Int(Int32.max) / (127 * stride))
            let query = (0..<stride).map { j in j < d ? Int16((j * 7_919) % (2 * limit + 1) - limit) : 0 }
            var lower = [Float](repeating: 0, count: n), upper = lower, portableLower = lower, portableUpper = lower
            vitrine_search_int8_bounds(codes, stride, scales, errors, n, query, 1e-4, 1.5, 0.25, &lower, &upper)
            vitrine_search_int8_bounds_portable(codes, stride, scales, errors, n, query, 1e-4, 1.5, 0.25,
                                                &portableLower, &portableUpper)
            #expect(lower == portableLower && upper == portableUpper, "d \(d)")
            for r in 0..<n {
                var p = 0
                for j in 0..<d { p += Int(codes[r * stride + j]) * Int(query[j]) }
                let a = Double(p) * Double(scales[r]) * 1e-4, b = 1.5 * Double(errors[r]) + 0.25
                #expect(abs(Double(lower[r]) - (a - b)) <= 1e-6 * (abs(a) + b), "d \(d) row \(r)")
                #expect(abs(Double(upper[r]) - (a + b)) <= 1e-6 * (abs(a) + b), "d \(d) row \(r)")
            }
        }
    }

    /// The gather kernel is the scan's kernel on scattered rows (same bits); the portable one
    /// differs only by rounding.
    @Test func innerProducts() {
        for d in [1, 7, 32, 45, 128] {
            let n = 30
            let x = rows(n, d, seed: 9)
            let q = rows(1, d, seed: 10)
            var out = [Float](repeating: 0, count: n), portable = out, gathered = out
            vitrine_search_dot_f32(x, n, d, q, &out)
            vitrine_search_dot_f32_portable(x, n, d, q, &portable)
            let order: [Int32] = (0..<Int32(n)).reversed()
            vitrine_search_dot_f32_gather(x, d, order, n, q, &gathered)
            #expect(gathered == order.map { out[Int($0)] }, "d \(d)")
            for r in 0..<n {
                var exact = 0.0, magnitude = 0.0
                for j in 0..<d {
                    exact += Double(x[r * d + j]) * Double(q[j])
                    magnitude += abs(Double(x[r * d + j]) * Double(q[j]))
                }
                let gamma = Double(d) * 0x1p-24 / (1 - Double(d) * 0x1p-24)
                #expect(abs(Double(out[r]) - exact) <= gamma * magnitude, "d \(d) row \(r)")
                #expect(abs(Double(portable[r]) - exact) <= gamma * magnitude, "d \(d) row \(r)")
            }
        }
    }
}
