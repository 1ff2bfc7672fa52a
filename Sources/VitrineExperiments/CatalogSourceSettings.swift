import Foundation
import VitrineConfig
import VitrineData
import VitrineSynth

/// A catalog manifest as a task's data (`data.manifest`, `data.generate`, `data.catalog_*`),
/// decoded once: where it is, and how to render the built-in catalog there when it is missing.
struct CatalogSourceSettings: Equatable, Sendable {
    /// The manifest CSV.
    var manifest: String
    /// The side images are resized to (and generated at).
    var imageSize: Int
    /// Render the built-in catalog into the manifest's folder when it does not exist.
    var generate: Bool
    /// The catalog rendered when missing.
    var options: CatalogOptions
    /// The config file, for messages.
    var configFile: String

    init(_ config: ResolvedConfig) {
        manifest = config.string("data.manifest")
        imageSize = config.int("data.image_size")
        generate = config.bool("data.generate")
        options = CatalogOptions(products: config.int("data.catalog_products"), imagesPerProduct: config.int("data.images_per_product"),
                                 size: imageSize, seed: UInt64(config.int("data.catalog_seed")),
                                 competitors: config.int("data.competitors"), sketches: true,
                                 trainImagesPerProduct: config.int("data.train_images_per_product"),
                                 packshots: config.int("data.packshots_per_product"))
        configFile = config.source
    }

    /// The manifest, rendering the built-in catalog first when it does not exist and
    /// `generate` allows it; `log` hears about the rendering, or about a folder rendered with
    /// other options than the config's.
    func open(log: (RunEvent) -> Void) throws -> Manifest {
        guard !manifest.isEmpty else {
            throw ExperimentError("\(configFile): data.manifest: required when data.source is catalog "
                + "(make one with `vitrine datagen catalog --out DIR`)")
        }
        let folder = URL(fileURLWithPath: manifest).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: manifest) {
            guard generate else {
                throw ExperimentError("\(configFile): data.manifest: \(manifest) does not exist; make it with "
                    + "`vitrine datagen catalog --out \(folder)` or set data.generate: true")
            }
            let catalog = try Catalog(options)
            log(.message("generating the catalog: \(catalog.jobs.count) images of \(options.size) px into \(folder)"))
            let summary = try catalog.write(to: folder)
            log(.message(String(format: "generated %d images in %.1f s", summary.images, summary.seconds)))
        } else if let note = renderedOptionsNote {
            log(.message(note))
        }
        return try Manifest(path: manifest)
    }

    /// A catalog folder rendered by Vitrine records its options. When they differ from the
    /// config's data.catalog_* keys, those keys are not used (the folder is read as it is): a
    /// note says so, since a researcher who changed them may expect a new catalog. Not an
    /// error: a folder made with `vitrine datagen catalog` and other options is a fine input.
    var renderedOptionsNote: String? {
        let folder = URL(fileURLWithPath: manifest).deletingLastPathComponent()
        let recordPath = folder.appendingPathComponent(Catalog.optionsFile).path
        guard let text = try? String(contentsOfFile: recordPath, encoding: .utf8) else { return nil }
        let recorded = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let wanted = options.record
        guard recorded != wanted else { return nil }
        return "note: \(folder.path) holds a catalog rendered with \(recorded); the config's data.catalog_* options "
            + "(\(wanted)) are not used. To render those, point data.manifest at a new folder or delete this one."
    }
}
