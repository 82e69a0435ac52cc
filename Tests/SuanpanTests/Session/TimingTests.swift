import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// `:time on` adds each statement's wall time after its output; `:time off` stops it.
@Suite struct TimingTests {
    func run(_ s: Session, _ text: String) -> [String] { s.outputs(text) }

    @Test func timesFollowOutputs() throws {
        let s = Session()
        #expect(run(s, ":time on") == ["计时已打开：每条语句执行后显示用时"])
        let out = run(s, "1 + 1\nx = 2")
        #expect(out.count == 3 && out[0] == "2")
        for line in [out[1], out[2]] {
            #expect(line.wholeMatch(of: /（用时 \d+\.\d 毫秒）|（用时 \d+\.\d\d 秒）/) != nil, "\(line)")
        }
        #expect(run(s, ":time off\n1 + 1") == ["计时已关闭", "2"])
        #expect(run(s, ":计时 maybe").first?.contains("需要 on 或 off") == true)
    }

    @Test func elapsedTextUnits() {
        #expect(Session.elapsedText(.milliseconds(12) + .microseconds(340)) == "（用时 12.3 毫秒）")
        #expect(Session.elapsedText(.milliseconds(1_250)) == "（用时 1.25 秒）")
        #expect(Session.elapsedText(.milliseconds(61_007)) == "（用时 61.00 秒）")
    }
}
