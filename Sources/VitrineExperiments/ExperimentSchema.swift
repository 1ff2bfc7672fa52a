import VitrineConfig
import VitrineForecast
import VitrineInference

/// The config keys every experiment has (run, optimizer, schedule, train, metrics) and the
/// keys each task adds (data, model). The README's config reference is generated from here.
public enum ExperimentSchema {
    /// The tasks `vitrine run` knows (see ``TaskRegistry``).
    public static var tasks: [String] { TaskRegistry.names }

    /// The keys of every task, with `optimizers` the task's optimizer groups (one-model tasks:
    /// the single `optimizer.*` and `schedule.*`).
    static func common(optimizers: [ConfigKey] = OptimizerSettings.keys(.single)) -> [ConfigKey] {
        run + optimizers + training
    }

    static let run: [ConfigKey] = [
        ConfigKey("task", .choice(tasks), default: nil, "What the experiment trains."),
        ConfigKey("run.name", .string, default: .string(""),
                  "Run name; empty means the config file's name plus a timestamp."),
        ConfigKey("run.reports_dir", .string, default: .string("reports"), "Where run reports go (reports/<run>/)."),
        ConfigKey("run.checkpoints_dir", .string, default: .string("checkpoints"),
                  "Where checkpoints go (checkpoints/<run>/)."),
    ]

    static let training: [ConfigKey] = [
        ConfigKey("train.epochs", .int(min: 0, max: nil), default: .int(1), "Epochs (used when train.steps is 0)."),
        ConfigKey("train.steps", .int(min: 0, max: nil), default: .int(0), "Optimizer steps; 0 means train.epochs epochs."),
        ConfigKey("train.batch_size", .int(min: 1, max: 65536), default: .int(64), "Examples per step."),
        ConfigKey("train.seed", .int(min: 0, max: nil), default: .int(1), "Seed for weights, data order and dropout."),
        ConfigKey("train.seeds", .list(.int(min: 0, max: nil), minCount: 0), default: .list([]),
                  "Run once per seed and report mean ± std; empty means train.seed only."),
        ConfigKey("train.eval_every", .int(min: 0, max: nil), default: .int(0),
                  "Evaluate every N steps; 0 means at the end of each epoch."),
        ConfigKey("train.checkpoint_every", .int(min: 0, max: nil), default: .int(0),
                  "Write last.h5 (and step-N.h5) every N steps; 0 means at the end of each epoch."),
        ConfigKey("train.keep", .int(min: 0, max: nil), default: .int(3), "How many periodic step-N.h5 to keep."),
        ConfigKey("train.log_every", .int(min: 1, max: nil), default: .int(50),
                  "Log training metrics (and print a plain progress line) every N steps."),
        ConfigKey("train.clip_grad_norm", .double(min: 0, max: nil), default: .double(0),
                  "Clip gradients to this global L2 norm; 0 means no clipping."),
        ConfigKey("train.threads", .int(min: 0, max: 256), default: .int(0),
                  "OpenBLAS and kernel threads; 0 means one per core."),
        ConfigKey("metrics.best", .string, default: .string("test/accuracy"),
                  "The metric that selects best.h5."),
        ConfigKey("metrics.mode", .choice(MetricsSettings.Mode.allCases.map(\.rawValue)), default: .string("auto"),
                  "Whether larger or smaller is better for metrics.best; auto decides by its name."),
    ]

