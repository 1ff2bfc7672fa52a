import Foundation
import Testing
import VitrineData
import VitrineEngine
import VitrineImaging
@testable import VitrineSynth

@Suite struct CatalogTests {
    static let small = CatalogOptions(products: 4, imagesPerProduct: 2, size: 32, seed: 7, competitors: 3, sketches: true)

    @Test func sameSeedSameBytesOtherSeedDiffers() throws {
        let a = TemporaryFolder(), b = TemporaryFolder(), c = TemporaryFolder()
        defer { a.remove(); b.remove(); c.remove() }
        try Catalog(Self.small).write(to: a.path)
        try Catalog(Self.small).write(to: b.path)
        var other = Self.small
        other.seed = 8
        try Catalog(other).write(to: c.path)
        let (fa, fb, fc) = (try a.files(), try b.files(), try c.files())
        // 4 own + 3 competitor products, 2 photos and a sketch each, plus the manifest and
        // the record of the options.
        #expect(fa.count == 7 * 3 + 2)
        #expect(fa[Catalog.optionsFile].map { String(decoding: $0, as: UTF8.self) } == Self.small.record + "\n")
        #expect(fa == fb)
        #expect(fa["photos/p000000_0.png"] != fc["photos/p000000_0.png"])
    }

    @Test func parallelWriteMatchesRenderingEachImageAlone() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let catalog = try Catalog(Self.small)
        try catalog.write(to: folder.path)
        let files = try folder.files()
        for job in catalog.jobs.reversed() {
            #expect(files[job.path] == (try PNG.encode(ImageOutput.image(catalog.render(job)))))
        }
    }

    @Test func sketchesAreDarkLinesOnWhite() throws {
        let catalog = try Catalog(Self.small)
        for job in catalog.jobs where job.kind == .sketch {
            let canvas = catalog.render(job)
            let plane = canvas.width * canvas.height
            let luma = (0..<plane).map { canvas.colour(x: $0 % canvas.width, y: $0 / canvas.width).luma }
            // Sketches are drawn upright, products (within ±1.1 units) at 0.38 of the side per unit: the outermost
            // ring of pixels is background, and background is white.
            let w = canvas.width
            var border: [Float] = []
            for k in 0..<w {
                border += [luma[k], luma[(w - 1) * w + k], luma[k * w], luma[k * w + w - 1]]
            }
            #expect(border.allSatisfy { $0 > 0.99 })
            #expect(luma.filter { $0 < 0.6 }.count > plane / 50, "some lines")
            // Grey levels only: sketches carry no colour.
            #expect((0..<plane).allSatisfy { canvas.pixels[$0] == canvas.pixels[plane + $0] && canvas.pixels[$0] == canvas.pixels[2 * plane + $0] })
        }
    }

    @Test func manifestLoadsBackThroughVitrineData() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let catalog = try Catalog(Self.small)
        try catalog.write(to: folder.path)
        let manifest = try Manifest(path: folder.path + "/manifest.csv", numericColumns: ["price", "stone_count"],
                                    checkFiles: true)
        #expect(manifest.count == catalog.jobs.count)
        #expect(manifest.attributeColumns == Catalog.attributeColumns)
        let ownIDs = Set(catalog.products.filter { $0.source == .own }.map(\.design.id))
        for (i, row) in manifest.rows.enumerated() {
            let job = catalog.jobs[i]
            let product = catalog.products[job.product]
            #expect(row.path == job.path)
            #expect(row.productID == product.design.id)
            #expect(row.category == product.design.category.rawValue)
            #expect(row["kind"] == job.kind.rawValue)
            #expect(row["source"] == product.source.rawValue)
            #expect((manifest.number("price", row: i) ?? 0) > 0)
            if let analogue = row["analogue_of"], !analogue.isEmpty { #expect(ownIDs.contains(analogue)) }
            // Images decode at the requested size.
            let image = try PNG.read(URL(fileURLWithPath: manifest.absolutePath(of: i)))
            #expect(image.width == 32 && image.height == 32 && image.channels == 3)
        }
        // Whole products go to one split.
        for group in manifest.productGroups {
            #expect(Set(group.rows.map { manifest.rows[$0].split }).count == 1)
        }
    }

    @Test func splitsAreWholeProductsSixtyTwentyTwenty() {
        let splits = Catalog.splits(count: 50, seed: 3)
        #expect(splits.filter { $0 == "train" }.count == 30)
        #expect(splits.filter { $0 == "val" }.count == 10)
        #expect(splits.filter { $0 == "test" }.count == 10)
    }

    @Test func brandsShareColoursAndTiersOrderPrices() throws {
        let catalog = try Catalog(CatalogOptions(products: 120, imagesPerProduct: 1, size: 32, seed: 1))
        let roster = Brand.roster(seed: 1).own
        for product in catalog.products {
            let brand = try #require(roster.first { $0.name == product.design.brand })
            #expect(brand.palette.contains(product.design.base))
            #expect(brand.domain == product.design.category.domain)
        }
        // Same design, two tiers: the luxury price beats the budget one despite the ±13% noise.
        let design = catalog.products[0].design
        let g = Generator(seed: 5)
        #expect(ProductDesign.price(of: design, tier: .luxury, random: g) > ProductDesign.price(of: design, tier: .budget, random: g))
    }

    @Test func roundBrandsPreferRoundShapes() {
        // Watches: cases 0 and 1 are rounded. Weights 0.25 + roundness for those, 0.25 + (1 -
        // roundness) for the others: at roundness 1, P(rounded) = 2.5 / 3.
        let g = Generator(seed: 9)
        let draws = 3000
        let rounded = (0..<draws).filter { _ in ProductDesign.shape(.watch, roundness: 1, random: g) < 2 }.count
        #expect(abs(Double(rounded) / Double(draws) - 2.5 / 3) < 0.03)
        let angular = (0..<draws).filter { _ in ProductDesign.shape(.watch, roundness: 0, random: g) < 2 }.count
        #expect(abs(Double(angular) / Double(draws) - 0.5 / 3) < 0.03)
    }

    @Test func imitationsKeepTheKindAndChangeDetails() throws {
        let catalog = try Catalog(CatalogOptions(products: 20, imagesPerProduct: 1, size: 32, seed: 2, competitors: 40))
        let byID = Dictionary(uniqueKeysWithValues: catalog.products.map { ($0.design.id, $0) })
        let imitations = catalog.products.filter { $0.analogueOf != nil }
        #expect(imitations.count > 20)
        for copy in imitations {
            let original = try #require(byID[copy.analogueOf!])
            #expect(copy.design.category == original.design.category)
            #expect(copy.design.brand != original.design.brand)
            #expect(copy.split == original.split)
        }
    }

    @Test func badOptionsAreClearErrors() {
        #expect(throws: SynthError.invalidArgument("--size", "0", "an image side in pixels, 16 to 1024")) {
            try Catalog(CatalogOptions(size: 0))
        }
        #expect(throws: SynthError.invalidArgument("--products", "-3", "a positive count")) {
            try Catalog(CatalogOptions(products: -3))
        }
        #expect(throws: SynthError.invalidArgument("--competitors", "-1", "0 or more")) {
            try Catalog(CatalogOptions(competitors: -1))
        }
        #expect(throws: SynthError.invalidArgument("--images-per-product", "0", "a positive count")) {
            try Catalog(CatalogOptions(imagesPerProduct: 0))
        }
        #expect(SynthError.invalidArgument("--size", "0", "x").description.contains("--size 0"))
    }
}

