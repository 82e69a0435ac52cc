import SuanpanData
import SuanpanLanguage

/// How many arguments a built-in takes.
public enum Arity: Sendable {
    case exactly(Int)
    case range(Int, Int)
    /// At least this many.
    case atLeast(Int)

    func accepts(_ n: Int) -> Bool {
        switch self {
        case .exactly(let k): return n == k
        case .range(let lo, let hi): return n >= lo && n <= hi
        case .atLeast(let k): return n >= k
        }
    }

    /// "2", "1 到 2", "至少 1".
    package var description: String {
        switch self {
        case .exactly(let k): return "\(k)"
        case .range(let lo, let hi): return "\(lo) 到 \(hi)"
        case .atLeast(let k): return "至少 \(k)"
        }
    }
}

/// What an implementation sees of its call: the spans to point at, and the evaluator's
/// number rules and limits.
public struct CallContext {
    public let name: String
    public let span: SourceSpan
    public let argumentSpans: [SourceSpan]
    let arithmetic: Arithmetic
    package let settings: EvaluationSettings
    /// The session's bindings (for template parameters such as 等级分段).
    package let variables: [String: Value]
    /// The grade bands worked out once for a call site that runs many times (compiled
    /// rules); nil to read them from `variables` at each call.
    var knownGradeBands: GradeBands? = nil
    /// The dataset's year (from its title), for dates written without one.
    package var datasetYear: Int? = nil

    /// The evaluation year worked out once for a call site that runs many times
    /// (compiled rules: no lookup of 「年度」 for each row); nil to work it out at each call.
    var knownEvaluationYear: Int?? = nil

    /// The year a date without one belongs to: the session's 「年度」 (`年度 = 2023`),
    /// else the dataset's (its title's) year.
    package var evaluationYear: Int? {
        if let known = knownEvaluationYear { return known }
        return CallContext.evaluationYear(variables: variables, datasetYear: datasetYear)
    }

    package static func evaluationYear(variables: [String: Value], datasetYear: Int?) -> Int? {
        if let v = variables["年度"]?.numeric, v.isInteger, let y = v.intValue, (1949...2100).contains(y) { return y }
        return datasetYear
    }

    /// The grade bands: the rule template's 「等级分段」 (the lowest 优, 良, 中 scores),
    /// else the Qingdao default 90/80/70.
    package func gradeBands() throws(Diagnostic) -> GradeBands {
        if let knownGradeBands { return knownGradeBands }
        guard let v = variables["等级分段"] else { return settings.gradeBands }
        guard case .list(let xs) = v, xs.count == 3, let a = xs[0].numeric, let b = xs[1].numeric, let c = xs[2].numeric,
            !(a < b), !(b < c)
        else {
            throw Diagnostic(.domain("「等级分段」应为从高到低的三个分数，如 [90, 80, 70]（优、良、中的最低分）"), at: span)
        }
        return GradeBands(bands: [("优", a), ("良", b), ("中", c)], lowest: "差")
    }

    func argumentSpan(_ i: Int) -> SourceSpan {
        i < argumentSpans.count ? argumentSpans[i] : span
    }

    /// The number in argument `i`, or a type diagnostic that points at it.
    package func number(_ args: [Value], _ i: Int) throws(Diagnostic) -> Rational {
        if case .unreadable(let c) = args[i] { throw Arithmetic.unreadable(c, argumentSpan(i)) }
        guard let x = args[i].numeric else {
            throw Diagnostic(
                .typeMismatch(operation: "\(name) 的第 \(i + 1) 个参数", expected: "数字", found: args[i].described), at: argumentSpan(i))
        }
        return x
    }

    /// Arguments `i` and `j` as numbers in one unit (`Amounts`): the two sides of a rate.
    package func pair(_ args: [Value], _ i: Int, _ j: Int) throws(Diagnostic) -> (Rational, Rational) {
        let x = try number(args, i)
        let y = try number(args, j)
        guard let a = NumberKind(args[i]), let b = NumberKind(args[j]) else { return (x, y) }
        let (p, q, _) = Amounts.together(x, a, y, b, working: arithmetic.working)
        return (p, q)
    }

    /// An integer argument within bounds (decimal places, counts).
    func integer(_ args: [Value], _ i: Int, in range: ClosedRange<Int>) throws(Diagnostic) -> Int {
        let x = try number(args, i)
        guard let k = x.intValue, range.contains(k) else {
            throw Diagnostic(.domain("\(name) 的第 \(i + 1) 个参数应为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数"), at: argumentSpan(i))
        }
        return k
    }