    static let classification: [ConfigKey] = [
        ConfigKey("data.source", .choice(["fashion_mnist", "shapes", "idx", "catalog"]), default: .string("fashion_mnist"),
                  "fashion_mnist (Debian's dataset-fashion-mnist), shapes (generated), idx files, or catalog "
                      + "(product photos of a manifest, one head per data.attributes column)."),
        ConfigKey("data.directory", .string, default: .string("/usr/share/datasets/fashion-mnist"),
                  "fashion_mnist: the folder holding the IDX files."),
        ConfigKey("data.train_images", .string, default: .string(""), "idx: training images file."),
        ConfigKey("data.train_labels", .string, default: .string(""), "idx: training labels file."),
        ConfigKey("data.test_images", .string, default: .string(""), "idx: test images file."),
        ConfigKey("data.test_labels", .string, default: .string(""), "idx: test labels file."),
        ConfigKey("data.train_limit", .int(min: 0, max: nil), default: .int(0),
                  "Use only the first N training examples; 0 means all."),
        ConfigKey("data.test_limit", .int(min: 0, max: nil), default: .int(0),
                  "Use only the first N test examples; 0 means all."),
        ConfigKey("data.shapes_train", .int(min: 1, max: nil), default: .int(4096), "shapes: training images."),
        ConfigKey("data.shapes_test", .int(min: 1, max: nil), default: .int(1024), "shapes: test images."),
        ConfigKey("data.image_size", .int(min: 8, max: 512), default: .int(16),
                  "shapes: image side in pixels; catalog: images are resized to it (and generated at it)."),
        ConfigKey("data.augment_flip", .bool, default: .bool(false), "Random horizontal flips in training."),
    ] + catalog(competitors: 0) + catalogSelection + [
        ConfigKey("model.name", .choice(["small_convnet"]), default: .string("small_convnet"), "Model architecture."),
        ConfigKey("model.width", .int(min: 1, max: 1024), default: .int(32), "Channels of the first block."),
        ConfigKey("model.dropout", .double(min: 0, max: 0.99), default: .double(0),
                  "Dropout before the classifier."),
        ConfigKey("loss.label_smoothing", .double(min: 0, max: 0.99), default: .double(0),
                  "Cross-entropy label smoothing."),
    ]

    /// A catalog manifest as a data source, rendered when missing (`competitors`: the default
    /// count of competitor products to render with it).
    static func catalog(competitors: Int) -> [ConfigKey] {
        [
            ConfigKey("data.manifest", .string, default: .string(""),
                      "catalog: the manifest CSV (vitrine datagen catalog writes one)."),
            ConfigKey("data.generate", .bool, default: .bool(true),
                      "catalog: render the built-in catalog into the manifest's folder when the manifest does not exist."),
            ConfigKey("data.catalog_products", .int(min: 10, max: 1_000_000), default: .int(3000),
                      "catalog generation: own products."),
            ConfigKey("data.images_per_product", .int(min: 2, max: 100), default: .int(5), "catalog generation: photos per product."),
            ConfigKey("data.train_images_per_product", .int(min: 0, max: 1000), default: .int(0),
                      "catalog generation: photos per training product (more poses and settings to learn from); 0 means data.images_per_product."),
            ConfigKey("data.competitors", .int(min: 0, max: 1_000_000), default: .int(competitors),
                      "catalog generation: competitor products."),
            ConfigKey("data.packshots_per_product", .int(min: 0, max: 1000), default: .int(0),
                      "catalog generation: catalog packshots (the product on white, near upright) per own product; 0 renders none."),
            ConfigKey("data.catalog_seed", .int(min: 0, max: nil), default: .int(0), "catalog generation: seed."),
        ]
    }

    /// Which catalog photos a task uses and which of their attribute columns it learns.
    static let catalogSelection: [ConfigKey] = [
        ConfigKey("data.kind", .choice(CatalogSelectionSettings.Kind.allCases.map(\.rawValue)), default: .string("photo"),
                  "catalog: the own images used: photos in settings, or the catalog's packshots on white (data.packshots_per_product renders them)."),
        ConfigKey("data.attributes", .list(.string, minCount: 1), default: .list([.string("category")]),
                  "catalog: the manifest columns the task learns (a GAN is conditioned on them; a classifier predicts each)."),
        ConfigKey("data.select.where", .list(.string, minCount: 0), default: .list([]),
                  "catalog: keep rows whose column holds one of the values, column=v1,v2 (column!=v1,v2 drops them)."),
        ConfigKey("data.select.top_share", .double(min: 0.001, max: 1), default: .double(1),
                  "catalog: keep only the best-selling products, this share of each data.select.within group; 1 keeps all."),
        ConfigKey("data.select.by", .string, default: .string("units_sold"),
                  "catalog: the numeric column products are ranked by for data.select.top_share (largest first)."),
        ConfigKey("data.select.within", .string, default: .string("category"),
                  "catalog: rank products within each value of this column; empty ranks the whole selection."),
    ]

