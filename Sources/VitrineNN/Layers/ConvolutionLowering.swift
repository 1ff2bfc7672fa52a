import VitrineEngine

/// The matrix-product lowering that ``Conv2d`` and ``ConvTranspose2d`` share.
///
/// A convolution relates an *image side* `A` (`[N, Ca, Ha, Wa]`: a convolution's input, a
/// transposed convolution's output) to a *column side* `B` (`[N, Cb, Hb, Wb]`, one position per
/// window) through a weight viewed per group as `[Cb/groups, Ca/groups · kh · kw]` — which is
/// exactly how both `nn.Conv2d`'s `[out, in/groups, kh, kw]` and `nn.ConvTranspose2d`'s
/// `[in, out/groups, kh, kw]` weights are laid out. Two products cover both layers:
///
/// * ``lower``: `B = W · im2col(A)` — convolution forward, transposed-convolution input gradient;
/// * ``raise``: `A = col2im(Wᵀ · B)` — convolution input gradient, transposed-convolution forward;
///
/// and the weight gradient is `dW += B · im2col(A)ᵀ` in both, with `B` and `A` being whichever of
/// value and gradient the layer has on each side.
///
/// Several images go into one product when one image alone would give a narrow matrix: their
/// columns sit side by side, and the column side is staged in channel-major `[Cb, n·Hb·Wb]`
/// order for the product. A 1×1, stride-1, unpadded kernel needs no columns at all: the image
/// is its own column matrix.
///
/// With stride 1, ``raise`` is itself a lowering the other way round: `A` is the convolution
/// of `B` with the kernel flipped and its two channel axes swapped, padded by
/// `d·(k − 1) − p`. That product has the `Cb·kh·kw` inner dimension of a forward pass instead
/// of `Wᵀ · B`'s `Cb`, and writes `Ca·Ha·Wa` values instead of a `Ca·kh·kw`-row column matrix
/// that col2im must read back, so it is the faster way whenever it applies (measured 10–20% on
/// the 3×3 shapes of `vitrine-bench`). Strided geometries use col2im.
final class ConvolutionLowering {
    /// The image side's geometry; its output size is the column side's spatial size. Layers
    /// set it at each forward from the input's size; buffers survive the change.
    var geometry: ConvGeometry
    let columnChannels: Int
    let groups: Int

    /// Images go into one product until it has this many columns…
    var targetColumns = 2048
    /// …as long as the column matrix stays under this many floats (16 MB).
    var maximumColumnFloats = 1 << 22

    private let columns: Tensor
    private let staging: Tensor
    /// The stride-1 ``raise`` as a lowering, made on first use; it shares the buffers.
    private var adjoint: ConvolutionLowering?
    private let flippedWeight = Tensor(zeros: [0])

    init(geometry: ConvGeometry, columnChannels: Int, groups: Int,
         columns: Tensor = Tensor(zeros: [0]), staging: Tensor = Tensor(zeros: [0])) {
        self.geometry = geometry
        self.columnChannels = columnChannels
        self.groups = groups
        self.columns = columns
        self.staging = staging
    }

    private var positions: Int { geometry.columnsPerImage }
    private var imageSize: Int { geometry.channels * geometry.planeSize }
    private var columnImageSize: Int { columnChannels * positions }
    /// Rows of one group's column matrix and columns of its weight matrix.
    private var groupRows: Int { geometry.channels / groups * geometry.kernelArea }
    private var groupColumnChannels: Int { columnChannels / groups }

    /// How many images share one product: enough for `targetColumns` columns within the
    /// column budget, then evened out so the last product is not a narrow remainder.
    func imagesPerChunk(batch: Int) -> Int {
        let perImage = max(positions, 1)
        var n = max(1, (targetColumns + perImage - 1) / perImage)
        n = min(n, max(1, maximumColumnFloats / max(geometry.columnRows * perImage, 1)), max(batch, 1))
        let chunks = (batch + n - 1) / n
        return chunks <= 1 ? n : (batch + chunks - 1) / chunks
    }

