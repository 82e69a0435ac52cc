import SuanpanData
import SuanpanLanguage

/// Typed forms of compiled code: expressions that are numbers by construction
/// (arithmetic, rounding, `min`, a rule template's scoring functions) and conditions
/// run on plain numbers and logic values, with no `Value` to build and take apart at
/// each step. They follow the interpreter exactly where they give an answer and give
/// up (nil) wherever a value is not a plain number — an empty cell, a text, a list —
/// so those rows go to the interpreter.

/// A number as typed code carries it: the exact value and its kind (plain, ratio, or
/// an amount in a unit).
package struct Num {
    package let exact: Rational
    package let kind: NumberKind

    package var value: Value { kind.value(exact) }
    package var ratio: Bool { kind == .ratio }

    /// A number, a ratio or an amount; nil for anything else (an empty cell included:
    /// operators and built-ins treat it each in their own way).
    package init?(_ v: Value) {
        switch v {
        case .number(let x): self.init(exact: x, kind: .plain)
        case .ratio(let x): self.init(exact: x, kind: .ratio)
        case .amount(let x, let u): self.init(exact: x, kind: .amount(u))
        default: return nil
        }
    }

    package init(exact: Rational, ratio: Bool) {
        self.exact = exact
        self.kind = ratio ? .ratio : .plain
    }

    package init(exact: Rational, kind: NumberKind) {
        self.exact = exact
        self.kind = kind
    }
}

package typealias NumCode = (RowFrame) -> Num?
package typealias BoolCode = (RowFrame) -> Bool?

extension RowCompiler {
    /// Code for an expression that is a number by construction, or nil when it is not.
    package mutating func number(_ e: Expr) -> NumCode? {
        switch e {
        case .number(let x, _):
            let n = Num(exact: x, ratio: false)
            return { _ in n }
        case .amount(let x, let unit, _):
            let n = Num(exact: x, kind: .amount(unit))
            return { _ in n }
        case .percent(let x, _):
            if case .number(let v, _) = x {
                let n = Num(exact: v / .hundred, ratio: true)
                return { _ in n }
            }
            guard let inner = number(x) else { return nil }
            return { f in
                guard let n = inner(f), n.kind.unit == nil else { return nil }
                return Num(exact: n.exact / .hundred, ratio: true)
            }
        case .name(let n, _):
            if let slot = numberParameters[n] { return { f in f.numbers[slot] } }
            if parameters[n] != nil || constants[n] != nil {
                let v = compile(e)
                return { f in v(f).flatMap(Num.init) }
            }
            switch evaluator.meaning(of: n, rowTable: table, isLocal: false) {
            case .field:
                guard let read = field(table, n, child: nil) else { return nil }
                return { f in read(f.row).flatMap(Num.init) }
            case .variable(let v):
                // A variable (a template parameter): a number now or never.
                guard let num = Num(v) else { return nil }
                return { _ in num }
            default:
                return nil
            }
        case .unary(.negate, let x, _):
            guard let inner = number(x) else { return nil }
            return { f in inner(f).map { Num(exact: -$0.exact, kind: $0.kind) } }
        case .binary(let op, let a, let b, _):
            return arithmetic(op, a, b)
        case .conditional(let c, let yes, let no, _):
            let cond = condition(c)
            guard let y = number(yes), let n = number(no) else { return nil }
            return { f in
                guard let b = cond(f) else { return nil }
                return b ? y(f) : n(f)
            }
        case .call(let callee, _, let args, let span):
            return numberCall(callee, args, span)
        default:
            return nil
        }
    }

    /// `+ - * /` on numbers: the interpreter's rules (two ratios give a ratio, amounts
    /// as `Amounts` says), and its limits; division by zero, overlarge numbers and
    /// amounts that mean nothing together give up, for the interpreter to report.
    mutating func arithmetic(_ op: BinaryOperator, _ a: Expr, _ b: Expr) -> NumCode? {
        guard [.add, .subtract, .multiply, .divide].contains(op), let l = number(a), let r = number(b) else { return nil }
        let maxBits = evaluator.arithmetic.limits.maxBits
        let working = evaluator.arithmetic.working
        return { f in
            guard let n = l(f), let m = r(f) else { return nil }
            guard case .success(let plan) = Amounts.plan(op, n.kind, m.kind, working: working) else { return nil }
            let x = Amounts.take(n.exact, n.kind, in: plan.unit)
            let y = Amounts.take(m.exact, m.kind, in: plan.unit)
            let result: Rational
            switch op {
            case .add: result = x + y
            case .subtract: result = x - y
            case .multiply:
                if x.bitSize + y.bitSize > maxBits + 128 { return nil }
                result = x * y
            default:
                if y.isZero { return nil }
                result = x / y
            }
            if result.bitSize > maxBits { return nil }
            return Num(exact: result, kind: plan.result)
        }
    }