    /// The numbers of a list argument or of several arguments (`sum([1,2])`, `max(1, 2)`),
    /// flattening nested lists and skipping empty cells, in one unit when there are
    /// amounts (`Amounts`); `kind` is the kind of their sum, average, least or greatest.
    func numbers(_ args: [Value]) throws(Diagnostic) -> (values: [Rational], kind: NumberKind) {
        var out: [Rational] = []
        var allRatios = true
        var amounts = Amounts.Gathered()
        for (i, a) in args.enumerated() {
            guard case .list(let xs) = a else {
                try add(a, i, nil, &out, &allRatios, &amounts)
                continue
            }
            // A list of plain numbers (a column of 100,000) in one loop.
            out.reserveCapacity(out.count + xs.count)
            for k in xs.indices {
                switch xs[k] {
                case .number(let x):
                    out.append(x)
                    allRatios = false
                case .ratio(let x): out.append(x)
                case .amount(let x, let u):
                    amounts.note(u, at: out.count)
                    out.append(x)
                    allRatios = false
                case .empty: break
                default: try add(xs[k], i, k + 1, &out, &allRatios, &amounts)
                }
            }
        }
        let unit = amounts.convert(&out, working: arithmetic.working)
        return (out, Amounts.aggregateKind(allRatios: allRatios && !out.isEmpty, unit: unit))
    }

    /// The sum of plain numbers and ratios (lists of them, empty cells skipped) added as
    /// they come, with no list of the numbers (a column of a million is 24 MB); nil when
    /// some value is anything else (an amount with its unit, a text), for `numbers`.
    func plainSum(_ args: [Value]) -> (total: Rational, kind: NumberKind)? {
        // A sum growing past the size limit stops there (the caller's check refuses it).
        var total = Rational.Sum(maxBits: arithmetic.limits.maxBits)
        var allRatios = true
        var any = false
        @inline(__always) func add(_ v: Value) -> Bool {
            switch v {
            case .number(let x):
                total.add(x)
                allRatios = false
                any = true
            case .ratio(let x):
                total.add(x)
                any = true
            case .empty: break
            default: return false
            }
            return true
        }
        for a in args {
            if case .list(let xs) = a {
                for x in xs {
                    if !add(x) { return nil }
                    if total.isTooLarge { break }
                }
            } else if !add(a) {
                return nil
            }
            if total.isTooLarge { break }
        }
        return (total.value, Amounts.aggregateKind(allRatios: allRatios && any, unit: nil))
    }

    /// One value's numbers into `out` (a function with `inout`, not a closure capturing
    /// them: a column of 100,000 goes through here). `item` is the 1-based place of `v`
    /// in the list it came from, if any.
    private func add(
        _ v: Value, _ i: Int, _ item: Int?, _ out: inout [Rational], _ allRatios: inout Bool, _ amounts: inout Amounts.Gathered
    ) throws(Diagnostic) {
        switch v {
        case .number(let x):
            out.append(x)
            allRatios = false
        case .ratio(let x): out.append(x)
        case .amount(let x, let u):
            amounts.note(u, at: out.count)
            out.append(x)
            allRatios = false
        case .list(let xs):
            out.reserveCapacity(out.count + xs.count)
            for (k, x) in xs.enumerated() { try add(x, i, k + 1, &out, &allRatios, &amounts) }
        case .empty: break
        case .unreadable(let c): throw Arithmetic.unreadable(c, argumentSpan(i))
        default:
            throw Diagnostic(
                .typeMismatch(
                    operation: "「\(name)」", expected: "数字或数字列表",
                    found: v.described + (item.map { "（列表的第 \($0) 项）" } ?? "")), at: argumentSpan(i))
        }
    }
}

/// One entry of the built-in registry: names, arity, documentation, a runnable
/// example, and the implementation. `:help` and the tests read the same entries.
public struct Builtin: Sendable {
    /// The primary (Chinese where the domain has a Chinese name) name.
    public let name: String
    /// Other names: English and Chinese aliases.
    public let aliases: [String]
    /// Parameter names as shown in help and arity messages.
    public let parameters: [String]
    public let arity: Arity
    /// One-line Chinese description.
    public let summary: String
    /// An example call and the result it displays; a test runs every example.
    public let example: String
    public let exampleResult: String
    package let body: @Sendable ([Value], CallContext) throws(Diagnostic) -> Value
    /// The built-in as every path calls it (the interpreter and compiled rules alike):
    /// an uncomputed argument, or item of a list argument, gives an uncomputed result
    /// unless the built-in takes such values itself. Wrapped once, at registration.
    let implementation: @Sendable ([Value], CallContext) throws(Diagnostic) -> Value
    /// Whether the built-in itself decides what an uncomputed argument means (`count`,
    /// `已算出`); for the others an uncomputed argument makes the result uncomputed.
    var takesNotComputed = false
    /// What the evaluator does besides calling it: `published` and `需判断` read their
    /// first argument as the files print it, rules off (a rule that takes this path
    /// cannot be verified by audit); 需判断 is left to the interpreter by compiled rules
    /// and explained as a judgement.
    package enum Role: Sendable { case plain, published, judgement }
    package var role = Role.plain
    /// For the rounding built-ins (round, trunc, ceil, floor): their mode, which the
    /// compiled rules and solve's affine path read here rather than from the name.
    package var roundingMode: RoundingMode? = nil
    /// Whether the first argument is read as the files print it.
    package var readsPublished: Bool { role != .plain }
    /// For built-ins that read indicator texts: the same function on texts already
    /// parsed (compiled rules pass each cell parsed once); `implementation` converts its
    /// arguments and calls this.
    /// The indicator's name comes as its facts (`IndicatorNameHint`), read only when
    /// a rule needs them.
    var onIndicators:
        (@Sendable (IndicatorArgument, IndicatorArgument?, _ name: () -> IndicatorNameHint, CallContext) throws(Diagnostic) -> Value)? =
            nil