    static let embedding: [ConfigKey] = [
        ConfigKey("data.source", .choice(EmbeddingDataSettings.Source.allCases.map(\.rawValue)), default: .string("fashion_mnist"),
                  "fashion_mnist (Debian's dataset-fashion-mnist) or catalog (a manifest of product photos)."),
        ConfigKey("data.image_size", .int(min: 8, max: 512), default: .int(64),
                  "catalog: images are resized to this side length (and generated at it)."),
    ] + catalog(competitors: 500) + [
        ConfigKey("data.directory", .string, default: .string("/usr/share/datasets/fashion-mnist"),
                  "fashion_mnist: the folder holding the IDX files."),
        ConfigKey("data.protocol", .choice(EmbeddingDataSettings.ClassProtocol.allCases.map(\.rawValue)), default: .string("held_out_classes"),
                  "fashion_mnist: train on data.train_classes and retrieve among the others, or use all ten."),
        ConfigKey("data.train_classes", .list(.int(min: 0, max: 9), minCount: 1), default: .list([0, 1, 2, 3, 4].map { .int($0) }),
                  "fashion_mnist, held_out_classes: the classes seen in training."),
        ConfigKey("data.train_limit", .int(min: 0, max: nil), default: .int(0),
                  "Use only the first N training images; 0 means all."),
        ConfigKey("data.test_limit", .int(min: 0, max: nil), default: .int(0),
                  "Use only the first N images of each evaluation split; 0 means all."),
        ConfigKey("augment.crop_scale", .double(min: 0.05, max: 1), default: .double(1),
                  "Training: random resized crop keeping at least this fraction of the image's area (aspect 3:4 to 4:3), resized back; 1 means no crop."),
        ConfigKey("augment.flip", .bool, default: .bool(false), "Training: random horizontal flips."),
        ConfigKey("augment.brightness", .double(min: 0, max: 1), default: .double(0),
                  "Training: brightness jitter, a factor drawn from [1 − b, 1 + b]."),
        ConfigKey("augment.contrast", .double(min: 0, max: 1), default: .double(0),
                  "Training: contrast jitter, a factor drawn from [1 − c, 1 + c]."),
        ConfigKey("sampler.p", .int(min: 2, max: 4096), default: .int(16), "P×K batches: products (classes) per batch."),
        ConfigKey("sampler.k", .int(min: 2, max: 1024), default: .int(4), "P×K batches: images per product."),
        ConfigKey("model.name", .choice(EmbeddingNetworks.names), default: .string("small_convnet"),
                  "Embedding network; raw_pixels and colour_histogram are untrained baselines (train.steps: 0)."),
        ConfigKey("model.small_stem", .bool, default: .bool(false),
                  "ResNets: a 3×3 stride-1 stem without max-pool (keeps 32 px images' resolution; 16× the work at 64 px)."),
        ConfigKey("model.width", .int(min: 1, max: 1024), default: .int(32), "Channels of the first block."),
        ConfigKey("model.embedding_dim", .int(min: 2, max: 4096), default: .int(128), "Embedding size D."),
        ConfigKey("loss.name", .choice(EmbeddingLossSettings.Kind.allCases.map(\.rawValue)), default: .string("triplet"),
                  "triplet (batch-hard, L2-normalized) or normalized_softmax (cosine classifier over training products)."),
        ConfigKey("loss.margin", .double(min: 0, max: 2), default: .double(0.2), "Triplet margin."),
        ConfigKey("loss.temperature", .double(min: 0.001, max: 10), default: .double(0.05),
                  "Normalized softmax temperature (logits are cosines divided by it)."),
        ConfigKey("loss.proxy_lr_multiplier", .double(min: 0, max: 10000), default: .double(1),
                  "Normalized softmax: the class proxies' learning rate as a multiple of optimizer.lr "
                      + "(fast-moving proxies, as in ProxyNCA++ and Proxy-Anchor)."),
        ConfigKey("metrics.recall_at", .list(.int(min: 1, max: nil), minCount: 1), default: .list([1, 5, 10, 50].map { .int($0) }),
                  "The K of the Recall@K figures."),
        ConfigKey("eval.center_crop", .double(min: 0.25, max: 1), default: .double(1),
                  "Evaluation and serving (index, search, match): embed the central crop of this fraction of the "
                      + "image's side, resized back (torchvision's Resize + CenterCrop, 0.875 there); "
                      + "offsets the magnification of training's random resized crops (FixRes). 1 means the whole image."),
        ConfigKey("eval.flip_average", .bool, default: .bool(false),
                  "Evaluation and serving: embed each image and its mirror image and use the sum of the two unit vectors."),
    ]