/// Own products never photograph alike, and training products can get more photos.
@Suite struct CatalogLookAndPhotoCountTests {
    @Test func ownProductsHaveDistinctLooks() throws {
        let catalog = try Catalog(CatalogOptions(products: 3000, imagesPerProduct: 1, size: 32, seed: 0))
        let own = catalog.products.filter { $0.source == .own }
        #expect(Set(own.map { DesignLook($0.design) }).count == own.count)
        // Without the re-draws the same first draws would collide: the check has work to do.
        let roster = Brand.roster(seed: 0)
        var looks = Set<DesignLook>(), collisions = 0
        for i in 0..<3000 {
            let g = Generator(seed: SeedMixer.mix(0, 1, UInt64(i)))
            let brand = g.pick(roster.own)
            let category = g.pick(ProductCategory.categories(of: brand.domain))
            let design = ProductDesign.sample(id: "x", category: category, brand: brand, random: g)
            if !looks.insert(DesignLook(design)).inserted { collisions += 1 }
        }
        #expect(collisions > 10, "\(collisions) collisions")
    }

    @Test func lookIgnoresFieldsTheArtDoesNotDraw() throws {
        let catalog = try Catalog(CatalogOptions(products: 200, imagesPerProduct: 1, size: 32, seed: 3))
        let ring = try #require(catalog.products.first { $0.design.category == .ring }).design
        var sameLook = ring
        sameLook.fit = 1 - ring.fit
        sameLook.base = NamedColour("other", 0x123456)
        #expect(DesignLook(sameLook) == DesignLook(ring))
        var otherLook = ring
        otherLook.engraving = (ring.engraving + 1) % 4
        #expect(DesignLook(otherLook) != DesignLook(ring))
    }

