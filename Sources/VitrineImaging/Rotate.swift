import Foundation
import VitrineEngine

extension Image {
    /// This image rotated by `degrees` counter-clockwise about its centre (torchvision's
    /// convention), same size, with bilinear sampling. Pixels whose source falls outside the
    /// image take `fill`; along the boundary the outside samples count as `fill`, so edges
    /// blend smoothly into it. Multiples of 90° on a square image move pixels exactly.
    public func rotated(degrees: Double, fill: Color = .black) throws -> Image {
        guard degrees.isFinite else {
            throw ImagingError.invalidArgument("rotate", "the angle must be a finite number of degrees, got \(degrees)")
        }
        var result = Image(unchecked: channels, height: height, width: width)
        let radians = degrees * .pi / 180
        let quarterTurns = degrees / 90
        // sin and cos of exact quarter turns are not exact in floating point; snap them.
        let (cosine, sine) = abs(quarterTurns) < 1e9 && quarterTurns == quarterTurns.rounded()
            ? ([1.0, 0, -1, 0][Int(quarterTurns.rounded()) & 3], [0.0, 1, 0, -1][Int(quarterTurns.rounded()) & 3])
            : (cos(radians), sin(radians))
        let (centerX, centerY) = (Double(width) / 2, Double(height) / 2)
        let fillValues = fill.components(channels: channels)
        let (channels, height, width) = (self.channels, self.height, self.width)
        pixels.withUnsafeBufferPointer { source in
            result.pixels.withUnsafeMutableBufferPointer { target in
                let (source, target) = (source, target)
                Parallel.forEach(height, cost: width * channels * 8) { y in
                    let dy = Double(y) + 0.5 - centerY
                    for x in 0..<width {
                        let dx = Double(x) + 0.5 - centerX
                        // Inverse map: rotate the output position clockwise (y points down).
                        let sx = cosine * dx - sine * dy + centerX - 0.5
                        let sy = sine * dx + cosine * dy + centerY - 0.5
                        let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
                        let fx = Float(sx - Double(x0)), fy = Float(sy - Double(y0))
                        for c in 0..<channels {
                            func sample(_ yy: Int, _ xx: Int) -> Float {
                                yy >= 0 && yy < height && xx >= 0 && xx < width
                                    ? source[(c * height + yy) * width + xx] : fillValues[c]
                            }
                            let top = sample(y0, x0) * (1 - fx) + sample(y0, x0 + 1) * fx
                            let bottom = sample(y0 + 1, x0) * (1 - fx) + sample(y0 + 1, x0 + 1) * fx
                            target[(c * height + y) * width + x] = top * (1 - fy) + bottom * fy
                        }
                    }
                }
            }
        }
        return result
    }
}
