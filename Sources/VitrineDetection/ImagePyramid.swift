/// The scales at which MTCNN's P-Net scans an image (Zhang et al. 2016; facenet-pytorch's
/// `detect_face`): P-Net sees a fixed 12 × 12 window, so to find faces of at least
/// `minimumFaceSize` pixels the image is first shrunk by 12 / minimumFaceSize (a face of that
/// size becomes one window), then again by `factor` each level, until the shorter side would
/// fall below 12 pixels and no window fits.
public struct ImagePyramid: Equatable, Sendable {
    /// The paper's and every port's factor: 0.709 ≈ 1/√2, so each level halves the pixel count.
    public static let mtcnnFactor = 0.709
    /// P-Net's input window.
    public static let mtcnnWindow = 12.0

    /// How a scaled side is rounded to whole pixels.
    public enum SizeRounding: String, Equatable, Sendable {
        /// `Int(side × scale + 1)`, as facenet-pytorch computes it (its released weights are the
        /// ones the Vitrine cascade imports, so this is the default).
        case truncatedPlusOne
        /// `⌈side × scale⌉`, as the authors' MATLAB code.
        case ceiling
    }

    /// One level: the scale from the original image and the size of the image scaled by it.
    public struct Level: Equatable, Sendable {
        public var scale: Double
        public var width: Int
        public var height: Int
    }

    public let width: Int
    public let height: Int
    public let levels: [Level]

    /// The scales, largest (least shrunk) first.
    public var scales: [Double] { levels.map(\.scale) }

    /// The pyramid of an image `width × height` pixels. An image whose shorter side is below
    /// `minimumFaceSize` has no level: it cannot hold a face that large. Throws for a face size or
    /// window that is not positive or a factor outside (0, 1), which would never stop shrinking.
    public init(width: Int, height: Int, minimumFaceSize: Double = 20, factor: Double = mtcnnFactor,
                window: Double = mtcnnWindow, rounding: SizeRounding = .truncatedPlusOne) throws {
        guard minimumFaceSize > 0, minimumFaceSize.isFinite else {
            throw DetectionError("the minimum face size must be a positive number of pixels, found \(minimumFaceSize)")
        }
        guard factor > 0, factor < 1 else {
            throw DetectionError("the pyramid factor must lie strictly between 0 and 1, found \(factor)")
        }
        guard window > 0, window.isFinite else {
            throw DetectionError("the detector window must be a positive number of pixels, found \(window)")
        }
        self.width = width
        self.height = height
        // The same running products as facenet-pytorch, so that each scale is bit-identical to
        // its: scale_i *= factor, minl *= factor (not m · factor^i, which rounds differently).
        let m = window / minimumFaceSize
        var shorter = Double(min(width, height)) * m
        var scale = m
        var levels: [Level] = []
        while shorter >= window {
            func side(_ n: Int) -> Int {
                let x = Double(n) * scale
                return rounding == .ceiling ? Int(x.rounded(.up)) : Int(x + 1)
            }
            levels.append(Level(scale: scale, width: side(width), height: side(height)))
            scale *= factor
            shorter *= factor
        }
        self.levels = levels
    }
}
