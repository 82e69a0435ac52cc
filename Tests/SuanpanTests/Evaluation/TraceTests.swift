import Testing

@testable import Suanpan
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// `explain` draws a derivation from the record of one evaluation: what each part
/// evaluated to, which branch was taken, what each user-function call bound.
@Suite struct TraceTests {
    func expression(_ text: String) throws -> Expr {
        guard case .expression(let e)? = try Parser.parse(Source(name: "t", text: text)).first else {
            Issue.record("not an expression: \(text)")
            throw Diagnostic(.unsupported("test"), at: nil)
        }
        return e
    }

    func parts(_ e: Expr) -> [Expr] {
        switch e {
        case .binary(_, let a, let b, _): return [a, b]
        case .conditional(let c, let y, let n, _): return [c, y, n]
        case .call(_, _, let args, _): return args
        default: return []
        }
    }

    @Test func recordsEachPartAndOnlyTheBranchTaken() throws {
        let s = Session()
        _ = s.outputs("x = 3")
        let e = try expression("(x * 2) + (if x > 1 then 10 else 20)")
        var evaluator = Evaluator(environment: s.environment, settings: s.settings)
        let (value, trace) = try evaluator.traced(e, row: nil)
        #expect(value == .number(Rational(16)))
        #expect(trace.value(e) == value)
        let sides = parts(e)
        #expect(trace.value(sides[0]) == .number(Rational(6)))
        let branch = parts(sides[1])
        #expect(trace.value(branch[0]) == .bool(true))
        #expect(trace.value(branch[1]) == .number(Rational(10)))
        #expect(trace.value(branch[2]) == nil, "the branch not taken was not evaluated")
    }

    @Test func aUserFunctionCallHasAFrameWithItsArguments() throws {
        let s = Session()
        _ = s.outputs("fn 封顶(v, c) = if v > c then c else v")
        let e = try expression("封顶(7, 5) + 封顶(2, 5)")
        var evaluator = Evaluator(environment: s.environment, settings: s.settings)
        let (value, trace) = try evaluator.traced(e, row: nil)
        #expect(value == .number(Rational(7)))
        let calls = parts(e)
        let first = try #require(trace.call(at: calls[0]))
        let second = try #require(trace.call(at: calls[1]))
        #expect(first.frame != second.frame)
        #expect(first.arguments["v"] == .number(Rational(7)))
        #expect(second.arguments["v"] == .number(Rational(2)))
        let body = try #require(s.environment.functions["封顶"]?.body)
        guard case .conditional(let condition, _, _, _) = body else {
            Issue.record("body is not a conditional")
            return
        }
        // The same condition took different values in the two calls.
        #expect(trace.value(condition, frame: first.frame) == .bool(true))
        #expect(trace.value(condition, frame: second.frame) == .bool(false))
    }

    @Test func rulesReadAreNotRecordedButTheirValuesAre() throws {
        let s = Session()
        try s.install(try DatasetLoader.loadBundled()) { _ in }
        let e = try expression("项目[\"运维\"].总分 + 0")
        var evaluator = Evaluator(environment: s.environment, settings: s.settings)
        let (value, trace) = try evaluator.traced(e, row: nil)
        let total = parts(e)[0]
        #expect(trace.value(total) == value)
        // Only the traced expression's own nodes (and none of the rule bodies it read).
        // `+`, `.总分`, `[…]`, `项目`, `"运维"`, `0`: six.
        #expect(trace.values.count == 6, "\(trace.values.count) values recorded")
    }
}
