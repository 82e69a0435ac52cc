import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

@Suite struct ParserTests {
    /// The tree written back with full parentheses, to check precedence.
    func shape(_ e: Expr) -> String {
        switch e {
        case .number(let x, _): return NumberFormat().plain(x)
        case .amount(let x, let u, _): return "\(NumberFormat().plain(x))\(u.name)"
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
        case .rowSet(let a, let step, _):
            switch step {
            case .columns(let names, _): return "\(shape(a))[\(names.joined(separator: ","))]"
            case .sort(let keys):
                return "(\(shape(a)) sort " + keys.map { shape($0.key) + ($0.descending ? " desc" : "") }.joined(separator: ",") + ")"
            case .first(let n): return "(\(shape(a)) first \(shape(n)))"
            case .last(let n): return "(\(shape(a)) last \(shape(n)))"
            case .group(let keys, let figures):
                return "(\(shape(a)) group " + keys.map(shape).joined(separator: ",") + " : "
                    + figures.map { "\($0.name) = \(shape($0.expr))" }.joined(separator: ",") + ")"
            case .pivot(let r, let c, let f):
                return "(\(shape(a)) pivot \(shape(r)) by \(shape(c))\(f.map { " : " + shape($0.expr) } ?? ""))"
            }
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
        // Row-set steps bind like postfix operators, left to right; a sort key is an
        // additive expression and a count a primary.
        #expect(try parse("项目[总分 < 95][项目名称, 总分]") == "项目[(总分 < 95)][项目名称,总分]")
        #expect(try parse("项目 sort 总分 * 2 desc, 名称 first 3 [a, b]") == "((项目 sort (总分 * 2) desc,名称) first 3)[a,b]")
        #expect(
            try parse("项目 group by 表别, 等级 : n = count(项目), sum(预算) sort n desc")
                == "((项目 group 表别,等级 : n = count(项目),sum(预算) = sum(预算)) sort n desc)")
        #expect(try parse("项目 透视 表别 按 等级 : sum(总分) first 2") == "((项目 pivot 表别 by 等级 : sum(总分)) first 2)")
        #expect(try parse("count(项目 排序 总分 降序 后 (n + 1)) + 1") == "(count(((项目 sort 总分 desc) last (n + 1))) + 1)")
    }

    @Test func statements() throws {
        let s = try Parser.parse(Source(name: "t", text: "x = 1\nfn f(a, b) = a + b\nassert f(x, 1) == 2\n:vars"))
        #expect(s.count == 4)
        if case .binding(let n, _, _) = s[0] { #expect(n == "x") } else { Issue.record("binding") }
        if case .function(let n, let ps, _, _) = s[1] { #expect(n == "f" && ps == ["a", "b"]) } else { Issue.record("fn") }
        if case .assertion = s[2] {} else { Issue.record("assert") }
        if case .meta(let n, _, _) = s[3] { #expect(n == "vars") } else { Issue.record("meta") }
    }

    /// A chart statement written back: its kind, parts (label = value) and file.
    func chart(_ text: String) throws -> String {
        let statements = try Parser.parse(Source(name: "t", text: text))
        func parts(_ ps: [ChartPart]) -> String { ps.map { ($0.label.map { "\"\($0)\"=" } ?? "") + shape($0.expr) }.joined(separator: ",") }
        func body(_ b: ChartBody) -> String {
            switch b {
            case .structure(let ps): return "structure(\(parts(ps)))"
            case .change(let ps): return "change(\(parts(ps)))"
            case .compare(let names, let exprs):
                return "compare(\(names.map(\.0).joined(separator: ",")):\(exprs.map(shape).joined(separator: ",")))"
            case .table(let t): return "table(\(t.expressions.map(shape).joined(separator: ",")))"
            }
        }
        switch statements.first {
        case .chart(let c)?: return body(c.body) + (c.file.map { " to \($0.path)" } ?? "")
        case .figure(let f)?: return "figure \(f.name)" + (f.title.map { " \"\($0)\"" } ?? "") + " = " + body(f.body)
        case .binding(let n, let e, _)?: return "\(n) = \(shape(e))"
        default: return "?"
        }
    }

    @Test func chartsAndFigures() throws {
        #expect(try chart("chart 支出决算表.类.本年支出合计") == "structure(支出决算表.类.本年支出合计)")
        #expect(try chart("chart a + 1 to \"图.svg\"") == "structure((a + 1)) to 图.svg")
        #expect(try chart("图表 \"基本\": 1, \"项目\": 2") == "structure(\"基本\"=1,\"项目\"=2)")
        #expect(try chart("chart change \"2021年\": a - b, \"2022年\": a to \"变动.svg\"") == "change(\"2021年\"=(a - b),\"2022年\"=a) to 变动.svg")
        #expect(try chart("图表 变动 1, 2") == "change(1,2)")
        #expect(try chart("chart compare baseline, 压减 : x") == "compare(baseline,压减:x)")
        #expect(try chart("chart table x for y in 1..2 step 1 to \"t.svg\"") == "table(x) to t.svg")
        #expect(try chart("figure 图一 \"标题（单位：万元）\" = change \"甲\": 1, \"乙\": 2") == "figure 图一 \"标题（单位：万元）\" = change(\"甲\"=1,\"乙\"=2)")
        #expect(try chart("图 图二 = 表.列") == "figure 图二 = structure(表.列)")
        // The words stay names elsewhere: a bare 变动 is a value to draw, figure and to are bindable.
        #expect(try chart("chart 变动") == "structure(变动)")
        #expect(try chart("chart change") == "structure(change)")
        #expect(try chart("chart 变动 to \"a.svg\"") == "structure(变动) to a.svg")
        #expect(try chart("chart 变动 * 2") == "structure((变动 * 2))")
        #expect(try chart("chart 变动 -1, 2") == "change((- 1),2)")
        #expect(try chart("chart change +1, 2 to \"a.svg\"") == "change((+ 1),2) to a.svg")
        #expect(try chart("chart 变动 - f(1, 2)") == "structure((变动 - f(1,2)))")
        #expect(try chart("chart 变动(3)") == "structure(变动(3))")
        #expect(try chart("chart change.本年收入合计") == "structure(change.本年收入合计)")
        #expect(try chart("chart change[\"合计\"].金额 to \"a.svg\"") == "structure(change[\"合计\"].金额) to a.svg")
        #expect(try chart("chart table.合计") == "structure(table.合计)")
        #expect(try chart("chart compare + 1") == "structure((compare + 1))")
        #expect(try chart("figure = 2") == "figure = 2")
        #expect(try chart("to = 3") == "to = 3")
        #expect(throws: Diagnostic.self) { try Parser.parse(Source(name: "t", text: "chart x to 图.svg")) }
        #expect(throws: Diagnostic.self) { try Parser.parse(Source(name: "t", text: "chart change \"只有\": 1")) }
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
