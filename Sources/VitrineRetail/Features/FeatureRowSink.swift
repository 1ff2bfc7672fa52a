/// Where one row's features go. The same row-filling code runs once in schema mode, to list
/// the columns, and then for every row in write mode, so column names and values cannot drift
/// apart.
struct FeatureRowSink {
    private(set) var schema: [FeatureColumn]?
    private let out: UnsafeMutablePointer<Float>?
    private let stride: Int
    private var column = 0

    /// Collects the column list.
    static func collectingSchema() -> FeatureRowSink { FeatureRowSink(schema: [], out: nil, stride: 0) }

    /// Writes into a column-major table: column c of this row at `out[c * stride]`.
    static func writing(to out: UnsafeMutablePointer<Float>, stride: Int) -> FeatureRowSink {
        FeatureRowSink(schema: nil, out: out, stride: stride)
    }

    private init(schema: [FeatureColumn]?, out: UnsafeMutablePointer<Float>?, stride: Int) {
        self.schema = schema
        self.out = out
        self.stride = stride
    }

    mutating func put(_ name: @autoclosure () -> String, _ value: Float, _ role: FeatureRole = .feature,
                      _ encoding: FeatureEncoding = .numeric) {
        if schema != nil {
            schema?.append(FeatureColumn(name: name(), role: role, encoding: encoding))
        } else if let out {
            out[column * stride] = value
        }
        column += 1
    }

    mutating func flag(_ name: @autoclosure () -> String, _ value: Bool) { put(name(), value ? 1 : 0, .feature, .flag) }

    /// An attribute as an integer code, as one-hot flags, or both.
    mutating func categorical(_ name: String, _ code: Int, _ names: [String], _ view: CategoricalView) {
        if view != .oneHot { put(name, Float(code), .feature, .categorical(cardinality: names.count)) }
        if view != .codes {
            for (index, value) in names.enumerated() { flag("\(name)=\(value)", code == index) }
        }
    }
}
