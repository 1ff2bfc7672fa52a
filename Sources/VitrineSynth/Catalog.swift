import Foundation
import VitrineData
import VitrineEngine

/// A procedural product catalog: own products, competitor products (most imitating an own
/// product), their photos and line drawings, and a manifest in VitrineData's format.
///
/// Everything derives from the seed and the item's index (SeedMixer), so the same options give
/// the same designs, files and manifest bit for bit, however the rendering is scheduled.
public struct Catalog: Sendable {
    /// One product of the catalog.
    public struct Product: Sendable {
        public let design: ProductDesign
        public let source: Source
        /// The own product a competitor product imitates, if any.
        public let analogueOf: String?
        public let split: String
    }

    /// Whose catalog a product belongs to.
    public enum Source: String, Sendable { case own, competitor }
    /// A photo of the product in a setting, a catalog packshot on white, or its line drawing.
    public enum ImageKind: String, Sendable, CaseIterable { case photo, packshot, sketch }

    /// One image to render: which product, which kind, which photo.
    public struct ImageJob: Sendable {
        public let product: Int
        public let kind: ImageKind
        public let index: Int
        public let path: String
    }

    public static let attributeColumns = ["colour", "pattern", "trim", "metal", "stone", "stone_count", "cut",
                                          "price", "units_sold", "kind", "source", "analogue_of"]
    public static let numericColumns: Set<String> = ["price", "stone_count", "units_sold"]
    /// The file beside `manifest.csv` that records the options a catalog was rendered with.
    public static let optionsFile = "catalog-options.txt"

    public let options: CatalogOptions
    /// Own products first, then competitors.
    public let products: [Product]
    public let jobs: [ImageJob]

    /// Designs every product (cheap; nothing is rendered yet). Throws a ``SynthError`` for bad options.
    public init(_ options: CatalogOptions) throws {
        try options.validate()
        self.options = options
        let roster = Brand.roster(seed: options.seed)
        let splits = Self.splits(count: options.products, seed: options.seed)
        var products: [Product] = []
        var looks = Set<DesignLook>()
        for i in 0..<options.products {
            let g = Generator(seed: SeedMixer.mix(options.seed, 1, UInt64(i)))
            let brand = g.pick(roster.own)
            let category = g.pick(ProductCategory.categories(of: brand.domain))
            var design = ProductDesign.sample(id: String(format: "p%06d", i), category: category, brand: brand, random: g)
            // Own products must look different from each other (see DesignLook); a brand's
            // range is large enough that a few re-draws find a free look.
            for _ in 0..<200 where looks.contains(DesignLook(design)) {
                design = ProductDesign.sample(id: design.id, category: category, brand: brand, random: g)
            }
            looks.insert(DesignLook(design))
            products.append(Product(design: design, source: .own, analogueOf: nil, split: splits[i]))
        }
        for j in 0..<options.competitors {
            let g = Generator(seed: SeedMixer.mix(options.seed, 2, UInt64(j)))
            let id = String(format: "c%06d", j)
            if g.chance(0.75) {
                let original = products[g.int(below: options.products)]
                let brand = g.pick(roster.competitors.filter { $0.domain == original.design.category.domain })
                products.append(Product(design: original.design.imitation(id: id, by: brand, random: g), source: .competitor,
                                        analogueOf: original.design.id, split: original.split))
            } else {
                let brand = g.pick(roster.competitors)
                let category = g.pick(ProductCategory.categories(of: brand.domain))
                let split = ["train", "train", "train", "val", "test"][g.int(below: 5)]
                products.append(Product(design: .sample(id: id, category: category, brand: brand, random: g),
                                        source: .competitor, analogueOf: nil, split: split))
            }
        }
        self.products = products
        var jobs: [ImageJob] = []
        for (n, product) in products.enumerated() {
            let folder = product.source == .own ? "photos" : "competitors"
            for k in 0..<options.photoCount(own: product.source == .own, split: product.split) {
                jobs.append(ImageJob(product: n, kind: .photo, index: k, path: "\(folder)/\(product.design.id)_\(k).png"))
            }
            if product.source == .own {
                for k in 0..<options.packshots {
                    jobs.append(ImageJob(product: n, kind: .packshot, index: k, path: "packshots/\(product.design.id)_\(k).png"))
                }
            }
            if options.sketches {
                jobs.append(ImageJob(product: n, kind: .sketch, index: 0, path: "sketches/\(product.design.id).png"))
            }
        }
        self.jobs = jobs
    }

