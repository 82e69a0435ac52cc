import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

@Suite struct LexerTests {
    func kinds(_ text: String) throws -> [Token.Kind] {
        try Lexer.tokenize(Source(name: "t", text: text)).map(\.kind)
    }

    @Test func fullWidthFormsFoldToASCII() throws {
        #expect(try kinds("2×（1－16％）") == kinds("2*(1-16%)"))
        #expect(try kinds("ａ＝１２３；") == kinds("a=123;"))
        #expect(try kinds("x ≥ 1 ≤ 2 ≠ 3") == kinds("x >= 1 <= 2 != 3"))
        #expect(try kinds("8÷2") == kinds("8/2"))
    }

    @Test func chineseIdentifiersAndKeywords() throws {
        #expect(try kinds("调整后预算数") == [.identifier("调整后预算数"), .end])
        // Keywords end a run of Chinese characters: no spaces needed.
        #expect(try kinds("如果x>1那么2否则3") == kinds("if x > 1 then 2 else 3"))
        #expect(try kinds("`青岛市“一码通城”综合服务平台项目`") == [.identifier("青岛市“一码通城”综合服务平台项目"), .end])
    }

    @Test func numbers() throws {
        #expect(try kinds("27_499.988") == [.number(DecimalText.parse("27499.988")!), .end])
        #expect(try kinds("９５.３８%") == [.number(DecimalText.parse("95.38")!), .symbol(.percent), .end])
        for bad in ["1.2.3", "12_", "1__0", "1e5", "0x1F", "3."] {
            #expect(throws: Diagnostic.self, "\(bad)") { try Lexer.tokenize(Source(name: "t", text: bad)) }
        }
    }

    /// A number followed by a unit of money is an amount; thousands commas belong to a
    /// number only then, so a call's arguments stay apart.
    @Test func amounts() throws {
        let d = { (t: String) in DecimalText.parse(t)! }
        #expect(try kinds("466.32万元") == [.amount(d("466.32"), .tenThousandYuan), .end])
        #expect(try kinds("1.2 亿元") == [.amount(d("1.2"), .hundredMillionYuan), .end])
        #expect(try kinds("750,000元") == [.amount(d("750000"), .yuan), .end])
        #expect(try kinds("１，２３４.５千元") == [.amount(d("1234.5"), .thousandYuan), .end])
        #expect(try kinds("12,345,678.9 万元 + 1") == [.amount(d("12345678.9"), .tenThousandYuan), .symbol(.plus), .number(.one), .end])
        // Without a unit, or with groups that are not three digits, commas separate.
        #expect(
            try kinds("max(1,000)") == [
                .identifier("max"), .symbol(.lparen), .number(.one), .symbol(.comma), .number(.zero), .symbol(.rparen), .end,
            ])
        #expect(
            try kinds("f(1,0000元)") == [
                .identifier("f"), .symbol(.lparen), .number(.one), .symbol(.comma), .amount(.zero, .yuan), .symbol(.rparen), .end,
            ])
        #expect(
            try kinds("f(1,23元)") == [
                .identifier("f"), .symbol(.lparen), .number(.one), .symbol(.comma), .amount(Rational(23), .yuan), .symbol(.rparen), .end,
            ])
        // A name that begins with a unit's characters after a number is still the unit
        // (and then a name): `5万元素` is 5万元 and 素, a syntax error for the parser.
        #expect(try kinds("5元") == [.amount(Rational(5), .yuan), .end])
        #expect(try kinds("x元") == [.identifier("x元"), .end])
    }

    @Test func stringsCommentsAndSeparators() throws {
        #expect(try kinds("\"优\" “良” # 注释") == [.string("优"), .string("良"), .end])
        #expect(
            try kinds("1\n2;3；4") == [
                .number(.one), .separator, .number(Rational(2)), .separator,
                .number(Rational(3)), .separator, .number(Rational(4)), .end,
            ])
        // A newline inside brackets does not end the statement.
        #expect(try kinds("(1 +\n 2)").contains(.separator) == false)
    }

    @Test func metaCommandsOnlyAtStatementStart() throws {
        #expect(try kinds(":precision 4; 1") == [.meta(name: "precision", argument: "4"), .separator, .number(.one), .end])
        #expect(try kinds("：help 执行率") == [.meta(name: "help", argument: "执行率"), .end])
    }

    @Test func bracketErrors() {
        func kind(_ text: String) -> Diagnostic.Kind? {
            do {
                _ = try Lexer.tokenize(Source(name: "t", text: text))
                return nil
            } catch { return error.kind }
        }
        #expect(kind("(1+2") == .unclosedBracket("("))
        #expect(kind("1+2)") == .unmatchedClosingBracket(")"))
        #expect(kind("(1]") == .mismatchedBracket(open: "(", close: "]"))
        #expect(kind(String(repeating: "(", count: 10_000)) == .nestingTooDeep(limit: Limits().maxNesting))
        #expect(Lexer.isIncomplete("执行率(1,"))
        #expect(!Lexer.isIncomplete("执行率(1, 2)"))
        #expect(!Lexer.isIncomplete("(1]"))
    }
}
