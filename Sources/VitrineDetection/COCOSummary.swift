import Foundation

/// The twelve numbers pycocotools' `summarize()` prints for boxes, in its order (`stats`).
/// Each is −1 when nothing qualifies (no ground truth of that size, say), as pycocotools has it.
public struct COCOSummary: Equatable, Sendable {
    /// AP@[.5:.95], the COCO headline number.
    public var ap: Double
    public var ap50: Double
    public var ap75: Double
    public var apSmall: Double
    public var apMedium: Double
    public var apLarge: Double
    /// Mean recall with at most 1, 10 and 100 detections per image.
    public var ar1: Double
    public var ar10: Double
    public var ar100: Double
    public var arSmall: Double
    public var arMedium: Double
    public var arLarge: Double

    public init(ap: Double, ap50: Double, ap75: Double, apSmall: Double, apMedium: Double, apLarge: Double,
                ar1: Double, ar10: Double, ar100: Double, arSmall: Double, arMedium: Double, arLarge: Double) {
        self.ap = ap
        self.ap50 = ap50
        self.ap75 = ap75
        self.apSmall = apSmall
        self.apMedium = apMedium
        self.apLarge = apLarge
        self.ar1 = ar1
        self.ar10 = ar10
        self.ar100 = ar100
        self.arSmall = arSmall
        self.arMedium = arMedium
        self.arLarge = arLarge
    }

    /// The numbers in pycocotools' order, to compare with `COCOeval.stats`.
    public var stats: [Double] {
        [ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge]
    }

    /// pycocotools' lines' labels, in the same order.
    public static let labels = [
        "AP @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]", "AP @[ IoU=0.50      | area=   all | maxDets=100 ]",
        "AP @[ IoU=0.75      | area=   all | maxDets=100 ]", "AP @[ IoU=0.50:0.95 | area= small | maxDets=100 ]",
        "AP @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]", "AP @[ IoU=0.50:0.95 | area= large | maxDets=100 ]",
        "AR @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ]", "AR @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ]",
        "AR @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]", "AR @[ IoU=0.50:0.95 | area= small | maxDets=100 ]",
        "AR @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]", "AR @[ IoU=0.50:0.95 | area= large | maxDets=100 ]",
    ]
}

extension COCOSummary: CustomStringConvertible {
    /// pycocotools' printout, three decimals.
    public var description: String {
        zip(Self.labels, stats).map { label, value in
            let shown = value == -1 ? "-1.000" : String(format: "%.3f", value)
            return " \(label) = \(shown)"
        }.joined(separator: "\n")
    }
}