    /// Whole products to train/val/test, 60/20/20 of a seeded shuffle, so held-out products
    /// are never seen in training.
    static func splits(count: Int, seed: UInt64) -> [String] {
        var order = Array(0..<count)
        Generator(seed: SeedMixer.mix(seed, 3)).shuffle(&order)
        var splits = [String](repeating: "train", count: count)
        let train = Int((Double(count) * 0.6).rounded()), val = Int((Double(count) * 0.2).rounded())
        for (rank, i) in order.enumerated() {
            splits[i] = rank < train ? "train" : rank < train + val ? "val" : "test"
        }
        return splits
    }

    /// Renders image `job` (deterministic: its random stream comes from the seed and the job).
    public func render(_ job: ImageJob) -> Canvas {
        let design = products[job.product].design
        switch job.kind {
        case .sketch:
            return ProductPhoto.sketch(design, size: options.size)
        case .photo:
            let g = Generator(seed: SeedMixer.mix(options.seed, 4, UInt64(job.product), UInt64(job.index)))
            return ProductPhoto.render(design, size: options.size, random: g)
        case .packshot:
            let g = Generator(seed: SeedMixer.mix(options.seed, 5, UInt64(job.product), UInt64(job.index)))
            return ProductPhoto.packshot(design, size: options.size, random: g)
        }
    }

    /// The manifest describing every image, in job order.
    public func manifest(directory: String) throws -> Manifest {
        let unitsSold = products.indices.map { Popularity.unitsSold(products[$0].design, productIndex: $0, seed: options.seed) }
        let rows = jobs.enumerated().map { n, job -> ManifestRow in
            let product = products[job.product]
            let d = product.design
            let jewelry = d.category.domain == .jewelry
            let attributes: [String: String] = [
                "colour": d.colourLabel,
                "pattern": jewelry ? "" : d.pattern.kind.rawValue,
                "trim": jewelry ? "" : d.trims.label,
                "metal": d.metal?.rawValue ?? "",
                "stone": d.stone?.rawValue ?? (jewelry ? "none" : ""),
                "stone_count": jewelry ? String(d.stoneCount) : "",
                "cut": d.cut?.rawValue ?? "",
                "price": String(format: "%.2f", d.price),
                "units_sold": String(unitsSold[job.product]),
                "kind": job.kind.rawValue,
                "source": product.source.rawValue,
                "analogue_of": product.analogueOf ?? "",
            ]
            return ManifestRow(path: job.path, productID: d.id, category: d.category.rawValue, brand: d.brand,
                               split: product.split, attributes: attributes, line: n + 2)
        }
        return try Manifest(rows: rows, attributeColumns: Self.attributeColumns, directory: directory,
                            file: directory + "/manifest.csv", numericColumns: Self.numericColumns)
    }

    /// Renders every image into `directory` (created if needed) in parallel and writes
    /// `manifest.csv`. `progress` gets (done, total) now and then, from any thread.
    @discardableResult
    public func write(to directory: String, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> GenerationSummary {
        let start = Date()
        let root = URL(fileURLWithPath: directory)
        try SynthOutput.makeFolders(root, ["photos", "packshots", "competitors", "sketches"].filter { folder in
            jobs.contains { $0.path.hasPrefix(folder + "/") }
        })
        try SynthOutput.renderAll(count: jobs.count, progress: progress) { n in
            try ImageOutput.writePNG(render(jobs[n]), to: root.appendingPathComponent(jobs[n].path))
        }
        let manifestPath = root.appendingPathComponent("manifest.csv").path
        do {
            try (options.record + "\n").write(to: root.appendingPathComponent(Self.optionsFile), atomically: true, encoding: .utf8)
            try manifest(directory: directory).write(to: manifestPath)
        } catch let error as SynthError {
            throw error
        } catch {
            throw SynthError.writeFailed(manifestPath, "\(error)")
        }
        return GenerationSummary(images: jobs.count, seconds: Date().timeIntervalSince(start), directory: directory)
    }
}
