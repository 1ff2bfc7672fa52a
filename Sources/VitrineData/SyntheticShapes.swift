import Foundation
import VitrineEngine

/// Generated images of coloured shapes on noisy backgrounds — a classification task that needs
/// no download, for smoke runs and the demo. Classes: disk, square, triangle, cross, ring.
/// Each image varies in position, size, colour, background and noise; the same seed gives the
/// same images.
public struct SyntheticShapes {
    public static let classNames = ["disk", "square", "triangle", "cross", "ring"]

    /// Images `[count, 3, size, size]` in [0, 1] and their class labels.
    public let images: Tensor
    public let labels: [Int]
    public let size: Int

    public init(count: Int, size: Int = 16, seed: UInt64) throws {
        guard count > 0, size >= 8 else {
            throw EngineError.invalidArgument(
                "SyntheticShapes", "count must be positive and size at least 8, got \(count) and \(size)")
        }
        self.size = size
        let g = Generator(seed: seed)
        let images = Tensor(zeros: [count, 3, size, size])
        var labels = [Int](repeating: 0, count: count)
        let plane = size * size
        for n in 0..<count {
            let label = g.int(below: Self.classNames.count)
            labels[n] = label
            let s = Double(size)
            let radius = s * (0.18 + 0.14 * g.uniform())
            let cx = radius + (s - 2 * radius) * g.uniform()
            let cy = radius + (s - 2 * radius) * g.uniform()
            let background = (0..<3).map { _ in Float(0.35 * g.uniform()) }
            let colour = (0..<3).map { _ in Float(0.55 + 0.45 * g.uniform()) }
            let base = images.data + n * 3 * plane
            for y in 0..<size {
                for x in 0..<size {
                    let inside = Self.contains(
                        label, dx: (Double(x) + 0.5 - cx) / radius, dy: (Double(y) + 0.5 - cy) / radius)
                    for c in 0..<3 {
                        let noise = Float(0.08 * g.normal())
                        base[c * plane + y * size + x] = min(1, max(0, (inside ? colour[c] : background[c]) + noise))
                    }
                }
            }
        }
        self.images = images
        self.labels = labels
    }

    /// Whether the point (dx, dy), in units of the shape's radius from its centre, is inside.
    private static func contains(_ label: Int, dx: Double, dy: Double) -> Bool {
        switch label {
        case 0: return dx * dx + dy * dy <= 1
        case 1: return abs(dx) <= 0.8 && abs(dy) <= 0.8
        case 2: return dy <= 0.8 && dy >= -1 + 2 * abs(dx) * 0.9
        case 3: return (abs(dx) <= 0.3 && abs(dy) <= 1) || (abs(dy) <= 0.3 && abs(dx) <= 1)
        default:
            let r = (dx * dx + dy * dy).squareRoot()
            return r <= 1 && r >= 0.55
        }
    }

    public var count: Int { labels.count }

    /// Copies the images at `indices` into `batch` (resized to `[indices.count, 3, size, size]`).
    public func gather(_ indices: ArraySlice<Int>, into batch: Tensor) {
        let stride = 3 * size * size
        batch.resize([indices.count, 3, size, size])
        for (row, index) in indices.enumerated() {
            (batch.data + row * stride).update(from: images.data + index * stride, count: stride)
        }
    }
}
