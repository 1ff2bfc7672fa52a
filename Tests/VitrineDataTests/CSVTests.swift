import Foundation
import Testing
@testable import VitrineData

@Suite struct CSVTests {
    private func fields(_ text: String) throws -> [[String]] { try CSV.parse(text).map(\.fields) }
    private func lines(_ text: String) throws -> [Int] { try CSV.parse(text).map(\.line) }

    @Test func plainFieldsAndLineEnds() throws {
        #expect(try fields("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(try fields("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try fields("a,b\r1,2\r") == [["a", "b"], ["1", "2"]])
        // No final line end.
        #expect(try fields("a,b\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(try fields("") == [])
    }

    @Test func emptyFields() throws {
        #expect(try fields("a,,c\n,,\n") == [["a", "", "c"], ["", "", ""]])
        #expect(try fields("a,b,\n") == [["a", "b", ""]])
        #expect(try fields("\"\",x\n") == [["", "x"]])
        #expect(try fields("\"\"\n") == [[""]])
    }

    @Test func quotedFields() throws {
        #expect(try fields("\"a,b\",c\n") == [["a,b", "c"]])
        #expect(try fields("\"say \"\"hi\"\"\",x\n") == [["say \"hi\"", "x"]])
        #expect(try fields("\"\"\"\"\n") == [["\""]])
        // A quote in the middle of an unquoted field is a literal character.
        #expect(try fields("12\" frame,b\n") == [["12\" frame", "b"]])
        // Spaces are kept as they are.
        #expect(try fields(" a , b \n") == [[" a ", " b "]])
    }

    @Test func embeddedLineBreaksKeepLineNumbers() throws {
        let text = "h1,h2\n\"two\nlines\",x\n\"crlf\r\ninside\",y\nlast,z\n"
        let records = try CSV.parse(text)
        #expect(records.map(\.fields) == [["h1", "h2"], ["two\nlines", "x"], ["crlf\r\ninside", "y"], ["last", "z"]])
        #expect(records.map(\.line) == [1, 2, 4, 6])
    }

    @Test func byteOrderMarkAndBlankLines() throws {
        let bom = "\u{FEFF}path,id\na.png,1\n"
        #expect(try fields(bom) == [["path", "id"], ["a.png", "1"]])
        // A quoted first field right after the mark is still a quoted field.
        #expect(try fields("\u{FEFF}\"p,q\",id\n") == [["p,q", "id"]])
        #expect(try fields("a\n\n\nb\n\r\n") == [["a"], ["b"]])
        #expect(try lines("a\n\n\nb\n") == [1, 4])
    }

    @Test func unicodeFields() throws {
        #expect(try fields("café,\"naïve, ü\",日本\n") == [["café", "naïve, ü", "日本"]])
    }

    @Test func syntaxErrorsNameTheLine() throws {
        #expect(throws: CSVError(file: "m.csv", line: 2, "the quoted field 2 opened here is never closed")) {
            try CSV.parse("a,b\nx,\"open\nmore\n", file: "m.csv")
        }
        #expect(throws: CSVError(file: "m.csv", line: 3, "unexpected text after the closing quote of field 1")) {
            try CSV.parse("a\nb\n\"q\"tail\n", file: "m.csv")
        }
        #expect(throws: CSVError(file: "m.csv", line: 2, "field 2 is not valid UTF-8")) {
            try CSV.parse([UInt8]("a,b\nx,".utf8) + [0xFF, 0xFE] + [UInt8]("\n".utf8), file: "m.csv")
        }
        #expect(CSVError(file: "m.csv", line: 7, "bad").description == "m.csv:7: bad")
        #expect(throws: CSVError(file: "/nonexistent/m.csv", line: 0, "no such file")) {
            try CSV.read(path: "/nonexistent/m.csv")
        }
    }

    @Test func writerQuotesOnlyWhatNeedsIt() {
        let text = CSV.format([["a", "b,c", "say \"hi\"", "two\nlines", " pad", "plain"], [""], ["", ""]])
        #expect(text == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",plain\n\"\"\n,\n")
        #expect(CSV.format([["x", "y"]], lineEnd: "\r\n") == "x,y\r\n")
    }

    @Test func writeThenReadRoundTrips() throws {
        let rows = [
            ["path", "product_id", "note"],
            ["img/a.png", "p1", "comma, quote \" and\nnewline"],
            ["img/b.png", "", "crlf\r\ninside"],
            [" lead", "trail ", "日本"],
            [""],
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv").path
        try CSV.write(rows, to: path, lineEnd: "\r\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try CSV.read(path: path).map(\.fields) == rows)
    }
}
