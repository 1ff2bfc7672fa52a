import Hummingbird
import NIOCore

/// Turns every error a route, the router or Hummingbird throws into a JSON `{"error": …}`
/// response with a status that says whose fault it is, and counts every response by status
/// for ``ServingMetrics``. Hummingbird's own errors (no route, a body over the limit) carry a
/// status but no message a client can act on; they get one here.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServingMetrics
    let endpoints: String
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = translate(error, request: request).response()
        }
        metrics.countResponse(endpoint: ServingMetrics.endpoint(of: request.uri.path), status: response.status.code)
        return response
    }

    private func translate(_ error: any Error, request: Request) -> ServingError {
        switch error {
        case let error as ServingError:
            return error
        case is NIOTooManyBytesError:
            return ServingError(.contentTooLarge, "the body is larger than the server's limit of \(maxBodyBytes) bytes; "
                + "send a smaller image (or start the server with a larger --max-body)")
        case let error as HTTPError where error.status == .notFound:
            return .notFound("no endpoint \(request.method) \(request.uri.path); the endpoints are \(endpoints)")
        case let error as HTTPError:
            return ServingError(error.status, error.body ?? "\(error.status.reasonPhrase) (\(request.method) \(request.uri.path))")
        case let error as any HTTPResponseError:
            return ServingError(error.status, "\(error.status.reasonPhrase): \(error)")
        default:
            return ServingError(.internalServerError, "the server failed on this request: \(error)")
        }
    }
}
