/// How a convolution window walks over an image: the image's channels and size, the kernel,
/// stride, padding and dilation, and the output size those give.
///
/// Convolution layers lower their work to matrix products through ``Im2col``: each output
/// position becomes a column holding the `channels · kh · kw` input values its window reads.
/// The output size is stored rather than derived so that a transposed convolution, whose
/// `output_padding` can make the image one row larger than the columns need, can use the
/// same geometry.
public struct ConvGeometry: Equatable, Sendable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int
    public var kernel: Size2
    public var stride: Size2
    public var padding: Size2
    public var dilation: Size2
    public var outHeight: Int
    public var outWidth: Int

    /// A geometry whose output size defaults to PyTorch's
    /// `⌊(H + 2p − d·(k − 1) − 1) / s⌋ + 1`.
    public init(channels: Int, height: Int, width: Int, kernel: Size2, stride: Size2 = 1,
                padding: Size2 = 0, dilation: Size2 = 1, outHeight: Int? = nil, outWidth: Int? = nil) {
        self.channels = channels
        self.height = height
        self.width = width
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.outHeight = outHeight ?? ConvGeometry.outputSize(
            height, kernel: kernel.h, stride: stride.h, padding: padding.h, dilation: dilation.h)
        self.outWidth = outWidth ?? ConvGeometry.outputSize(
            width, kernel: kernel.w, stride: stride.w, padding: padding.w, dilation: dilation.w)
    }

    /// `⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1`; zero or negative when
    /// the dilated kernel does not fit in the padded input.
    public static func outputSize(_ size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int) -> Int {
        let span = size + 2 * padding - dilation * (kernel - 1) - 1
        return span < 0 ? 0 : span / stride + 1
    }

    /// `kh · kw`.
    public var kernelArea: Int { kernel.h * kernel.w }
    /// Values per image plane, `H · W`.
    public var planeSize: Int { height * width }
    /// Columns per image, one per output position: `outH · outW`.
    public var columnsPerImage: Int { outHeight * outWidth }
    /// Rows of the column matrix for all channels: `channels · kh · kw`.
    public var columnRows: Int { channels * kernelArea }
    /// Whether the columns are the image itself (1×1 kernel, stride 1, no padding).
    public var isIdentity: Bool {
        kernel == 1 && stride == 1 && padding == 0 && outHeight == height && outWidth == width
    }

    public var description: String {
        "\(channels)×\(height)×\(width) kernel \(kernel) stride \(stride) padding \(padding) "
            + "dilation \(dilation) → \(outHeight)×\(outWidth)"
    }
}

/// Unfolding images into convolution columns (im2col) and folding columns back into images
/// with summation (col2im), for NCHW images.
///
/// Column layout: row `(c − channels.lowerBound)·kh·kw + i·kw + j` holds, for every output
/// position `(oh, ow)`, the input value at `(c, oh·sh − ph + i·dh, ow·sw − pw + j·dw)` (zero in
/// the padding), at column `oh·outW + ow`. A batch of images lays its images side by side:
/// image `b`'s columns start at `b · outH · outW` and a row is `count · outH · outW` long, so
/// one matrix product covers the whole batch. A channel range selects one group's rows.
///
/// These loops are the memory-bound part of a convolution, so they are written as tight
/// pointer loops with the inner dimension contiguous wherever the stride allows, and run in
/// parallel over images and channels (and kernel rows or bands of input rows, so that a
/// three-channel image still splits evenly). Each work item writes its own column rows
/// (im2col) or its own plane rows (col2im), so results do not depend on the worker count.
public enum Im2col {
    /// Unfolds `channels` (all by default) of one `[C, H, W]` image into `columns`, whose rows
    /// are `rowStride` apart (`outH · outW` by default).
    public static func im2col(
        _ image: UnsafePointer<Float>, _ geometry: ConvGeometry, channels: Range<Int>? = nil,
        into columns: UnsafeMutablePointer<Float>, rowStride: Int? = nil
    ) {
        im2col(batch: image, count: 1, geometry, channels: channels, into: columns, rowStride: rowStride)
    }