    /// Calls whose result is a number: user functions with numeric bodies, and the
    /// built-ins with a compiled facet (`Builtin.compiledNumber`: rounding, min/max of
    /// two numbers, 执行率, sum over related rows, abs, the indicator numbers).
    mutating func numberCall(_ callee: String, _ args: [Expr], _ span: SourceSpan) -> NumCode? {
        if let fn = environment.functionIndex[ByteKey(callee)] {
            return inlineNumber(fn, args)
        }
        guard let b = builtin(callee, arguments: args.count), let facet = b.compiledNumber else { return nil }
        return facet(&self, CompiledCall(builtin: b, callee: callee, args: args, span: span))
    }

    /// The built-in a call names, unless a user function, parameter or variable of that
    /// name hides it, or the argument count is wrong (the interpreter reports that).
    func builtin(_ callee: String, arguments: Int) -> Builtin? {
        guard environment.functionIndex[ByteKey(callee)] == nil, !isLocal(callee), environment.variables[callee] == nil,
            let b = BuiltinRegistry.lookup(callee), b.arity.accepts(arguments)
        else { return nil }
        return b
    }

    /// Conditions a built-in compiles itself (`Builtin.compiledCondition`): the call
    /// alone, or compared with a text literal; nil for anything else.
    mutating func indicatorCondition(_ e: Expr) -> BoolCode? {
        switch e {
        case .call(let callee, _, let args, let span):
            guard let b = builtin(callee, arguments: args.count), let facet = b.compiledCondition else { return nil }
            return facet(&self, CompiledCall(builtin: b, callee: callee, args: args, span: span), nil)
        case .binary(let op, .call(let callee, _, let args, let span), .string(let literal, _), _) where op == .equal || op == .notEqual:
            guard let b = builtin(callee, arguments: args.count), let facet = b.compiledCondition else { return nil }
            return facet(&self, CompiledCall(builtin: b, callee: callee, args: args, span: span), (op, literal))
        default:
            return nil
        }
    }

    /// Code for a condition: comparisons of numbers and logic without values; anything
    /// else through its value (which must be a logic value).
    package mutating func condition(_ e: Expr) -> BoolCode {
        if let typed = indicatorCondition(e) { return typed }
        switch e {
        case .bool(let b, _):
            return { _ in b }
        case .unary(.not, let x, _):
            let inner = condition(x)
            return { f in inner(f).map { !$0 } }
        case .binary(let op, let a, let b, _) where op.family == .logical:
            let l = condition(a)
            let r = condition(b)
            let isAnd = op == .and
            return { f in
                guard let x = l(f) else { return nil }
                if isAnd != x { return x }
                return r(f)
            }
        case .binary(let op, let a, let b, let span) where op.isComparison:
            if let l = number(a), let r = number(b) {
                let working = evaluator.arithmetic.working
                return { f in
                    guard let n = l(f), let m = r(f) else { return nil }
                    let (x, y, _) = Amounts.together(n.exact, n.kind, m.exact, m.kind, working: working)
                    return op.holds(comparison: x < y ? -1 : (x == y ? 0 : 1))
                }
            }
            let v = comparison(op, a, b, span)
            return { f in
                guard case .bool(let x)? = v(f) else { return nil }
                return x
            }
        default:
            let v = compile(e)
            return { f in
                guard case .bool(let x)? = v(f) else { return nil }
                return x
            }
        }
    }
}

// MARK: Compiled facets of built-ins (attached to their entries in the registry)

extension RowCompiler {
    /// round, trunc, ceil, floor: the entry's rounding mode, places a literal.
    static func roundedNumber(_ c: inout RowCompiler, _ call: CompiledCall) -> NumCode? {
        let args = call.args
        var places = 0
        if args.count == 2 {
            guard case .number(let p, _) = args[1], let k = p.intValue, (-18...40).contains(k) else { return nil }
            places = k
        }
        guard let x = c.number(args[0]), let mode = call.builtin.roundingMode else { return nil }
        return { f in x(f).map { Num(exact: $0.exact.rounded(places: places, mode), kind: $0.kind) } }
    }

    /// min or max of two numbers.
    static func picked(less pickLess: Bool) -> @Sendable (inout RowCompiler, CompiledCall) -> NumCode? {
        { c, call in
            guard call.args.count == 2, let x = c.number(call.args[0]), let y = c.number(call.args[1]) else { return nil }
            let working = c.evaluator.arithmetic.working
            return { f in
                guard let a = x(f), let b = y(f) else { return nil }
                let (p, q, unit) = Amounts.together(a.exact, a.kind, b.exact, b.kind, working: working)
                let best = (pickLess ? q < p : p < q) ? q : p
                return Num(exact: best, kind: Amounts.aggregateKind(allRatios: a.ratio && b.ratio, unit: unit))
            }
        }
    }

    /// 执行率: done ÷ budget, 0 for a zero budget.
    static func executionRate(_ c: inout RowCompiler, _ call: CompiledCall) -> NumCode? {
        guard let x = c.number(call.args[0]), let y = c.number(call.args[1]) else { return nil }
        let working = c.evaluator.arithmetic.working
        return { f in
            guard let n = x(f), let m = y(f) else { return nil }
            let (done, budget, _) = Amounts.together(n.exact, n.kind, m.exact, m.kind, working: working)
            return Num(exact: budget.isZero ? .zero : done / budget, ratio: true)
        }
    }

