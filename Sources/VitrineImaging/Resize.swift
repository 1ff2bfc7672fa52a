import VitrineEngine

/// Separable resampling: each output sample along an axis is a weighted sum of a few
/// consecutive input samples. Growing an axis uses bilinear interpolation with PyTorch's
/// `align_corners=False` rule (`src = (dst + 0.5) · in / out − 0.5`, clamped at the edges);
/// shrinking it uses exact area averaging: each output sample is the mean of the input span it
/// covers, partly covered samples weighted by the covered fraction. That is OpenCV's
/// `INTER_AREA` when shrinking, and equals PIL's BOX filter and PyTorch's `mode="area"` for
/// integer factors; unlike plain bilinear it does not alias when shrinking by large factors.
/// With `antialias: false` shrinking is plain bilinear too (PyTorch's default `interpolate`).
struct ResampleAxis {
    let starts: [Int]
    let counts: [Int]
    /// `taps` weights per output sample (unused ones zero).
    let weights: [Float]
    let taps: Int

    init(input: Int, output: Int, antialias: Bool) {
        let scale = Double(input) / Double(output)
        var windows: [(start: Int, weights: [Float])] = []
        for o in 0..<output {
            if antialias && output < input {
                let low = Double(o) * scale, high = Double(o + 1) * scale
                let first = Int(low), last = min(input - 1, Int(high.rounded(.up)) - 1)
                let weights = (first...last).map { i in
                    Float((min(Double(i + 1), high) - max(Double(i), low)) / scale)
                }
                windows.append((first, weights))
            } else {
                let source = max(0, (Double(o) + 0.5) * scale - 0.5)
                let i0 = min(Int(source), input - 1)
                let fraction = Float(source - Double(i0))
                windows.append(i0 + 1 < input ? (i0, [1 - fraction, fraction]) : (i0, [1]))
            }
        }
        taps = windows.map(\.weights.count).max() ?? 1
        starts = windows.map(\.start)
        counts = windows.map(\.weights.count)
        var flat = [Float](repeating: 0, count: output * taps)
        for (o, window) in windows.enumerated() {
            for (k, w) in window.weights.enumerated() { flat[o * taps + k] = w }
        }
        weights = flat
    }

    /// PyTorch's adaptive average pooling along one axis (`F.interpolate(mode="area")` is
    /// `adaptive_avg_pool2d`): output sample `o` is the plain mean of input samples
    /// `⌊o · in / out⌋ ..< ⌈(o + 1) · in / out⌉`, partly covered samples counting in full. That
    /// differs from exact area averaging whenever `in / out` is not an integer, and it also
    /// serves for growing (each output then averages the one or two samples under it).
    init(adaptiveInput input: Int, output: Int) {
        var windows: [(start: Int, count: Int)] = []
        for o in 0..<output {
            let start = (o * input) / output, end = ((o + 1) * input + output - 1) / output
            windows.append((start, end - start))
        }
        taps = windows.map(\.count).max() ?? 1
        starts = windows.map(\.start)
        counts = windows.map(\.count)
        var flat = [Float](repeating: 0, count: output * taps)
        for (o, window) in windows.enumerated() {
            for k in 0..<window.count { flat[o * taps + k] = 1 / Float(window.count) }
        }
        weights = flat
    }
}

extension Image {
    /// This image resampled to `height × width` (see ``ResampleAxis`` for the filters: bilinear
    /// when growing, area averaging when shrinking unless `antialias` is false).
    public func resized(height newHeight: Int, width newWidth: Int, antialias: Bool = true) throws -> Image {
        try Self.requireResizable(from: (height, width), to: (newHeight, newWidth))
        var result = Image(unchecked: channels, height: newHeight, width: newWidth)
        pixels.withUnsafeBufferPointer { source in
            result.pixels.withUnsafeMutableBufferPointer { target in
                Self.resample(source.baseAddress!, planes: channels, height: height, width: width,
                              into: target.baseAddress!, height: newHeight, width: newWidth,
                              across: ResampleAxis(input: width, output: newWidth, antialias: antialias),
                              down: ResampleAxis(input: height, output: newHeight, antialias: antialias))
            }
        }
        return result
    }

