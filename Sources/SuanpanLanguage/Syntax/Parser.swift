/// Parses tokens into statements. The grammar, lowest precedence first:
///
/// ```
/// program     = [statement] { SEP [statement] } END
/// statement   = META
///             | ("fn" | "函数") NAME "(" [NAME {"," NAME}] ")" "=" expr
///             | ("assert" | "断言") expr
///             | NAME "=" expr                       (binding; "==" is comparison)
///             | ("load"|"载入") STRING
///             | ("title"|"标题") STRING                       (dataset.suan)
///             | ("unit"|"单位") STRING          (dataset.suan: 元, 万元, 千元 or 亿元)
///             | ("alias"|"别名") NAME "[" STRING "]" "=" STRING (dataset.suan)
///             | ("key"|"键") NAME "." NAME                     (dataset.suan)
///             | {DOC} ("rule"|"规则") NAME "." NAME "=" expr     (a computed column)
///             | ("template"|"模板") STRING                    (run a rule template)
///             | {DOC} ("check"|"核对项") expr "=" expr            (published = computed)
///             | ("audit"|"核对")                                (compare all)
///             | ("assume"|"假设") path "=" expr                 (session-wide override)
///             | ("unassume"|"取消假设") (path | "all"|"全部")
///             | expr [("where"|"其中") path "=" expr {"," path "=" expr}]
///             | ("scenario"|"情景") NAME "{" {assume-statement SEP} "}"
///             | ("compare"|"比较") NAME {"," NAME} ":" expr {"," expr}
///             | ("table"|"列表") expr {"," expr} ("for"|"对") range ["," range]
///             | ("solve"|"求解") expr ["=" expr] ("for"|"对") path [("in"|"在") expr ".." expr]
///             | ("explain"|"解释") expr [where-clause] [("depth"|"深度") NUMBER]
///             | ("chart"|"图表") chart-body [("to"|"到") STRING]  (STRING: an .svg file)
///             | ("figure"|"图") NAME [STRING] "=" chart-body     (a named chart; dataset.suan)
///             | ("export"|"导出") subject {"," subject} ("to"|"到") STRING [NAME]
///                                    (STRING: .xlsx, .csv, .md or .html; NAME: gb18030)
/// subject     = compare-statement | table-statement | explain-statement | audit-statement
///             | ("自评表"|"form") expr | ("汇总表"|"summary") [("by"|"按") additive]
///             | expr [where-clause]
/// chart-body  = part {"," part}                                 (structure chart)
///             | ("change"|"变动") part "," part {"," part}       (before/after bars)
///             | ("compare"|"比较") NAME {"," NAME} ":" expr {"," expr}
///             | ("table"|"列表") expr "for" range                (a plot)
/// part        = [STRING ":"] expr                               (a label, and the value)
/// range       = path ("in"|"在") expr ".." expr ("step"|"步长") expr
/// path        = postfix                                    (a name, 表.列 or 表["键"].列)
///             | expr
/// expr        = conditional
/// conditional = ("if"|"如果") expr ("then"|"那么") expr ("else"|"否则") expr | or
/// or          = and { "or" and }
/// and         = not { "and" not }
/// not         = "not" not | comparison
/// comparison  = additive [ ("=="|"!="|"<"|"<="|">"|">=") additive ]
/// additive    = multiplicative { ("+"|"-") multiplicative }
/// multiplicative = unary { ("*"|"/") unary }
/// unary       = ("-"|"+") unary | power
/// power       = postfix [ "^" unary ]               (right-associative: 2^3^2 = 2^9)
/// postfix     = primary { "(" [args] ")" | "[" expr "]" | "[" NAME "," NAME {"," NAME} "]"
///                         | "." NAME | "%" | step }
/// step        = ("sort"|"排序") additive [dir] {"," additive [dir]}   (a table's rows ordered)
///             | ("group"|"分组") ["by"|"按"] additive {"," additive} [":" aggregate {"," aggregate}]
///             | ("pivot"|"透视") additive ("by"|"按") additive [":" aggregate]
/// aggregate   = [NAME "="] expr                    (a grouped figure; its name, else its text)
///             | ("first"|"前") primary | ("last"|"后") primary        (the first or last N rows)
/// dir         = "asc"|"升序"|"desc"|"降序"
/// primary     = NUMBER | STRING | "true" | "false" | NAME
///             | "(" expr ")" | "[" [expr {"," expr}] "]"
/// ```
///
/// `load`, `title`, `alias` and `key` are words only at the start of a statement and
/// in that shape, so they stay usable as names elsewhere.
/// `×` `÷` `≥` `≤` `≠` and full-width forms arrive already folded by the lexer.
/// `-2^2` is `-(2^2)`; `95.38%` is `95.38` with the postfix `%` (÷100, a ratio).
public struct Parser {
    /// Expressions nested deeper than `maxDepth` (brackets, unary chains, operator
    /// chains) are a diagnostic, so that evaluation can never exhaust the stack.
    package let maxDepth: Int
    let tokens: [Token]
    package var p = 0
    package var depth = 0
    /// The deepest nesting of the statement being parsed, and where it was reached.
    var deepest = 0
    package var deepestAt: SourceSpan?
    /// The `##` description waiting for the next rule.
    var pendingDoc: String?
    /// Whether `sort`, `first`, `last` (and 排序, 前, 后) after a table are its row-set
    /// steps: not inside a sort key or a count.
    var rowSetWords = true