    /// sum(指标.得分): the related rows' values added without a list; empty cells are
    /// skipped, a ratio only when every item is one (as `sum`).
    static func relatedSum(_ c: inout RowCompiler, _ call: CompiledCall) -> NumCode? {
        guard call.args.count == 1, case .member(.name(let n, _), let fieldName, _) = call.args[0], !c.isLocal(n),
            let (index, read) = c.childColumn(n, fieldName)
        else { return nil }
        let maxBits = c.evaluator.arithmetic.limits.maxBits
        if let (data, unit) = c.plainChildCells(n, fieldName) {
            // A data column as the file has it (分值 of a project's indicators): its cells
            // added as they are, with no value made of each.
            return { f in
                if !index.undecided.isEmpty && index.undecided.contains(f.row) { return nil }
                let cells = data.reader
                var total = Rational.Sum(maxBits: maxBits)
                var any = false
                for r in index.rows(of: f.row) {
                    switch cells[Int(r)] {
                    case .number(let x):
                        total.add(x)
                        any = true
                    case .empty: continue
                    // Percentages, texts, #####: the row is left to the interpreter.
                    case .ratio, .text, .unreadable: return nil
                    }
                }
                let value = total.value
                if value.bitSize > maxBits { return nil }
                if let unit, any { return Num(exact: value, kind: .amount(unit)) }
                return Num(exact: value, ratio: false)
            }
        }
        return { f in
            if !index.undecided.isEmpty && index.undecided.contains(f.row) { return nil }
            var total = Rational.Sum(maxBits: maxBits)
            var allRatios = true
            var any = false
            var unit: MoneyUnit?
            for r in index.rows(of: f.row) {
                switch read(Int(r)) {
                case .number(let x)?:
                    total.add(x)
                    allRatios = false
                    any = true
                case .ratio(let x)?:
                    total.add(x)
                    any = true
                case .amount(let x, let u)?:
                    // One column's amounts share its table's unit.
                    guard unit == nil || unit == u else { return nil }
                    unit = u
                    total.add(x)
                    allRatios = false
                    any = true
                case .empty?: continue
                default: return nil
                }
            }
            let value = total.value
            if value.bitSize > maxBits { return nil }
            if let unit { return Num(exact: value, kind: .amount(unit)) }
            return Num(exact: value, ratio: allRatios && any)
        }
    }

    static func absolute(_ c: inout RowCompiler, _ call: CompiledCall) -> NumCode? {
        guard let x = c.number(call.args[0]) else { return nil }
        return { f in x(f).map { Num(exact: $0.exact.magnitude, kind: $0.kind) } }
    }

    /// 指标数值: the target's number, from the parsed text.
    static func targetNumber(_ c: inout RowCompiler, _ call: CompiledCall) -> NumCode? {
        let context = c.callContext(call.callee, call.args, call.span)
        let target = c.indicatorArgument(call.args[0])
        return { f in
            guard let (v, isRatio) = target(f)?.use({ try? BuiltinRegistry.targetNumber($0, context) }) ?? nil else { return nil }
            return Num(exact: v, ratio: isRatio)
        }
    }

    /// 实际数值: the actual's number, read against the target.
    static func actualNumber(_ c: inout RowCompiler, _ call: CompiledCall) -> NumCode? {
        let context = c.callContext(call.callee, call.args, call.span)
        let actual = c.indicatorArgument(call.args[0])
        let target = c.indicatorArgument(call.args[1])
        return { f in
            guard let (v, isRatio) = IndicatorRef.both(actual(f), target(f), { try? BuiltinRegistry.actualNumber($0, $1, context) })
            else { return nil }
            return Num(exact: v, ratio: isRatio)
        }
    }

    /// 不可读(实际值) as a condition, on the parsed text.
    static func unreadableCondition(_ c: inout RowCompiler, _ call: CompiledCall, _ compared: (BinaryOperator, String)?) -> BoolCode? {
        guard compared == nil else { return nil }
        let x = c.indicatorArgument(call.args[0])
        return { f in x(f)?.use(BuiltinRegistry.isUnreadable) }
    }

    /// 指标方向(指标值) == "反向" (or !=), on the parsed text.
    static func kindCondition(_ c: inout RowCompiler, _ call: CompiledCall, _ compared: (BinaryOperator, String)?) -> BoolCode? {
        guard let (op, literal) = compared else { return nil }
        let context = c.callContext(call.callee, call.args, call.span)
        let x = c.indicatorArgument(call.args[0])
        // A literal that is no kind's name (canonically equal texts have equal bytes
        // here: the names are plain CJK) is never equal.
        let wanted = BuiltinRegistry.IndicatorKind(rawValue: literal)
        let wantEqual = op == .equal
        return { f in
            guard let kind = x(f)?.use({ try? BuiltinRegistry.kind($0, context) }) ?? nil else { return nil }
            return (kind == wanted) == wantEqual
        }
    }
}