    /// Unfolds `count` consecutive `[C, H, W]` images into one column matrix; image `b`
    /// occupies columns `b·outH·outW ..< (b+1)·outH·outW` of rows `rowStride` apart
    /// (`count · outH · outW` by default).
    public static func im2col(
        batch images: UnsafePointer<Float>, count: Int, _ geometry: ConvGeometry,
        channels: Range<Int>? = nil, into columns: UnsafeMutablePointer<Float>, rowStride: Int? = nil
    ) {
        let g = geometry
        let range = channels ?? 0..<g.channels
        precondition(range.lowerBound >= 0 && range.upperBound <= g.channels,
                     "Im2col: channels \(range) outside 0..<\(g.channels)")
        let perImage = g.columnsPerImage
        let ldc = rowStride ?? count * perImage
        precondition(ldc >= count * perImage, "Im2col: row stride \(ldc) < \(count * perImage)")
        let nc = range.count
        if count == 0 || nc == 0 || perImage == 0 { return }
        let area = g.kernelArea, plane = g.planeSize, c0 = range.lowerBound
        let imageSize = g.channels * plane
        if area * perImage <= smallPlaneEntries {
            unfoldSmallPlanes(images, count: count, g, channels: range, into: columns, rowStride: ldc)
            return
        }
        // One work item per (image, channel, kernel row): a lone three-channel image (a
        // network's stem) still splits evenly across the workers.
        let kh = g.kernel.h
        Parallel.forEach(count * nc * kh, cost: g.kernel.w * perImage) { item in
            let i = item % kh, pair = item / kh
            let b = pair / nc, c = pair % nc
            unfoldRow(i, images + b * imageSize + (c0 + c) * plane, g,
                      into: columns + (c * area + i * g.kernel.w) * ldc + b * perImage, rowStride: ldc)
        }
    }

    /// Planes whose columns hold at most this many values (`kh·kw·outH·outW`) are unfolded by
    /// ``unfoldSmallPlanes``: with rows of a few values, the copy-and-zero calls of
    /// ``unfoldRow`` cost more than the copying. Measured on a batch of 128 (ResNet-18 at
    /// 64 px): 3×3 windows 1.1× faster at 16×16 (2,304 values), 2× at 8×8, 2.5× at 4×4, 4× at
    /// 2×2, stride-2 ones 2–5×.
    static let smallPlaneEntries = 4096

    /// Unfolds small planes through a table, built once per call, of where each column entry
    /// of a plane reads (−1 for padding): one gather loop per (image, channel), no calls.
    static func unfoldSmallPlanes(
        _ images: UnsafePointer<Float>, count: Int, _ g: ConvGeometry, channels range: Range<Int>,
        into columns: UnsafeMutablePointer<Float>, rowStride ldc: Int
    ) {
        let perImage = g.columnsPerImage, area = g.kernelArea, plane = g.planeSize
        var table = [Int32](repeating: -1, count: area * perImage)
        for i in 0..<g.kernel.h {
            for j in 0..<g.kernel.w {
                for oh in 0..<g.outHeight {
                    let ih = oh * g.stride.h - g.padding.h + i * g.dilation.h
                    guard ih >= 0, ih < g.height else { continue }
                    for ow in 0..<g.outWidth {
                        let iw = ow * g.stride.w - g.padding.w + j * g.dilation.w
                        guard iw >= 0, iw < g.width else { continue }
                        table[(i * g.kernel.w + j) * perImage + oh * g.outWidth + ow] = Int32(ih * g.width + iw)
                    }
                }
            }
        }
        let nc = range.count, c0 = range.lowerBound, imageSize = g.channels * plane
        table.withUnsafeBufferPointer { table in
            Parallel.forEach(count * nc, cost: area * perImage) { item in
                let b = item / nc, c = item % nc
                let src = images + b * imageSize + (c0 + c) * plane
                let dst = columns + c * area * ldc + b * perImage
                for k in 0..<area {
                    let row = dst + k * ldc, entries = table.baseAddress! + k * perImage
                    for p in 0..<perImage {
                        let at = Int(entries[p])
                        row[p] = at >= 0 ? src[at] : 0
                    }
                }
            }
        }
    }

