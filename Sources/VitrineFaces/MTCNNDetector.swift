import VitrineDetection
import VitrineEngine
import VitrineImaging
import VitrineModels

/// A face MTCNN found: its box, the O-Net probability, and five landmarks.
public struct FaceDetection: Equatable, Sendable {
    /// In the image's pixels, with facenet-pytorch's coordinates (which inherit the MATLAB
    /// original's habit of treating `x2`, `y2` as the last pixel inside: compare boxes from one
    /// source with boxes from the same kind of source).
    public var box: CornerBox
    /// O-Net's face probability.
    public var probability: Double
    /// Left eye, right eye, nose, left and right mouth corners, in the image's pixels.
    public var landmarks: [(x: Double, y: Double)]

    public init(box: CornerBox, probability: Double, landmarks: [(x: Double, y: Double)]) {
        self.box = box
        self.probability = probability
        self.landmarks = landmarks
    }

    public static func == (a: FaceDetection, b: FaceDetection) -> Bool {
        a.box == b.box && a.probability == b.probability && a.landmarks.elementsEqual(b.landmarks) { $0 == $1 }
    }

    /// As a generic detection (category 1 = face, as in the photoshoots).
    public var detection: Detection { Detection(box: box, score: probability, categoryID: 1) }
}

/// MTCNN's cascade (Zhang et al. 2016) exactly as facenet-pytorch 2.6.0's `detect_face` runs
/// it, so that with the released weights it finds the faces facenet-pytorch finds:
///
/// 1. **P-Net** on every level of the image pyramid (``ImagePyramid``: 12 / minimum face size,
///    then × 0.709 while the shorter side stays ≥ 12), each level resampled with PyTorch's
///    `area` interpolation; every output position with face probability ≥ threshold 1 is a
///    12 × 12 window, 2 pixels apart, mapped back to the image; NMS 0.5 (IoU) per level, then
///    0.7 over all levels; box regression by the window size; squared (`rerec`).
/// 2. **R-Net** on each candidate cropped from the image (clipped to it, 1-based corners
///    truncated as facenet-pytorch's `pad`) and resampled to 24 × 24; probability >
///    threshold 2; NMS 0.7; regression by the size + 1; squared.
/// 3. **O-Net** on 48 × 48 crops; probability > threshold 3; landmarks from the box before its
///    regression; regression; NMS 0.7 by intersection over the smaller box (+1 pixel areas,
///    facenet-pytorch's `nms_numpy` "Min").
///
/// Box arithmetic is done in Float32, as facenet-pytorch does in its tensors, so truncations
/// fall on the same pixel. The networks keep state between calls: one detector per thread.
public struct MTCNNDetector {
    /// Thresholds and pyramid, facenet-pytorch's defaults.
    public struct Settings: Equatable, Sendable {
        public var minimumFaceSize: Double = 20
        public var factor: Double = ImagePyramid.mtcnnFactor
        /// P-Net (≥), R-Net (>), O-Net (>) face probability thresholds.
        public var thresholds: (pnet: Double, rnet: Double, onet: Double) = (0.6, 0.7, 0.7)

        public init() {}

        public static func == (a: Settings, b: Settings) -> Bool {
            a.minimumFaceSize == b.minimumFaceSize && a.factor == b.factor && a.thresholds == b.thresholds
        }
    }

    public let networks: MTCNNNetworks
    public var settings: Settings

    public init(networks: MTCNNNetworks, settings: Settings = Settings()) {
        self.networks = networks
        self.settings = settings
    }

    /// The faces in `image`, most probable first. Gray and RGBA images are made RGB first (gray
    /// replicated, alpha composited over white); an image whose shorter side is below the
    /// minimum face size has no pyramid level, hence no face.
    public func detect(_ image: Image) throws -> [FaceDetection] {
        let rgb = image.channels == 3 ? image : image.rgb()
        // 0…255 as the uint8 pixels facenet-pytorch starts from (PNG samples are k / 255).
        let pixels = Tensor(zeros: [1, 3, rgb.height, rgb.width])
        for (i, v) in rgb.pixels.enumerated() { pixels.data[i] = (v * 255).rounded() }
        return try detect(pixels: pixels)
    }

