import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage
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

    /// Pinyin initials, when nothing matches the letters as written: one letter per
    /// character, any reading of a polyphonic one (行 xíng/háng, 调 tiáo/diào).
    @Test func pinyinInitials() {
        let names = ["执行率", "执行数", "调整后预算数", "调整数", "占比", "zx备注", "支出决算表"]
        #expect(Completion.complete("zxl", among: names) == .replace("执行率", all: []))
        #expect(Completion.complete("ZXL", among: names) == .replace("执行率", all: []))
        #expect(Completion.complete("zhl", among: names) == .replace("执行率", all: []))  // 行 as háng
        #expect(Completion.complete("tzhyss", among: names) == .replace("调整后预算数", all: []))
        #expect(Completion.complete("dzhyss", among: names) == .replace("调整后预算数", all: []))  // 调 as diào
        #expect(Completion.complete("zb", among: names) == .replace("占比", all: []))
        // Several: what they share replaces the letters only when it covers them all.
        // 率 is also shuài: zxs names both; 执行 does not cover three letters, so they stay.
        #expect(Completion.complete("zxs", among: names) == .replace("zxs", all: ["执行数", "执行率"]))
        #expect(Completion.complete("tz", among: names) == .replace("调整", all: ["调整后预算数", "调整数"]))
        #expect(Completion.complete("zc", among: names) == .replace("支出决算表", all: []))
        // Letters as written win: `zx` completes zx备注, not 执行….
        #expect(Completion.complete("zx", among: names) == .insert("备注"))
        #expect(Completion.complete("qq", among: names) == .none)
        #expect(Pinyin.initials(of: "行") == ["h", "x"])
        #expect(Pinyin.initials(of: "调") == ["d", "t"])
        #expect(!Pinyin.matches(initials: "zxlf", name: "执行率"))
        #expect(!Pinyin.matches(initials: "z1", name: "执行率"))
        #expect(Pinyin.matches(initials: "z1", name: "执1"))
    }

    @Test func listingAlignsByDisplayWidth() {
        let text = Completion.layout(["预算数", "ab", "预算收入"], width: 30)
        #expect(text == "预算数    ab        预算收入")
    }
}

/// What Tab is offered in each context (the core decides; the line editor inserts).
@Suite struct CompletionContextTests {
    let session: Session = {
        let s = Session()
        s.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        return s
    }()

    func offer(_ before: String) -> (String, [String]) {
        let r = session.completions(before: before)
        let matches = r.candidates.filter { $0.hasPrefix(r.prefix) }
        return (r.prefix, Array(Set(matches)).sorted())
    }

    @Test func namesAfterOperatorsAndFullWidthPunctuation() {
        #expect(offer("1+增").0 == "增")
        #expect(offer("1+增").1 == ["增长率"])
        #expect(offer("占比（１，执").1.contains("执行率"))
        #expect(offer(":pre").1 == [":precision"])
        #expect(offer("支出决").1 == ["支出决算表"])
    }

    @Test func columnsAfterADot() {
        #expect(offer("项目.调整").1 == ["调整后预算数"])
        #expect(offer("sum(支出决算表.").1.contains("项"))
        #expect(offer("项目[\"运维\"].全年").1 == ["全年执行数"])
        // Rule-only columns, and a hierarchy row's 下级.
        #expect(offer("项目.指标").1 == ["指标得分"])
        #expect(offer("项目[\"运维\"].指").1 == ["指标", "指标得分"])
        #expect(offer("支出决算表[\"201\"].下").1 == ["下级"])
    }

    /// `:show 表 列…`: table names, then the table's columns.
    @Test func showCompletesTablesThenColumns() {
        #expect(offer(":show 支出").1 == ["支出决算表"])
        #expect(offer(":显示 收入支出").1 == ["收入支出决算总表"])
        #expect(offer(":show 项目 项目名称 总").1 == ["总分"])
        #expect(offer(":show 项目 全").1 == ["全年执行数", "全部"])
    }

    @Test func rowKeysInsideBrackets() {
        #expect(offer("项目[\"运").1.contains("运维"))
        #expect(offer("支出决算表[\"20103").1 == ["2010301", "2010350", "2010399", "20103"].sorted())
        #expect(offer("1 + 项目[\"一码").1.contains("一码通城"))
    }
}