    public init(tokens: [Token], maxDepth: Int = Limits().maxNesting) {
        self.tokens = tokens
        self.maxDepth = maxDepth
    }

    /// Lexes and parses a whole source, within `limits` (nesting, number digits).
    public static func parse(_ source: Source, limits: Limits = Limits()) throws(Diagnostic) -> [Statement] {
        var parser = Parser(tokens: try Lexer.tokenize(source, limits: limits), maxDepth: limits.maxNesting)
        return try parser.program().map(\.statement)
    }

    /// A statement with the deepest nesting it reaches and where.
    public struct Measured {
        public let statement: Statement
        public let nesting: Int
        public let deepestAt: SourceSpan?
    }

    /// Parses a whole source nested up to the ceiling of `:limits nesting`; the session
    /// checks each statement against the limit in force when it runs (a script can
    /// raise the limit for the statements after it).
    package static func parseMeasured(_ source: Source, limits: Limits) throws(Diagnostic) -> [Measured] {
        var ceiling = limits
        ceiling.maxNesting = max(limits.maxNesting, Limit.nesting.ceiling)
        do {
            var parser = Parser(tokens: try Lexer.tokenize(source, limits: ceiling), maxDepth: ceiling.maxNesting)
            return try parser.program()
        } catch {
            // Past the ceiling: the message names the limit in force, the one to raise.
            if case .nestingTooDeep = error.kind, limits.maxNesting < ceiling.maxNesting {
                throw Diagnostic(.nestingTooDeep(limit: limits.maxNesting), at: error.span)
            }
            throw error
        }
    }

    // MARK: Token helpers

    package var current: Token { tokens[p] }

    mutating func advance() -> Token {
        let t = tokens[p]
        if p < tokens.count - 1 { p += 1 }
        return t
    }

    package func check(_ sym: Symbol) -> Bool {
        if case .symbol(let s) = current.kind { return s == sym }
        return false
    }

    package func check(_ kw: Keyword) -> Bool {
        if case .keyword(let k) = current.kind { return k == kw }
        return false
    }

    mutating func match(_ sym: Symbol) -> Bool {
        if check(sym) {
            p += 1
            return true
        }
        return false
    }

    mutating func expect(_ sym: Symbol, _ what: String) throws(Diagnostic) -> Token {
        guard check(sym) else { throw unexpected(what) }
        return advance()
    }

    func unexpected(_ expected: String) -> Diagnostic {
        var notes: [String] = []
        if case .symbol(.assign) = current.kind {
            notes.append("提示：比较是否相等请用 ==，= 只用于给名称赋值")
        }
        if case .symbol(.comma) = current.kind, p > 0, case .number = tokens[p - 1].kind, case .number = kind(at: 1),
            tokens[p + 1].span.text.count == 3
        {
            notes.append("提示：代码中数字不用逗号分千位，可写成 1_000_000 或 1000000；写明单位的金额可以用逗号（750,000元）")
        }
        return Diagnostic(.unexpectedToken(found: current.description, expected: expected), at: current.span, notes: notes)
    }