    /// The cascade on a `[1, 3, H, W]` tensor of RGB pixels in 0…255.
    public func detect(pixels: Tensor) throws -> [FaceDetection] {
        guard pixels.rank == 4, pixels.shape[0] == 1, pixels.shape[1] == 3 else {
            throw DetectionError("MTCNN takes one RGB image as a [1, 3, H, W] tensor, got shape \(pixels.shape)")
        }
        let (height, width) = (pixels.shape[2], pixels.shape[3])
        let pyramid = try ImagePyramid(width: width, height: height, minimumFaceSize: settings.minimumFaceSize,
                                       factor: settings.factor)
        // Stage 1.
        var proposals: [Candidate] = []
        for level in pyramid.levels {
            let scaled = try Image.resizeAdaptiveAverage(pixels, height: level.height, width: level.width)
            let output = try networks.pnet.forward(Self.normalized(scaled))
            let found = Self.windows(output, scale: Float(level.scale), threshold: Float(settings.thresholds.pnet))
            proposals += Self.suppress(found, overlap: 0.5)
        }
        proposals = Self.suppress(proposals, overlap: 0.7).map { c in
            var c = c
            let (w, h) = (c.x2 - c.x1, c.y2 - c.y1)
            c.x1 += c.regression[0] * w
            c.y1 += c.regression[1] * h
            c.x2 += c.regression[2] * w
            c.y2 += c.regression[3] * h
            return c.squared
        }
        // Stage 2.
        var refined: [Candidate] = []
        if !proposals.isEmpty {
            let (kept, crops) = try Self.crops(proposals, from: pixels, side: 24)
            if kept.isEmpty { return [] }
            let output = try networks.rnet.forward(crops)
            refined = Self.scored(kept, output, threshold: Float(settings.thresholds.rnet))
            refined = Self.suppress(refined, overlap: 0.7).map { $0.regressed.squared }
        }
        // Stage 3.
        var faces: [(Candidate, [(Float, Float)])] = []
        if !refined.isEmpty {
            let (kept, crops) = try Self.crops(refined, from: pixels, side: 48)
            if kept.isEmpty { return [] }
            let output = try networks.onet.forward(crops)
            let landmarks = output.landmarks!
            let probability = output.faceProbability
            for (i, c) in kept.enumerated() where probability[2 * i + 1] > Float(settings.thresholds.onet) {
                var c = c
                c.score = probability[2 * i + 1]
                c.regression = (0..<4).map { output.boxRegression[4 * i + $0] }
                let (w, h) = (c.x2 - c.x1 + 1, c.y2 - c.y1 + 1)
                let points = (0..<5).map { k in
                    (w * landmarks[10 * i + k] + c.x1 - 1, h * landmarks[10 * i + 5 + k] + c.y1 - 1)
                }
                faces.append((c.regressed, points))
            }
            // facenet-pytorch's nms_numpy counts pixels inclusively: +1 on the far corners.
            let inclusive = faces.map { f, _ in
                Detection(box: CornerBox(x1: Double(f.x1), y1: Double(f.y1), x2: Double(f.x2) + 1, y2: Double(f.y2) + 1),
                          score: Double(f.score))
            }
            let survivors = NonMaximumSuppression(overlapThreshold: 0.7, measure: .minimum).keptIndices(inclusive)
            faces = survivors.map { faces[$0] }
        }
        return faces.map { c, points in
            FaceDetection(box: CornerBox(x1: Double(c.x1), y1: Double(c.y1), x2: Double(c.x2), y2: Double(c.y2)),
                          probability: Double(c.score), landmarks: points.map { (Double($0.0), Double($0.1)) })
        }
    }

    /// A candidate box in Float32 with its score and the regression that came with it.
    struct Candidate {
        var x1: Float, y1: Float, x2: Float, y2: Float
        var score: Float
        var regression: [Float]

        /// facenet-pytorch's `rerec`: the square on the longer side, same centre.
        var squared: Candidate {
            var c = self
            let (w, h) = (x2 - x1, y2 - y1)
            let l = max(w, h)
            c.x1 = x1 + w * 0.5 - l * 0.5
            c.y1 = y1 + h * 0.5 - l * 0.5
            c.x2 = c.x1 + l
            c.y2 = c.y1 + l
            return c
        }

        /// facenet-pytorch's `bbreg`: corners moved by the regression times the size + 1.
        var regressed: Candidate {
            var c = self
            let (w, h) = (x2 - x1 + 1, y2 - y1 + 1)
            c.x1 = x1 + regression[0] * w
            c.y1 = y1 + regression[1] * h
            c.x2 = x2 + regression[2] * w
            c.y2 = y2 + regression[3] * h
            return c
        }
    }

    /// `(x − 127.5) · 0.0078125`, MTCNN's input scaling, in place.
    static func normalized(_ t: Tensor) -> Tensor {
        let p = t.data
        for i in 0..<t.count { p[i] = (p[i] - 127.5) * 0.0078125 }
        return t
    }

