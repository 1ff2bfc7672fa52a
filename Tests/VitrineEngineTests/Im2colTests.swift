import Testing
@testable import VitrineEngine

/// im2col straight from its definition: column `(c, i, j)` row, output position column.
private func naiveIm2col(_ x: [Float], _ g: ConvGeometry, batch: Int, channels: Range<Int>) -> [Float] {
    let perImage = g.outHeight * g.outWidth
    let width = batch * perImage
    var out = [Float](repeating: .nan, count: channels.count * g.kernelArea * width)
    for b in 0..<batch {
        for (cIndex, c) in channels.enumerated() {
            for i in 0..<g.kernel.h {
                for j in 0..<g.kernel.w {
                    let row = (cIndex * g.kernelArea + i * g.kernel.w + j)
                    for oh in 0..<g.outHeight {
                        for ow in 0..<g.outWidth {
                            let ih = oh * g.stride.h - g.padding.h + i * g.dilation.h
                            let iw = ow * g.stride.w - g.padding.w + j * g.dilation.w
                            var v: Float = 0
                            if ih >= 0 && ih < g.height && iw >= 0 && iw < g.width {
                                v = x[((b * g.channels + c) * g.height + ih) * g.width + iw]
                            }
                            out[row * width + b * perImage + oh * g.outWidth + ow] = v
                        }
                    }
                }
            }
        }
    }
    return out
}

private func randomArray(_ count: Int, seed: UInt64) -> [Float] {
    let g = Generator(seed: seed)
    return (0..<count).map { _ in Float(g.normal()) }
}

private let geometries: [ConvGeometry] = [
    ConvGeometry(channels: 2, height: 5, width: 5, kernel: 3, padding: 1),
    ConvGeometry(channels: 3, height: 7, width: 6, kernel: 3, stride: 2, padding: 2),
    ConvGeometry(channels: 2, height: 8, width: 7, kernel: 3, padding: 2, dilation: 2),
    ConvGeometry(channels: 2, height: 6, width: 9, kernel: Size2(2, 3), stride: Size2(1, 3), padding: Size2(0, 1)),
    ConvGeometry(channels: 4, height: 4, width: 3, kernel: 1),
    ConvGeometry(channels: 1, height: 9, width: 9, kernel: Size2(3, 1), stride: 3, padding: Size2(1, 0),
                 dilation: Size2(2, 1)),
    ConvGeometry(channels: 2, height: 3, width: 3, kernel: 5, padding: 2),
    // A transposed convolution's geometry: fewer output positions than the formula gives.
    ConvGeometry(channels: 2, height: 6, width: 6, kernel: 3, stride: 2, padding: 1, outHeight: 2, outWidth: 3),
    // Planes too large for the small-plane table: the row-by-row path.
    ConvGeometry(channels: 2, height: 24, width: 24, kernel: 3, padding: 1),
    ConvGeometry(channels: 3, height: 40, width: 38, kernel: 7, stride: 2, padding: 3),
    ConvGeometry(channels: 2, height: 40, width: 30, kernel: 3, stride: Size2(2, 1), padding: 2, dilation: 2),
]

@Suite struct Im2colTests {
    @Test func outputSizeFollowsPyTorch() {
        #expect(ConvGeometry.outputSize(56, kernel: 3, stride: 1, padding: 1, dilation: 1) == 56)
        #expect(ConvGeometry.outputSize(224, kernel: 7, stride: 2, padding: 3, dilation: 1) == 112)
        #expect(ConvGeometry.outputSize(7, kernel: 3, stride: 2, padding: 0, dilation: 2) == 2)
        #expect(ConvGeometry.outputSize(2, kernel: 3, stride: 1, padding: 0, dilation: 1) == 0)
        #expect(ConvGeometry(channels: 1, height: 4, width: 4, kernel: 1).isIdentity)
        #expect(!ConvGeometry(channels: 1, height: 4, width: 4, kernel: 1, stride: 2).isIdentity)
    }

    /// Small planes are unfolded through a table, larger ones row by row; the geometries
    /// below must exercise both.
    @Test func geometriesCoverBothUnfoldPaths() {
        let entries = geometries.map { $0.kernelArea * $0.columnsPerImage }
        #expect(entries.contains { $0 <= Im2col.smallPlaneEntries })
        #expect(entries.filter { $0 > Im2col.smallPlaneEntries }.count >= 3)
    }

    @Test(arguments: geometries)
    func im2colMatchesDefinition(_ g: ConvGeometry) {
        let batch = 2
        let x = randomArray(batch * g.channels * g.planeSize, seed: 3)
        let expected = naiveIm2col(x, g, batch: batch, channels: 0..<g.channels)
        var cols = [Float](repeating: .nan, count: expected.count)
        x.withUnsafeBufferPointer { src in
            cols.withUnsafeMutableBufferPointer { dst in
                Im2col.im2col(batch: src.baseAddress!, count: batch, g, into: dst.baseAddress!)
            }
        }
        #expect(cols == expected, "\(g)")
    }