    package mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > deepest {
            deepest = depth
            deepestAt = current.span
        }
        if depth > maxDepth {
            throw Diagnostic(.nestingTooDeep(limit: maxDepth), at: current.span)
        }
    }

    // MARK: Statements

    package mutating func program() throws(Diagnostic) -> [Measured] {
        var statements: [Measured] = []
        while true {
            while case .separator = current.kind { p += 1 }
            if case .end = current.kind { break }
            // `##` lines describe the rule after them; elsewhere they are comments.
            var docs: [String] = []
            while case .doc(let text) = current.kind {
                docs.append(text)
                p += 1
                while case .separator = current.kind { p += 1 }
            }
            if case .end = current.kind { break }
            pendingDoc = docs.isEmpty ? nil : docs.joined()
            deepest = 0
            deepestAt = nil
            let parsed = try statement()
            statements.append(Measured(statement: parsed, nesting: deepest, deepestAt: deepestAt))
            switch current.kind {
            case .separator, .end: continue
            default: throw unexpected("换行或「;」（一条语句到此结束）")
            }
        }
        return statements
    }

    package mutating func statement() throws(Diagnostic) -> Statement {
        let start = current.span
        switch current.kind {
        case .meta(let name, let argument):
            p += 1
            return .meta(name: name, argument: argument, span: start)
        case .keyword(let k):
            guard let spec = StatementSpec.byKeyword[k] else { return try expressionStatement() }
            return try spec.parse(&self, start)
        case .identifier(let name):
            if let spec = StatementSpec.lookup(name), case .word(let shape) = spec.start, shape(self) {
                return try spec.parse(&self, start)
            }
            if case .symbol(.assign) = tokens[p + 1].kind {
                p += 2
                let value = try expression()
                return .binding(name: name, value: value, span: start.through(value.span))
            }
            return try expressionStatement()
        default:
            return try expressionStatement()
        }
    }

    /// An expression, with `where` overrides when they follow.
    mutating func expressionStatement() throws(Diagnostic) -> Statement {
        let e = try expression()
        guard match(.where) else { return .expression(e) }
        var overrides: [Assignment] = []
        repeat { overrides.append(try assignment()) } while match(.comma)
        return .whatIf(e, overrides, span: e.span.through(overrides.last?.span ?? e.span))
    }

    /// `path = expr`.
    mutating func assignment() throws(Diagnostic) -> Assignment {
        let target = try postfix()
        _ = try expect(.assign, "「=」和新的值")
        let value = try expression()
        return Assignment(target: target, value: value, span: target.span.through(value.span))
    }

    /// `expr {"," expr} "for" range ["," range]` (after `table`).
    package mutating func sensitivity(_ start: SourceSpan) throws(Diagnostic) -> Sensitivity {
        var exprs: [Expr] = []
        repeat { exprs.append(try expression()) } while match(.comma)
        guard match(.for) else { throw unexpected("「for」") }
        var variables: [Sensitivity.Variable] = []
        repeat {
            let path = try postfix()
            guard match(.in) else { throw unexpected("「in」和取值范围（如 4000..7000 step 500）") }
            let low = try expression()
            _ = try expect(.range, "「..」（取值范围，如 4000..7000）")
            let high = try expression()
            guard match(.step) else { throw unexpected("「step」和步长") }
            let step = try expression()
            variables.append(.init(path: path, low: low, high: high, step: step))
        } while match(.comma)
        if variables.count > 2 {
            throw Diagnostic(.domain("敏感性表最多两个变量"), at: variables[2].path.span)
        }
        if variables.count == 2 && exprs.count > 1 {
            throw Diagnostic(.domain("两个变量的表格只能有一个表达式"), at: exprs[1].span)
        }
        return Sensitivity(expressions: exprs, variables: variables, span: start.through(variables.last?.step.span ?? start))
    }

    /// `NAME {"," NAME} ":" expr {"," expr}`: scenarios and what to compare in them.
    package mutating func comparison() throws(Diagnostic) -> ([(String, SourceSpan)], [Expr]) {
        var names: [(String, SourceSpan)] = []
        repeat {
            guard case .identifier(let n) = current.kind else { throw unexpected("情景名（或 baseline）") }
            names.append((n, advance().span))
        } while match(.comma)
        _ = try expect(.colon, "「:」和要比较的表达式")
        var exprs: [Expr] = []
        repeat { exprs.append(try expression()) } while match(.comma)
        return (names, exprs)
    }

    /// What a chart draws (after `chart`, or after `figure NAME =`). `table`, `compare`
    /// and `change` are words here only in their own shapes, so a value of that name
    /// (`chart 变动 * 2`, `chart change.合计`, `chart 变动(3)`) is still drawn as a value.
    mutating func chartBody(_ start: SourceSpan) throws(Diagnostic) -> ChartBody {
        if case .identifier(let w) = current.kind {
            // What may follow the word in its own shape: the start of an operand that is
            // not a member, index or call of it (a label, a number, a name).
            let next = kind(at: 1)
            var startsOperand = false
            switch next {
            case .string, .number, .amount: startsOperand = true
            case .identifier(let n): startsOperand = !ContextWord.to.matches(n) && !ContextWord.for.matches(n)
            // `变动 -1, 2`: a signed first value, when the statement lists more than one.
            case .symbol(.minus), .symbol(.plus): startsOperand = hasTopLevelComma()
            default: startsOperand = false
            }
            // `chart table …` draws a sensitivity table as a plot.
            if StatementSpec.lookup(w)?.english == "table", next != .symbol(.dot), next != .symbol(.lbracket),
                statementContains(.for)
            {
                p += 1
                return .table(try sensitivity(start))
            }
            // `chart compare a, b : exprs` draws the comparison as paired bars.
            if StatementSpec.lookup(w)?.english == "compare", case .identifier = next, statementContains(where: { $0 == .symbol(.colon) }) {
                p += 1
                let (names, exprs) = try comparison()
                return .compare(scenarios: names, expressions: exprs)
            }
            if ContextWord.change.matches(w), startsOperand {
                p += 1
                let parts = try chartParts()
                guard parts.count >= 2 else {
                    throw Diagnostic(.domain("变动图至少要两个值（之前与之后），如 变动 \"2021年\": 甲, \"2022年\": 乙"), at: parts[0].expr.span)
                }
                return .change(parts)
            }
        }
        return .structure(try chartParts())
    }

    /// `part {"," part}` with `part = [STRING ":"] expr`.
    package mutating func chartParts() throws(Diagnostic) -> [ChartPart] {
        var parts: [ChartPart] = []
        repeat {
            var label: String?
            if case .string(let text) = current.kind, kind(at: 1) == .symbol(.colon) {
                label = text
                p += 2
            }
            parts.append(ChartPart(label: label, expr: try expression()))
        } while match(.comma)
        return parts
    }

    package static func word(_ kind: Token.Kind) -> String? {
        if case .identifier(let w) = kind { return w }
        return nil
    }

    /// Whether a comma outside brackets comes later in this statement.
    func hasTopLevelComma() -> Bool {
        var depth = 0
        for token in tokens[(p + 1)...] {
            switch token.kind {
            case .separator, .end: return false
            case .symbol(.lparen), .symbol(.lbracket), .symbol(.lbrace): depth += 1
            case .symbol(.rparen), .symbol(.rbracket), .symbol(.rbrace): depth -= 1
            case .symbol(.comma) where depth == 0: return true
            default: continue
            }
        }
        return false
    }

    /// Whether a token matching `test` comes later in this statement.
    func statementContains(where test: (Token.Kind) -> Bool) -> Bool {
        for token in tokens[(p + 1)...] {
            switch token.kind {
            case .separator, .end: return false
            case let k where test(k): return true
            default: continue
            }
        }
        return false
    }

    package func kind(at offset: Int) -> Token.Kind { tokens[min(p + offset, tokens.count - 1)].kind }

    // MARK: Expressions, one method per precedence level

    public mutating func expression() throws(Diagnostic) -> Expr {
        try enter()
        defer { depth -= 1 }
        return try conditional()
    }

    package mutating func conditional() throws(Diagnostic) -> Expr {
        guard check(.if) else { return try or() }
        let start = advance().span
        let condition = try expression()
        guard check(.then) else { throw unexpected("「then」或「那么」") }
        p += 1
        let yes = try expression()
        guard check(.else) else { throw unexpected("「else」或「否则」") }
        p += 1
        let no = try expression()
        return .conditional(condition, yes, no, start.through(no.span))
    }

    /// Parses `next { op next }` for one left-associative level; each extra operand
    /// counts toward the depth limit, as it deepens the tree.
    mutating func leftAssociative(
        _ next: (inout Parser) throws(Diagnostic) -> Expr,
        _ op: (Token.Kind) -> BinaryOperator?
    ) throws(Diagnostic) -> Expr {
        var lhs = try next(&self)
        let saved = depth
        defer { depth = saved }
        while let o = op(current.kind) {
            p += 1
            try enter()
            let rhs = try next(&self)
            lhs = .binary(o, lhs, rhs, lhs.span.through(rhs.span))
        }
        return lhs
    }

    package mutating func or() throws(Diagnostic) -> Expr {
        try leftAssociative({ (p: inout Parser) throws(Diagnostic) in try p.and() }) { BinaryOperator.at(.or, $0) }
    }

    package mutating func and() throws(Diagnostic) -> Expr {
        try leftAssociative({ (p: inout Parser) throws(Diagnostic) in try p.not() }) { BinaryOperator.at(.and, $0) }
    }

    package mutating func not() throws(Diagnostic) -> Expr {
        guard check(.not) else { return try comparison() }
        let start = advance().span
        try enter()
        defer { depth -= 1 }
        let operand = try not()
        return .unary(.not, operand, start.through(operand.span))
    }

    package mutating func comparison() throws(Diagnostic) -> Expr {
        let lhs = try additive()
        guard let op = BinaryOperator.at(.comparison, current.kind) else { return lhs }
        p += 1
        let rhs = try additive()
        if BinaryOperator.at(.comparison, current.kind) != nil {
            throw Diagnostic(.unexpectedToken(found: current.description, expected: "表达式结束（比较不能连写，请用 and 连接）"), at: current.span)
        }
        return .binary(op, lhs, rhs, lhs.span.through(rhs.span))
    }

    mutating func additive() throws(Diagnostic) -> Expr {
        try leftAssociative({ (p: inout Parser) throws(Diagnostic) in try p.multiplicative() }) { BinaryOperator.at(.additive, $0) }
    }

    mutating func multiplicative() throws(Diagnostic) -> Expr {
        try leftAssociative({ (p: inout Parser) throws(Diagnostic) in try p.unary() }) { BinaryOperator.at(.multiplicative, $0) }
    }

    package mutating func unary() throws(Diagnostic) -> Expr {
        if check(.minus) || check(.plus) {
            let t = advance()
            try enter()
            defer { depth -= 1 }
            let operand = try unary()
            return .unary(t.kind == .symbol(.minus) ? .negate : .plus, operand, t.span.through(operand.span))
        }
        return try power()
    }

    package mutating func power() throws(Diagnostic) -> Expr {
        let base = try postfix()
        guard let op = BinaryOperator.at(.power, current.kind) else { return base }
        p += 1
        try enter()
        defer { depth -= 1 }
        let exponent = try unary()
        return .binary(op, base, exponent, base.span.through(exponent.span))
    }

    mutating func postfix() throws(Diagnostic) -> Expr {
        var e = try primary()
        while true {
            if check(.lparen) {
                guard case .name(let callee, let calleeSpan) = e else {
                    throw Diagnostic(.typeMismatch(operation: "函数调用", expected: "函数名", found: "表达式「\(e.span.text)」"), at: current.span)
                }
                p += 1
                var args: [Expr] = []
                // Inside brackets a table's steps are words again (`count(项目 sort 总分 first 5)`).
                let saved = rowSetWords
                rowSetWords = true
                if !check(.rparen) {
                    repeat { args.append(try expression()) } while match(.comma)
                }
                rowSetWords = saved
                let close = try expect(.rparen, "「,」或「)」")
                e = .call(callee: callee, calleeSpan: calleeSpan, arguments: args, span: calleeSpan.through(close.span))
            } else if check(.lbracket) {
                p += 1
                let key = try expression()
                if check(.comma) {
                    // `[列, 列]`: columns chosen, each a column name.
                    var names: [Expr] = [key]
                    while match(.comma) { names.append(try expression()) }
                    let close = try expect(.rbracket, "「,」或「]」")
                    var columns: [String] = []
                    for n in names {
                        guard case .name(let c, _) = n else {
                            throw Diagnostic(
                                .typeMismatch(operation: "选列", expected: "列名（如 表[列1, 列2]）", found: "「\(n.span.text)」"), at: n.span)
                        }
                        columns.append(c)
                    }
                    e = .rowSet(e, .columns(columns, names.map(\.span)), e.span.through(close.span))
                    continue
                }
                let close = try expect(.rbracket, "「]」")
                e = .index(e, key, e.span.through(close.span))
            } else if check(.dot) {
                p += 1
                guard case .identifier(let field) = current.kind else { throw unexpected("「.」后的列名") }
                let t = advance()
                e = .member(e, field, e.span.through(t.span))
            } else if check(.percent) {
                let t = advance()
                e = .percent(e, e.span.through(t.span))
            } else if rowSetWords, let step = ContextWord.rowSetSteps.first(where: { at($0) }) {
                e = try rowSetStep(e, step)
            } else {
                return e
            }
        }
    }

    /// `sort 键 [desc] {, 键 [desc]}`, `first N`, `last N` after `base`. Inside a key or
    /// a count the words are not steps (`sort 总分 first 5` sorts by 总分, then cuts).
    mutating func rowSetStep(_ base: Expr, _ step: ContextWord) throws(Diagnostic) -> Expr {
        p += 1
        let saved = rowSetWords
        rowSetWords = false
        defer { rowSetWords = saved }
        switch step {
        case .group:
            _ = match(ContextWord.by)
            var keys: [Expr] = []
            repeat { keys.append(try additive()) } while match(.comma)
            var aggregates: [GroupFigure] = []
            if match(.colon) {
                repeat { aggregates.append(try groupFigure()) } while match(.comma)
            }
            return .rowSet(base, .group(keys, aggregates), base.span.through(tokens[p - 1].span))
        case .pivot:
            let rows = try additive()
            guard match(ContextWord.by) else { throw unexpected("「by」或「按」（透视：行键 by 列键）") }
            let columns = try additive()
            let value = match(.colon) ? try groupFigure() : nil
            return .rowSet(base, .pivot(rows, columns, value), base.span.through(tokens[p - 1].span))
        case .sort:
            var keys: [SortKey] = []
            repeat {
                let key = try additive()
                let descending = match(ContextWord.descending)
                if !descending { _ = match(ContextWord.ascending) }
                keys.append(SortKey(key: key, descending: descending))
            } while match(.comma)
            return .rowSet(base, .sort(keys), base.span.through(tokens[p - 1].span))
        default:
            // A number, a name or a bracketed expression: the steps go on after it
            // (`first 5 [项目名称, 总分]`).
            let n = try primary()
            return .rowSet(base, step == .first ? .first(n) : .last(n), base.span.through(n.span))
        }
    }

    /// `名 = 表达式` or a bare expression (named by its text), as a grouped figure.
    mutating func groupFigure() throws(Diagnostic) -> GroupFigure {
        if case .identifier(let n) = current.kind, case .symbol(.assign) = kind(at: 1) {
            p += 2
            return GroupFigure(name: n, expr: try expression())
        }
        let e = try expression()
        return GroupFigure(name: e.span.text, expr: e)
    }

    mutating func primary() throws(Diagnostic) -> Expr {
        let t = current
        switch t.kind {
        case .number(let v):
            p += 1
            return .number(v, t.span)
        case .amount(let v, let unit):
            p += 1
            return .amount(v, unit, t.span)
        case .string(let s):
            p += 1
            return .string(s, t.span)
        case .keyword(.true), .keyword(.false):
            p += 1
            return .bool(t.kind == .keyword(.true), t.span)
        case .identifier(let n):
            p += 1
            return .name(n, t.span)
        case .symbol(.lparen):
            p += 1
            let saved = rowSetWords
            rowSetWords = true
            let e = try expression()
            rowSetWords = saved
            _ = try expect(.rparen, "「)」")
            return e
        case .symbol(.lbracket):
            p += 1
            var items: [Expr] = []
            if !check(.rbracket) {
                repeat { items.append(try expression()) } while match(.comma)
            }
            let close = try expect(.rbracket, "「,」或「]」")
            return .list(items, t.span.through(close.span))
        default:
            throw unexpected("数字、名称或「(」")
        }
    }
}