    /// Folds `columns` back into one `[C, H, W]` image, summing the values that several
    /// windows read from one input position. Overwrites the selected channels unless
    /// `accumulate` is set, in which case it adds to them.
    public static func col2im(
        _ columns: UnsafePointer<Float>, _ geometry: ConvGeometry, channels: Range<Int>? = nil,
        rowStride: Int? = nil, into image: UnsafeMutablePointer<Float>, accumulate: Bool = false
    ) {
        col2im(batch: columns, count: 1, geometry, channels: channels, rowStride: rowStride,
               into: image, accumulate: accumulate)
    }

    /// The batch form of ``col2im(_:_:channels:rowStride:into:accumulate:)``: columns laid
    /// out as ``im2col(batch:count:_:channels:into:rowStride:)`` writes them, folded into
    /// `count` consecutive images.
    public static func col2im(
        batch columns: UnsafePointer<Float>, count: Int, _ geometry: ConvGeometry,
        channels: Range<Int>? = nil, rowStride: Int? = nil,
        into images: UnsafeMutablePointer<Float>, accumulate: Bool = false
    ) {
        let g = geometry
        let range = channels ?? 0..<g.channels
        precondition(range.lowerBound >= 0 && range.upperBound <= g.channels,
                     "Col2im: channels \(range) outside 0..<\(g.channels)")
        let perImage = g.columnsPerImage
        let ldc = rowStride ?? count * perImage
        precondition(ldc >= count * perImage, "Col2im: row stride \(ldc) < \(count * perImage)")
        let nc = range.count
        if count == 0 || nc == 0 { return }
        let area = g.kernelArea, plane = g.planeSize, c0 = range.lowerBound
        let imageSize = g.channels * plane
        // Work items are (image, channel, band of input rows): each writes its own rows of
        // one plane, summing in the same order whatever the banding, so results do not depend
        // on it. Bands only split planes when there are too few planes to go round.
        let pairs = count * nc
        let bands = pairs >= 4 * Parallel.workers ? 1 : min(g.height, (4 * Parallel.workers + pairs - 1) / pairs)
        Parallel.forEach(pairs * bands, cost: (area * perImage + plane) / bands) { item in
            let band = item % bands, pair = item / bands
            let b = pair / nc, c = pair % nc
            let rows = band * g.height / bands ..< (band + 1) * g.height / bands
            let target = images + b * imageSize + (c0 + c) * plane
            if !accumulate { (target + rows.lowerBound * g.width).update(repeating: 0, count: rows.count * g.width) }
            if perImage > 0 {
                foldPlane(columns + c * area * ldc + b * perImage, g, rowStride: ldc, rows: rows, into: target)
            }
        }
    }

    /// The output positions `lo..<hi` whose input position `o·s − p + offset` lies in
    /// `from..<to`.
    @inline(__always)
    static func validRange(from: Int = 0, to size: Int, outSize: Int, stride: Int, padding: Int,
                           offset: Int) -> (Int, Int) {
        // o·s ≥ from + p − offset  and  o·s ≤ to − 1 + p − offset.
        let start = from + padding - offset
        let lo = min(start <= 0 ? 0 : (start + stride - 1) / stride, outSize)
        let end = size - 1 + padding - offset
        let hi = end < 0 ? 0 : end / stride + 1
        return (lo, max(min(hi, outSize), lo))
    }

