import Foundation
import Testing
import VitrineDetection
import VitrineEngine
import VitrineImaging
@testable import VitrineFaces

/// The must-show test of issue 15: with the imported released weights the cascade finds, in real
/// photographs shipped by scikit-image, the faces facenet-pytorch's MTCNN finds (boxes written
/// once by scripts/mtcnn_fixtures.py expected): each with IoU ≥ 0.9, and no other face.
@Suite(.serialized) struct MTCNNDetectorTests {
    static let detector: MTCNNDetector = {
        MTCNNDetector(networks: try! MTCNNNetworks.load(checkpoints: Fixtures.checkpoints))
    }()

    static let photos: [String: Any] = {
        (try! Fixtures.json("mtcnn_expected.json"))["photos"] as! [String: Any]
    }()

    struct Expected {
        let box: CornerBox
        let probability: Double
        let landmarks: [[Double]]
    }

    static func expectedFaces(_ photo: String) -> [Expected] {
        let entry = photos[photo] as! [String: Any]
        return (entry["faces"] as! [[String: Any]]).map { face in
            let b = face["box"] as! [Double]
            return Expected(box: CornerBox(x1: b[0], y1: b[1], x2: b[2], y2: b[3]),
                            probability: face["probability"] as! Double, landmarks: face["landmarks"] as! [[Double]])
        }
    }

    @Test(arguments: ["astronaut.png", "camera.png", "chelsea.png", "lfw_mosaic.png"])
    func findsTheFacesFacenetPytorchFinds(photo: String) throws {
        let image = try PNG.read(Fixtures.directory.appendingPathComponent("photos/\(photo)"))
        let found = try Self.detector.detect(image)
        let expected = Self.expectedFaces(photo)
        #expect(found.count == expected.count, "\(photo): \(found.count) faces, facenet-pytorch found \(expected.count)")
        var unmatched = Array(found.indices)
        var report: [String] = []
        for face in expected {
            let best = unmatched.max { face.box.iou(found[$0].box) < face.box.iou(found[$1].box) }
            guard let best else {
                Issue.record("\(photo): no face found for \(face.box)")
                continue
            }
            let iou = face.box.iou(found[best].box)
            #expect(iou >= 0.9, "\(photo): best IoU \(iou) for \(face.box), found \(found[best].box)")
            unmatched.removeAll { $0 == best }
            let probability = abs(found[best].probability - face.probability)
            let landmark = zip(found[best].landmarks, face.landmarks).map { max(abs($0.x - $1[0]), abs($0.y - $1[1])) }.max() ?? 0
            #expect(probability < 1e-3, "\(photo): probability \(found[best].probability) vs \(face.probability)")
            #expect(landmark < 0.5, "\(photo): a landmark is \(landmark) px from facenet-pytorch's")
            report.append(String(format: "IoU %.6f (probability %.5f vs %.5f, landmarks within %.4f px)",
                                 iou, found[best].probability, face.probability, landmark))
        }
        #expect(unmatched.isEmpty, "\(photo): extra faces \(unmatched.map { found[$0].box })")
        print("\(photo) (\(image.channels) channels, \(image.width)×\(image.height)): \(found.count) faces; "
            + (report.isEmpty ? "none expected" : report.joined(separator: "; ")))
    }

    /// Gray and RGBA inputs are made RGB first; the same picture as RGBA (opaque) finds the same face.
    @Test func grayAndRGBAInputs() throws {
        let gray = try PNG.read(Fixtures.directory.appendingPathComponent("photos/camera.png"))
        #expect(gray.channels == 1)
        var rgba = try Image(channels: 4, height: gray.height, width: gray.width, fill: 1)
        for c in 0..<3 { rgba.pixels.replaceSubrange((c * gray.planeSize)..<((c + 1) * gray.planeSize), with: gray.pixels) }
        let fromGray = try Self.detector.detect(gray)
        let fromRGBA = try Self.detector.detect(rgba)
        #expect(fromGray.count == 1)
        #expect(fromGray == fromRGBA)
    }

    /// An image smaller than the minimum face size has no pyramid level: no face, no error; a
    /// blank image has none either.
    @Test func tinyAndBlankImages() throws {
        #expect(try Self.detector.detect(Image(channels: 3, height: 19, width: 300, fill: 0.5)).isEmpty)
        #expect(try Self.detector.detect(Image(channels: 1, height: 1, width: 1, fill: 0.5)).isEmpty)
        #expect(try Self.detector.detect(Image(channels: 3, height: 64, width: 64, fill: 0.5)).isEmpty)
        #expect(throws: DetectionError.self) { try Self.detector.detect(pixels: Tensor(zeros: [1, 1, 30, 30])) }
    }

    /// facenet-pytorch's box arithmetic, worked by hand.
    @Test func boxArithmetic() throws {
        let c = MTCNNDetector.Candidate(x1: 10, y1: 20, x2: 30, y2: 60, score: 0.9, regression: [0.1, -0.1, 0.2, 0])
        // rerec: the longer side 40, centred: x from 20 − 20 = 0 to 40.
        let s = c.squared
        #expect([s.x1, s.y1, s.x2, s.y2] == [0, 20, 40, 60])
        // bbreg: sizes + 1 (21 and 41).
        let r = c.regressed
        let (w, h): (Float, Float) = (21, 41)
        let expected: [Float] = [10 + 0.1 * w, 20 - 0.1 * h, 30 + 0.2 * w, 60 + 0 * h]
        #expect([r.x1, r.y1, r.x2, r.y2] == expected)
    }
}