    /// facenet-pytorch's `generateBoundingBox`: every P-Net position (x, y) with face
    /// probability ≥ `threshold`, row by row, as the window `⌊(2x + 1) / s⌋ … ⌊(2x + 12) / s⌋`.
    static func windows(_ output: MTCNNOutput, scale: Float, threshold: Float) -> [Candidate] {
        let (h, w) = (output.faceProbability.shape[2], output.faceProbability.shape[3])
        let plane = h * w
        let face = output.faceProbability.data + plane, reg = output.boxRegression.data
        var found: [Candidate] = []
        for y in 0..<h {
            for x in 0..<w where face[y * w + x] >= threshold {
                let (fx, fy) = (Float(x), Float(y))
                found.append(Candidate(
                    x1: ((2 * fx + 1) / scale).rounded(.down), y1: ((2 * fy + 1) / scale).rounded(.down),
                    x2: ((2 * fx + 12) / scale).rounded(.down), y2: ((2 * fy + 12) / scale).rounded(.down),
                    score: face[y * w + x], regression: (0..<4).map { reg[$0 * plane + y * w + x] }))
            }
        }
        return found
    }

    /// torchvision's `nms` (IoU, strictly greater suppresses, stable order by score), as
    /// facenet-pytorch's `batched_nms` on one image: the survivors, highest score first.
    static func suppress(_ candidates: [Candidate], overlap: Double) -> [Candidate] {
        let detections = candidates.map {
            Detection(box: CornerBox(x1: Double($0.x1), y1: Double($0.y1), x2: Double($0.x2), y2: Double($0.y2)),
                      score: Double($0.score))
        }
        return NonMaximumSuppression(overlapThreshold: overlap).keptIndices(detections).map { candidates[$0] }
    }

    /// Each candidate's window cut from the image as facenet-pytorch's `pad` and slicing do —
    /// corners truncated toward zero, 1-based, clipped to the image, no padding — and resampled
    /// to `side × side` by area, normalized, as one `[N, 3, side, side]` batch. A window left
    /// empty by the clipping (wholly outside the image) is dropped with its candidate.
    static func crops(_ candidates: [Candidate], from pixels: Tensor, side: Int) throws -> ([Candidate], Tensor) {
        let (height, width) = (pixels.shape[2], pixels.shape[3])
        var kept: [Candidate] = []
        var windows: [(x: Int, y: Int, ex: Int, ey: Int)] = []
        for c in candidates {
            guard [c.x1, c.y1, c.x2, c.y2].allSatisfy(\.isFinite) else { continue }
            // Truncation toward zero, as `boxes.trunc().int()` (clamped first so that a wild box
            // cannot overflow the conversion).
            func truncated(_ v: Float) -> Int { Int(min(max(v, -1e9), 1e9).rounded(.towardZero)) }
            let x = max(truncated(c.x1), 1), y = max(truncated(c.y1), 1)
            let ex = min(truncated(c.x2), width), ey = min(truncated(c.y2), height)
            guard ey > y - 1, ex > x - 1 else { continue }
            kept.append(c)
            windows.append((x, y, ex, ey))
        }
        let batch = Tensor(zeros: [kept.count, 3, side, side])
        let sample = 3 * side * side
        for (n, window) in windows.enumerated() {
            let (cropH, cropW) = (window.ey - window.y + 1, window.ex - window.x + 1)
            let crop = Tensor(zeros: [3, cropH, cropW])
            for c in 0..<3 {
                for row in 0..<cropH {
                    let from = pixels.data + (c * height + window.y - 1 + row) * width + window.x - 1
                    (crop.data + (c * cropH + row) * cropW).update(from: from, count: cropW)
                }
            }
            let resized = try Image.resizeAdaptiveAverage(crop, height: side, width: side)
            (batch.data + n * sample).update(from: normalized(resized).data, count: sample)
        }
        return (kept, batch)
    }

    /// R-Net's verdict: the candidates whose face probability is above `threshold`, each with the
    /// new score and regression.
    static func scored(_ candidates: [Candidate], _ output: MTCNNOutput, threshold: Float) -> [Candidate] {
        candidates.enumerated().compactMap { i, c in
            let p = output.faceProbability[2 * i + 1]
            guard p > threshold else { return nil }
            var c = c
            c.score = p
            c.regression = (0..<4).map { output.boxRegression[4 * i + $0] }
            return c
        }
    }
}
