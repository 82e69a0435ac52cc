import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// `explain EXPR [depth N]` (解释): how a figure is derived, as a tree in plain Chinese —
/// each rule's text, the same formula with the values put in, each rounding step
/// (exact → rounded), the branch a rule took, the caps that bit, overrides with their
/// original values, and the table cell every input came from.
/// One node of the derivation tree: what `explain` found, before it is drawn.
struct ExplainNode {
    var title: String
    var lines: [String] = []
    var children: [ExplainNode] = []

    /// Draws the tree with ├─ └─ │.
    func render() -> String {
        var out = [title] + lines.map { "  " + $0 }
        func walk(_ nodes: [ExplainNode], _ prefix: String) {
            for (i, n) in nodes.enumerated() {
                let last = i == nodes.count - 1
                out.append(prefix + (last ? "└─ " : "├─ ") + n.title)
                let inner = prefix + (last ? "   " : "│  ")
                for l in n.lines { out.append(inner + "  " + l) }
                walk(n.children, inner)
            }
        }
        walk(children, "")
        return out.joined(separator: "\n")
    }
}

/// Works out the derivation of a figure in a workspace (the session's, or a fork
/// with `where` overrides put in).
struct Explainer: OverWorkspace {
    let workspace: Workspace

    static let defaultDepth = 3

    func explain(_ e: Expr, depth: Int?) throws(Diagnostic) -> ExplainNode {
        let maxDepth = depth ?? Explainer.defaultDepth
        var evaluator = Evaluator(environment: environment, settings: settings)
        let (value, trace) = try evaluator.traced(e, row: nil)
        let top = Derivation(trace: trace, frame: 0)
        var root: ExplainNode
        // A rule's column of one row: the rule's own derivation.
        var shownRow: RowRef?
        if case .member(let base, let field, let span) = e, case .row(let ref)? = top.value(base) {
            shownRow = ref
            root = try explainField(ref, field, span, &evaluator, level: 0, maxDepth: maxDepth)
            if let n = ref.table.nameColumn {
                root.title += "  \(ref.table.name)：\(ref.table.text(ref.row, n).trimmingSpaces())"
            }
        } else {
            root = ExplainNode(title: "\(e.span.text) = \(explainShow(value))")
            let substituted = substitute(e, top)
            if substituted != e.span.text { root.lines.append("= \(substituted) = \(explainShow(value))") }
            root.lines += conversions(e, top)
            root.children = try references(e, row: nil, top, &evaluator, level: 0, maxDepth: maxDepth)
        }
        if case .notComputed(let n) = value {
            // Why, once, at the top; the tree below shows where.
            root.lines.insert((n.count > 1 ? "共 \(n.count) 处未算出，如 " : "未算出：") + n.described, at: 0)
            root.lines.insert("提示：评价人的判断可用 assume 给出，如 assume 指标[\"…\"].得分 = 分数；explain 会标明「假设」", at: 1)
        }
        // An audit finding: the published figure beside the computed one, and the
        // derivation of the computation a `check` gives for it.
        if case .member(_, let field, _) = e, let ref = shownRow, environment.rules[ref.table.name]?[field] != nil,
            let c = ref.table.columnIndex(field)
        {
            let published = ref.table.cellValue(ref.row, c)
            if case .empty = published {
            } else if value.notComputed != nil {
                root.lines.append(
                    "公布值 \(ref.table.text(ref.row, c).trimmingSpaces())　← \(ref.table.location(ref.row, c).description)（计算值未算出，无法核对）")
            } else {
                let same = Arithmetic.equal(published, value)
                root.lines.append(
                    "公布值 \(ref.table.text(ref.row, c).trimmingSpaces())　← \(ref.table.location(ref.row, c).description)"
                        + (same ? "，与计算一致" : "，与计算值 \(explainShow(value)) 不一致（见 audit）"))
            }
        }
        for check in environment.checks where check.published.span.text == e.span.text {
            let (computed, checkTrace) = try evaluator.traced(check.computed, row: nil)
            let derivation = Derivation(trace: checkTrace, frame: 0)
            var node = ExplainNode(title: "核对：\(check.description ?? "按方法计算") = \(explainShow(computed))")
            node.lines.append("= \(check.computed.span.text)")
            let substituted = substitute(check.computed, derivation)
            if substituted != check.computed.span.text { node.lines.append("= \(substituted) = \(explainShow(computed))") }
            node.lines += conversions(check.computed, derivation)
            node.lines.append(
                Arithmetic.equal(value, computed) ? "与公布值一致" : "公布 \(explainShow(value))，计算 \(explainShow(computed))：不一致（见 audit）")
            node.children = try references(check.computed, row: nil, derivation, &evaluator, level: 1, maxDepth: maxDepth)
            root.children.append(node)
        }
        if !environment.overrides.entries.isEmpty {
            root.lines.append("（当前有假设：\(environment.overrides.entries.map { "\($0.target) = \($0.value)" }.joined(separator: "；"))）")
        }
        return root
    }