    /// Fills the column matrix for images `first ..< first + n` of `a` and returns it (the
    /// image itself when the kernel is the identity and a single image is in the chunk).
    private func columnMatrix(_ a: UnsafePointer<Float>, first: Int, n: Int) -> UnsafePointer<Float> {
        let source = a + first * imageSize
        if geometry.isIdentity {
            if n == 1 { return source }
            // Identity columns are the images in channel-major order.
            columns.resize([geometry.columnRows, n * positions])
            Self.toChannelMajor(source, count: n, channels: geometry.channels, positions: positions,
                                into: columns.data)
            return UnsafePointer(columns.data)
        }
        columns.resize([geometry.columnRows, n * positions])
        Im2col.im2col(batch: source, count: n, geometry, into: columns.data)
        return UnsafePointer(columns.data)
    }

    /// `B = W · im2col(A) + bias` for the whole batch.
    func lower(_ a: Tensor, weight: Tensor, bias: Tensor?, into b: Tensor) {
        let batch = a.shape[0]
        let chunk = imagesPerChunk(batch: batch)
        let kg = groupRows, cg = groupColumnChannels
        var first = 0
        while first < batch {
            let n = min(chunk, batch - first)
            let width = n * positions
            let cols = columnMatrix(a.data, first: first, n: n)
            let target: UnsafeMutablePointer<Float>
            if n == 1 {
                target = b.data + first * columnImageSize
            } else {
                staging.resize([columnChannels, width])
                target = staging.data
            }
            for g in 0..<groups {
                BLAS.sgemm(m: cg, n: width, k: kg, a: weight.data + g * cg * kg, b: cols + g * kg * width,
                           c: target + g * cg * width)
            }
            if n == 1 {
                if let bias { Self.addChannelBias(bias.data, to: target, count: 1, channels: columnChannels,
                                                  positions: positions) }
            } else {
                Self.fromChannelMajor(staging.data, count: n, channels: columnChannels, positions: positions,
                                      bias: bias?.data, into: b.data + first * columnImageSize)
            }
            first += n
        }
    }

    /// `A = col2im(Wᵀ · B) + bias` for the whole batch.
    func raise(_ b: Tensor, weight: Tensor, bias: Tensor?, into a: Tensor) {
        if let adjoint = adjointLowering(weight: weight) {
            adjoint.lower(b, weight: flippedWeight, bias: bias, into: a)
            return
        }
        let batch = b.shape[0]
        let chunk = imagesPerChunk(batch: batch)
        var first = 0
        while first < batch {
            let n = min(chunk, batch - first)
            raiseChunk(channelMajor(b.data, first: first, n: n), n: n, weight: weight,
                       into: a.data + first * imageSize)
            if let bias {
                Self.addChannelBias(bias.data, to: a.data + first * imageSize, count: n,
                                    channels: geometry.channels, positions: geometry.planeSize)
            }
            first += n
        }
    }

    /// For a stride-1 geometry (padding at most `d·(k − 1)`, not the identity, which needs no
    /// columns either way): the lowering whose ``lower`` computes this one's ``raise``, with
    /// ``flippedWeight`` filled from `weight`. Nil when col2im has to do it.
    private func adjointLowering(weight: Tensor) -> ConvolutionLowering? {
        let g = geometry
        let padH = g.dilation.h * (g.kernel.h - 1) - g.padding.h
        let padW = g.dilation.w * (g.kernel.w - 1) - g.padding.w
        guard g.stride == 1, padH >= 0, padW >= 0, !g.isIdentity else { return nil }
        let adjointGeometry = ConvGeometry(
            channels: columnChannels, height: g.outHeight, width: g.outWidth, kernel: g.kernel, stride: 1,
            padding: Size2(padH, padW), dilation: g.dilation, outHeight: g.height, outWidth: g.width)
        let adjoint = self.adjoint ?? ConvolutionLowering(
            geometry: adjointGeometry, columnChannels: g.channels, groups: groups, columns: columns,
            staging: staging)
        adjoint.targetColumns = targetColumns
        adjoint.maximumColumnFloats = maximumColumnFloats
        adjoint.geometry = adjointGeometry
        self.adjoint = adjoint
        // flipped[g·Ca_g + a, b, i, j] = weight[g·Cb_g + b, a, kh−1−i, kw−1−j]
        let ca = g.channels / groups, cb = columnChannels / groups, kh = g.kernel.h, kw = g.kernel.w
        let area = kh * kw
        flippedWeight.resize([g.channels, cb, kh, kw])
        let src = weight.data, dst = flippedWeight.data
        for group in 0..<groups {
            for a in 0..<ca {
                for b in 0..<cb {
                    let from = src + ((group * cb + b) * ca + a) * area
                    let to = dst + ((group * ca + a) * cb + b) * area
                    for k in 0..<area { to[k] = from[area - 1 - k] }
                }
            }
        }
        return adjoint
    }

