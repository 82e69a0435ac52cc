import BigInt
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// `solve` (求解): the values of one cell or name for which a condition holds, exactly.
///
/// The unknown is carried through the rules as a·x + b (see `Affine`); each
/// evaluation yields one piece — an exact interval on which every comparison, cap and
/// rounding step decides the same way — and the truth of the condition on it. Pieces
/// are walked until they cover the range, so the answer's boundaries are exact
/// (e.g. the smallest 全年执行数 for 95 points). Where a rule is not affine in the
/// unknown, the answer comes from bisection on exact numbers instead, and says so.
struct GoalSeeker: OverWorkspace {
    /// What the condition is evaluated in; each trial value goes into a fork of it.
    let workspace: Workspace

    typealias Piece = Solution.Piece

    /// The largest number of pieces one solve may walk.
    static let maxPieces = 20_000

    func solve(_ g: GoalSeek) throws(Diagnostic) -> Solution {
        let target = try workspace.resolveTarget(g.path)
        if case .column = target {
            throw Diagnostic(
                .domain("只能对一个单元格或名称求解，不能对整列"), at: g.path.span,
                notes: ["提示：写成 表[\"键\"].列，如 项目[\"运维\"].全年执行数"])
        }
        var evaluator = Evaluator(environment: environment, settings: settings)
        let current = try evaluator.evaluate(g.path)
        guard let now = current.numeric else {
            throw Diagnostic(.typeMismatch(operation: "求解的对象", expected: "数字", found: current.described), at: g.path.span)
        }
        let kind = NumberKind(current) ?? .plain
        let (low, high) = try solveRange(g, now, kind)
        do {
            let pieces = try walk(g, target, low, high, kind: kind)
            return Solution(goal: g, pieces: pieces, low: low, high: high, kind: kind, baseline: now, bisected: false)
        } catch is NonLinear {
            return try bisect(g, target, low, high, kind: kind, baseline: now)
        } catch let d as Diagnostic {
            throw d
        } catch {
            throw Diagnostic(.domain("求解失败"), at: g.span)
        }
    }

    /// The range to search, in the unknown's unit (`in 0..1亿元` converted).
    func solveRange(_ g: GoalSeek, _ now: Rational, _ kind: NumberKind) throws(Diagnostic) -> (Rational, Rational) {
        guard let (l, h) = g.range else {
            let top = max(now.magnitude * Rational(2), .one)
            return (.zero, top)
        }
        var evaluator = Evaluator(environment: environment, settings: settings)
        let lo = try evaluator.evaluate(l)
        let hi = try evaluator.evaluate(h)
        guard let a0 = lo.numeric, let b0 = hi.numeric, let ka = NumberKind(lo), let kb = NumberKind(hi) else {
            throw Diagnostic(
                .typeMismatch(operation: "求解范围", expected: "数字", found: (lo.numeric == nil ? lo : hi).described), at: l.span.through(h.span)
            )
        }
        let a = Amounts.take(a0, ka, in: kind.unit)
        let b = Amounts.take(b0, kb, in: kind.unit)
        if b < a { throw Diagnostic(.domain("求解范围的下限大于上限"), at: l.span.through(h.span)) }
        return (a, b)
    }

    /// Evaluates the condition with the unknown at x₀, in a fork of the workspace: its
    /// truth and the exact piece.
    func piece(_ g: GoalSeek, _ target: Workspace.OverrideTarget, _ x0: Rational, _ low: Rational, _ high: Rational, kind: NumberKind)
        throws(Diagnostic) -> Piece
    {
        var trial = workspace.forked()
        trial.put(.affine(Affine(a: .one, b: .zero, kind: kind)), in: target)
        var evaluator = Evaluator(environment: trial.environment, settings: settings)
        let context = SolveContext(x0: x0, low: low, high: high)
        evaluator.purpose = .solving(context)
        // A step not linear in the unknown throws `.nonLinear`: `walk` then bisects.
        let truth = try evaluator.evaluate(g.condition)
        let quantity = try g.quantity.map { e throws(Diagnostic) in try evaluator.evaluate(e) }
        if case .notComputed(let n) = truth {
            throw Diagnostic(
                .domain("无法求解：条件中的数值未算出（\(n.described)）"), at: g.condition.span,
                notes: ["提示：先用 assume 给出需要判断的得分，再求解"])
        }
        guard case .bool(let t) = truth else {
            throw Diagnostic(.typeMismatch(operation: "求解的条件", expected: "比较（如 总分 >= 90）", found: truth.described), at: g.condition.span)
        }
        return Piece(
            low: context.low, lowClosed: context.lowClosed, high: context.high, highClosed: context.highClosed,
            truth: t, quantity: quantity.flatMap { evaluator.affine($0) })
    }