    /// A number as `explain` shows it: exact within 6 places, else cut at 4 and marked.
    func explainNumber(_ x: Rational) -> String {
        if let places = x.terminatingPlaces, places <= 6 { return format.plain(x) }
        return DecimalText.format(x.rounded(places: 4, .truncate), places: 4) + "…"
    }

    /// Values as `explain` shows them: enough digits to see what rounding does.
    func explainShow(_ v: Value) -> String {
        switch v {
        case .ratio(let x):
            let p = x * .hundred
            if let places = p.terminatingPlaces, places <= 4 { return DecimalText.format(p, places: max(places, 2)) + "%" }
            return DecimalText.format(p.rounded(places: 3, .truncate), places: 3) + "…%"
        case .number(let x):
            return explainNumber(x)
        case .amount(let x, let u):
            // In the unit it is shown in, the unit written as results write it.
            let (shown, written) = format.shownUnit(u)
            return explainNumber(u.convert(x, to: shown)) + (written ? shown.name : "")
        case .notComputed(let n):
            return n.isError ? "出错" : NotComputed.word
        case .table(let view):
            return "〔表「\(view.table.name)」\(view.count) 行\(view.selection.map { "：\($0)" } ?? "")〕"
        case .row(let r):
            return "〔\(r.table.name)「\(r.table.key(r.row))」〕"
        case .list(let xs) where xs.count > 8:
            return "[" + xs.prefix(8).map(explainShow).joined(separator: "; ") + "; …（共 \(xs.count) 项）]"
        case .list(let xs):
            return "[" + xs.map(explainShow).joined(separator: "; ") + "]"
        default:
            return format.displayResult(v)
        }
    }

