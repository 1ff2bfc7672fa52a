import Foundation
import VitrineData
import VitrineEngine

/// Photoshoot scenes for the photo-style task: products alone, worn without a face, and on
/// models with faces, written as PNGs, COCO boxes (`face` with five landmarks, `person`) in
/// `annotations.json`, and the style of each image in `manifest.csv` (VitrineData's format:
/// path, product_id, category, brand, split, style, faces, persons).
public struct Photoshoot: Sendable {
    public static let faceCategory = 1
    public static let personCategory = 2
    public static let attributeColumns = ["style", "faces", "persons"]

    public let options: PhotoshootOptions
    private let brands: [Brand]

    /// Throws a ``SynthError`` for bad options.
    public init(_ options: PhotoshootOptions) throws {
        try options.validate()
        self.options = options
        brands = Brand.roster(seed: options.seed).own
    }

    /// The file of image `index`, relative to the output folder.
    public func path(of index: Int) -> String { String(format: "images/s%06d.png", index) }

    /// The style of image `index`: a seeded draw, a third each.
    public func style(of index: Int) -> PhotoStyle {
        PhotoStyle.allCases[Generator(seed: SeedMixer.mix(options.seed, 5, UInt64(index))).int(below: 3)]
    }

    /// Renders scene `index` (deterministic: its stream comes from the seed and the index).
    public func scene(_ index: Int) -> PhotoshootScene {
        let g = Generator(seed: SeedMixer.mix(options.seed, 6, UInt64(index)))
        return PhotoshootScene.render(style: style(of: index), size: options.size, brands: brands,
                                      id: String(format: "s%06d", index), random: g)
    }

    /// Train/val/test by image, 60/20/20.
    func split(of index: Int) -> String {
        let u = Generator(seed: SeedMixer.mix(options.seed, 7, UInt64(index))).uniform()
        return u < 0.6 ? "train" : u < 0.8 ? "val" : "test"
    }

    /// COCO annotations for `scenes` (in image order; ids are 1-based image and annotation numbers).
    public func annotations(_ scenes: [PhotoshootScene]) throws -> DetectionAnnotations {
        var images: [DetectionImage] = []
        var annotations: [DetectionAnnotation] = []
        for (n, scene) in scenes.enumerated() {
            images.append(DetectionImage(id: n + 1, fileName: path(of: n), width: options.size, height: options.size))
            // Widened to Double, x + width can round past the image edge; keep the far edge in.
            let side = Double(options.size)
            func box(_ b: Box) -> BoundingBox {
                let (x, y) = (Double(b.x), Double(b.y))
                return BoundingBox(x: x, y: y, width: min(side, x + Double(b.width)) - x,
                                   height: min(side, y + Double(b.height)) - y)
            }
            for face in scene.faces {
                annotations.append(DetectionAnnotation(
                    id: annotations.count + 1, imageID: n + 1, categoryID: Self.faceCategory, bbox: box(face.box),
                    keypoints: face.landmarks.map { Keypoint(x: Double($0.x), y: Double($0.y), visibility: $0.visibility) }))
            }
            for person in scene.persons {
                annotations.append(DetectionAnnotation(id: annotations.count + 1, imageID: n + 1,
                                                       categoryID: Self.personCategory, bbox: box(person)))
            }
        }
        return try DetectionAnnotations(images: images, annotations: annotations, categories: [
            DetectionCategory(id: Self.faceCategory, name: "face"), DetectionCategory(id: Self.personCategory, name: "person"),
        ], file: "annotations.json")
    }

    /// The style manifest for `scenes`.
    public func manifest(_ scenes: [PhotoshootScene], directory: String) throws -> Manifest {
        let rows = scenes.enumerated().map { n, scene in
            ManifestRow(path: path(of: n), productID: scene.product.id, category: scene.product.category.rawValue,
                        brand: scene.product.brand, split: split(of: n),
                        attributes: ["style": scene.style.rawValue, "faces": String(scene.faces.count),
                                     "persons": String(scene.persons.count)], line: n + 2)
        }
        return try Manifest(rows: rows, attributeColumns: Self.attributeColumns, directory: directory,
                            file: directory + "/manifest.csv", numericColumns: ["faces", "persons"])
    }

    /// Renders every scene into `directory` in parallel, then writes `annotations.json` and
    /// `manifest.csv`. `progress` gets (done, total) now and then, from any thread.
    @discardableResult
    public func write(to directory: String, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> GenerationSummary {
        let start = Date()
        let root = URL(fileURLWithPath: directory)
        try SynthOutput.makeFolders(root, ["images"])
        let labels = SceneStore(count: options.images)
        try SynthOutput.renderAll(count: options.images, progress: progress) { n in
            let scene = scene(n)
            try ImageOutput.writePNG(scene.canvas, to: root.appendingPathComponent(path(of: n)))
            // Keep the labels, not the pixels.
            labels.set(n, PhotoshootScene(canvas: Canvas(width: 0, height: 0), style: scene.style, product: scene.product,
                                          faces: scene.faces, persons: scene.persons))
        }
        let scenes = labels.all
        for (name, write) in [("annotations.json", { try annotations(scenes).write(to: $0) }),
                              ("manifest.csv", { try manifest(scenes, directory: directory).write(to: $0) })] as [(String, (String) throws -> Void)] {
            let path = root.appendingPathComponent(name).path
            do { try write(path) } catch { throw SynthError.writeFailed(path, "\(error)") }
        }
        return GenerationSummary(images: options.images, seconds: Date().timeIntervalSince(start), directory: directory)
    }

    /// Scenes' labels filled in by index from any thread.
    private final class SceneStore: @unchecked Sendable {
        private let lock = NSLock()
        private var scenes: [PhotoshootScene?]

        init(count: Int) { scenes = Array(repeating: nil, count: count) }

        func set(_ n: Int, _ scene: PhotoshootScene) {
            lock.lock()
            scenes[n] = scene
            lock.unlock()
        }

        var all: [PhotoshootScene] { scenes.compactMap { $0 } }
    }
}
