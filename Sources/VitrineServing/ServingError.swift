import Foundation
import Hummingbird

/// A request the server refuses, with the HTTP status that says whose fault it is and a message
/// that says what to send instead. Every error the server answers with is one of these, sent as
/// `{"error": message}`.
public struct ServingError: Error, CustomStringConvertible, Sendable {
    public let status: HTTPResponse.Status
    public let message: String
    /// Extra headers (`Retry-After` on 503).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(message)" }

    public static func badRequest(_ message: String) -> ServingError { ServingError(.badRequest, message) }
    public static func notFound(_ message: String) -> ServingError { ServingError(.notFound, message) }

    /// The JSON response for this error.
    public func response() -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        // Encoding a one-key dictionary of a string cannot fail.
        let body = (try? JSONEncoder().encode(["error": message])) ?? Data("{\"error\":\"unencodable message\"}".utf8)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension ServingError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response { response() }
}
