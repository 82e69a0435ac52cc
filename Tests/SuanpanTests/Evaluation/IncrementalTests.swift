import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// After an override, recomputing only the dependents gives exactly what a full
/// recomputation gives.
@Suite struct IncrementalTests {
    func run(_ s: Session, _ text: String) -> [String] { s.outputs(text) }

    @Test(arguments: [
        "assume 项目[\"运维\"].调整后预算数 = 5000",
        "assume 项目[\"运维\"].全年执行数 = 100",
        "assume 指标[\"SJ04-01\"].实际值 = 10",
        "assume 指标[\"SJ07-10\"].实际值 = \"95%\"",
        "assume 项目[\"云网\"].全年执行数 = 1000",
        "assume 指标[\"SJ04-06\"].得分 = 1",
        // Whole columns: only the rules that depend on the column are forgotten.
        "assume 项目.调整后预算数 = 项目.调整后预算数 * 110%",
        "assume 指标.分值 = 分值 * 2",
        "assume 指标.实际值 = 指标值",
    ])
    func incrementalEqualsFull(_ assumption: String) {
        let s = Session()
        s.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        let question = "[sum(项目.总分), 项目.总分, 项目.等级, sum(指标.得分)]"
        _ = run(s, question)  // fill the cache
        _ = run(s, assumption)
        let incremental = run(s, question)
        s.environment.ruleCache.clear()
        let full = run(s, question)
        #expect(incremental == full)
        // And back: unassume restores the baseline answers.
        _ = run(s, "unassume all")
        let after = run(s, question)
        s.environment.ruleCache.clear()
        #expect(after == run(s, question))
    }

    /// A what-if runs on a fork of the cache: the baseline's computed columns are the
    /// same objects with the same values afterwards, whatever the what-if changed.
    @Test(arguments: [
        "项目[\"运维\"].总分 where 项目[\"运维\"].调整后预算数 = 5000",
        "explain 项目[\"运维\"].总分 where 指标[\"SJ04-01\"].实际值 = 10",
        "table sum(项目.总分) for 项目[\"运维\"].全年执行数 in 100..400 step 100",
        "solve 项目[\"运维\"].总分 >= 95 for 项目[\"运维\"].全年执行数 in 0..4367.764",
        "scenario 压减 { assume 项目.调整后预算数 = 项目.调整后预算数 * 90% }\ncompare baseline, 压减 : sum(项目.总分)",
    ])
    func whatIfLeavesTheBaselineCacheAlone(_ whatIf: String) {
        let s = Session()
        s.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        let question = "[sum(项目.总分), 项目.总分, 项目.等级, sum(指标.得分)]"
        let before = run(s, question)
        let cache = s.environment.ruleCache
        let columns = cache.columns
        let values = columns.mapValues { c in (0..<c.count).map { c[$0].map { "\($0)" } ?? "-" } }
        _ = run(s, whatIf)
        #expect(s.environment.ruleCache === cache)
        for (id, c) in columns {
            #expect(cache.columns[id] === c)
            #expect((0..<c.count).map { c[$0].map { "\($0)" } ?? "-" } == values[id])
        }
        #expect(run(s, question) == before)
    }
}
