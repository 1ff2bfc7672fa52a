import VitrineData

/// The labelled images of a classification or GAN run, pixels in [0, 1]: Fashion-MNIST and
/// shapes labelled by class, IDX files by their labels, a catalog's own photos by the columns
/// of `data.attributes`. `attributes` names the labels' values (nil for IDX files, whose
/// labels are bare numbers).
struct ImageData {
    let train: AttributedImages
    let test: AttributedImages
    let attributes: [AttributeVocabulary]?

    init(_ settings: ImageDataSettings, seed: UInt64, log: (RunEvent) -> Void) throws {
        switch settings.source {
        case .catalog:
            let catalog = try CatalogImages(settings, log: log)
            (train, test, attributes) = (catalog.train, catalog.test, catalog.attributes)
        case .shapes:
            let train = try SyntheticShapes(count: settings.shapesTrain, size: settings.imageSize, seed: seed)
            let test = try SyntheticShapes(count: settings.shapesTest, size: settings.imageSize, seed: seed &+ 1_000_003)
            self.train = AttributedImages(LabelledImages(images: train.images, labels: train.labels))
            self.test = AttributedImages(LabelledImages(images: test.images, labels: test.labels))
            attributes = [AttributeVocabulary(name: "category", values: SyntheticShapes.classNames)]
        case .idx:
            let files = settings.idx
            for (key, path) in [("data.train_images", files.trainImages), ("data.train_labels", files.trainLabels),
                                ("data.test_images", files.testImages), ("data.test_labels", files.testLabels)] where path.isEmpty {
                throw ExperimentError("\(settings.configFile): \(key): required when data.source is idx")
            }
            let train = try IDXClassificationSet(images: files.trainImages, labels: files.trainLabels, limit: settings.trainLimit)
            let test = try IDXClassificationSet(images: files.testImages, labels: files.testLabels, limit: settings.testLimit)
            self.train = AttributedImages(LabelledImages(images: train.images, labels: train.labels))
            self.test = AttributedImages(LabelledImages(images: test.images, labels: test.labels))
            attributes = nil
        case .fashionMNIST:
            let train = try IDXClassificationSet.fashionMNIST(split: "train", directory: settings.directory, limit: settings.trainLimit)
            let test = try IDXClassificationSet.fashionMNIST(split: "test", directory: settings.directory, limit: settings.testLimit)
            self.train = AttributedImages(LabelledImages(images: train.images, labels: train.labels))
            self.test = AttributedImages(LabelledImages(images: test.images, labels: test.labels))
            attributes = [AttributeVocabulary(name: "category", values: IDXClassificationSet.fashionMNISTClasses)]
        }
    }
}