    /// Covers [low, high] with pieces.
    func walk(_ g: GoalSeek, _ target: Workspace.OverrideTarget, _ low: Rational, _ high: Rational, kind: NumberKind) throws -> [Piece] {
        var todo: [(Rational, Bool, Rational, Bool)] = [(low, true, high, true)]
        var pieces: [Piece] = []
        while let (l, lc, h, hc) = todo.popLast() {
            if pieces.count >= GoalSeeker.maxPieces {
                throw Diagnostic(.domain("求解时分段超过 \(GoalSeeker.maxPieces) 段，请缩小范围"), at: g.span)
            }
            let x0: Rational = lc ? l : (hc && l == h ? h : (l + h) / Rational(2))
            var p: Piece
            do {
                p = try piece(g, target, x0, l, h, kind: kind)
            } catch {
                if case .nonLinear = error.kind { throw NonLinear() }
                throw error
            }
            // Clip to the interval being covered.
            if p.low < l || (p.low == l && !lc) {
                p.low = l
                p.lowClosed = lc
            }
            if h < p.high || (p.high == h && !hc) {
                p.high = h
                p.highClosed = hc
            }
            pieces.append(p)
            // What is left on each side.
            if l < p.low || (l == p.low && lc && !p.lowClosed) { todo.append((l, lc, p.low, !p.lowClosed)) }
            if p.high < h || (p.high == h && hc && !p.highClosed) { todo.append((p.high, !p.highClosed, h, hc)) }
        }
        return pieces.sorted { $0.low < $1.low || ($0.low == $1.low && $0.lowClosed && !$1.lowClosed) }
    }

    // MARK: Fallback: bisection on exact numbers

    func truth(_ g: GoalSeek, _ target: Workspace.OverrideTarget, _ x: Rational, kind: NumberKind) throws(Diagnostic) -> Bool {
        var trial = workspace.forked()
        trial.put(kind.value(x), in: target)
        var evaluator = Evaluator(environment: trial.environment, settings: settings)
        guard case .bool(let t) = try evaluator.evaluate(g.condition) else {
            throw Diagnostic(.typeMismatch(operation: "求解的条件", expected: "比较", found: "其他"), at: g.condition.span)
        }
        return t
    }

    func bisect(_ g: GoalSeek, _ target: Workspace.OverrideTarget, _ low: Rational, _ high: Rational, kind: NumberKind, baseline: Rational)
        throws(Diagnostic) -> Solution
    {
        let samples = 256
        var xs: [Rational] = []
        for k in 0...samples { xs.append(low + (high - low) * Rational.fraction(Int64(k), Int64(samples))) }
        var ts: [Bool] = []
        for x in xs { ts.append(try truth(g, target, x, kind: kind)) }
        var boundaries: [Rational] = []
        for k in 0..<samples where ts[k] != ts[k + 1] {
            var a = xs[k]
            var b = xs[k + 1]
            let ta = ts[k]
            for _ in 0..<120 {
                let m = (a + b) / Rational(2)
                if try truth(g, target, m, kind: kind) == ta { a = m } else { b = m }
            }
            // The boundary is the simplest number in the final tiny interval (decimal
            // inputs give boundaries with small denominators).
            boundaries.append(simplest(between: a, and: b))
        }
        // The boundaries cut the range into pieces; each piece and each cut point takes
        // the truth found there, and the answer is worded as for exact pieces.
        var cuts = [low]
        for b in boundaries.sorted() where cuts.last! < b && b < high { cuts.append(b) }
        if low < high { cuts.append(high) }
        var pieces: [Piece] = []
        for (i, c) in cuts.enumerated() {
            pieces.append(
                Piece(low: c, lowClosed: true, high: c, highClosed: true, truth: try truth(g, target, c, kind: kind), quantity: nil))
            if i + 1 < cuts.count {
                let next = cuts[i + 1]
                let inside = try truth(g, target, (c + next) / Rational(2), kind: kind)
                pieces.append(Piece(low: c, lowClosed: false, high: next, highClosed: false, truth: inside, quantity: nil))
            }
        }
        return Solution(goal: g, pieces: pieces, low: low, high: high, kind: kind, baseline: baseline, bisected: true)
    }

