import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Resource limits end an evaluation with a diagnostic that names the limit, and the
/// session goes on.
@Suite struct LimitTests {
    @Test func exponentialRecursionStopsAtTheStepLimit() {
        let session = Session()
        session.settings.limits.maxSteps = 10_000
        let out = session.outputs("fn 翻倍(n) = if n <= 0 then 1 else 翻倍(n - 1) + 翻倍(n - 1)\n翻倍(40)")
        #expect(out.count == 1)
        #expect(out.first?.contains("计算步数超过 10000 步的上限") == true, "\(out)")
        // Each statement has its own budget: small work still runs.
        #expect(session.outputs("翻倍(3)") == ["8"])
    }

    @Test func deepRecursionStopsAtTheCallDepth() {
        let session = Session()
        let out = session.outputs("fn 下降(n) = 下降(n + 1)\n下降(1)")
        #expect(out.first?.contains("函数调用层数超过 200 层") == true, "\(out)")
    }
}

/// `:limits` raises and lowers limits, within their ceilings; each limit hit names
/// itself; Ctrl-C (an interruption request) stops a statement and keeps the session.
@Suite(.serialized) struct AdjustableLimitTests {
    @Test func everyLimitDiagnosticNamesItsLimitAndHowToRaiseIt() {
        for limit in Limit.allCases {
            let kind: Diagnostic.Kind =
                switch limit {
                case .digits: .numberTooLarge(limitDigits: 1)
                case .depth: .recursionTooDeep(limit: 1)
                case .nesting: .nestingTooDeep(limit: 1)
                case .steps: .tooManySteps(limit: 1)
                case .list: .listTooLong(length: 2, limit: 1)
                case .string: .stringTooLong(length: 2, limit: 1)
                case .table: .tableTooLarge(shape: "2 格", limit: 1)
                }
            #expect(kind.limit == limit)
            let d = Diagnostic(kind, at: nil)
            #expect(d.notes.contains { $0.contains(":limits \(limit.rawValue)") }, "\(limit)")
        }
    }

    @Test func limitsAreSetByEitherNameAndRefusedPastTheCeiling() {
        let session = Session()
        #expect(session.outputs(":limits 列表长度 5") == ["列表长度上限：5（默认 10,000,000）"])
        #expect(session.settings.limits.maxListLength == 5)
        #expect(session.outputs(":limits table 1,000") == ["表格格数上限：1,000（默认 100,000）"])
        #expect(session.settings.limits.maxTableCells == 1_000)
        for limit in Limit.allCases {
            let out = session.outputs(":limits \(limit.rawValue) \(limit.ceiling + 1)")
            #expect(out.first?.contains("最多可设为") == true, "\(limit): \(out)")
            #expect(session.outputs(":limits \(limit.rawValue) \(limit.ceiling)").first?.contains("上限：") == true)
            #expect(session.settings.limits[limit] == limit.ceiling)
        }
        _ = session.outputs(":limits reset")
        #expect(session.settings.limits == Limits())
    }

    /// A script that raises the nesting limit can use it in its next statements: the
    /// whole script is parsed first (a syntax error runs nothing), and nesting is
    /// checked as each statement runs.
    @Test func nestingRaisedInAScriptAppliesToTheStatementsAfterIt() {
        let deep = String(repeating: "(", count: 1_500) + "7" + String(repeating: ")", count: 1_500)
        let session = Session()
        #expect(session.outputs(deep).first?.contains("超过 1000 层") == true)
        #expect(Session().outputs(":limits nesting 2000\n\(deep)").last == "7")
        // A syntax error later in the script still runs nothing, not even the :limits.
        let s = Session()
        #expect(s.outputs(":limits nesting 2000\n\(deep)\n1 +").count == 1)
        #expect(s.settings.limits.maxNesting == Limits().maxNesting)
    }

    /// At their ceilings, call depth and nesting still end in a result, not a crash:
    /// the evaluator's stack (LargeStack) is sized for them.
    @Test func theCeilingsAreSafe() {
        let depth = Limit.depth.ceiling
        let nesting = Limit.nesting.ceiling
        let session = Session()
        let out = session.outputs(
            """
            :limits depth \(depth)
            :limits nesting \(nesting)
            fn 下降(n) = if n <= 0 then 0 else 1 + 下降(n - 1)
            下降(\(depth - 1))
            \(String(repeating: "-", count: nesting - 2))1
            """)
        #expect(out.suffix(2) == ["4,999", "1"], "\(out.suffix(2))")  // depth - 1, as displayed
    }