    /// Resizes a `[C, H, W]` or `[N, C, H, W]` tensor (any channel count) the way
    /// ``resized(height:width:antialias:)`` resizes an image.
    public static func resize(_ tensor: Tensor, height newHeight: Int, width newWidth: Int,
                              antialias: Bool = true) throws -> Tensor {
        try resize(tensor, height: newHeight, width: newWidth) { input, output in
            ResampleAxis(input: input, output: output, antialias: antialias)
        }
    }

    /// Resizes a `[C, H, W]` or `[N, C, H, W]` tensor as PyTorch's `F.interpolate(mode="area")`,
    /// i.e. `adaptive_avg_pool2d` to the new size (see ``ResampleAxis/init(adaptiveInput:output:)``):
    /// what facenet-pytorch's MTCNN (`imresample`) uses for its pyramid and its crops, so the
    /// released weights see the inputs they were run on there.
    public static func resizeAdaptiveAverage(_ tensor: Tensor, height newHeight: Int, width newWidth: Int) throws -> Tensor {
        try resize(tensor, height: newHeight, width: newWidth) { ResampleAxis(adaptiveInput: $0, output: $1) }
    }

    private static func resize(_ tensor: Tensor, height newHeight: Int, width newWidth: Int,
                               axis: (_ input: Int, _ output: Int) -> ResampleAxis) throws -> Tensor {
        guard tensor.rank == 3 || tensor.rank == 4 else {
            throw ImagingError.invalidArgument("resize", "expected a [C, H, W] or [N, C, H, W] tensor, got \(tensor.shape)")
        }
        let (h, w) = (tensor.shape[tensor.rank - 2], tensor.shape[tensor.rank - 1])
        try requireResizable(from: (h, w), to: (newHeight, newWidth))
        let result = Tensor(zeros: Array(tensor.shape.dropLast(2)) + [newHeight, newWidth])
        resample(tensor.data, planes: tensor.count / (h * w), height: h, width: w,
                 into: result.data, height: newHeight, width: newWidth,
                 across: axis(w, newWidth), down: axis(h, newHeight))
        return result
    }

    private static func requireResizable(from input: (Int, Int), to output: (Int, Int)) throws {
        guard input.0 > 0, input.1 > 0, output.0 > 0, output.1 > 0 else {
            throw ImagingError.invalidArgument(
                "resize", "sizes must be positive, got \(input.0)×\(input.1) to \(output.0)×\(output.1)")
        }
        guard PNG.withinLimit(width: output.1, height: output.0) else {
            throw ImagingError.invalidArgument(
                "resize", "a \(output.0)×\(output.1) result exceeds \(PNG.maximumPixels) pixels")
        }
    }

    /// Rows first (into a scratch of `planes × height × newWidth`), then columns.
    static func resample(_ source: UnsafePointer<Float>, planes: Int, height: Int, width: Int,
                         into target: UnsafeMutablePointer<Float>, height newHeight: Int, width newWidth: Int,
                         across: ResampleAxis, down: ResampleAxis) {
        var scratch = [Float](repeating: 0, count: planes * height * newWidth)
        scratch.withUnsafeMutableBufferPointer { rows in
            let rows = rows.baseAddress!
            Parallel.forEach(planes * height, cost: newWidth * across.taps) { row in
                let input = source + row * width, output = rows + row * newWidth
                for x in 0..<newWidth {
                    let first = input + across.starts[x], weights = x * across.taps
                    var sum: Float = 0
                    for k in 0..<across.counts[x] { sum += first[k] * across.weights[weights + k] }
                    output[x] = sum
                }
            }
            Parallel.forEach(planes * newHeight, cost: newWidth * down.taps) { row in
                let (plane, y) = row.quotientAndRemainder(dividingBy: newHeight)
                let input = UnsafePointer(rows) + plane * height * newWidth
                let output = target + row * newWidth, weights = y * down.taps
                for x in 0..<newWidth { output[x] = 0 }
                for k in 0..<down.counts[y] {
                    let line = input + (down.starts[y] + k) * newWidth, weight = down.weights[weights + k]
                    for x in 0..<newWidth { output[x] += line[x] * weight }
                }
            }
        }
    }
}
