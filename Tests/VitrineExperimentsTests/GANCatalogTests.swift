import Foundation
import Testing
import VitrineCheckpoint
import VitrineData
import VitrineGenerative
@testable import VitrineExperiments

/// The jewellery path end to end on a small rendered catalog: an attribute classifier with one
/// head per manifest column, a GAN conditioned on the same columns and judged by it, and
/// `vitrine generate` asked for attribute combinations by name.
@Suite(.serialized) struct GANCatalogTests {
    private func write(_ scratch: Scratch, _ name: String, steps: Int, _ body: String) throws -> String {
        let text = """
            run:
              reports_dir: \(scratch.root)/reports
              checkpoints_dir: \(scratch.root)/checkpoints
            data:
              source: catalog
              manifest: \(scratch.root)/catalog/manifest.csv
              image_size: 32
              catalog_products: 120
              images_per_product: 2
              attributes: [category, metal]
              select:
                where: ["category=ring,earrings"]
            train:
              steps: \(steps)
              eval_every: \(steps)
              batch_size: 16
              log_every: 1
              threads: 2
            \(body)
            """
        let path = scratch.root + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A GAN small enough to take a step in a test.
    private let tinyGAN = """
        task: gan
        model:
          latent: 8
          generator_width: 4
          discriminator_width: 4

        """

    @Test func aClassifierJudgesAConditionalGANOnCatalogAttributes() throws {
        let scratch = try Scratch()
        let classifier = try write(scratch, "cls.yaml", steps: 4, """
            task: classification
            model:
              width: 4
            """)
        let trained = try Experiment.run(file: classifier, overrides: ["run.name=cls"], context: .silent)[0]
        let heads = try JSONDecoder().decode([AttributeVocabulary].self,
                                             from: Data(try Checkpoint.document("attributes", at: trained.paths.last).utf8))
        #expect(heads.map(\.name) == ["category", "metal"])
        #expect(heads[0].values == ["earrings", "ring"], "the selection kept rings and earrings only: \(heads)")
        for name in ["test/accuracy", "test/accuracy_category", "test/accuracy_metal"] {
            #expect((0...1).contains(trained.finalMetrics[name] ?? -1), "\(name): \(trained.finalMetrics)")
        }
        // Every head right is never more often than one head right.
        #expect(trained.finalMetrics["test/accuracy"]! <= trained.finalMetrics["test/accuracy_metal"]!)

        let gan = try write(scratch, "gan.yaml", steps: 2, tinyGAN + """
            eval:
              feature_checkpoint: \(trained.paths.last)
              grid: ["category=ring,metal=yellow_gold", "category=earrings,metal=white_gold"]
            metrics:
              best: test/fid
            """)
        let outcome = try Experiment.run(file: gan, overrides: ["run.name=gan"], context: .silent)[0]
        let values = outcome.finalMetrics
        for name in ["fid", "fid_floor", "agreement", "agreement_category", "agreement_metal", "classifier_category",
                     "classifier_metal"] {
            #expect(values["test/" + name]?.isFinite == true, "\(name): \(values)")
        }
        let report = try String(contentsOfFile: outcome.paths.reports + "/report.md", encoding: .utf8)
        #expect(report.contains("| 1 | ring | yellow_gold |") && report.contains("| 2 | earrings | white_gold |"), "\(report)")
        #expect(report.contains("Attribute agreement of conditional samples"))

        // generate: a row per --attributes; the requests are checked against the vocabulary.
        let checkpoint = outcome.paths.last
        let (status, output) = try runVitrine(["generate", "--checkpoint", checkpoint, "--count", "4", "--out", "g.png",
                                               "--attributes", "category=ring,metal=yellow_gold",
                                               "--attributes", "metal=rose_gold,category=earrings"], in: scratch.root)
        #expect(status == 0 && output.contains("generated 8 images (32 px; category=ring,metal=yellow_gold; "
            + "category=earrings,metal=rose_gold)"), "\(output)")
        let (missing, hint) = try runVitrine(["generate", "--checkpoint", checkpoint, "--out", "h.png"], in: scratch.root)
        #expect(missing == 1 && hint.contains("name a value of each with --attributes"), "\(hint)")
        let (unknown, known) = try runVitrine(["generate", "--checkpoint", checkpoint, "--out", "h.png",
                                               "--attributes", "category=ring,metal=platinum"], in: scratch.root)
        #expect(unknown == 1 && known.contains("metal=platinum is not in the training vocabulary; known values: rose_gold, white_gold, yellow_gold"),
                "\(known)")
    }

    /// Bad selections and grids name the config file and line, and what exists.
    @Test func selectionAndGridMistakesNameTheLine() throws {
        let scratch = try Scratch()
        let gan = try write(scratch, "gan.yaml", steps: 1, tinyGAN + """
            eval:
              grid: ["category=ring,metal=platinum"]
            metrics:
              best: test/loss_g
            """)
        func message(_ overrides: [String]) -> String {
            do { _ = try Experiment.run(file: gan, overrides: overrides, context: .silent); return "" } catch { return "\(error)" }
        }
        let grid = message(["run.name=a"])
        #expect(grid.contains("gan.yaml:25") && grid.contains("eval.grid") && grid.contains("known values: rose_gold, white_gold, yellow_gold"),
                "\(grid)")
        let filter = message(["run.name=b", "data.select.where=[category=rings]"])
        #expect(filter.contains("data.select") && filter.contains("no row has category 'rings'"), "\(filter)")
        let column = message(["run.name=c", "data.attributes=[category,karat]"])
        #expect(column.contains("command line: data.attributes") && column.contains("'karat' is not a column"), "\(column)")
        // The catalog was rendered without packshots: asking for them says how to get them.
        let kind = message(["run.name=d", "data.kind=packshot"])
        #expect(kind.contains("command line: data.kind") && kind.contains("has no own images of kind 'packshot'")
                    && kind.contains("data.packshots_per_product"), "\(kind)")
    }

    /// GAN checkpoints written before several attributes stored one attribute's values as
    /// `classes`; they load as conditioned on `category`.
    @Test func firstGANCheckpointsShapesStillDecode() throws {
        let old = #"{"channels":1,"classes":["disk","square"],"discriminatorWidth":4,"generatorWidth":4,"imageSize":32,"latent":8}"#
        let shape = try JSONDecoder().decode(GANPair.Shape.self, from: Data(old.utf8))
        #expect(shape.attributes == [AttributeVocabulary(name: "category", values: ["disk", "square"])])
        let again = try JSONDecoder().decode(GANPair.Shape.self, from: Data(try GANCheckpoint.encode(shape).utf8))
        #expect(again == shape)
    }
}