    static let demand: [ConfigKey] = [
        ConfigKey("data.directory", .string, default: .string("data/retail"),
                  "A retail dataset directory (vitrine datagen retail writes one)."),
        ConfigKey("data.generate", .bool, default: .bool(true),
                  "When data.directory does not exist, simulate a dataset there first."),
        ConfigKey("data.sim_products", .int(min: 1, max: nil), default: .int(10_000), "Simulation: catalog size."),
        ConfigKey("data.sim_days", .int(min: 30, max: nil), default: .int(1095), "Simulation: days of history."),
        ConfigKey("data.seed", .int(min: 0, max: nil), default: .int(1), "Simulation: seed."),
        ConfigKey("data.products", .int(min: 1, max: nil), default: .int(2000),
                  "Products in the feature table (a seeded sample of the catalog)."),
        ConfigKey("data.holdout_days", .int(min: 1, max: nil), default: .int(100),
                  "The final days, forecast recursively and scored."),
        ConfigKey("data.validation_days", .int(min: 1, max: nil), default: .int(56),
                  "The last days before the holdout, kept out of fitting for early stopping and validation/loss."),
        ConfigKey("model.name", .choice(DemandModelSettings.Kind.allCases.map(\.rawValue)), default: .string("gbdt"),
                  "gbdt (histogram gradient-boosted trees) or mlp (entity embeddings and an MLP)."),
        ConfigKey("model.target", .choice(DemandTarget.names), default: .string("quantity"),
                  "What the model predicts per product and day: units, revenue paid, or profit."),
        ConfigKey("model.targets", .list(.choice(DemandTarget.names), minCount: 0), default: .list([]),
                  "gbdt: several targets in one run, one tree ensemble each (e.g. [quantity, revenue, profit]); "
                      + "the first drives the recursive forecast and the run's holdout metrics. Empty means [model.target]."),
        ConfigKey("model.hidden", .list(.int(min: 1, max: 4096), minCount: 1), default: .list([128, 64].map { .int($0) }),
                  "mlp: hidden layer widths."),
        ConfigKey("model.embedding_dim", .int(min: 1, max: 256), default: .int(8),
                  "mlp: width of each categorical attribute's embedding."),
        ConfigKey("trees.max_iterations", .int(min: 1, max: nil), default: .int(300), "gbdt: most trees."),
        ConfigKey("trees.learning_rate", .double(min: 0.0001, max: 1), default: .double(0.1), "gbdt: shrinkage."),
        ConfigKey("trees.max_leaf_nodes", .int(min: 2, max: 4096), default: .int(31), "gbdt: leaves per tree."),
        ConfigKey("trees.min_samples_leaf", .int(min: 1, max: nil), default: .int(50), "gbdt: fewest rows in a leaf."),
        ConfigKey("trees.l2_regularization", .double(min: 0, max: nil), default: .double(1), "gbdt: L2 penalty on leaf values."),
        ConfigKey("trees.max_bins", .int(min: 2, max: 255), default: .int(255), "gbdt: value bins per feature."),
        ConfigKey("trees.row_subsample", .double(min: 0.01, max: 1), default: .double(1), "gbdt: rows per tree."),
        ConfigKey("trees.feature_subsample", .double(min: 0.01, max: 1), default: .double(1), "gbdt: features per tree."),
        ConfigKey("trees.patience", .int(min: 1, max: nil), default: .int(20),
                  "gbdt: stop when validation loss has not improved for this many trees."),
        ConfigKey("trees.tweedie_power", .double(min: 1.01, max: 1.99), default: .double(1.5),
                  "gbdt, revenue: Tweedie variance power."),
    ]