    @Test func singleImageAndChannelRangeWithRowStride() {
        let g = ConvGeometry(channels: 4, height: 5, width: 4, kernel: Size2(3, 2), stride: Size2(2, 1), padding: 1)
        let x = randomArray(g.channels * g.planeSize, seed: 4)
        let expected = naiveIm2col(x, g, batch: 1, channels: 1..<3)
        let perImage = g.columnsPerImage, ld = perImage + 5
        var cols = [Float](repeating: -7, count: 2 * g.kernelArea * ld)
        x.withUnsafeBufferPointer { src in
            cols.withUnsafeMutableBufferPointer { dst in
                Im2col.im2col(src.baseAddress!, g, channels: 1..<3, into: dst.baseAddress!, rowStride: ld)
            }
        }
        for row in 0..<(2 * g.kernelArea) {
            #expect(Array(cols[(row * ld)..<(row * ld + perImage)])
                    == Array(expected[(row * perImage)..<((row + 1) * perImage)]))
            // The gap between rows is left alone.
            #expect(cols[(row * ld + perImage)..<((row + 1) * ld)].allSatisfy { $0 == -7 })
        }
    }

    /// col2im is im2col's adjoint: ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩ for every x and y, which
    /// pins down every coefficient of the fold.
    @Test(arguments: geometries)
    func col2imIsTheAdjointOfIm2col(_ g: ConvGeometry) {
        let batch = 3
        let x = randomArray(batch * g.channels * g.planeSize, seed: 5)
        let cols = naiveIm2col(x, g, batch: batch, channels: 0..<g.channels)
        let y = randomArray(cols.count, seed: 6)
        var folded = [Float](repeating: .nan, count: x.count)
        y.withUnsafeBufferPointer { src in
            folded.withUnsafeMutableBufferPointer { dst in
                Im2col.col2im(batch: src.baseAddress!, count: batch, g, into: dst.baseAddress!)
            }
        }
        let lhs = zip(cols, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let rhs = zip(x, folded).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(lhs - rhs) < 1e-3 * max(1, abs(lhs)), "\(g): \(lhs) vs \(rhs)")
        // Coordinate by coordinate: folding a one-hot column adds to exactly the pixel it read.
        var fromNaive = [Float](repeating: 0, count: x.count)
        let perImage = g.columnsPerImage, width = batch * perImage
        for b in 0..<batch {
            for c in 0..<g.channels {
                for i in 0..<g.kernel.h {
                    for j in 0..<g.kernel.w {
                        for oh in 0..<g.outHeight {
                            for ow in 0..<g.outWidth {
                                let ih = oh * g.stride.h - g.padding.h + i * g.dilation.h
                                let iw = ow * g.stride.w - g.padding.w + j * g.dilation.w
                                guard ih >= 0 && ih < g.height && iw >= 0 && iw < g.width else { continue }
                                let row = c * g.kernelArea + i * g.kernel.w + j
                                fromNaive[((b * g.channels + c) * g.height + ih) * g.width + iw]
                                    += y[row * width + b * perImage + oh * g.outWidth + ow]
                            }
                        }
                    }
                }
            }
        }
        let mismatch = (0..<x.count).first { abs(folded[$0] - fromNaive[$0]) > 1e-5 * max(1, abs(fromNaive[$0])) }
        #expect(mismatch == nil, "\(g): first mismatch at \(mismatch ?? -1)")
    }

    @Test func col2imAccumulatesOnlyTheSelectedChannels() {
        let g = ConvGeometry(channels: 3, height: 4, width: 4, kernel: 2, stride: 2)
        let cols = [Float](repeating: 1, count: 1 * g.kernelArea * g.columnsPerImage)
        var image = [Float](repeating: 10, count: g.channels * g.planeSize)
        cols.withUnsafeBufferPointer { src in
            image.withUnsafeMutableBufferPointer { dst in
                Im2col.col2im(src.baseAddress!, g, channels: 1..<2, into: dst.baseAddress!, accumulate: true)
            }
        }
        // 2×2 stride-2 windows tile the plane: every pixel of channel 1 gets exactly one 1.
        #expect(image[0..<16].allSatisfy { $0 == 10 })
        #expect(image[16..<32].allSatisfy { $0 == 11 })
        #expect(image[32..<48].allSatisfy { $0 == 10 })
        cols.withUnsafeBufferPointer { src in
            image.withUnsafeMutableBufferPointer { dst in
                Im2col.col2im(src.baseAddress!, g, channels: 1..<2, into: dst.baseAddress!)
            }
        }
        #expect(image[16..<32].allSatisfy { $0 == 1 })
    }

    /// Large enough that the (image, channel) pairs are split across workers.
    @Test func parallelBatchMatchesDefinition() {
        let g = ConvGeometry(channels: 8, height: 16, width: 16, kernel: 3, padding: 1)
        let batch = 4
        let x = randomArray(batch * g.channels * g.planeSize, seed: 8)
        let expected = naiveIm2col(x, g, batch: batch, channels: 0..<g.channels)
        var cols = [Float](repeating: .nan, count: expected.count)
        x.withUnsafeBufferPointer { src in
            cols.withUnsafeMutableBufferPointer { dst in
                Im2col.im2col(batch: src.baseAddress!, count: batch, g, into: dst.baseAddress!)
            }
        }
        #expect(cols == expected)
    }
}
