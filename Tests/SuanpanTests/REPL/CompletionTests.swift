import Testing
@testable import SuanpanREPL

/// Completion works on whole characters (readline's byte-wise prefix cuts 数/收 in half).
@Suite struct CompletionTests {
    let words = ["执行率", "execution_rate", "预算数", "预算收入", "占比", "增长率", ":help", ":precision"]

    @Test func uniqueMatchInsertsTheRest() {
        #expect(Completion.complete("执", among: words) == .insert("行率"))
        #expect(Completion.complete("占", among: words) == .insert("比"))
    }

    @Test func commonPrefixOnWholeCharacters() {
        // 数 (e6 95 b0) and 收 (e6 94 b6) share their first byte: the prefix is 预算, never 预算 + half a character.
        #expect(Completion.complete("预", among: words) == .choices(insert: "算", all: ["预算收入", "预算数"]))
        #expect(Completion.complete("预算", among: words) == .choices(insert: "", all: ["预算收入", "预算数"]))
    }

    @Test func noMatch() {
        #expect(Completion.complete("不", among: words) == .none)
        #expect(Completion.complete("", among: words) == .none)
    }

    @Test func wordBreaksIncludeOperatorsAndFullWidthPunctuation() {
        #expect(Completion.wordBeforeCursor(Array("1+增".unicodeScalars)).0 == "增")
        #expect(Completion.wordBeforeCursor(Array("占比（１，预".unicodeScalars)).0 == "预")
        #expect(Completion.wordBeforeCursor(Array(":pre".unicodeScalars)).0 == ":pre")
    }

    @Test func listingAlignsByDisplayWidth() {
        let text = Completion.layout(["预算数", "ab", "预算收入"], width: 30)
        #expect(text == "预算数    ab        预算收入")
    }
}