    /// DCGAN (Radford, Metz & Chintala 2015) on class-labelled images, optionally conditioned
    /// on the class; two optimizers, `optimizers.generator.*` and `optimizers.discriminator.*`.
    static let gan: [ConfigKey] = [
        ConfigKey("data.source", .choice(["fashion_mnist", "shapes", "catalog"]), default: .string("fashion_mnist"),
                  "fashion_mnist (Debian's dataset-fashion-mnist, padded to 32 px), shapes (generated), or catalog "
                      + "(own product photos of a manifest, conditioned on data.attributes)."),
        ConfigKey("data.directory", .string, default: .string("/usr/share/datasets/fashion-mnist"),
                  "fashion_mnist: the folder holding the IDX files."),
        ConfigKey("data.train_limit", .int(min: 0, max: nil), default: .int(0), "Use only the first N training images; 0 means all."),
        ConfigKey("data.test_limit", .int(min: 0, max: nil), default: .int(0), "Use only the first N held-out images; 0 means all."),
        ConfigKey("data.shapes_train", .int(min: 1, max: nil), default: .int(4096), "shapes: training images."),
        ConfigKey("data.shapes_test", .int(min: 1, max: nil), default: .int(1024), "shapes: held-out images."),
        ConfigKey("data.image_size", .int(min: 32, max: 64), default: .int(32),
                  "Image side: 32 or 64 px (the generator's and discriminator's shapes follow)."),
    ] + catalog(competitors: 0) + catalogSelection + [
        ConfigKey("model.latent", .int(min: 1, max: 1024), default: .int(100), "nz: the noise vector's length."),
        ConfigKey("loss.diversity_weight", .double(min: 0, max: 1000), default: .double(0),
                  "λ of the diversity-sensitive term (Yang et al. 2019) in G's loss: two draws of one condition pushed apart, against a generator that ignores its noise; 0 is plain DCGAN."),
        ConfigKey("loss.diversity_bound", .double(min: 1e-6, max: 1e6), default: .double(1),
                  "τ: a pair's image-to-noise distance ratio (mean L1 over pixels in [−1, 1] / mean L1 over noise dims) counts up to this."),
        ConfigKey("model.generator_width", .int(min: 1, max: 1024), default: .int(64), "ngf: the generator's last block's channels."),
        ConfigKey("model.discriminator_width", .int(min: 1, max: 1024), default: .int(64), "ndf: the discriminator's first block's channels."),
        ConfigKey("model.conditional", .bool, default: .bool(true),
                  "Condition on the image's attributes (data.attributes; the class for fashion_mnist and shapes): "
                      + "attribute embeddings into the generator, a projection discriminator."),
        ConfigKey("eval.samples", .int(min: 1, max: 1024), default: .int(64), "Images in each evaluation's sample grid (fixed noise)."),
        ConfigKey("eval.grid", .list(.string, minCount: 0), default: .list([]),
                  "Conditional: the sample grid's rows, each a condition naming every attribute (category=ring,metal=yellow_gold,…); "
                      + "empty: every value of a single attribute, else the 8 commonest training combinations."),
        ConfigKey("eval.feature_checkpoint", .string, default: .string(""),
                  "A classification run's checkpoint on the same images: FID, KID and precision/recall on its features "
                      + "(and their floor, training vs held-out images), and for conditional models the share of samples "
                      + "its heads label with the requested attributes; empty: none."),
    ]

    /// The GAN's two optimizer groups, with the DCGAN paper's Adam (2e-4, β1 0.5) as defaults.
    static let ganOptimizers: [ConfigKey] =
        OptimizerSettings.keys(.named("generator"), defaults: .init(kind: .adam, learningRate: 2e-4, beta1: 0.5), what: "generator")
        + OptimizerSettings.keys(.named("discriminator"), defaults: .init(kind: .adam, learningRate: 2e-4, beta1: 0.5), what: "discriminator")

    /// The schema of `task`, or nil for an unknown task.
    public static func schema(for task: String) -> ConfigSchema? { TaskRegistry.definition(task)?.schema }
}

extension ExperimentSchema {
    /// `markdown` with the table between `<!-- schema:<task> -->` and `<!-- /schema -->`
    /// regenerated for every task; a task without such a block gets one, with a heading, after
    /// the last block.
    public static func updatingReference(in markdown: String) -> String {
        var text = markdown
        for task in tasks {
            let table = schema(for: task)!.markdownTable
            let open = "<!-- schema:\(task) -->\n", close = "<!-- /schema -->"
            if let start = text.range(of: open),
               let end = text.range(of: close, range: start.upperBound..<text.endIndex) {
                text.replaceSubrange(start.upperBound..<end.lowerBound, with: table)
            } else {
                let block = "\n#### task: \(task)\n\n\(open)\(table)\(close)\n"
                if let last = text.range(of: close, options: .backwards) {
                    text.insert(contentsOf: block, at: last.upperBound)
                } else {
                    text += block
                }
            }
        }
        return text
    }
}