    /// Where a row's field comes from: override, rule, or a data cell.
    func explainField(
        _ ref: RowRef, _ field: String, _ span: SourceSpan, _ evaluator: inout Evaluator,
        level: Int, maxDepth: Int
    ) throws(Diagnostic) -> ExplainNode {
        let t = ref.table
        let value = try evaluator.field(ref, field, span) ?? .empty
        let key = Overrides.CellKey(table: ObjectIdentifier(t), row: ref.row, column: field)
        let columnKey = Overrides.ColumnKey(table: ObjectIdentifier(t), column: field)
        if environment.overrides.cells[key] != nil || environment.overrides.columns[columnKey] != nil {
            let entry = environment.overrides.entries.first { (e: Overrides.Entry) -> Bool in
                switch e.kind {
                case .cell(let k): return k == key
                case .column(let k): return k == columnKey
                case .variable: return false
                }
            }
            var node = ExplainNode(title: "\(field) = \(explainShow(value))　〔假设〕")
            if let entry { node.lines.append("假设 \(entry.target) = \(entry.value)，原值 \(entry.original)") }
            return node
        }
        if let rule = environment.rules[t.name]?[field] {
            // The rule evaluated once more for this row, recorded: its derivation.
            let (_, trace) = try evaluator.traced(rule.body, row: ref)
            let derivation = Derivation(trace: trace, frame: 0)
            var node = ExplainNode(title: "\(field) = \(explainShow(value))" + gradeSuffix(ref, field, span, &evaluator))
            let (taken, conditions) = branch(rule.body, ref, derivation)
            let formula = "\(field) = \(taken.span.text.replacingAll("\n", with: " "))"
            let described = rule.description.map { $0 == formula ? "" : "：" + $0 } ?? ""
            node.lines.append("〔规则 \(rule.name)〕\(described)")
            node.lines += readings(rule.body, derivation)
            for c in conditions { node.lines.append(c) }
            node.lines.append(formula)
            let substituted = substitute(taken, derivation)
            var steps = substituted == taken.span.text || substituted == explainShow(value) ? "" : "= \(substituted)"
            if let ev = evaluatedArguments(taken, derivation), ev != substituted { steps += " = \(ev)" }
            node.lines.append((steps.isEmpty ? "=" : steps + " =") + " \(explainShow(value))")
            if let rounding = roundingStep(taken, value, derivation) { node.lines.append(rounding) }
            node.lines += userFunctionSteps(taken, derivation)
            let children = try references(taken, row: ref, derivation, &evaluator, level: level + 1, maxDepth: maxDepth)
            if level + 1 < maxDepth {
                node.children = children
            } else {
                // Inputs from the data are always shown; further rules fold.
                node.children = children.filter { $0.title.contains("←") || $0.title.contains("〔假设〕") }
                if children.count > node.children.count { node.lines.append("（更多步骤：explain … depth \(maxDepth + 1)）") }
            }
            return node
        }
        if let c = t.columnIndex(field) {
            var node = ExplainNode(title: "\(field) \(explainShow(value))　← \(t.location(ref.row, c).description)")
            if case .unreadable = t.value(ref.row, c) { node.title = "\(field) #####（不可读）　← \(t.location(ref.row, c).description)" }
            if let composed = t.composedNote(ref.row, c) {
                node.title = "\(field) \(explainShow(value))（\(composed)）　← \(t.location(ref.row, c).description)"
            }
            let text = t.text(ref.row, c).trimmingSpaces()
            if case .number(let x) = t.value(ref.row, c), CellText.parse(text) == .text || CellText.parse(text).numericValue != x {
                // An amount written with its unit, converted to the column's (or points with 分).
                let unit = t.isScoreColumn(c) ? "分" : t.canonicalMoneyUnit
                node.title = "\(field) \(explainShow(value))（原文「\(text)」，按\(unit)计）　← \(t.location(ref.row, c).description)"
            }
            return node
        }
        return ExplainNode(title: "\(field) = \(explainShow(value))")
    }

    /// What the built-ins with a reading (计分障碍: how the indicator's texts were read)
    /// read, from the arguments their calls took, once each.
    func readings(_ e: Expr, _ d: Derivation) -> [String] {
        var lines: [String] = []
        let year = CallContext.evaluationYear(variables: environment.variables, datasetYear: environment.dataset?.year)
        Explainer.walk(e) { x in
            guard case .call(let f, _, let args, _) = x, let read = BuiltinRegistry.lookup(f)?.reading else { return }
            let values = args.compactMap { d.value($0) }
            if values.count == args.count, let line = read(values, year), !lines.contains(line) { lines.append(line) }
        }
        return lines
    }

    /// Where amounts in different units met: each one converted, in words
    /// (`换算：750,000元 = 75万元`), once each. A plain number meeting an amount is
    /// said to be taken in its unit.
    func conversions(_ e: Expr, _ d: Derivation) -> [String] {
        var lines: [String] = []
        let working = settings.workingUnit
        func say(_ line: String) { if !lines.contains(line) { lines.append(line) } }
        func meet(_ operands: [Expr]) {
            let values = operands.map { d.value($0) }
            let kinds = values.map { $0.flatMap(NumberKind.init) }
            guard kinds.allSatisfy({ $0 != nil }) else { return }
            let units = Set(kinds.compactMap { $0?.unit })
            if units.count > 1 {
                for (x, v) in zip(operands, values) {
                    guard case .amount(let n, let u)? = v, u != working else { continue }
                    // A literal says its figure itself; anything else is named first.
                    let named: String
                    if case .amount = x { named = "" } else { named = x.span.text + " = " }
                    say(
                        "换算：\(named)\(format.plain(n))\(u.name) = \(format.plain(u.convert(n, to: working)))\(working.name)（单位不同的金额按数据集的单位\(working.name)相加减、比较和相除）"
                    )
                }
            } else if let u = units.first {
                for (x, k) in zip(operands, kinds) where k?.unit == nil && k != .ratio {
                    if case .number = x { say("单位：\(x.span.text) 与金额相加减或比较，按\(u.name)计") }
                }
            }
        }
        Explainer.walk(e) { x in
            switch x {
            case .binary(let op, let a, let b, _) where [.add, .subtract, .divide].contains(op) || op.isComparison:
                meet([a, b])
            case .call(let f, _, let args, _):
                guard let b = BuiltinRegistry.lookup(f), b.aggregatesRows || ["执行率", "得分率", "占比", "增长率"].contains(b.name) else { return }
                // A list argument's items, when they are the values met.
                if args.count == 1, case .list(let items)? = d.value(args[0]) {
                    let units = Set(items.compactMap { NumberKind($0)?.unit })
                    if units.count > 1 {
                        say("换算：\(f) 的各项金额单位不同（\(units.sorted().map(\.name).joined(separator: "、"))），统一按\(working.name)计")
                    }
                } else {
                    meet(args)
                }
            default:
                break
            }
        }
        return lines
    }

