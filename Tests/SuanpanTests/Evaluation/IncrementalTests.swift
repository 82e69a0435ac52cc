import Testing
@testable import Suanpan
@testable import SuanpanLanguage
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanCharts

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
}
