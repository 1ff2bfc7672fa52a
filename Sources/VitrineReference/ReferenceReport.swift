import VitrineHDF5

/// What happened to one case of a file: it ran (and passed or not), or it could not be run.
public enum ReferenceOutcome: Sendable {
    case ran(ReferenceResult)
    case failed(caseName: String, layer: String, error: String)

    public var caseName: String {
        switch self {
        case let .ran(result): return result.caseName
        case let .failed(name, _, _): return name
        }
    }

    public var passed: Bool {
        if case let .ran(result) = self { return result.passed }
        return false
    }

    /// One line for the case, as `vitrine check-reference` prints it.
    public var line: String {
        switch self {
        case let .ran(result): return result.line
        case let .failed(name, layer, error): return "\(name)  [\(layer)]  ERROR: \(error)"
        }
    }
}

/// Every case of a reference file, run at one tolerance.
public struct ReferenceReport: Sendable {
    public let file: String
    public let tolerance: Double
    public let outcomes: [ReferenceOutcome]

    public var passedCount: Int { outcomes.filter(\.passed).count }
    public var failedCount: Int { outcomes.count - passedCount }
    public var allPassed: Bool { failedCount == 0 }

    /// The outcome of the case called `name`.
    public func outcome(_ name: String) -> ReferenceOutcome? { outcomes.first { $0.caseName == name } }

    /// The summary line: counts, the tolerance, and the largest error seen and where.
    public var summary: String {
        var text = "\(outcomes.count) cases: \(passedCount) passed, \(failedCount) failed (tolerance \(formatError(tolerance))"
        let worst = outcomes.compactMap { outcome -> (String, TensorComparison)? in
            guard case let .ran(result) = outcome, let worst = result.worst else { return nil }
            return (result.caseName, worst)
        }.max { $0.1.error < $1.1.error }
        if let (name, comparison) = worst {
            text += "; largest error \(formatError(comparison.error)) in \(name) \(comparison.name)"
        }
        return text + ")"
    }

    /// Opens `path`, runs every case (or only those in `only`) in name order and reports each.
    /// Throws when the file cannot be read or holds no cases; a case that cannot be run is
    /// reported as failed and the others still run.
    public static func check(file path: String, tolerance: Double = 1e-4, only: [String]? = nil) throws -> ReferenceReport {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let root = try file.root
        var names = try root.members().filter { try root.kind(of: $0) == .group }
        if let only {
            if let unknown = only.first(where: { !names.contains($0) }) {
                throw HDF5Error.notFound(file: path, path: "/\(unknown)", kind: "case group")
            }
            names = only
        }
        guard !names.isEmpty else { throw ReferenceError.noCases(file: path) }
        let runner = ReferenceRunner(tolerance: tolerance)
        let outcomes = names.map { name -> ReferenceOutcome in
            var layer = "?"
            do {
                let group = try root.group(name)
                defer { group.close() }
                let referenceCase = try ReferenceCase.load(from: group)
                layer = referenceCase.layer
                return .ran(try runner.run(referenceCase))
            } catch {
                return .failed(caseName: name, layer: layer, error: "\(error)")
            }
        }
        return ReferenceReport(file: path, tolerance: tolerance, outcomes: outcomes)
    }
}
