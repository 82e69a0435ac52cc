import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanData
@testable import SuanpanLanguage

/// The progress of a statement's long work (issue 21): nothing before half a second,
/// then a bar redrawn only when its label or whole percentage changes, wiped at the end;
/// a session's loads report to it.
@Suite struct WorkProgressTests {
    final class Drawn: @unchecked Sendable {
        var lines: [String] = []
        var cleared = 0
    }

    func meter(after delay: Double, _ drawn: Drawn) -> WorkProgress {
        WorkProgress(after: delay, draw: { label, f in drawn.lines.append("\(label) \(Int(f * 100))%") }, clear: { drawn.cleared += 1 })
    }

    @Test func shortWorkShowsNothing() {
        let drawn = Drawn()
        let p = meter(after: 0.5, drawn)
        for k in 0...100 { p.report("载入中", Double(k) / 100) }
        p.finish()
        #expect(drawn.lines.isEmpty)
        #expect(drawn.cleared == 0)
    }

    @Test func longWorkIsDrawnOncePerPercentAndWiped() {
        let drawn = Drawn()
        let p = meter(after: 0, drawn)
        for k in 0..<1000 { p.report("计算「指标.得分」", Double(k) / 1000) }
        p.report("计算「项目.总分」", 0.5)
        p.finish()
        #expect(drawn.lines.count == 101)
        #expect(drawn.lines.first == "计算「指标.得分」 0%")
        #expect(drawn.lines.last == "计算「项目.总分」 50%")
        #expect(drawn.cleared == 1)
    }

    @Test func aSessionsLoadReportsToItsStatementsProgress() {
        let drawn = Drawn()
        let session = Session()
        session.makeProgress = { meter(after: 0, drawn) }
        let folder = FormTests.fixtures.deletingLastPathComponent().appendingPathComponent("datasets/省级样例").path
        _ = session.outputs("load \"\(folder)\"")
        #expect(drawn.lines.first?.hasPrefix("载入中") == true, "\(drawn.lines)")
        #expect(drawn.lines.last == "载入中 100%", "\(drawn.lines)")
        #expect(drawn.cleared == 1)
        #expect(session.settings.progress == nil)
    }
}
