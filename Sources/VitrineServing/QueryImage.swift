import Foundation
import VitrineImaging

/// The image a search or embed request carries as its raw body, decoded with the limits of a
/// query (``PNGLimits/queries``), or a 400 that says what is wrong with the bytes.
enum QueryImage {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF]

    static func decode(_ body: Data) throws -> Image {
        guard !body.isEmpty else {
            throw ServingError.badRequest("the body is empty; send the image file's bytes as the body (curl --data-binary @photo.png)")
        }
        if body.starts(with: jpegSignature) {
            throw ServingError.badRequest("the body is a JPEG image; this server decodes PNG only, so convert it to PNG")
        }
        do {
            return try PNG.read(data: body, name: "the request body", limits: .queries)
        } catch let error as ImagingError {
            throw ServingError.badRequest("\(error)")
        }
    }
}
