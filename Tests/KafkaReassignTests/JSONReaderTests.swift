import XCTest
@testable import KafkaReassign

final class JSONReaderTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONReader.parse(Array(text.utf8), source: "test")
    }

    func testParsesEveryKindOfValueAndKeepsMemberOrder() throws {
        let value = try parse(#" {"b": [1, -2, 3.5, 1e3, true, false, null], "a": {"x": "y"}} "#)
        XCTAssertEqual(value, .object([
            JSONMember("b", .array([.integer(1), .integer(-2), .number(3.5), .number(1000), .bool(true), .bool(false), .null])),
            JSONMember("a", .object([JSONMember("x", .string("y"))])),
        ]))
    }

    func testIntegersStayExact() throws {
        XCTAssertEqual(try parse("9223372036854775807"), .integer(Int64.max))
        XCTAssertEqual(try parse("-9223372036854775808"), .integer(Int64.min))
        XCTAssertEqual(try parse("123456789012345678"), .integer(123_456_789_012_345_678))
        XCTAssertEqual(try parse("9223372036854775808"), .number(9_223_372_036_854_775_808))
        XCTAssertEqual(try parse("-0"), .integer(0))
    }

    func testStringEscapesAndSurrogatePairs() throws {
        XCTAssertEqual(try parse(#""a\"b\\c\/d\b\f\n\r\t""#), .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        XCTAssertEqual(try parse(#""\u00e9\uD83D\uDE00x""#), .string("é😀x"))
        XCTAssertEqual(try parse("\"h\u{e9}llo\""), .string("héllo"))
    }

    func testDuplicateKeysResolveToTheLastLikeJackson() throws {
        XCTAssertEqual(try parse(#"{"k":1,"k":2}"#)["k"], .integer(2))
    }

    func testErrorsNameTheByteOffset() {
        let cases: [(String, Int)] = [
            (#"{"a":1,}"#, 7), ("[1 2]", 3), (#"{"a" 1}"#, 5), ("01", 1), ("1.", 2), ("-", 1), ("tru", 0),
            ("\"abc", 4), ("\"a\u{1}\"", 2), (#""\x""#, 3), (#""\uD800""#, 7), ("[1]x", 3), ("", 0),
        ]
        for (text, offset) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                guard case let ReassignError.malformedJSON(source, at, _) = error else {
                    return XCTFail("\(text): unexpected \(error)")
                }
                XCTAssertEqual(source, "test")
                XCTAssertEqual(at, offset, text)
            }
        }
    }

    func testDeepNestingIsRefusedNotACrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try parse(text))
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        XCTAssertNoThrow(try parse(fine))
    }

    func testPrefixParsingStopsAfterTheValue() throws {
        let bytes = Array(#"{"a":1}trailing"#.utf8)
        let (value, end) = try JSONReader.parsePrefix(bytes, from: 0, source: "test")
        XCTAssertEqual(value, .object([JSONMember("a", .integer(1))]))
        XCTAssertEqual(end, 7)
    }

    func testWriterEscapesLikeJackson() {
        XCTAssertEqual(JSONWriter.compact(.string("q\"b\\s/\u{8}\u{9}\n\u{C}\r\u{1}\u{1F}é")),
                       #""q\"b\\s/\b\t\n\f\r\u0001\u001Fé""#)
        XCTAssertEqual(JSONWriter.compact(.object([JSONMember("a", .array([.integer(-1), .null, .bool(true)]))])),
                       #"{"a":[-1,null,true]}"#)
        XCTAssertEqual(JSONWriter.compact(.number(2.5)), "2.5")
        XCTAssertEqual(JSONWriter.compact(.number(3)), "3.0")
    }

    func testWriterOutputReadsBack() throws {
        let value: JSONValue = .object([
            JSONMember("topic", .string("we\u{1}ird \"name\" é")),
            JSONMember("n", .array([.integer(Int64.min), .integer(0), .number(0.25)])),
        ])
        XCTAssertEqual(try parse(JSONWriter.compact(value)), value)
    }
}
