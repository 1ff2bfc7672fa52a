import Testing
@testable import VitrineSynth

@Suite struct RasterizerTests {
    /// Coverage of every pixel of a `size` square image.
    func coverage(_ path: Path, size: Int = 8) -> [Float] {
        var mask = Mask(width: size, height: size)
        mask.fill(path)
        return mask.values
    }

    @Test func rectangleAtFractionalEdgesCoversExactFractions() {
        // Columns 1.25..3.75 of row 2: pixel 1 is 3/4 covered, pixel 2 fully, pixel 3 3/4.
        let c = coverage(.rect(1.25, 2, 2.5, 1))
        #expect(abs(c[2 * 8 + 1] - 0.75) < 1e-5)
        #expect(abs(c[2 * 8 + 2] - 1) < 1e-5)
        #expect(abs(c[2 * 8 + 3] - 0.75) < 1e-5)
        #expect(c[2 * 8 + 4] == 0 && c[1 * 8 + 2] == 0 && c[3 * 8 + 2] == 0)
        // Half a row high: of the five sub-scanlines (y = 2.1, 2.3, 2.5, 2.7, 2.9) the span
        // [2, 2.5) holds two, so coverage is 2/5.
        let half = coverage(.rect(0, 2, 8, 0.5))
        #expect(abs(half[2 * 8 + 4] - 0.4) < 1e-5)
    }

    @Test func polygonCoverageSumsToItsArea() {
        let disc = Path.circle(16, 16, 9.3, segments: 40)
        let total = coverage(disc, size: 32).reduce(0, +)
        let area = abs(Path.signedArea(disc.contours[0]))
        #expect(abs(total - area) / area < 0.01)
    }

    /// Even-odd point-in-polygon by ray casting, the textbook way.
    func inside(_ p: Point, _ contour: [Point]) -> Bool {
        var odd = false
        for k in contour.indices {
            let a = contour[k], b = contour[(k + 1) % contour.count]
            if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x) { odd.toggle() }
        }
        return odd
    }

    @Test func coverageMatchesANaiveSupersampler() {
        // A rotated non-convex star: every pixel's coverage against a 32 × 32 point grid.
        let star = Path.star(12, 11, points: 5, outer: 9, inner: 3.7, rotation: 0.3)
        let c = coverage(star, size: 24)
        let grid = 32
        var worst: Float = 0, total: Float = 0
        for y in 0..<24 {
            for x in 0..<24 {
                var hits = 0
                for sy in 0..<grid {
                    for sx in 0..<grid {
                        let p = Point(Float(x) + (Float(sx) + 0.5) / Float(grid), Float(y) + (Float(sy) + 0.5) / Float(grid))
                        if inside(p, star.contours[0]) { hits += 1 }
                    }
                }
                let reference = Float(hits) / Float(grid * grid)
                worst = max(worst, abs(reference - c[y * 24 + x]))
                total += abs(reference - c[y * 24 + x])
            }
        }
        // Five sub-scanlines resolve vertical position to a fifth of a pixel at worst.
        #expect(worst < 0.2)
        #expect(total / (24 * 24) < 0.01)
    }

    @Test func annulusHasAHoleAndStrokePiecesUnite() {
        let ring = coverage(.annulus(16, 16, outer: (10, 10), inner: (5, 5)), size: 32)
        #expect(ring[16 * 32 + 16] == 0)
        #expect(ring[16 * 32 + 8] > 0.99)
        // A polyline whose round joints and quads overlap: coverage never exceeds 1, and the
        // area is close to length × width plus one round cap's worth at the ends.
        let stroke = Path.stroke([Point(4, 16), Point(16, 16), Point(28, 16)], width: 4)
        let c = coverage(stroke, size: 32)
        #expect(c.allSatisfy { $0 <= 1.0001 })
        let expected: Float = 24 * 4 + Float.pi * 4
        #expect(abs(c.reduce(0, +) - expected) / expected < 0.03)
    }

    @Test func evenOddAndNonZeroDifferOnOverlaps() {
        let square = [Point(2, 2), Point(6, 2), Point(6, 6), Point(2, 6)]
        let twice = [square, square]
        #expect(coverage(Path(twice, rule: .nonZero))[4 * 8 + 4] > 0.99)
        #expect(coverage(Path(twice, rule: .evenOdd))[4 * 8 + 4] == 0)
    }

    @Test func affineInverseUndoesTheMap() {
        let m = Affine.scale(2.5, 0.5).rotated(0.7).translated(3, -4)
        let p = Point(1.5, -2.25)
        let back = m.inverse.apply(m.apply(p))
        #expect(abs(back.x - p.x) < 1e-5 && abs(back.y - p.y) < 1e-5)
        #expect(abs(m.linearScale - (2.5 * 0.5).squareRoot()) < 1e-5)
    }

    @Test func blurKeepsMassAwayFromTheEdges() {
        var mask = Mask(width: 32, height: 32)
        mask.fill(.rect(12, 12, 8, 8))
        let before = mask.values.reduce(0, +)
        mask.blur(radius: 2)
        #expect(abs(mask.values.reduce(0, +) - before) < 1e-3)
        #expect(mask.values[16 * 32 + 16] > mask.values[16 * 32 + 21])
        #expect(mask.values[16 * 32 + 21] > 0)
    }

    @Test func stripesCoverTheirDutyFraction() {
        // Vertical stripes one unit wide every four units, sampled at pixel centres of a unit grid.
        let pattern = Pattern(kind: .stripes, period: 4, angle: 0, duty: 0.25)
        let values = (0..<64).map { x in pattern.foreground(at: Point(Float(x) + 0.5, 0), footprint: 1) }
        #expect(abs(values.reduce(0, +) / 64 - 0.25) < 0.02)
    }

    @Test func compositingBlendsByCoverage() {
        var canvas = Canvas(width: 4, height: 4, background: RGB(0, 0, 0))
        canvas.fill(.rect(0, 0, 0.5, 4), RGB(1, 0.5, 0))
        let c = canvas.colour(x: 0, y: 1)
        #expect(abs(c.r - 0.5) < 1e-5 && abs(c.g - 0.25) < 1e-5 && c.b == 0)
        #expect(canvas.colour(x: 1, y: 1) == RGB(0, 0, 0))
    }
}