    /// Writes the `kw` column rows of kernel row `i` for one input plane, starting at `dst`.
    @inline(__always)
    static func unfoldRow(
        _ i: Int, _ src: UnsafePointer<Float>, _ g: ConvGeometry,
        into dst: UnsafeMutablePointer<Float>, rowStride ldc: Int
    ) {
        let outH = g.outHeight, outW = g.outWidth, width = g.width
        let sh = g.stride.h, sw = g.stride.w
        let rowOffset = i * g.dilation.h
        let (ohLo, ohHi) = validRange(to: g.height, outSize: outH, stride: sh,
                                      padding: g.padding.h, offset: rowOffset)
        for j in 0..<g.kernel.w {
            let colOffset = j * g.dilation.w
            let (owLo, owHi) = validRange(to: width, outSize: outW, stride: sw,
                                          padding: g.padding.w, offset: colOffset)
            let row = dst + j * ldc
            if ohLo > 0 { row.update(repeating: 0, count: ohLo * outW) }
            if ohHi < outH { (row + ohHi * outW).update(repeating: 0, count: (outH - ohHi) * outW) }
            let n = owHi - owLo
            let iw0 = owLo * sw - g.padding.w + colOffset
            if sh == 1 && sw == 1 && outW == width {
                // Input and column rows have the same pitch, so the valid rows are one
                // contiguous copy; the few values that wrapped in from neighbouring rows
                // sit where the padding is and are zeroed afterwards. Narrow planes
                // (14×14, 28×28) would otherwise pay loop overhead on every short row.
                if ohHi > ohLo && n > 0 {
                    let first = ohLo * outW + owLo
                    let source = src + (ohLo - g.padding.h + rowOffset) * width + iw0
                    (row + first).update(from: source, count: (ohHi - ohLo - 1) * outW + n)
                    for oh in ohLo..<ohHi {
                        let out = row + oh * outW
                        for ow in 0..<owLo { out[ow] = 0 }
                        for ow in owHi..<outW { out[ow] = 0 }
                    }
                } else {
                    for oh in ohLo..<ohHi { (row + oh * outW).update(repeating: 0, count: outW) }
                }
                continue
            }
            for oh in ohLo..<ohHi {
                let out = row + oh * outW
                let inp = src + (oh * sh - g.padding.h + rowOffset) * width + iw0
                for ow in 0..<owLo { out[ow] = 0 }
                let seg = out + owLo
                if sw == 1 {
                    for k in 0..<n { seg[k] = inp[k] }
                } else if sw == 2 {
                    for k in 0..<n { seg[k] = inp[2 * k] }
                } else {
                    for k in 0..<n { seg[k] = inp[k * sw] }
                }
                for ow in owHi..<outW { out[ow] = 0 }
            }
        }
    }

    /// Adds the `kh·kw` rows of one plane's columns into input rows `rows` of the plane.
    @inline(__always)
    static func foldPlane(
        _ src: UnsafePointer<Float>, _ g: ConvGeometry, rowStride ldc: Int, rows: Range<Int>,
        into dst: UnsafeMutablePointer<Float>
    ) {
        let outH = g.outHeight, outW = g.outWidth, width = g.width
        let sh = g.stride.h, sw = g.stride.w
        for i in 0..<g.kernel.h {
            let rowOffset = i * g.dilation.h
            let (ohLo, ohHi) = validRange(from: rows.lowerBound, to: rows.upperBound, outSize: outH, stride: sh,
                                          padding: g.padding.h, offset: rowOffset)
            for j in 0..<g.kernel.w {
                let colOffset = j * g.dilation.w
                let (owLo, owHi) = validRange(to: width, outSize: outW, stride: sw,
                                              padding: g.padding.w, offset: colOffset)
                let row = src + (i * g.kernel.w + j) * ldc
                let n = owHi - owLo
                let iw0 = owLo * sw - g.padding.w + colOffset
                for oh in ohLo..<ohHi {
                    let seg = row + oh * outW + owLo
                    let out = dst + (oh * sh - g.padding.h + rowOffset) * width + iw0
                    if sw == 1 {
                        for k in 0..<n { out[k] += seg[k] }
                    } else if sw == 2 {
                        for k in 0..<n { out[2 * k] += seg[k] }
                    } else {
                        for k in 0..<n { out[k * sw] += seg[k] }
                    }
                }
            }
        }
    }
}
