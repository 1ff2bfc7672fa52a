import Foundation

/// Which rows of a manifest an experiment uses: column filters, then (optionally) only the
/// best-selling products. "The sweaters in the top 30 % by units sold" is
/// `filters: ["category=sweater"], topShare: 0.3, rankBy: "units_sold", rankWithin: "category"`.
///
/// Popularity is a product's, not an image's: products are ranked by the ranking column (the
/// same on every row of a product; the largest value is taken if rows disagree), and every
/// image of a kept product is kept. Ranking is within each group of `rankWithin` (each
/// category by default), so a top share of a mixed selection keeps the best sellers of every
/// category rather than only those of the best-selling one. Ties keep the product that comes
/// first in the manifest, so a selection is the same on every run.
public struct ManifestSelection: Equatable, Sendable {
    /// `column=value[,value…]` keeps rows whose column holds one of the values;
    /// `column!=value[,value…]` drops them.
    public struct Filter: Equatable, Sendable, CustomStringConvertible {
        public let column: String
        public let values: [String]
        public let excludes: Bool

        public init(column: String, values: [String], excludes: Bool = false) {
            self.column = column
            self.values = values
            self.excludes = excludes
        }

        /// Parses `column=a,b` or `column!=a,b`; the message says what the form is.
        public init(parsing text: String) throws {
            let excludes = text.contains("!=")
            let parts = text.components(separatedBy: excludes ? "!=" : "=")
            let column = parts.first?.trimmingCharacters(in: .whitespaces) ?? ""
            let values = parts.count == 2
                ? parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : []
            guard parts.count == 2, !column.isEmpty, !values.isEmpty else {
                throw SelectionError("'\(text)' is not a filter; write column=value[,value…] or column!=value[,value…], "
                    + "e.g. category=ring,earrings")
            }
            self.init(column: column, values: values, excludes: excludes)
        }

        public var description: String { column + (excludes ? "!=" : "=") + values.joined(separator: ",") }

        func keeps(_ row: ManifestRow) -> Bool { values.contains(row[column] ?? "") != excludes }
    }

    public var filters: [Filter]
    /// The share of products kept by popularity, in (0, 1]; 1 keeps every product.
    public var topShare: Double
    /// The numeric column products are ranked by (largest first).
    public var rankBy: String
    /// Products are ranked within each value of this column; empty ranks the whole selection.
    public var rankWithin: String

    public init(filters: [Filter] = [], topShare: Double = 1, rankBy: String = "units_sold", rankWithin: String = "category") {
        self.filters = filters
        self.topShare = topShare
        self.rankBy = rankBy
        self.rankWithin = rankWithin
    }

    /// Every row, unfiltered.
    public static let all = ManifestSelection()

    /// The rows of `candidates` (indices into `manifest`, in order) that the selection keeps, in
    /// their order. A filter naming a column the manifest lacks, or values no row holds, is an
    /// error listing what exists (a typo would otherwise select nothing, or everything).
    public func rows(of manifest: Manifest, among candidates: [Int]) throws -> [Int] {
        for filter in filters {
            let columns = Manifest.requiredColumns + manifest.attributeColumns
            guard columns.contains(filter.column) else {
                throw SelectionError("\(manifest.file): filter '\(filter)': the manifest has no column '\(filter.column)'; "
                    + "its columns are \(columns.joined(separator: ", "))")
            }
            let present = Set(candidates.compactMap { manifest.rows[$0][filter.column] })
            let unknown = filter.values.filter { !present.contains($0) }
            guard unknown.isEmpty else {
                throw SelectionError("\(manifest.file): filter '\(filter)': no row has \(filter.column) "
                    + unknown.map { "'\($0)'" }.joined(separator: ", ") + "; the values are "
                    + present.sorted().joined(separator: ", "))
            }
        }
        let filtered = candidates.filter { index in filters.allSatisfy { $0.keeps(manifest.rows[index]) } }
        guard topShare < 1 else { return filtered }
        guard topShare > 0 else { throw SelectionError("the top share must be in (0, 1], got \(topShare)") }
        guard manifest.numericColumns.contains(rankBy) || manifest.attributeColumns.contains(rankBy) else {
            throw SelectionError("\(manifest.file): products are ranked by '\(rankBy)', which the manifest does not have; "
                + "its columns are \((Manifest.requiredColumns + manifest.attributeColumns).joined(separator: ", ")) "
                + "(catalogs rendered before the units_sold column: render the catalog again)")
        }
        if !rankWithin.isEmpty, !(Manifest.requiredColumns + manifest.attributeColumns).contains(rankWithin) {
            throw SelectionError("\(manifest.file): products are ranked within '\(rankWithin)', which the manifest does not have")
        }
        // Each product's sales and group, in order of first appearance.
        var products: [String] = [], sales: [String: Double] = [:], group: [String: String] = [:]
        for index in filtered {
            let row = manifest.rows[index]
            guard let text = row[rankBy], let value = Double(text), value.isFinite else {
                throw SelectionError("\(manifest.file):\(row.line): \(rankBy): '\(row[rankBy] ?? "")' is not a number; "
                    + "every selected row needs one to rank its product")
            }
            if let known = sales[row.productID] {
                sales[row.productID] = max(known, value)
            } else {
                products.append(row.productID)
                sales[row.productID] = value
                group[row.productID] = rankWithin.isEmpty ? "" : row[rankWithin] ?? ""
            }
        }
        var kept = Set<String>()
        var groups: [String: [String]] = [:], groupOrder: [String] = []
        for product in products {
            if groups[group[product]!] == nil { groupOrder.append(group[product]!) }
            groups[group[product]!, default: []].append(product)
        }
        for key in groupOrder {
            let members = groups[key]!
            // A stable sort: equal sales keep manifest order.
            let ranked = members.enumerated().sorted { a, b in
                let (x, y) = (sales[a.element]!, sales[b.element]!)
                return x != y ? x > y : a.offset < b.offset
            }
            let count = max(1, Int((Double(members.count) * topShare).rounded(.up)))
            kept.formUnion(ranked.prefix(count).map(\.element))
        }
        return filtered.filter { kept.contains(manifest.rows[$0].productID) }
    }
}

/// A selection that cannot be applied to a manifest; the message says what exists instead.
public struct SelectionError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
