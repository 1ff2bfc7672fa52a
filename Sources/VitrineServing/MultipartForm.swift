import Foundation

/// The image part of a `multipart/form-data` body (RFC 7578), as browsers and mobile apps
/// upload files: the part named `image`, else the only part that carries a file name.
enum MultipartForm {
    /// The `boundary` parameter of a `multipart/form-data` content type, or nil for any other type.
    static func boundary(ofContentType contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return ""
    }

    /// The uploaded image's bytes, or a 400 saying what is wrong with the form.
    static func image(in body: Data, boundary: String) throws -> Data {
        let usage = "upload the photo as a form field named image (curl -F image=@photo.jpg)"
        guard !boundary.isEmpty, boundary.count <= 70 else {
            throw ServingError.badRequest("the multipart content type has no usable boundary parameter; \(usage)")
        }
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [(name: String?, hasFileName: Bool, content: Data)] = []
        guard var cursor = body.range(of: delimiter)?.upperBound else {
            throw ServingError.badRequest("the multipart body never contains its boundary '\(boundary)'; \(usage)")
        }
        while true {
            // "--" after a delimiter closes the form.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard let next = body.range(of: delimiter, in: cursor..<body.endIndex) else {
                throw ServingError.badRequest("the multipart body is cut off: its last part has no closing boundary; \(usage)")
            }
            let part = body[cursor..<next.lowerBound]
            guard let split = part.range(of: Data("\r\n\r\n".utf8)) else {
                throw ServingError.badRequest("a multipart part has no blank line after its headers; \(usage)")
            }
            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            // The content ends before the CRLF that precedes the next delimiter.
            var content = part[split.upperBound...]
            if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
            let disposition = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }.map(String.init) ?? ""
            parts.append((parameter("name", in: disposition), parameter("filename", in: disposition) != nil, Data(content)))
            cursor = next.upperBound
        }
        if let named = parts.first(where: { $0.name == "image" }) { return named.content }
        let files = parts.filter(\.hasFileName)
        guard files.count == 1 else {
            throw ServingError.badRequest("the form has \(files.count) files and none named image "
                + "(fields: \(parts.compactMap(\.name).joined(separator: ", "))); \(usage)")
        }
        return files[0].content
    }

    /// A `key="value"` parameter of a Content-Disposition header.
    private static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