    /// The rational with the smallest denominator in [a, b] (0 ≤ a ≤ b), by continued fractions.
    func simplest(between a: Rational, and b: Rational) -> Rational {
        if a.isNegative { return -simplest(between: -b, and: -a) }
        let fa = a.roundedToInteger(.floor)
        if fa == a { return a }
        if fa + .one <= b { return fa + .one }
        // a and b share an integer part: recurse on the reciprocals of the fractional parts.
        let inner = simplest(between: (b - fa).reciprocal, and: (a - fa).reciprocal)
        return fa + inner.reciprocal
    }
}

/// What a solve found: the pieces covering the range, each with the truth of the
/// condition on it, and how they were found. `render` words the answer.
struct Solution {
    struct Piece {
        var low: Rational
        var lowClosed: Bool
        var high: Rational
        var highClosed: Bool
        let truth: Bool
        /// The varying side of the condition on this piece.
        let quantity: Affine?
    }

    let goal: GoalSeek
    let pieces: [Piece]
    let low: Rational
    let high: Rational
    /// The unknown's kind: a ratio shows as a percentage, an amount with its unit.
    let kind: NumberKind
    /// The unknown's current value.
    let baseline: Rational
    /// Whether the boundaries come from bisection: the condition is not piecewise
    /// linear in the unknown.
    let bisected: Bool

    /// A boundary as displayed, with its exact value when the display rounds it.
    static func display(_ x: Rational, kind: NumberKind, _ format: NumberFormat) -> String {
        if case .amount(let u) = kind {
            let v = format.amount(x, u)
            let (shown, written) = format.shownUnit(u)
            let exact = u.convert(x, to: shown)
            if let places = exact.terminatingPlaces, places <= format.maxExactPlaces { return v }
            return "\(v)（精确值 \(format.exact(exact))\(written ? shown.name : "")）"
        }
        if kind == .ratio {
            let p = x * .hundred
            if let places = p.terminatingPlaces, places <= format.precision { return format.percent(x) }
            return "\(format.percent(x))（精确值 \(format.exact(p))%）"
        }
        let v = format.plain(x)
        if let places = x.terminatingPlaces, places <= format.maxExactPlaces { return v }
        return "\(v)（精确值 \(format.exact(x))）"
    }

    /// The answer as the statement prints it.
    func render(_ format: NumberFormat) -> String {
        let text = report(format)
        guard bisected else { return text }
        return text + "\n（\(goal.condition.span.text) 对 \(goal.path.span.text) 不是分段线性的，边界由精确数的二分法求得）"
    }

