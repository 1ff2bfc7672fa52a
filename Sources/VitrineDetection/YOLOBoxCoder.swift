import Foundation

/// A YOLO head's four raw box outputs for one anchor at one cell, before any activation.
public struct YOLOOffsets: Equatable, Hashable, Sendable {
    /// Logits of the centre's position inside the cell (sigmoid gives 0...1 across the cell).
    public var tx: Double
    public var ty: Double
    /// Logs of the box's size over the anchor's.
    public var tw: Double
    public var th: Double

    public init(tx: Double, ty: Double, tw: Double, th: Double) {
        self.tx = tx
        self.ty = ty
        self.tw = tw
        self.th = th
    }
}

/// YOLOv3's box parameterisation (Redmon & Farhadi 2018, eq. 1): `bx = (σ(tx) + column) · stride`,
/// `bw = pw · exp(tw)`, and the same for y and h.
///
/// The sigmoid keeps a predicted centre inside the cell that predicts it, which is what makes
/// "the cell containing the box's centre is responsible for it" a stable assignment; sizes are
/// log-ratios to the anchor as in Faster R-CNN.
public struct YOLOBoxCoder: Equatable, Sendable {
    /// Input pixels per cell of this output scale.
    public var stride: Double
    /// How close to the cell's edges ``encode(_:row:column:anchor:)`` may put a centre: a centre
    /// exactly on an edge would need an infinite logit.
    public var edgeMargin: Double

    public init(stride: Double, edgeMargin: Double = 1e-9) {
        self.stride = stride
        self.edgeMargin = edgeMargin
    }

    /// The box predicted by `offsets` at cell (`row`, `column`) for an anchor of `anchor`'s size.
    public func decode(_ offsets: YOLOOffsets, row: Int, column: Int, anchor: AnchorShape) -> CornerBox {
        CornerBox(CenterBox(cx: (Self.sigmoid(offsets.tx) + Double(column)) * stride,
                            cy: (Self.sigmoid(offsets.ty) + Double(row)) * stride,
                            width: anchor.width * exp(offsets.tw), height: anchor.height * exp(offsets.th)))
    }

    /// The offsets that decode to `box` at cell (`row`, `column`). A centre outside that cell is
    /// pulled to just inside its nearest edge, so the result is exact only for a box centred in
    /// the cell, which is the cell ``cell(of:)`` gives. The box needs positive width and height.
    public func encode(_ box: CornerBox, row: Int, column: Int, anchor: AnchorShape) -> YOLOOffsets {
        let c = box.center
        return YOLOOffsets(tx: logit(c.cx / stride - Double(column)), ty: logit(c.cy / stride - Double(row)),
                           tw: log(c.width / anchor.width), th: log(c.height / anchor.height))
    }

    /// The cell whose area holds the box's centre.
    public func cell(of box: CornerBox) -> (row: Int, column: Int) {
        let c = box.center
        return (Int((c.cy / stride).rounded(.down)), Int((c.cx / stride).rounded(.down)))
    }

    /// 1 / (1 + e^−x), written so that large negative x does not overflow.
    public static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    private func logit(_ p: Double) -> Double {
        let q = min(max(p, edgeMargin), 1 - edgeMargin)
        return log(q / (1 - q))
    }
}