    /// Every node of `e` that its derivation has values for, parents before children (a
    /// row set's base, not the expressions its step runs on each row).
    static func walk(_ e: Expr, _ visit: (Expr) -> Void) {
        visit(e)
        switch e {
        case .call(_, _, let args, _):
            for a in args { walk(a, visit) }
        case .binary(_, let a, let b, _), .index(let a, let b, _):
            walk(a, visit)
            walk(b, visit)
        case .unary(_, let a, _), .percent(let a, _), .member(let a, _, _), .rowSet(let a, _, _):
            walk(a, visit)
        case .list(let xs, _):
            for x in xs { walk(x, visit) }
        case .conditional(let c, let a, let b, _):
            walk(c, visit)
            walk(a, visit)
            walk(b, visit)
        case .number, .amount, .string, .bool, .name:
            break
        }
    }

    /// `（优）` after a total, when the row has a grade rule.
    func gradeSuffix(_ ref: RowRef, _ field: String, _ span: SourceSpan, _ evaluator: inout Evaluator) -> String {
        guard field == "总分", environment.rules[ref.table.name]?["等级"] != nil, let g = try? evaluator.field(ref, "等级", span) else {
            return ""
        }
        if g.notComputed != nil { return "" }
        return "（\(format.displayResult(g))）"
    }

    /// Follows `如果 … 那么 … 否则 …` to the branch the evaluation took, saying why.
    func branch(_ e: Expr, _ ref: RowRef, _ d: Derivation) -> (Expr, [String]) {
        var current = e
        var why: [String] = []
        while case .conditional(let c, let yes, let no, _) = current {
            guard case .bool(let truth)? = d.value(c) else { break }
            if truth { why.append("条件「\(c.span.text)」成立") }
            current = truth ? yes : no
        }
        if case .call(let f, _, let args, _) = current, let b = BuiltinRegistry.lookup(f), b.role == .judgement, args.count >= 2 {
            // 需判断: the reason, and the published 得分 taken or its absence.
            let reason: String
            if case .string(let s)? = d.value(args[1]) { reason = s } else { reason = "" }
            if case .notComputed(let n)? = d.value(current) {
                why.append("未算出：\(n.reason)（可用 assume \(ref.table.name)[\"\(ref.table.address(ref.row))\"].得分 = 分数 给出判断）")
            } else if case .name(let column, _) = args[0], let c = ref.table.columnIndex(column) {
                why.append(
                    "需要评价人判断：\(reason)；采用公布的\(column) \(ref.table.text(ref.row, c).trimmingSpaces())　← \(ref.table.location(ref.row, c).description)"
                )
            }
        } else if case .call(let f, _, let args, _) = current, BuiltinRegistry.lookup(f)?.role == .published, let arg = args.first,
            case .name(let column, _) = arg, let c = ref.table.columnIndex(column)
        {
            let unreadable = ref.table.columns.indices.first {
                if case .unreadable = ref.table.value(ref.row, $0) { return true } else { return false }
            }
            let reason = unreadable.map { "「\(ref.table.columns[$0])」不可读（#####）" } ?? "定性指标未完全达成（评价人的档次判断）"
            why.append(
                "\(reason)，采用公布的\(column) \(ref.table.text(ref.row, c).trimmingSpaces())　← \(ref.table.location(ref.row, c).description)")
        }
        return (current, why)
    }

