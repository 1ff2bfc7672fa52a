import Foundation

/// What a folder holds before a dataset is loaded from it, so a caller that can simulate the
/// data (a demand experiment with `data.generate`) knows whether to: load it, write it, write
/// it again, or refuse.
public enum RetailFolderState: Equatable {
    /// No dataset and no dataset files (or no folder): nothing to lose by writing one.
    case empty
    /// A dataset whose `dataset.json` and files agree in size and checksum. Its contents may
    /// still be invalid; ``RetailDataset/load(_:)`` checks every field.
    case complete
    /// Dataset files without `dataset.json` (an interrupted write), files that differ from
    /// what `dataset.json` records, or a `dataset.json` without records (an older format).
    /// `generatedWith` is the size and seed `dataset.json` records, when it can be read.
    case incomplete(RetailDataError, generatedWith: RetailGeneration?)
}

/// The simulator settings a dataset was generated with, as `dataset.json` records them.
public struct RetailGeneration: Equatable, Sendable {
    public var products: Int
    public var days: Int
    public var seed: UInt64?

    public init(products: Int, days: Int, seed: UInt64?) {
        self.products = products
        self.days = days
        self.seed = seed
    }
}

extension RetailDataset {
    /// The state of `directory`; reads `dataset.json` and checksums the files it lists.
    public static func folderState(_ directory: String) -> RetailFolderState {
        let url = URL(fileURLWithPath: directory)
        let metadataURL = url.appendingPathComponent(RetailDatasetFiles.metadata)
        let manager = FileManager.default
        if !manager.fileExists(atPath: metadataURL.path) {
            let leftovers = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            let datasetFiles = Set([RetailDatasetFiles.catalog, RetailDatasetFiles.customers, RetailDatasetFiles.campaigns,
                                    RetailDatasetFiles.promotions, RetailDatasetFiles.orders, RetailDatasetFiles.orderLines,
                                    ExpectedDemandFile.dataName, ExpectedDemandFile.headerName,
                                    RetailDatasetFiles.truthProducts, RetailDatasetFiles.spikes])
            // A temporary file of an atomic write counts too: the writer was killed mid-file.
            let started = leftovers.contains { name in
                datasetFiles.contains(name) || datasetFiles.contains { name.hasPrefix(".\($0).") && name.hasSuffix(".tmp") }
            }
            guard started else { return .empty }
        }
        // Read loosely here: the size and seed are wanted even when the format is refused.
        var generation: RetailGeneration?
        if let data = manager.contents(atPath: metadataURL.path),
           let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
           let products = object["products"] as? Int, let days = object["days"] as? Int {
            generation = RetailGeneration(products: products, days: days, seed: (object["seed"] as? NSNumber)?.uint64Value)
        }
        do {
            let meta = try RetailMetadata(directory: url)
            try RetailDatasetIntegrity.verify(url, records: meta.files, regenerate: meta.regenerateCommand(url))
            return .complete
        } catch let error as RetailDataError {
            return .incomplete(error, generatedWith: generation)
        } catch {
            return .incomplete(RetailDataError(file: RetailDatasetFiles.metadata, row: 0, field: "", message: "\(error)"),
                               generatedWith: generation)
        }
    }
}