    @Test func trainProductsGetTheirOwnPhotoCountAndKeepTheFirstPhotos() throws {
        let few = try Catalog(CatalogOptions(products: 30, imagesPerProduct: 2, size: 24, seed: 4, competitors: 6))
        let many = try Catalog(CatalogOptions(products: 30, imagesPerProduct: 2, size: 24, seed: 4, competitors: 6,
                                              trainImagesPerProduct: 5))
        for (n, product) in many.products.enumerated() {
            let photos = many.jobs.filter { $0.product == n && $0.kind == .photo }
            let expected = product.source == .own && product.split == "train" ? 5 : 2
            #expect(photos.count == expected, "\(product.design.id) \(product.split)")
        }
        #expect(Set(many.products.map(\.split)) == ["train", "val", "test"])
        // The photos both catalogs have are the same images.
        let shared = few.jobs.filter { $0.kind == .photo }
        for job in shared.prefix(12) {
            let twin = try #require(many.jobs.first { $0.path == job.path })
            #expect(many.render(twin).pixels == few.render(job).pixels)
        }
        #expect(throws: SynthError.invalidArgument("--train-images-per-product", "-1", "0 (same as --images-per-product) or more")) {
            try Catalog(CatalogOptions(trainImagesPerProduct: -1))
        }
    }

    /// Packshots: own products only, `kind=packshot` in the manifest, the product on a light
    /// backdrop (the border is near white in every take), the takes differing from each other,
    /// and adding them leaves the photos and the options record as they were.
    @Test func packshotsAreOwnProductsOnWhiteAndLeaveThePhotosAlone() throws {
        var options = CatalogOptions(products: 12, imagesPerProduct: 2, size: 32, seed: 5, competitors: 4)
        let without = try Catalog(options)
        options.packshots = 3
        let with = try Catalog(options)
        #expect(without.options.record == CatalogOptions(products: 12, imagesPerProduct: 2, size: 32, seed: 5, competitors: 4).record)
        #expect(with.options.record == without.options.record + " packshots=3")
        for (n, product) in with.products.enumerated() {
            let takes = with.jobs.filter { $0.product == n && $0.kind == .packshot }
            #expect(takes.count == (product.source == .own ? 3 : 0), "\(product.design.id)")
            #expect(takes.map(\.path) == (0..<takes.count).map { "packshots/\(product.design.id)_\($0).png" })
        }
        #expect(with.jobs.filter { $0.kind == .photo }.map(\.path) == without.jobs.filter { $0.kind == .photo }.map(\.path))
        for job in with.jobs.filter({ $0.kind == .packshot }).prefix(9) {
            let canvas = with.render(job)
            let w = canvas.width
            var border: [Float] = []
            for k in 0..<w {
                border += [(0, k), (w - 1, k), (k, 0), (k, w - 1)].map { canvas.colour(x: $0.0, y: $0.1).luma }
            }
            #expect(border.allSatisfy { $0 > 0.85 }, "\(job.path): a light backdrop")
            #expect(canvas.pixels == with.render(job).pixels, "deterministic")
        }
        let first = with.jobs.filter { $0.product == 0 && $0.kind == .packshot }
        #expect(with.render(first[0]).pixels != with.render(first[1]).pixels, "the takes differ")
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try with.write(to: folder.path)
        let manifest = try Manifest(path: folder.path + "/manifest.csv")
        #expect(manifest.rows.filter { $0["kind"] == "packshot" }.count == with.jobs.filter { $0.kind == .packshot }.count)
        #expect(throws: SynthError.invalidArgument("--packshots", "-2", "0 (none) or more")) {
            try Catalog(CatalogOptions(packshots: -2))
        }
    }
}

/// The `units_sold` column: a product's first-year sales, the same on each of its rows, a
/// positive whole number, and the same for the same seed.
@Suite struct CatalogSalesTests {
    @Test func everyProductHasItsSales() throws {
        let catalog = try Catalog(CatalogOptions(products: 60, imagesPerProduct: 2, size: 32, seed: 3))
        let manifest = try catalog.manifest(directory: "/tmp/unused")
        var byProduct: [String: String] = [:]
        for row in manifest.rows {
            let units = try #require(row["units_sold"])
            #expect((Int(units) ?? 0) > 0, "\(row.productID): \(units)")
            #expect(byProduct[row.productID, default: units] == units)
            byProduct[row.productID] = units
        }
        #expect(Set(byProduct.values).count > 20, "sales vary between products")
        let again = try Catalog(CatalogOptions(products: 60, imagesPerProduct: 2, size: 32, seed: 3)).manifest(directory: "/tmp/unused")
        #expect(again.rows.map { $0["units_sold"] } == manifest.rows.map { $0["units_sold"] })
    }
}