    func report(_ format: NumberFormat) -> String {
        let g = goal
        func shown(_ x: Rational, kind: NumberKind) -> String { Solution.display(x, kind: kind, format) }
        let path = g.path.span.text
        // Merge neighbouring pieces where the condition holds.
        var runs: [Piece] = []
        for p in pieces where p.truth {
            if var last = runs.last, last.high == p.low, last.highClosed || p.lowClosed {
                last.high = p.high
                last.highClosed = p.highClosed
                runs[runs.count - 1] = last
            } else {
                runs.append(p)
            }
        }
        let range = "\(shown(low, kind: kind))..\(shown(high, kind: kind))"
        var lines: [String] = []
        if runs.isEmpty {
            lines.append("无解：在 \(range) 范围内 \(g.condition.span.text) 都不成立。")
            if let q = g.quantity, let best = extreme(pieces, max: true), let worst = extreme(pieces, max: false) {
                lines.append("  \(q.span.text) 在这个范围内最高 \(format.displayResult(best.value))，最低 \(format.displayResult(worst.value))。")
                if let cap = best.flatFrom {
                    lines.append("  封顶：\(path) 达到 \(shown(cap, kind: kind)) 之后，\(q.span.text) 不再增加。")
                }
            }
            return lines.joined(separator: "\n")
        }
        if runs.count == 1, let r = runs.first, r.low == low, r.lowClosed, r.high == high, r.highClosed {
            return "整个范围 \(range) 内都成立：\(path) 取其中任何值都满足 \(g.condition.span.text)。"
        }
        func interval(_ p: Piece) -> String {
            if p.low == p.high { return shown(p.low, kind: kind) }
            return (p.lowClosed ? "[" : "(") + shown(p.low, kind: kind) + ", " + shown(p.high, kind: kind) + (p.highClosed ? "]" : ")")
        }
        if runs.count == 1, let r = runs.first {
            if r.low == r.high {
                lines.append("\(path) = \(shown(r.low, kind: kind))")
            } else if r.high == high && r.highClosed {
                lines.append(
                    "\(path) \(r.lowClosed ? "≥" : ">") \(shown(r.low, kind: kind))（最小值\(r.lowClosed ? "" : "的下确界")，在 \(range) 范围内）")
            } else if r.low == low && r.lowClosed {
                lines.append(
                    "\(path) \(r.highClosed ? "≤" : "<") \(shown(r.high, kind: kind))（最大值\(r.highClosed ? "" : "的上确界")，在 \(range) 范围内）")
            } else {
                lines.append("\(path) 在区间 \(interval(r)) 内都满足（在 \(range) 范围内）")
            }
        } else {
            lines.append("\(path) 满足条件的区间：" + runs.map(interval).joined(separator: "，") + "（在 \(range) 范围内）")
        }
        lines.append("（当前值 \(shown(baseline, kind: kind))：\(runs.contains { contains($0, baseline) } ? "满足" : "不满足")）")
        return lines.joined(separator: "\n")
    }

    func contains(_ p: Piece, _ x: Rational) -> Bool {
        (p.low < x || (p.low == x && p.lowClosed)) && (x < p.high || (x == p.high && p.highClosed))
    }

    /// The highest (or lowest) value of the varying side over the pieces, and where it
    /// stops changing when that is on a flat piece reaching the end of the range.
    func extreme(_ pieces: [Piece], max wantMax: Bool) -> (value: Value, flatFrom: Rational?)? {
        var best: (Rational, NumberKind, Rational?)?
        for p in pieces {
            guard let q = p.quantity else { continue }
            for x in [p.low, p.high] {
                let v = q.at(x)
                let better = best.map { wantMax ? $0.0 < v : v < $0.0 } ?? true
                if better { best = (v, q.kind, q.isConstant && p.low < p.high ? p.low : nil) }
            }
        }
        guard let (v, kind, flat) = best else { return nil }
        return (kind.value(v), flat)
    }

}

extension Workspace {
    /// Puts a value (or the unknown) where the target is: for one evaluation, in a fork.
    mutating func put(_ v: Value, in target: Workspace.OverrideTarget) {
        switch target {
        case .cell(let ref, let field):
            environment.overrides.cells[Overrides.CellKey(table: ObjectIdentifier(ref.table), row: ref.row, column: field)] = v
        case .variable(let n):
            environment.variables[n] = v
        case .column:
            break
        }
        environment.ruleCache.clear()
    }

}
