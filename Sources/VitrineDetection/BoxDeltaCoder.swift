import Foundation

/// A box relative to an anchor as Faster R-CNN regresses it: the centre's shift in anchor
/// widths and heights, and the log of the size ratios, each multiplied by a weight.
public struct BoxDeltas: Equatable, Hashable, Sendable {
    public var dx: Double
    public var dy: Double
    public var dw: Double
    public var dh: Double

    public init(dx: Double, dy: Double, dw: Double, dh: Double) {
        self.dx = dx
        self.dy = dy
        self.dw = dw
        self.dh = dh
    }
}

/// Faster R-CNN's box coder (torchvision's `BoxCoder`): `dx = wx · (x − xa) / wa`,
/// `dw = ww · log(w / wa)`, and the same for y and h, in centre form.
///
/// Shifts in units of the anchor's size and logs of size ratios make one regression head
/// serve anchors of every scale. The weights scale the targets to unit-ish variance:
/// (1, 1, 1, 1) for the RPN, (10, 10, 5, 5) for torchvision's second-stage box head.
public struct BoxDeltaCoder: Equatable, Sendable {
    public var weights: BoxDeltas
    /// Decoding clamps dw and dh to this before exponentiating, so one wild prediction early in
    /// training gives a big box rather than an infinite one. torchvision's log(1000 / 16).
    public var maxLogScale: Double

    public init(weights: BoxDeltas = BoxDeltas(dx: 1, dy: 1, dw: 1, dh: 1), maxLogScale: Double = log(1000.0 / 16)) {
        self.weights = weights
        self.maxLogScale = maxLogScale
    }

    /// The deltas that take `anchor` to `box`. Both need positive width and height.
    public func encode(_ box: CornerBox, anchor: CornerBox) -> BoxDeltas {
        let (b, a) = (box.center, anchor.center)
        return BoxDeltas(dx: weights.dx * (b.cx - a.cx) / a.width, dy: weights.dy * (b.cy - a.cy) / a.height,
                         dw: weights.dw * log(b.width / a.width), dh: weights.dh * log(b.height / a.height))
    }

    /// The box `deltas` make of `anchor`.
    public func decode(_ deltas: BoxDeltas, anchor: CornerBox) -> CornerBox {
        let a = anchor.center
        let dw = min(deltas.dw / weights.dw, maxLogScale), dh = min(deltas.dh / weights.dh, maxLogScale)
        return CornerBox(CenterBox(cx: a.cx + deltas.dx / weights.dx * a.width, cy: a.cy + deltas.dy / weights.dy * a.height,
                                   width: a.width * exp(dw), height: a.height * exp(dh)))
    }
}
