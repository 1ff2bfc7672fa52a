/// A detection setting that cannot work, with what to change. Data files have their own error,
/// VitrineData's ``AnnotationError``, which names the file and the JSON path.
public struct DetectionError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
