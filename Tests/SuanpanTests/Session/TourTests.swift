import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// The tour's resource format, and the shipped tour itself.
@Suite struct TourTests {
    @Test func parsesStepsCommentsAndExplanations() {
        let steps = TourStep.parse(
            """
            # 注释
            ## 第一步
            > 1 + 1

            说明一。
            说明二。
            ## 第二步
            # 步内注释
            > 占比(1, 2)
            说明。
            """)
        #expect(
            steps == [
                TourStep(title: "第一步", command: "1 + 1", explanation: "说明一。\n说明二。"),
                TourStep(title: "第二步", command: "占比(1, 2)", explanation: "说明。"),
            ])
    }

    /// Every shipped step has a command that parses and an explanation, and the steps
    /// cover what the issue asks for, in order.
    @Test func theShippedTourIsComplete() throws {
        let steps = TourStep.all
        #expect(steps.count == 9)
        for step in steps {
            #expect(!step.explanation.isEmpty, "\(step.title)")
            #expect((try? Parser.parse(Source(name: "t", text: step.command)))?.count == 1, "\(step.command)")
        }
        let commands = steps.map(\.command).joined(separator: "\n")
        for word in ["占比(", "增长率(", "explain ", "chart ", " where ", "solve ", "audit"] {
            #expect(commands.contains(word), "\(word)")
        }
    }
}
