import Foundation

/// Anti-aliased scan conversion: the exact horizontal coverage of each pixel, averaged over
/// `subsamples` sub-scanlines per pixel row. Its cost grows with edges × rows, not with the
/// number of samples per pixel, which keeps 64-pixel images with dozens of shapes cheap.
enum Rasterizer {
    static let subsamples = 5

    private struct Edge {
        var x0: Float, y0: Float, y1: Float, slope: Float
        var winding: Int
    }

    /// Calls `row(y, x0, coverage)` for each pixel row the path touches, with the coverage
    /// (0...1) of pixels `x0 ..< x0 + coverage.count`. Pixels outside the image are skipped.
    static func coverage(of path: Path, width: Int, height: Int,
                         row: (Int, Int, UnsafeMutableBufferPointer<Float>) -> Void) {
        guard let bounds = path.bounds, width > 0, height > 0 else { return }
        let xStart = max(0, Int(floor(bounds.min.x))), xEnd = min(width, Int(ceil(bounds.max.x)) + 1)
        let yStart = max(0, Int(floor(bounds.min.y))), yEnd = min(height, Int(ceil(bounds.max.y)) + 1)
        guard xStart < xEnd, yStart < yEnd, bounds.min.x.isFinite, bounds.max.y.isFinite else { return }

        var edges: [Edge] = []
        for contour in path.contours where contour.count >= 3 {
            for k in contour.indices {
                let p = contour[k], q = contour[(k + 1) % contour.count]
                if p.y == q.y { continue }
                let (top, bottom, winding) = p.y < q.y ? (p, q, 1) : (q, p, -1)
                edges.append(Edge(x0: top.x, y0: top.y, y1: bottom.y,
                                  slope: (bottom.x - top.x) / (bottom.y - top.y), winding: winding))
            }
        }
        edges.sort { $0.y0 < $1.y0 }

        let span = xEnd - xStart
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: span)
        defer { buffer.deallocate() }
        var active: [Int] = []
        var crossings: [(x: Float, winding: Int)] = []
        var nextEdge = 0
        let weight = 1 / Float(subsamples)
        let evenOdd = path.rule == .evenOdd

        for y in yStart..<yEnd {
            let rowTop = Float(y), rowBottom = Float(y + 1)
            while nextEdge < edges.count && edges[nextEdge].y0 < rowBottom {
                active.append(nextEdge)
                nextEdge += 1
            }
            active.removeAll { edges[$0].y1 <= rowTop }
            if active.isEmpty { continue }
            buffer.update(repeating: 0)
            var touched = false
            for s in 0..<subsamples {
                let sy = rowTop + (Float(s) + 0.5) * weight
                crossings.removeAll(keepingCapacity: true)
                for e in active {
                    let edge = edges[e]
                    if sy >= edge.y0 && sy < edge.y1 {
                        crossings.append((edge.x0 + (sy - edge.y0) * edge.slope, edge.winding))
                    }
                }
                if crossings.count < 2 { continue }
                crossings.sort { $0.x < $1.x }
                var winding = 0
                for k in 0..<(crossings.count - 1) {
                    winding += evenOdd ? 1 : crossings[k].winding
                    let inside = evenOdd ? winding & 1 == 1 : winding != 0
                    if inside {
                        addSpan(crossings[k].x, crossings[k + 1].x, weight: weight, xStart: xStart, buffer: buffer)
                        touched = true
                    }
                }
            }
            if touched { row(y, xStart, buffer) }
        }
    }

    /// Adds `weight` times the exact horizontal coverage of [a, b) to the pixels it overlaps.
    @inline(__always)
    private static func addSpan(_ a: Float, _ b: Float, weight: Float, xStart: Int,
                                buffer: UnsafeMutableBufferPointer<Float>) {
        let lo = max(a - Float(xStart), 0), hi = min(b - Float(xStart), Float(buffer.count))
        guard hi > lo else { return }
        let first = Int(lo), last = min(Int(hi), buffer.count - 1)
        if first == last {
            buffer[first] += (hi - lo) * weight
            return
        }
        buffer[first] += (Float(first + 1) - lo) * weight
        if first + 1 < last {
            for i in (first + 1)..<last { buffer[i] += weight }
        }
        buffer[last] += (hi - Float(last)) * weight
    }
}
