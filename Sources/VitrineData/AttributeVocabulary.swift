/// A categorical attribute and its values, in index order: what a conditional generator is
/// conditioned on and what an attribute classifier's head predicts (`metal`: rose_gold,
/// white_gold, yellow_gold). Stored in checkpoints, so a model is asked for values by name.
public struct AttributeVocabulary: Equatable, Sendable, Codable {
    public let name: String
    public let values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// The distinct `values`, numbers in numeric order (`stone_count`: 0, 1, 2, …, 10) and
    /// others in text order, so indices do not depend on which row came first.
    public init(name: String, collecting values: [String]) {
        let distinct = Set(values)
        let numeric = distinct.allSatisfy { Double($0) != nil }
        self.init(name: name, values: distinct.sorted { numeric ? Double($0)! < Double($1)! : $0 < $1 })
    }

    public func index(of value: String) -> Int? { values.firstIndex(of: value) }

    /// The value indices of one item from `name=value` pairs (`category=ring,metal=yellow_gold`);
    /// every attribute of `vocabularies` must be given once. Unknown attributes and values
    /// outside the vocabulary are errors that list what is known.
    public static func indices(_ request: String, in vocabularies: [AttributeVocabulary]) throws -> [Int] {
        var found: [String: Int] = [:]
        for pair in request.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw AttributeError("'\(pair)' is not name=value; the attributes are "
                    + vocabularies.map(\.name).joined(separator: ", "))
            }
            guard let vocabulary = vocabularies.first(where: { $0.name == parts[0] }) else {
                throw AttributeError("'\(parts[0])' is not an attribute of this model; its attributes are "
                    + vocabularies.map(\.name).joined(separator: ", "))
            }
            guard found[vocabulary.name] == nil else { throw AttributeError("\(vocabulary.name) is given twice in '\(request)'") }
            guard let index = vocabulary.index(of: parts[1]) else {
                throw AttributeError("\(vocabulary.name)=\(parts[1]) is not in the training vocabulary; known values: "
                    + vocabulary.values.joined(separator: ", "))
            }
            found[vocabulary.name] = index
        }
        let missing = vocabularies.map(\.name).filter { found[$0] == nil }
        guard missing.isEmpty else {
            throw AttributeError("'\(request)' leaves out \(missing.joined(separator: ", ")); give every attribute: "
                + vocabularies.map { "\($0.name)=\($0.values.first ?? "")" }.joined(separator: ","))
        }
        return vocabularies.map { found[$0.name]! }
    }

    /// `name=value,…` for one item's indices (the inverse of ``indices(_:in:)``).
    public static func describe(_ indices: [Int], in vocabularies: [AttributeVocabulary]) -> String {
        zip(vocabularies, indices).map { "\($0.name)=\($0.values[$1])" }.joined(separator: ",")
    }
}

/// An attribute request a model cannot meet; the message lists what it knows.
public struct AttributeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

private extension String {
    var trimmed: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