    /// The column side of images `first ..< first + n` in channel-major `[Cb, n·Hb·Wb]` order:
    /// the image itself for a single image, otherwise a copy in ``staging``.
    private func channelMajor(_ b: UnsafePointer<Float>, first: Int, n: Int) -> UnsafePointer<Float> {
        let source = b + first * columnImageSize
        if n == 1 { return source }
        staging.resize([columnChannels, n * positions])
        Self.toChannelMajor(source, count: n, channels: columnChannels, positions: positions, into: staging.data)
        return UnsafePointer(staging.data)
    }

    /// `A = col2im(Wᵀ · B)` for `n` images, `B` given channel-major, `A` at `a`.
    private func raiseChunk(_ source: UnsafePointer<Float>, n: Int, weight: Tensor, into a: UnsafeMutablePointer<Float>) {
        let kg = groupRows, cg = groupColumnChannels
        let width = n * positions
        if geometry.isIdentity && n == 1 {
            for g in 0..<groups {
                BLAS.sgemm(transA: true, m: kg, n: width, k: cg, a: weight.data + g * cg * kg,
                           b: source + g * cg * width, c: a + g * kg * width)
            }
            return
        }
        columns.resize([geometry.columnRows, width])
        for g in 0..<groups {
            BLAS.sgemm(transA: true, m: kg, n: width, k: cg, a: weight.data + g * cg * kg,
                       b: source + g * cg * width, c: columns.data + g * kg * width)
        }
        if geometry.isIdentity {
            Self.fromChannelMajor(columns.data, count: n, channels: geometry.channels, positions: positions,
                                  bias: nil, into: a)
        } else {
            Im2col.col2im(batch: columns.data, count: n, geometry, into: a)
        }
    }

    /// Backward of ``lower``: `gradWeight += gradB · im2col(A)ᵀ` and, when `gradA` is given,
    /// `gradA = raise(gradB)`. The input gradient's columns reuse the weight gradient's buffer.
    func lowerBackward(_ a: Tensor, gradB: Tensor, weight: Tensor, gradWeight: Tensor, gradA: Tensor?) {
        let batch = a.shape[0]
        let chunk = imagesPerChunk(batch: batch)
        let kg = groupRows, cg = groupColumnChannels
        let adjoint = gradA == nil ? nil : adjointLowering(weight: weight)
        var first = 0
        while first < batch {
            let n = min(chunk, batch - first)
            let width = n * positions
            let cols = columnMatrix(a.data, first: first, n: n)
            let grad = channelMajor(gradB.data, first: first, n: n)
            for g in 0..<groups {
                BLAS.sgemm(transB: true, m: cg, n: kg, k: width, a: grad + g * cg * width,
                           b: cols + g * kg * width, beta: 1, c: gradWeight.data + g * cg * kg)
            }
            if let gradA, adjoint == nil {
                raiseChunk(grad, n: n, weight: weight, into: gradA.data + first * imageSize)
            }
            first += n
        }
        if let gradA, let adjoint {
            adjoint.lower(gradB, weight: flippedWeight, bias: nil, into: gradA)
        }
    }

