/// How much two boxes overlap, as a number in 0...1.
public enum OverlapMeasure: String, Equatable, Sendable, CaseIterable {
    /// Intersection over union (IoU, Jaccard): 1 only for identical boxes.
    case union
    /// Intersection over the smaller box's area: 1 whenever one box lies inside the other.
    /// MTCNN's last NMS uses it ("Min") so that a small box found inside a face's box — a part
    /// of the same face at a finer pyramid scale — is suppressed even though its IoU is low.
    case minimum

    /// The overlap of `a` and `b`; 0 when either is empty (no division by zero).
    public func callAsFunction(_ a: CornerBox, _ b: CornerBox) -> Double {
        let shared = a.intersectionArea(b)
        guard shared > 0 else { return 0 }
        switch self {
        case .union: return shared / (a.area + b.area - shared)
        case .minimum: return shared / min(a.area, b.area)
        }
    }
}

extension CornerBox {
    /// Intersection over union with `other`.
    public func iou(_ other: CornerBox) -> Double { OverlapMeasure.union(self, other) }
}

/// The overlaps of every box in `rows` with every box in `columns`, row-major: entry (i, j) is
/// `measure(rows[i], columns[j])`. Target assignment reads it both ways (best ground truth per
/// anchor along a row, best anchor per ground truth down a column), hence a matrix and not a list.
public struct OverlapMatrix: Equatable, Sendable {
    public let rowCount: Int
    public let columnCount: Int
    /// `rowCount × columnCount` values, row-major.
    public let values: [Double]

    public init(_ rows: [CornerBox], _ columns: [CornerBox], measure: OverlapMeasure = .union) {
        rowCount = rows.count
        columnCount = columns.count
        var values = [Double](repeating: 0, count: rows.count * columns.count)
        for (i, a) in rows.enumerated() {
            for (j, b) in columns.enumerated() { values[i * columns.count + j] = measure(a, b) }
        }
        self.values = values
    }

    public subscript(row: Int, column: Int) -> Double { values[row * columnCount + column] }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(values[(i * columnCount)..<((i + 1) * columnCount)]) }
}
