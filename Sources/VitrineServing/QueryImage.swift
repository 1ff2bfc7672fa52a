import Foundation
import VitrineImaging

/// The image a search or embed request carries as its raw body — JPEG (as phones send) or PNG,
/// told apart by their first bytes — decoded with the limits of a query (``PNGLimits/queries``),
/// or a 400 that says what is wrong with the bytes.
enum QueryImage {
    static func decode(_ body: Data) throws -> Image {
        guard !body.isEmpty else {
            throw ServingError.badRequest("the body is empty; send the image file's bytes as the body (curl --data-binary @photo.png)")
        }
        do {
            if JPEG.looksLikeJPEG(body) { return try JPEG.read(data: body, name: "the request body", limits: .queries) }
            return try PNG.read(data: body, name: "the request body", limits: .queries)
        } catch let error as ImagingError {
            throw ServingError.badRequest("\(error)")
        }
    }
}
