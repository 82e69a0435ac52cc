import Testing
@testable import Suanpan

@Suite struct ParserTests {
    /// The tree written back with full parentheses, to check precedence.
    func shape(_ e: Expr) -> String {
        switch e {
        case .number(let x, _): return NumberFormat().plain(x)
        case .percent(let x, _): return "\(shape(x))%"
        case .string(let s, _): return "\"\(s)\""
        case .bool(let b, _): return "\(b)"
        case .name(let n, _): return n
        case .list(let xs, _): return "[" + xs.map(shape).joined(separator: ",") + "]"
        case .unary(let op, let x, _): return "(\(op.rawValue) \(shape(x)))"
        case .binary(let op, let a, let b, _): return "(\(shape(a)) \(op.rawValue) \(shape(b)))"
        case .call(let f, _, let args, _): return "\(f)(" + args.map(shape).joined(separator: ",") + ")"
        case .index(let a, let k, _): return "\(shape(a))[\(shape(k))]"
        case .member(let a, let f, _): return "\(shape(a)).\(f)"
        case .conditional(let c, let a, let b, _): return "(if \(shape(c)) then \(shape(a)) else \(shape(b)))"
        }
    }

    func parse(_ text: String) throws -> String {
        let statements = try Parser.parse(Source(name: "t", text: text))
        guard statements.count == 1, case .expression(let e) = statements[0] else { return "?" }
        return shape(e)
    }

    @Test func precedence() throws {
        #expect(try parse("1 + 2 * 3") == "(1 + (2 * 3))")
        #expect(try parse("1 - 2 - 3") == "((1 - 2) - 3)")
        #expect(try parse("2 ^ 3 ^ 2") == "(2 ^ (3 ^ 2))")
        #expect(try parse("-2 ^ 2") == "(- (2 ^ 2))")
        #expect(try parse("2 ^ -1") == "(2 ^ (- 1))")
        #expect(try parse("1000 - 20%") == "(1,000 - 20%)")
        #expect(try parse("a < b and not c or d") == "(((a < b) and (not c)) or d)")
        #expect(try parse("如果 a >= 90 那么 \"优\" 否则 \"良\"") == "(if (a >= 90) then \"优\" else \"良\")")
        #expect(try parse("项目[\"运维\"].总分") == "项目[\"运维\"].总分")
        #expect(try parse("max(0, [1, 2])") == "max(0,[1,2])")
    }

    @Test func statements() throws {
        let s = try Parser.parse(Source(name: "t", text: "x = 1\nfn f(a, b) = a + b\nassert f(x, 1) == 2\n:vars"))
        #expect(s.count == 4)
        if case .binding(let n, _, _) = s[0] { #expect(n == "x") } else { Issue.record("binding") }
        if case .function(let n, let ps, _, _) = s[1] { #expect(n == "f" && ps == ["a", "b"]) } else { Issue.record("fn") }
        if case .assertion = s[2] {} else { Issue.record("assert") }
        if case .meta(let n, _, _) = s[3] { #expect(n == "vars") } else { Issue.record("meta") }
    }

    @Test func referencedNames() throws {
        let s = try Parser.parse(Source(name: "t", text: "执行率(全年执行数, 调整后预算数) * 执行分值 + 全年执行数"))
        guard case .expression(let e) = s[0] else { return }
        #expect(e.referencedNames == ["执行率", "全年执行数", "调整后预算数", "执行分值"])
    }

    @Test func errorsAreLocated() {
        func error(_ text: String) -> (Diagnostic.Kind, Int)? {
            do {
                _ = try Parser.parse(Source(name: "t", text: text))
                return nil
            } catch { return (error.kind, error.span?.start ?? -1) }
        }
        #expect(error("1 +")?.1 == 3)
        #expect(error("1 2")?.1 == 2)
        #expect(error("x = = 1")?.1 == 4)
        #expect(error("1 < 2 < 3")?.1 == 6)
        #expect(error(String(repeating: "-", count: 5_000) + "1")?.0 == .nestingTooDeep(limit: Limits().maxNesting))
        #expect(error(Array(repeating: "1", count: 5_000).joined(separator: "+"))?.0 == .nestingTooDeep(limit: Limits().maxNesting))
    }
}