    /// An interruption stops the running statement with a message; the statements
    /// after it do not run; the session's names and assumptions are as before.
    @Test func interruptionStopsTheStatementAndKeepsTheSession() {
        let session = Session()
        session.settings.interruptible = true
        _ = session.outputs("x = 1\nfn 翻倍(n) = if n <= 0 then 1 else 翻倍(n - 1) + 翻倍(n - 1)")
        Interruption.clear()
        // A thread of its own, as a signal would arrive: not the test runner's pool.
        let stopper = Thread {
            usleep(300_000)
            Interruption.request()
        }
        stopper.start()
        let started = ContinuousClock.now
        let out = session.outputs("x = 翻倍(40)\ny = 2")
        Interruption.clear()
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(out.count == 1)
        #expect(out.first?.contains("已中断（Ctrl-C）") == true, "\(out)")
        #expect(session.outputs("x") == ["1"])
        #expect(session.outputs("y").first?.contains("未定义的名称「y」") == true)
        #expect(session.outputs("翻倍(3)") == ["8"])
    }
}

/// Ctrl-C also stops the long parts that are not steps of the interpreter: reading a
/// dataset's files and the batched rule columns (issue 21). The session keeps what it
/// had, and what was computed before the stop is right.
@Suite(.serialized) struct LongWorkInterruptionTests {
    static let province = FormTests.fixtures.deletingLastPathComponent().appendingPathComponent("datasets/省级样例").path

    @Test func aLoadStopsAndTheDatasetStays() {
        let session = Session()
        session.settings.interruptible = true
        session.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        #expect(session.outputs("count(项目)") == ["12"])
        Interruption.request()
        let out = session.outputs("load \"\(Self.province)\"")
        Interruption.clear()
        #expect(out.last?.contains("已中断（Ctrl-C）") == true, "\(out)")
        #expect(session.outputs("count(项目)") == ["12"])
        // Not interruptible (a script): the same load goes through.
        let script = Session()
        Interruption.request()
        let loaded = script.outputs("load \"\(Self.province)\"")
        Interruption.clear()
        #expect(!loaded.contains { $0.contains("已中断") }, "\(loaded)")
        #expect(script.outputs("count(项目)") == ["400"])
    }

    @Test func theBatchedColumnsStopAndWhatTheyLeaveIsComputedLater() {
        let fresh = Session()
        _ = fresh.outputs("load \"\(Self.province)\"")
        let expected = fresh.outputs("sum(项目.总分)\ncount(项目[等级 == \"优\"])")
        #expect(expected.count == 2)
        let session = Session()
        session.settings.interruptible = true
        _ = session.outputs("load \"\(Self.province)\"")
        // The batch stops at once; the interpreter, asked for the rows left, stops too.
        Interruption.request()
        let out = session.outputs("sum(项目.总分)")
        Interruption.clear()
        #expect(out.first?.contains("已中断（Ctrl-C）") == true, "\(out)")
        #expect(session.outputs("sum(项目.总分)\ncount(项目[等级 == \"优\"])") == expected)
        // A session that does not heed Ctrl-C (a script) computes as ever.
        let script = Session()
        _ = script.outputs("load \"\(Self.province)\"")
        script.settings.interruptible = false
        Interruption.request()
        let figures = script.outputs("sum(项目.总分)\ncount(项目[等级 == \"优\"])")
        Interruption.clear()
        #expect(figures == expected)
    }

    /// The batched rule column itself stops: asked for all rows with the stop
    /// requested, it leaves them undone (the interpreter's step check is not what stops it).
    @Test func aBatchedColumnLeavesItsRowsUndone() throws {
        let session = Session()
        session.settings.interruptible = true
        _ = session.outputs("load \"\(Self.province)\"")
        let t = try #require(session.environment.dataset?.table("指标"))
        let rule = try #require(session.environment.rules["指标"]?["得分"])
        var evaluator = Evaluator(environment: session.environment, settings: session.settings)
        Interruption.request()
        evaluator.materialize(.rule(t, rule), rows: .all(t.rowCount))
        Interruption.clear()
        let dense = session.environment.ruleCache.column(ObjectIdentifier(t), rule.columnID)
        let done = dense.map { d in (0..<t.rowCount).filter { d.known[$0] }.count } ?? 0
        #expect(done < t.rowCount / 2, "\(done) of \(t.rowCount) rows computed")
        // What it left is computed when asked for: the same figures as a fresh session's.
        let fresh = Session()
        _ = fresh.outputs("load \"\(Self.province)\"")
        #expect(session.outputs("sum(指标.得分)\nsum(项目.总分)") == fresh.outputs("sum(指标.得分)\nsum(项目.总分)"))
    }
}
