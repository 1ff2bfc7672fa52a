import Foundation

/// The ground-truth expected demand on disk: `expected_demand.bin` holds products × days
/// little-endian float32 values, row-major (row = product in catalog.csv order, column = day
/// from the dataset's start date), and `expected_demand.json` describes it:
/// `{"dtype": "float32", "byte_order": "little", "shape": [products, days], "layout": "product-major",
///   "start_date": "2023-01-01"}`. Readable from numpy as
/// `np.fromfile("expected_demand.bin", "<f4").reshape(products, days)`.
public enum ExpectedDemandFile {
    public static let dataName = "expected_demand.bin"
    public static let headerName = "expected_demand.json"

    static func write(_ demand: ExpectedDemand, start: CivilDate, to sink: inout RetailFileSink) throws {
        let header = """
        {"dtype": "float32", "byte_order": "little", "shape": [\(demand.products), \(demand.days)], \
        "layout": "product-major", "start_date": "\(start)"}

        """
        try sink.write(headerName, bytes: Array(header.utf8), rows: nil)
        let data = demand.values.withUnsafeBufferPointer { buffer in
            Data(buffer: UnsafeBufferPointer(start: buffer.baseAddress, count: buffer.count))
        }
        try sink.write(dataName, chunks: [data], rows: nil)
    }

    /// Reads the pair back, checking the header against the catalog and day count.
    static func read(from directory: URL, products: Int, days: Int) throws -> ExpectedDemand {
        let headerURL = directory.appendingPathComponent(headerName)
        guard let headerData = FileManager.default.contents(atPath: headerURL.path),
              let object = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw RetailDataError(file: headerName, row: 0, field: "", message: "missing or not a JSON object")
        }
        guard object["dtype"] as? String == "float32", let shape = object["shape"] as? [Int], shape == [products, days] else {
            throw RetailDataError(file: headerName, row: 0, field: "shape",
                                  message: "expected dtype float32 and shape [\(products), \(days)] (catalog products × dataset days)")
        }
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(dataName).path) else {
            throw RetailDataError(file: dataName, row: 0, field: "", message: "missing")
        }
        guard data.count == products * days * 4 else {
            throw RetailDataError(file: dataName, row: 0, field: "", message: "expected \(products * days * 4) bytes, found \(data.count)")
        }
        var values = [Float](repeating: 0, count: products * days)
        _ = values.withUnsafeMutableBytes { out in data.copyBytes(to: out) }
        return ExpectedDemand(products: products, days: days, values: values)
    }
}
