import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// `solve` on the seed's projects, against boundaries worked out by hand.
@Suite struct SolveTests {
    func run(_ text: String) -> String {
        let s = Session()
        s.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        var out: [String] = []
        _ = s.run(Source(name: "t", text: text)) { o in
            switch o {
            case .result(let t), .text(let t): out.append(t)
            case .diagnostic(let d): out.append(DiagnosticRenderer.render(d))
            case .warning(let w): out.append(w)
            }
        }
        return out.joined(separator: "\n")
    }

    @Test func yunweiSmallestExecutionFor95() {
        // 指标 give 90, so 95 needs 执行得分 ≥ 5.00, i.e. round(10·B/4367.764, 2) ≥ 5.00,
        // i.e. 10·B/4367.764 ≥ 4.995, i.e. B ≥ 0.4995 × 4367.764 = 2181.698118.
        let out = run("solve 项目[\"运维\"].总分 >= 95 for 项目[\"运维\"].全年执行数 in 0..4367.764")
        #expect(out.contains("≥ 2,181.698118"))
        // Exactly 95 holds while 执行得分 is 5.00: 4.995 ≤ 10·B/A < 5.005, B < 0.5005 × A = 2186.065882.
        #expect(run("solve 项目[\"运维\"].总分 = 95 for 项目[\"运维\"].全年执行数").contains("[2,181.698118, 2,186.065882)"))
    }

    @Test func yitihuaSmallestExecutionToStay优() {
        // 一体化's indicators give 84.89 (8 × 6.25 + 26 + 8.89), so 优 (≥ 90) needs 执行得分 ≥ 5.11:
        // 10·B/807.96 ≥ 5.105, B ≥ 0.5105 × 807.96 = 412.46358.
        let out = run("solve 项目[\"一体化\"].等级 == \"优\" for 项目[\"一体化\"].全年执行数 in 0..807.96")
        #expect(out.contains("≥ 412.46358"))
    }

    @Test func dataCentreIs优WhateverItSpends() {
        // 数据中心 (SJ02): its indicators alone give 90, so every 全年执行数 keeps 优.
        #expect(run("solve 项目[\"数据中心\"].等级 == \"优\" for 项目[\"数据中心\"].全年执行数 in 0..800").hasPrefix("整个范围"))
    }

    @Test func yunwangCannotReach优() {
        // 云网 (SJ11): every indicator is 0, so at most 执行得分 10 — 差 whatever it spends;
        // the cap bites at 999.5 (round(10·B/1000, 2) = 10 from 9.995).
        let out = run("solve 项目[\"云网\"].总分 >= 90 for 项目[\"云网\"].全年执行数 in 0..1000")
        #expect(out.hasPrefix("无解"))
        #expect(out.contains("最高 10"))
        #expect(out.contains("达到 999.5 之后"))
    }
}