    /// The expression with each name, cell and rule replaced by the value it took. A
    /// part the evaluation did not reach (the other side of a short-circuit) keeps its text.
    func substitute(_ e: Expr, _ d: Derivation) -> String {
        func value(_ x: Expr) -> String {
            d.value(x).map(explainShow) ?? x.span.text
        }
        func level(_ x: Expr) -> Int {
            if case .binary(let op, _, _, _) = x { return op.level.rawValue }
            return 9
        }
        func go(_ x: Expr) -> String {
            switch x {
            case .number, .amount, .percent, .string, .bool: return x.span.text
            case .name, .member, .index, .rowSet: return value(x)
            case .list(let xs, _):
                return "[" + xs.map(go).joined(separator: ", ") + "]"
            case .unary(let op, let a, _):
                return op.shown + go(a)
            case .binary(let op, let a, let b, _):
                var l = go(a)
                var r = go(b)
                if level(a) < level(x) { l = "(\(l))" }
                if level(b) <= level(x) && level(b) < 9 { r = "(\(r))" }
                return "\(l) \(op.shown) \(r)"
            case .call(let f, _, let args, _):
                let b = BuiltinRegistry.lookup(f)
                if b?.readsPublished == true { return value(x) }
                if b?.aggregatesRows == true, args.count == 1, case .member = args[0] {
                    return "\(f)(\(args[0].span.text))"
                }
                var text = "\(f)(\(args.map(go).joined(separator: ", ")))"
                // A cap that bites: min/max chose a constant over a computed value.
                if let pick = b?.picks, args.count == 2 {
                    let vs = args.map { d.value($0) }
                    for (i, a) in args.enumerated() {
                        let isConstant: Bool
                        switch a {
                        case .number, .amount, .percent: isConstant = true
                        default: isConstant = false
                        }
                        if isConstant, let cv = vs[i], let ov = vs[1 - i], let kc = NumberKind(cv), let ko = NumberKind(ov),
                            let c0 = cv.numeric, let o0 = ov.numeric,
                            case (let c, let o, _) = Amounts.together(c0, kc, o0, ko, working: settings.workingUnit),
                            c != o, (pick == .least) == (c < o)
                        {
                            text += "〔封顶：取\(pick == .least ? "上限" : "下限") \(a.span.text)〕"
                        }
                    }
                }
                return text
            case .conditional: return value(x)
            }
        }
        return go(e)
    }

    /// A rule that calls a user function (the template's 正向得分 …): the function's
    /// text, and its body with the arguments the call bound.
    func userFunctionSteps(_ e: Expr, _ d: Derivation) -> [String] {
        guard case .call(let f, _, _, _) = e, let fn = environment.functions[f], let call = d.call(at: e) else { return [] }
        let inner = Derivation(trace: d.trace, frame: call.frame)
        var body = fn.body
        var why: [String] = []
        // Follow its conditionals as the call took them.
        while case .conditional(let c, let yes, let no, _) = body {
            guard case .bool(let t)? = inner.value(c) else { break }
            why.append("「\(c.span.text)」\(t ? "成立" : "不成立")")
            body = t ? yes : no
        }
        let given = fn.parameters.map { "\($0) = \(explainShow(call.arguments[$0] ?? .empty))" }.joined(separator: "，")
        var lines = ["其中 \(fn.span.text.replacingAll("\n", with: " "))"]
        lines.append("代入 \(given)" + (why.isEmpty ? "" : "；" + why.joined(separator: "，")))
        let substituted = substitute(body, inner)
        let final = (inner.value(body) ?? d.value(e)).map(explainShow) ?? ""
        var result = substituted == final ? "" : "= \(substituted)"
        if case .call(let g, _, let args, _) = body, let b = BuiltinRegistry.lookup(g), b.roundingMode != nil,
            let first = args.first, let exact = inner.value(first)?.numeric
        {
            let places = args.count > 1 ? (inner.value(args[1]).map(explainShow) ?? args[1].span.text) : "0"
            result += " = \(g)(\(explainShow(.number(exact))), \(places))"
        }
        lines.append((result.isEmpty ? "=" : result + " =") + " \(final)")
        return lines
    }

    /// `四舍五入：9.976821… → 9.98（保留 2 位小数）` for a rule that rounds.
    func roundingStep(_ e: Expr, _ result: Value, _ d: Derivation) -> String? {
        guard case .call(let f, _, let args, _) = e, let mode = BuiltinRegistry.lookup(f)?.roundingMode, let arg = args.first,
            let exact = d.value(arg)?.numeric, let r = result.numeric, exact != r
        else { return nil }
        let places = args.count > 1 ? (d.value(args[1])?.numeric?.intValue ?? 0) : 0
        return "\(mode.chineseName)：\(format.exact(exact)) → \(format.plain(r))（保留 \(places) 位小数）"
    }

