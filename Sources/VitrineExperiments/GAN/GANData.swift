import VitrineData
import VitrineEngine

/// A GAN's images, scaled to [−1, 1] (the generator's tanh range), with the attributes a
/// conditional model is given: the class of Fashion-MNIST (28 px, padded with background to
/// 32: the DCGAN shapes halve 32 cleanly) or of generated shapes, or the `data.attributes`
/// columns of a catalog's own product photos selected by `data.select.*`.
struct GANData {
    let train: AttributedImages
    let test: AttributedImages
    /// The conditioning attributes and their values.
    let attributes: [AttributeVocabulary]
    var channels: Int { train.images.shape[1] }
    var imageSize: Int { train.images.shape[2] }

    init(_ settings: ImageDataSettings, seed: UInt64, log: (RunEvent) -> Void) throws {
        if settings.source == .fashionMNIST, settings.imageSize != 32 {
            throw ExperimentError("\(settings.imageSizeOrigin): data.image_size: Fashion-MNIST's 28 px images are padded to 32; "
                + "set data.image_size: 32")
        }
        let data = try ImageData(settings, seed: seed, log: log)
        train = AttributedImages(images: Self.scaled(data.train.images, to: settings.imageSize), attributes: data.train.attributes)
        test = AttributedImages(images: Self.scaled(data.test.images, to: settings.imageSize), attributes: data.test.attributes)
        attributes = data.attributes ?? []
    }

    /// `images` in [0, 1] as [−1, 1], centred on a `size`-pixel canvas of background (−1).
    static func scaled(_ images: Tensor, to size: Int) -> Tensor {
        let shape = images.shape
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let out = Tensor(zeros: [n, c, size, size])
        out.fill(-1)
        let (top, left) = ((size - h) / 2, (size - w) / 2)
        for plane in 0..<(n * c) {
            for y in 0..<h {
                let src = images.data + (plane * h + y) * w
                let dst = out.data + (plane * size + top + y) * size + left
                for x in 0..<w { dst[x] = src[x] * 2 - 1 }
            }
        }
        return out
    }
}