    // MARK: Fast paths: optional facets of this same entry
    //
    // A path that finds no facet for a built-in takes the general path there (the
    // interpreter's call of `implementation`; in solve, bisection), never a meaning of
    // its own; the differential test holds the facets to the interpreter.

    /// Compiled rules: the call as typed code on plain rationals (nil: this call is
    /// left to the interpreter).
    var compiledNumber: (@Sendable (inout RowCompiler, CompiledCall) -> NumCode?)? = nil
    /// Compiled rules: the call as a condition, alone (`不可读(实际值)`) or compared
    /// with a text (`指标方向(指标值) == "反向"`).
    var compiledCondition: (@Sendable (inout RowCompiler, CompiledCall, _ comparedWith: (BinaryOperator, String)?) -> BoolCode?)? = nil
    /// Solve: the call on arguments affine in the unknown, giving a piecewise-affine
    /// value and narrowing the piece; without it solve bisects.
    var affine: (@Sendable (Evaluator, Builtin, [Value], CallContext) throws(Diagnostic) -> Value)? = nil
    /// Explain: an aggregate whose rows explain lists.
    package var aggregatesRows = false
    /// Explain: min (the least) or max (the greatest) of its arguments, so that a
    /// constant argument that wins is shown as the cap that bites.
    package enum Pick: Sendable { case least, greatest }
    package var picks: Pick?
    /// Explain: what the built-in read in its arguments, in words (计分障碍 says how
    /// the target and the actual were read: direction, both numbers in one unit, both
    /// dates, the qualitative class), from the values its call took.
    package var reading: (@Sendable ([Value], _ evaluationYear: Int?) -> String?)? = nil

    public init(
        name: String, aliases: [String], parameters: [String], arity: Arity, summary: String, example: String,
        exampleResult: String, takesNotComputed: Bool = false,
        _ body: @escaping @Sendable ([Value], CallContext) throws(Diagnostic) -> Value
    ) {
        self.name = name
        self.aliases = aliases
        self.parameters = parameters
        self.arity = arity
        self.summary = summary
        self.example = example
        self.exampleResult = exampleResult
        self.takesNotComputed = takesNotComputed
        self.body = body
        if takesNotComputed {
            self.implementation = body
        } else {
            self.implementation = { (args: [Value], c: CallContext) throws(Diagnostic) -> Value in
                if let n = NotComputed.among(args) { return .notComputed(n) }
                return try body(args, c)
            }
        }
    }

    /// The entry with an explain facet: what it read in its arguments.
    func reading(_ f: @escaping @Sendable ([Value], Int?) -> String?) -> Builtin {
        var b = self
        b.reading = f
        return b
    }

    /// The entry with a compiled-rule facet.
    func compiled(_ f: @escaping @Sendable (inout RowCompiler, CompiledCall) -> NumCode?) -> Builtin {
        var b = self
        b.compiledNumber = f
        return b
    }

    /// The entry with a compiled-condition facet.
    func compiledCondition(_ f: @escaping @Sendable (inout RowCompiler, CompiledCall, (BinaryOperator, String)?) -> BoolCode?) -> Builtin {
        var b = self
        b.compiledCondition = f
        return b
    }

    /// The entry with a solve facet.
    func solving(_ f: @escaping @Sendable (Evaluator, Builtin, [Value], CallContext) throws(Diagnostic) -> Value) -> Builtin {
        var b = self
        b.affine = f
        return b
    }

    /// The entry marked as an aggregate over rows, for explain.
    func aggregatingRows() -> Builtin {
        var b = self
        b.aggregatesRows = true
        return b
    }

    /// The entry marked as picking the least or greatest argument, for explain.
    func picking(_ p: Pick) -> Builtin {
        var b = self
        b.picks = p
        return b
    }

    /// All names that call this built-in.
    public var allNames: [String] { [name] + aliases }

    /// `执行率(执行数, 预算数)`.
    public var signature: String {
        "\(name)(\(parameters.joined(separator: ", ")))"
    }
}

/// A call of a built-in as compiled rules see it: the entry, the name it was called by
/// (for messages), the argument expressions and where the call is.
struct CompiledCall {
    let builtin: Builtin
    let callee: String
    let args: [Expr]
    let span: SourceSpan
}
