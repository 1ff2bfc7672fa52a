/// Errors from reading, writing and transforming images. File errors name the file, say what
/// was wrong and what to do next; libpng's own message is kept where libpng found the problem.
public enum ImagingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The bytes do not start with the PNG signature (or the file is empty).
    case notPNG(file: String, detail: String)
    /// The data ends before the image does.
    case truncated(file: String, detail: String)
    /// libpng rejected the data: a bad CRC, a broken zlib stream, an invalid header...
    case corrupt(file: String, message: String)
    /// A valid PNG this module cannot handle, or a request it cannot satisfy (e.g. bit depth 4 on write).
    case unsupported(file: String, detail: String)
    /// The image's dimensions exceed the limit; refused before any pixel memory is allocated.
    case tooLarge(file: String, width: Int, height: Int, limit: Int)
    /// The file could not be read or written.
    case io(file: String, detail: String)
    /// Bytes that libjpeg cannot decode, or a JPEG colour space it does not convert.
    case invalidJPEG(file: String, detail: String)
    /// An image operation got arguments it cannot use: (operation, what is wrong).
    case invalidArgument(String, String)

    public var description: String {
        switch self {
        case let .notPNG(file, detail):
            return "\(file): not a PNG file (\(detail)); check the path and that the file really is a PNG"
        case let .truncated(file, detail):
            return "\(file): truncated PNG (\(detail)); the file is incomplete, copy or generate it again"
        case let .corrupt(file, message):
            return "\(file): corrupt PNG (libpng: \(message)); re-export or regenerate the file"
        case let .unsupported(file, detail):
            return "\(file): unsupported PNG: \(detail)"
        case let .tooLarge(file, width, height, limit):
            return "\(file): image of \(width)×\(height) pixels exceeds the limit of \(limit) pixels; "
                + "downscale it before use"
        case let .io(file, detail):
            return "\(file): \(detail)"
        case let .invalidJPEG(file, detail):
            return "\(file): not a decodable JPEG (\(detail)); re-export the photo as JPEG or PNG"
        case let .invalidArgument(operation, detail):
            return "\(operation): invalid argument: \(detail)"
        }
    }
}
