import Testing
@testable import VitrineData

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(#" {"a": [1, -2.5, 3e2, 0], "b": {"c": null, "d": true, "e": false}, "s": "x"} "#)
        #expect(value == .object([
            JSONMember("a", .array([.number(1), .number(-2.5), .number(300), .number(0)])),
            JSONMember("b", .object([JSONMember("c", .null), JSONMember("d", .bool(true)), JSONMember("e", .bool(false))])),
            JSONMember("s", .string("x")),
        ]))
        #expect(value["s"] == .string("x"))
        #expect(value["missing"] == nil)
        // 1 and true stay distinct (Foundation on Linux cannot tell them apart).
        #expect(try JSONValue.parse("[1, true]") == .array([.number(1), .bool(true)]))
    }

    @Test func stringEscapes() throws {
        let value = try JSONValue.parse(#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 日本""#)
        #expect(value == .string("q\" b\\ s/ \u{8}\u{C}\n\r\t é 😀 日本"))
    }

    @Test func syntaxErrorsGiveLineAndColumn() {
        func error(_ text: String) -> String? {
            do { _ = try JSONValue.parse(text); return nil } catch { return "\(error)" }
        }
        #expect(error("{\n  \"a\": 1,\n}") == "line 3, column 1: expected a quoted key")
        #expect(error("[1 2]") == "line 1, column 4: expected ',' or ']' in an array")
        #expect(error(#"{"a": 1, "a": 2}"#) == #"line 1, column 10: duplicate key "a""#)
        #expect(error("[01]") == "line 1, column 2: a number cannot start with 0")
        #expect(error("[1.]") == "line 1, column 4: expected digits after the decimal point")
        #expect(error("[1e999]") == "line 1, column 2: the number 1e999 is out of range")
        #expect(error("\"abc") == "line 1, column 1: the string opened here is never closed")
        #expect(error("\"a\nb\"") == "line 1, column 3: a control character inside a string must be escaped")
        #expect(error("tru") == "line 1, column 1: invalid literal (expected true)")
        #expect(error("{} x") == "line 1, column 4: unexpected text after the JSON value")
        #expect(error("") == "line 1, column 1: unexpected end of the document")
        #expect(error(#""\ud800x""#) == "line 1, column 8: unpaired surrogate in a \\u escape")
        #expect(error(String(repeating: "[", count: 600)) == "line 1, column 513: nesting deeper than 512 levels")
    }

    @Test func writesAndReadsBack() throws {
        let value = JSONValue.object([
            JSONMember("n", .array([.number(1), .number(-0.1), .number(12.5), .number(1e-5), .number(3e20)])),
            JSONMember("s", .string("a\"b\\c\nd\u{1}é")),
            JSONMember("o", .object([])), JSONMember("e", .array([])), JSONMember("z", .null), JSONMember("t", .bool(true)),
        ])
        let text = value.serialized
        #expect(text == #"{"n":[1,-0.1,12.5,1e-05,3e+20],"s":"a\"b\\c\nd\u0001é","o":{},"e":[],"z":null,"t":true}"#)
        #expect(try JSONValue.parse(text) == value)
    }
}
