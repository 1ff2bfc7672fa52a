import Foundation
import Testing
@testable import VitrineData

/// A temporary folder with a manifest and (optionally) its image files.
private struct ManifestFolder {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func touch(_ paths: String...) throws {
        for path in paths {
            let full = directory + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: full, contents: Data([0x89]))
        }
    }

    func write(_ text: String, name: String = "manifest.csv") throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

private let sample = """
    path,product_id,category,brand,split,colour,price
    img/p1-a.png,p1,ring,Acme,train,gold,120.5
    img/p1-b.png,p1,ring,Acme,train,gold,120.5
    img/p2-a.png,p2,necklace,Bolt,val,silver,
    img/p3-a.png,p3,ring,Bolt,train,"rose, gold",99
    img/p2-b.png,p2,necklace,Bolt,test,silver,80

    """

@Suite struct ManifestTests {
    @Test func loadsRowsAttributesAndLookups() throws {
        let folder = try ManifestFolder()
        defer { folder.remove() }
        try folder.touch("img/p1-a.png", "img/p1-b.png", "img/p2-a.png", "img/p3-a.png", "img/p2-b.png")
        let path = try folder.write(sample)
        let m = try Manifest(path: path, numericColumns: ["price"], checkFiles: true)
        #expect(m.count == 5)
        #expect(m.attributeColumns == ["colour", "price"])
        #expect(m.rows[3] == ManifestRow(path: "img/p3-a.png", productID: "p3", category: "ring", brand: "Bolt",
                                         split: "train", attributes: ["colour": "rose, gold", "price": "99"], line: 5))
        #expect(m.value("colour", row: 3) == "rose, gold")
        #expect(m.value("brand", row: 2) == "Bolt")
        #expect(m.value("nope", row: 2) == nil)
        #expect(m.number("price", row: 0) == 120.5)
        #expect(m.number("price", row: 2) == nil)  // empty cell = missing
        #expect(m.absolutePath(of: 0) == folder.directory + "/img/p1-a.png")
        #expect(FileManager.default.fileExists(atPath: m.absolutePath(of: 4)))
    }

    @Test func splitsAndGroupsKeepManifestOrder() throws {
        let m = try Manifest(csv: sample, directory: "/data")
        #expect(m.splits == ["train", "val", "test"])
        #expect(m.indices(inSplit: "train") == [0, 1, 3])
        let train = m.subset(split: "train")
        #expect(train.rows.map(\.productID) == ["p1", "p1", "p3"])
        #expect(train.rows.map(\.line) == [2, 3, 5])
        #expect(train.directory == "/data")
        #expect(m.productGroups == [ManifestGroup(key: "p1", rows: [0, 1]), ManifestGroup(key: "p2", rows: [2, 4]),
                                    ManifestGroup(key: "p3", rows: [3])])
        #expect(m.categoryGroups == [ManifestGroup(key: "ring", rows: [0, 1, 3]),
                                     ManifestGroup(key: "necklace", rows: [2, 4])])
        #expect(m.groups(by: "colour").map(\.key) == ["gold", "silver", "rose, gold"])
        let (labels, names) = m.labels(by: "product_id")
        #expect(labels == [0, 0, 1, 2, 1])
        #expect(names == ["p1", "p2", "p3"])
        #expect(m.filter { $0.brand == "Bolt" }.count == 3)
    }

    @Test func columnsInAnyOrderWithBOMAndCRLF() throws {
        let text = "\u{FEFF}split , brand,path,category,product_id\r\ntrain,A,x.png,c,p\r\n"
        let m = try Manifest(csv: text, directory: "/d")
        #expect(m.rows == [ManifestRow(path: "x.png", productID: "p", category: "c", brand: "A", split: "train", line: 2)])
        #expect(m.attributeColumns.isEmpty)
    }

    @Test func writeAndReloadRoundTrips() throws {
        let folder = try ManifestFolder()
        defer { folder.remove() }
        let m = try Manifest(csv: sample, directory: folder.directory, numericColumns: ["price"])
        let path = folder.directory + "/copy.csv"
        try m.write(to: path)
        let back = try Manifest(path: path, numericColumns: ["price"])
        #expect(back.rows == m.rows)
        #expect(back.attributeColumns == m.attributeColumns)
        #expect(back.csv() == m.csv())
        #expect(m.csv().hasPrefix("path,product_id,category,brand,split,colour,price\n"))
        #expect(m.csv().contains("\"rose, gold\""))
    }

    @Test func inMemoryManifestsAreValidatedToo() throws {
        let row = ManifestRow(path: "a.png", productID: "", category: "c", brand: "b", split: "train",
                              attributes: ["size": "L"], line: 0)
        #expect(throws: ManifestError([
            ManifestIssue(file: "<manifest>", line: 0, field: "size", "attribute is not one of the manifest's columns []"),
            ManifestIssue(file: "<manifest>", line: 0, field: "product_id", "empty product id"),
        ])) {
            try Manifest(rows: [row], attributeColumns: [], directory: "/d")
        }
        let ok = try Manifest(rows: [ManifestRow(path: "a.png", productID: "p", category: "c", brand: "b", split: "s")],
                              attributeColumns: ["size"], directory: "/d")
        #expect(ok.value("size", row: 0) == nil)
        #expect(ok.csv() == "path,product_id,category,brand,split,size\na.png,p,c,b,s,\n")
    }

    // MARK: Errors: each names the file, the line and the column.

    @Test func missingRequiredColumns() throws {
        let error = try #require(throws: ManifestError.self) {
            try Manifest(csv: "path,product_id,category,colour\nx.png,p,c,red\n", file: "shop.csv", directory: "/d")
        }
        #expect(error.issues == [
            ManifestIssue(file: "shop.csv", line: 1, field: "brand",
                          "required column is missing (the header has path, product_id, category, colour)"),
            ManifestIssue(file: "shop.csv", line: 1, field: "split",
                          "required column is missing (the header has path, product_id, category, colour)"),
        ])
        #expect(error.description.hasPrefix("shop.csv:1: brand: required column is missing"))
    }

    @Test func headerProblems() throws {
        #expect(throws: ManifestError(file: "m.csv", line: 1, field: "path", "the column appears twice in the header")) {
            try Manifest(csv: "path,product_id,category,brand,split,path\n", file: "m.csv", directory: "/d")
        }
        #expect(throws: ManifestError(file: "m.csv", line: 1, field: nil, "column 6 of the header has no name")) {
            try Manifest(csv: "path,product_id,category,brand,split,\n", file: "m.csv", directory: "/d")
        }
        #expect(throws: ManifestError(file: "m.csv", line: 1, field: "price", "the column declared numeric is not in the header")) {
            try Manifest(csv: "path,product_id,category,brand,split\n", file: "m.csv", directory: "/d", numericColumns: ["price"])
        }
        #expect(throws: ManifestError.self) { try Manifest(csv: "", file: "m.csv", directory: "/d") }
    }

    @Test func emptyProductIDAndRaggedRows() throws {
        let text = """
            path,product_id,category,brand,split
            a.png,p1,c,b,train
            b.png,,c,b,train
            c.png,p3,c,b
            d.png,  ,c,b,train

            """
        let error = try #require(throws: ManifestError.self) { try Manifest(csv: text, file: "m.csv", directory: "/d") }
        #expect(error.issues == [
            ManifestIssue(file: "m.csv", line: 3, field: "product_id", "empty product id"),
            ManifestIssue(file: "m.csv", line: 4, field: nil, "the row has 4 fields, the header has 5"),
            ManifestIssue(file: "m.csv", line: 5, field: "product_id", "empty product id"),
        ])
        #expect(error.description.hasPrefix("m.csv:3: product_id: empty product id\nm.csv:4: the row has 4 fields, the header has 5\n"))
    }

    @Test func duplicatePaths() throws {
        let text = "path,product_id,category,brand,split\nimg/a.png,p,c,b,s\nimg/b.png,p,c,b,s\n./img/a.png,q,c,b,s\n"
        #expect(throws: ManifestError(file: "m.csv", line: 4, field: "path", "duplicate path './img/a.png' (first on line 2)")) {
            try Manifest(csv: text, file: "m.csv", directory: "/d")
        }
    }

    @Test func pathsThatLeaveTheFolder() throws {
        for bad in ["../secret.png", "/etc/passwd", "img/../../x.png", "~/x.png", ".", ""] {
            let text = "path,product_id,category,brand,split\n\(bad),p,c,b,s\n"
            let error = try #require(throws: ManifestError.self) { try Manifest(csv: text, file: "m.csv", directory: "/d") }
            let expected = bad.isEmpty ? "empty path"
                : "'\(bad)' is outside the manifest's folder; paths must be relative and stay inside it"
            #expect(error.issues == [ManifestIssue(file: "m.csv", line: 2, field: "path", expected)], "\(bad)")
        }
        // Climbing down and back up inside the folder is fine.
        #expect(try Manifest(csv: "path,product_id,category,brand,split\na/../b.png,p,c,b,s\n", directory: "/d").count == 1)
    }

    @Test func missingFilesWhenChecked() throws {
        let folder = try ManifestFolder()
        defer { folder.remove() }
        try folder.touch("img/here.png")
        try FileManager.default.createDirectory(atPath: folder.directory + "/img/folder.png", withIntermediateDirectories: true)
        let path = try folder.write("path,product_id,category,brand,split\nimg/here.png,p,c,b,s\nimg/gone.png,q,c,b,s\nimg/folder.png,r,c,b,s\n")
        #expect(try Manifest(path: path).count == 3)  // not checked by default
        let error = try #require(throws: ManifestError.self) { try Manifest(path: path, checkFiles: true) }
        #expect(error.issues == [
            ManifestIssue(file: path, line: 3, field: "path", "no such file 'img/gone.png' in \(folder.directory)"),
            ManifestIssue(file: path, line: 4, field: "path", "'img/folder.png' is a folder, not an image file"),
        ])
    }

    @Test func nonNumericValuesInNumericColumns() throws {
        let text = "path,product_id,category,brand,split,price,weight\na,p,c,b,s,12.5,3\nb,p,c,b,s,n/a,2\nc,p,c,b,s, 7 ,heavy\nd,p,c,b,s,nan,1\n"
        let error = try #require(throws: ManifestError.self) {
            try Manifest(csv: text, file: "m.csv", directory: "/d", numericColumns: ["price", "weight"])
        }
        #expect(error.issues == [
            ManifestIssue(file: "m.csv", line: 3, field: "price", "'n/a' is not a number"),
            ManifestIssue(file: "m.csv", line: 4, field: "weight", "'heavy' is not a number"),
            ManifestIssue(file: "m.csv", line: 5, field: "price", "'nan' is not a number"),
        ])
        // Undeclared columns are free text.
        #expect(try Manifest(csv: text, directory: "/d").number("price", row: 2) == 7)
    }

    @Test func errorsCountLinesThroughMultiLineFields() throws {
        let text = "path,product_id,category,brand,split,note\na,p,c,b,s,\"one\ntwo\nthree\"\nb,,c,b,s,x\n"
        #expect(throws: ManifestError(file: "m.csv", line: 5, field: "product_id", "empty product id")) {
            try Manifest(csv: text, file: "m.csv", directory: "/d")
        }
    }

    @Test func csvSyntaxErrorsBecomeManifestErrors() throws {
        let folder = try ManifestFolder()
        defer { folder.remove() }
        let path = try folder.write("path,product_id,category,brand,split\na,p,c,b,\"open\n")
        #expect(throws: ManifestError(file: path, line: 2, field: nil, "the quoted field 5 opened here is never closed")) {
            try Manifest(path: path)
        }
        #expect(throws: ManifestError(file: "/nonexistent/m.csv", line: 0, field: nil, "no such file")) {
            try Manifest(path: "/nonexistent/m.csv")
        }
    }

    @Test func longErrorListsAreCapped() throws {
        let rows = (0..<25).map { "r\($0).png,,c,b,s" }.joined(separator: "\n")
        let error = try #require(throws: ManifestError.self) {
            try Manifest(csv: "path,product_id,category,brand,split\n" + rows, file: "m.csv", directory: "/d")
        }
        #expect(error.issues.count == 25)
        let lines = error.description.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.last == "... and 5 more problems")
    }
}