    /// Backward of ``raise``: `gradB = W · im2col(gradA)` and `gradWeight += B · im2col(gradA)ᵀ`,
    /// both from one im2col per chunk. Either may be nil (frozen weight, input gradient not
    /// wanted); the one computed is bit for bit what it is when both are.
    func raiseBackward(_ gradA: Tensor, b: Tensor, weight: Tensor, gradWeight: Tensor?, gradB: Tensor?) {
        guard let gradWeight else {
            // gradB alone is a lowering of gradA: the same chunks and products as below.
            if let gradB { lower(gradA, weight: weight, bias: nil, into: gradB) }
            return
        }
        let batch = b.shape[0]
        let chunk = imagesPerChunk(batch: batch)
        let kg = groupRows, cg = groupColumnChannels
        var first = 0
        while first < batch {
            let n = min(chunk, batch - first)
            let width = n * positions
            let cols = columnMatrix(gradA.data, first: first, n: n)
            let bChunk = b.data + first * columnImageSize
            let gradChunk = gradB.map { $0.data + first * columnImageSize }
            if n == 1 {
                for g in 0..<groups {
                    if let gradChunk {
                        BLAS.sgemm(m: cg, n: width, k: kg, a: weight.data + g * cg * kg, b: cols + g * kg * width,
                                   c: gradChunk + g * cg * width)
                    }
                    BLAS.sgemm(transB: true, m: cg, n: kg, k: width, a: bChunk + g * cg * width,
                               b: cols + g * kg * width, beta: 1, c: gradWeight.data + g * cg * kg)
                }
            } else {
                staging.resize([columnChannels, width])
                if let gradChunk {
                    for g in 0..<groups {
                        BLAS.sgemm(m: cg, n: width, k: kg, a: weight.data + g * cg * kg, b: cols + g * kg * width,
                                   c: staging.data + g * cg * width)
                    }
                    Self.fromChannelMajor(staging.data, count: n, channels: columnChannels, positions: positions,
                                          bias: nil, into: gradChunk)
                }
                Self.toChannelMajor(bChunk, count: n, channels: columnChannels, positions: positions,
                                    into: staging.data)
                for g in 0..<groups {
                    BLAS.sgemm(transB: true, m: cg, n: kg, k: width, a: staging.data + g * cg * width,
                               b: cols + g * kg * width, beta: 1, c: gradWeight.data + g * cg * kg)
                }
            }
            first += n
        }
    }

    // MARK: Layout helpers (parallel over channels; no BLAS inside)

    /// `[n, C, P]` → `[C, n·P]`.
    static func toChannelMajor(_ src: UnsafePointer<Float>, count n: Int, channels: Int, positions p: Int,
                               into dst: UnsafeMutablePointer<Float>) {
        Parallel.forEach(channels, cost: n * p) { c in
            for b in 0..<n {
                (dst + (c * n + b) * p).update(from: src + (b * channels + c) * p, count: p)
            }
        }
    }

    /// `[C, n·P]` → `[n, C, P]`, adding `bias[c]` on the way when given.
    static func fromChannelMajor(_ src: UnsafePointer<Float>, count n: Int, channels: Int, positions p: Int,
                                 bias: UnsafePointer<Float>?, into dst: UnsafeMutablePointer<Float>) {
        Parallel.forEach(channels, cost: n * p) { c in
            for b in 0..<n {
                let from = src + (c * n + b) * p, to = dst + (b * channels + c) * p
                if let bias {
                    let v = bias[c]
                    for k in 0..<p { to[k] = from[k] + v }
                } else {
                    to.update(from: from, count: p)
                }
            }
        }
    }

    /// Adds `bias[c]` to every value of channel `c` of `count` `[C, P]` images.
    static func addChannelBias(_ bias: UnsafePointer<Float>, to x: UnsafeMutablePointer<Float>, count n: Int,
                               channels: Int, positions p: Int) {
        Parallel.forEach(channels, cost: n * p) { c in
            let v = bias[c]
            for b in 0..<n {
                let plane = x + (b * channels + c) * p
                for k in 0..<p { plane[k] += v }
            }
        }
    }

    /// `grad[c] += Σ over images and positions of x[·, c, ·]`, summed in Double per channel in
    /// a fixed order.
    static func accumulateChannelSums(_ x: Tensor, into grad: Tensor) {
        let n = x.shape[0], channels = x.shape[1]
        let p = channels == 0 || n == 0 ? 0 : x.count / (n * channels)
        let src = x.data, dst = grad.data
        Parallel.forEach(channels, cost: n * p) { c in
            var total = 0.0
            for b in 0..<n {
                let plane = src + (b * channels + c) * p
                var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                var k = 0
                while k + 4 <= p {
                    s0 += plane[k]; s1 += plane[k + 1]; s2 += plane[k + 2]; s3 += plane[k + 3]
                    k += 4
                }
                while k < p { s0 += plane[k]; k += 1 }
                total += Double((s0 + s1) + (s2 + s3))
            }
            dst[c] += Float(total)
        }
    }
}