    /// For a rounding (or other) call at the top: the call with the values its
    /// arguments took, e.g. `round(9.9768…, 2)`.
    func evaluatedArguments(_ e: Expr, _ d: Derivation) -> String? {
        guard case .call(let f, _, let args, _) = e, let b = BuiltinRegistry.lookup(f), !b.readsPublished,
            !b.aggregatesRows || !args.contains(where: { if case .member = $0 { return true } else { return false } })
        else { return nil }
        var parts: [String] = []
        for a in args {
            guard let v = d.value(a) else { return nil }
            parts.append(explainShow(v))
        }
        return "\(f)(\(parts.joined(separator: ", ")))"
    }

    /// The rules, cells and related rows an expression read, as child nodes.
    func references(
        _ e: Expr, row: RowRef?, _ d: Derivation, _ evaluator: inout Evaluator, level: Int, maxDepth: Int
    ) throws(Diagnostic) -> [ExplainNode] {
        var nodes: [ExplainNode] = []
        var seen = Set<String>()
        func visit(_ x: Expr) throws(Diagnostic) {
            switch x {
            case .name(let n, let span):
                guard let r = row, seen.insert(n).inserted else { return }
                if environment.rules[r.table.name]?[n] != nil || r.table.columnIndex(n) != nil {
                    nodes.append(try explainField(r, n, span, &evaluator, level: level, maxDepth: maxDepth))
                }
            case .member(let base, let field, let span):
                if case .name(let childName, _) = base, let r = row,
                    let child = r.table.children.first(where: { $0.table.name == childName })
                {
                    guard seen.insert("\(childName).\(field)").inserted else { return }
                    let rows = child.table.rows(linkedTo: r.table.key(r.row), column: child.column)
                    var node = ExplainNode(title: "\(childName).\(field)：\(rows.count) 行")
                    if level + 1 < maxDepth {
                        for cr in rows {
                            var n = try explainField(
                                RowRef(table: child.table, row: cr), field, span, &evaluator, level: level + 1, maxDepth: maxDepth)
                            if let nc = child.table.nameColumn { n.title = "\(child.table.text(cr, nc).trimmingSpaces())：" + n.title }
                            node.children.append(n)
                        }
                    } else {
                        var values: [String] = []
                        for cr in rows {
                            values.append(explainShow(try evaluator.field(RowRef(table: child.table, row: cr), field, span) ?? .empty))
                        }
                        node.lines.append(values.joined(separator: " + "))
                        node.lines.append("（逐行展开：explain … depth \(maxDepth + 1)）")
                    }
                    nodes.append(node)
                    return
                }
                if case .row(let r)? = d.value(base), seen.insert(x.span.text).inserted {
                    var n = try explainField(r, field, span, &evaluator, level: level, maxDepth: maxDepth)
                    n.title = "\(base.span.text)." + n.title
                    nodes.append(n)
                    return
                }
                try visit(base)
            case .binary(_, let a, let b, _), .index(let a, let b, _):
                try visit(a)
                try visit(b)
            case .unary(_, let a, _), .percent(let a, _):
                try visit(a)
            case .call(let f, _, let args, _):
                // A published figure is a cell, not its rule: only the other arguments (需判断's reason) are followed.
                let skip = BuiltinRegistry.lookup(f)?.readsPublished == true ? 1 : 0
                for a in args.dropFirst(skip) { try visit(a) }
            case .list(let xs, _):
                for a in xs { try visit(a) }
            case .conditional(let c, let a, let b, _):
                try visit(c)
                try visit(a)
                try visit(b)
            default:
                break
            }
        }
        try visit(e)
        return nodes
    }
}

/// What one traced evaluation recorded, read in one frame (the traced expression's,
/// or a user-function call's within it).
struct Derivation {
    let trace: Trace
    let frame: Int

    func value(_ e: Expr) -> Value? { trace.value(e, frame: frame) }
    func call(at site: Expr) -> (frame: Int, arguments: [String: Value])? { trace.call(at: site, frame: frame) }
}
