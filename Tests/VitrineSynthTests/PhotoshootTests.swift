import Foundation
import Testing
import VitrineData
@testable import VitrineSynth

@Suite struct PhotoshootTests {
    static let options = PhotoshootOptions(images: 24, size: 32, seed: 11)

    @Test func annotationsValidateAndMatchTheStyles() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try Photoshoot(Self.options).write(to: folder.path)
        let coco = try DetectionAnnotations(path: folder.path + "/annotations.json")
        let manifest = try Manifest(path: folder.path + "/manifest.csv", numericColumns: ["faces", "persons"], checkFiles: true)
        #expect(coco.images.count == 24 && manifest.count == 24)
        #expect(coco.categories.map(\.name) == ["face", "person"])
        let byImage = coco.annotationsByImage
        var seen = Set<String>()
        for (n, image) in coco.images.enumerated() {
            let row = manifest.rows[n]
            #expect(row.path == image.fileName)
            let annotations = (byImage[image.id] ?? []).map { coco.annotations[$0] }
            let faces = annotations.filter { $0.categoryID == Photoshoot.faceCategory }
            let persons = annotations.filter { $0.categoryID == Photoshoot.personCategory }
            #expect(row["faces"] == String(faces.count) && row["persons"] == String(persons.count))
            let style = try #require(row["style"])
            seen.insert(style)
            switch style {
            case "on_model": #expect(faces.count >= 1 && persons.count >= faces.count)
            case "worn": #expect(faces.isEmpty && persons.count >= 1)
            case "product_only": #expect(faces.isEmpty && persons.isEmpty)
            default: Issue.record("unknown style \(style)")
            }
            for a in annotations {
                let b = a.bbox
                #expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= 32 && b.y + b.height <= 32 && b.width > 0 && b.height > 0)
            }
            for face in faces {
                let points = try #require(face.keypoints)
                #expect(points.count == 5)
                for p in points where p.visibility > 0 {
                    #expect(p.x >= face.bbox.x && p.x <= face.bbox.x + face.bbox.width)
                    #expect(p.y >= face.bbox.y && p.y <= face.bbox.y + face.bbox.height)
                }
                // Eyes above the mouth, image-left before image-right (for faces roughly upright).
                if points.allSatisfy({ $0.visibility > 0 }) {
                    #expect(points[0].y < points[3].y && points[1].y < points[4].y)
                    #expect(points[0].x < points[1].x && points[3].x < points[4].x)
                }
            }
        }
        #expect(seen == ["on_model", "worn", "product_only"])
    }

    @Test func sameSeedSameScene() {
        let a = try! Photoshoot(Self.options), b = try! Photoshoot(Self.options)
        var other = Self.options
        other.seed = 12
        let c = try! Photoshoot(other)
        for n in 0..<3 {
            #expect(a.scene(n).canvas.pixels == b.scene(n).canvas.pixels)
            #expect(a.scene(n).faces == b.scene(n).faces)
        }
        #expect((0..<3).contains { a.scene($0).canvas.pixels != c.scene($0).canvas.pixels })
    }

    @Test func badOptionsAreClearErrors() {
        #expect(throws: SynthError.invalidArgument("--images", "-1", "a positive count")) {
            try Photoshoot(PhotoshootOptions(images: -1))
        }
        #expect(throws: SynthError.invalidArgument("--size", "0", "an image side in pixels, 16 to 1024")) {
            try Photoshoot(PhotoshootOptions(size: 0))
        }
    }
}
