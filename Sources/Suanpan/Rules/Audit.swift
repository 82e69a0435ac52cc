import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// `audit` (核对): recompute every figure that has both a computation and a published
/// value, and check totals against their items.
///
/// Three sources of comparisons:
/// 1. rules whose column the data also has (项目.总分, 指标.得分, …): each row's
///    published cell against the rule's value;
/// 2. totals: in a 科目 hierarchy each parent row against the sum of its children and
///    the 合计 row against the top level; in other tables a 合计 row against its rows;
/// 3. `check 公布 = 计算` statements (the narrative's figures, in the dataset's files).
///
/// A difference is *within rounding* when the published figure is a correct half-up
/// rounding, at its own printed precision, of some value within half a unit of the
/// inputs' last printed digit (summed over the inputs) of the computed one; otherwise
/// it is a *real discrepancy*. A rule value that had to take a published figure (a
/// `#####` cell, an evaluator's tier) is *unverifiable*.
public struct AuditReport: Sendable {
    public enum Verdict: String, Sendable {
        case agrees = "一致"
        case rounding = "尾数差异"
        case discrepancy = "实质差异"
        case unverifiable = "无法核验"
    }

    public struct Finding: Sendable {
        public let verdict: Verdict
        public let place: String
        public let published: String
        public let computed: String
        public let difference: String
        public let note: String?
        /// The table the finding is about (nil for a check of the narrative's figures).
        public var table: String? = nil
        /// The computed figure and the difference as values, where they are figures
        /// (an export writes them as numbers; the texts above are how they print).
        public var computedValue: Value? = nil
        public var differenceValue: Value? = nil
    }

    public var findings: [Finding] = []

    /// Grade words of published tables, to the grades the rules give.
    static let gradeWords: [String: String] = ["优秀": "优", "良好": "良", "中等": "中", "较差": "差"]
    /// Data problems (and notes) found at load, listed before the figure checks.
    public var problems: [DataProblem] = []

    public func count(_ v: Verdict) -> Int { findings.filter { $0.verdict == v }.count }
    public var discrepancies: Int { count(.discrepancy) }

    /// What `audit 类别或表 …` lists: some verdicts, the data problems or notes, some
    /// tables' findings. Empty: everything but agreements.
    public struct Focus: Sendable {
        public var verdicts: Set<Verdict> = [.rounding, .discrepancy, .unverifiable]
        public var problems = true
        public var notes = true
        public var tables: Set<String> = []
        public var words: [String] = []

        public init() {}

        /// The category words, in both languages.
        static let categories: [(words: [String], apply: @Sendable (inout Focus) -> Void)] = [
            (["实质差异", "discrepancy"], { $0.verdicts.insert(.discrepancy) }),
            (["尾数差异", "rounding"], { $0.verdicts.insert(.rounding) }),
            (["无法核验", "unverifiable"], { $0.verdicts.insert(.unverifiable) }),
            (["一致", "agrees"], { $0.verdicts.insert(.agrees) }),
            (["数据问题", "problems"], { $0.problems = true }),
            (["说明", "notes"], { $0.notes = true }),
        ]

        /// The focus the words ask for: category words and table names; nil and the
        /// word it does not know otherwise.
        public static func parse(_ words: [String], tables: [String]) -> Result<Focus, UnknownWord> {
            var f = Focus()
            guard !words.isEmpty else { return .success(f) }
            f.words = words
            let named = words.filter { w in categories.contains { $0.words.contains(w) } }
            if !named.isEmpty {
                f.verdicts = []
                f.problems = false
                f.notes = false
                for w in named { categories.first { $0.words.contains(w) }?.apply(&f) }
            }
            for w in words where !named.contains(w) {
                guard tables.contains(w) else { return .failure(UnknownWord(word: w)) }
                f.tables.insert(w)
            }
            // A table asked for alone: its findings, not the dataset's problems.
            if named.isEmpty && !f.tables.isEmpty {
                f.problems = false
                f.notes = false
            }
            return .success(f)
        }

        public struct UnknownWord: Error, Sendable {
            public let word: String
        }

        static var allWords: String { categories.map { $0.words[0] }.joined(separator: "、") }
    }

    /// The findings listed by a focus.
    public func shown(_ focus: Focus) -> [Finding] {
        findings.filter { f in
            focus.verdicts.contains(f.verdict) && (focus.tables.isEmpty || f.table.map(focus.tables.contains) == true)
        }
    }

    /// The data problems, then the findings listed, grouped by table (each place without
    /// its table's name), then a summary line.
    public func render(title: String, focus: Focus = Focus()) -> String {
        var lines = ["核对：\(title)" + (focus.words.isEmpty ? "" : "（只列出：\(focus.words.joined(separator: "、"))）")]
        let real = focus.problems ? problems.filter { !$0.isNote } : []
        let notes = focus.notes ? problems.filter(\.isNote) : []
        for (heading, list) in [("数据问题 \(real.count) 处（先处理这些，相关数字才可靠）：", real), ("说明：", notes)] where !list.isEmpty {
            lines.append(heading)
            for p in list {
                let place = p.location.map { "\($0.description)：" } ?? ""
                lines.append("  [\(p.kind.rawValue)] \(place)\(p.message)")
                lines.append("      处理：\(p.advice)")
            }
        }
        let shown = shown(focus)
        if !shown.isEmpty {
            // Groups in the order their tables first appear; checks (核对项) last.
            var order: [String?] = []
            for f in shown where !order.contains(f.table) { order.append(f.table) }
            if order.contains(nil) { order = order.filter { $0 != nil } + [nil] }
            func place(_ f: Finding) -> String {
                guard let t = f.table, f.place.hasPrefix(t) else { return f.place }
                return String(f.place.dropFirst(t.count)).trimmingCharacters(in: .whitespaces)
            }
            let header = ["判断", "位置", "公布", "计算", "差额", "说明"]
            let rows = shown.map { [$0.verdict.rawValue, place($0), $0.published, $0.computed, $0.difference, $0.note ?? ""] }
            let right: Set<Int> = [2, 3, 4]
            for t in order {
                // Each group aligned on its own: a long check's wording does not widen the tables'.
                let group = shown.indices.filter { shown[$0].table == t }
                let widths = header.indices.map { c in ([header] + group.map { rows[$0] }).map { DisplayWidth.of($0[c]) }.max() ?? 0 }
                func line(_ row: [String], _ isHeader: Bool) -> String {
                    let cells = row.indices.map { DisplayWidth.pad(row[$0], to: widths[$0], alignRight: right.contains($0) && !isHeader) }
                    return "  " + cells.joined(separator: "  ").trimmingTrailingSpaces()
                }
                lines.append(t.map { "表「\($0)」（\(group.count) 项）：" } ?? "核对项（\(group.count) 项）：")
                lines.append(line(header, true))
                for i in group { lines.append(line(rows[i], false)) }
            }
        }
        if findings.isEmpty {
            lines.append("没有可核对的公布数：数据中没有与规则对应的公布列（如 总分、得分），也没有合计行或核对项（check）。这不表示数据无误。")
        } else {
            lines.append(
                "共核对 \(findings.count) 项：一致 \(count(.agrees)) 项，尾数差异 \(count(.rounding)) 项，"
                    + "实质差异 \(count(.discrepancy)) 项，无法核验 \(count(.unverifiable)) 项。")
        }
        if problems.problemCount > 0 && focus.problems { lines.append("另有数据问题 \(problems.problemCount) 处（见上）。") }
        return lines.joined(separator: "\n")
    }
}

/// Whether `published` (printed with `places` decimals) is a half-up rounding of some
/// value within `tolerance` of `computed`.
func withinRounding(published: Rational, places: Int, computed: Rational, tolerance: Rational) -> Bool {
    let half = Rational.powerOfTen(-places) / Rational(2)
    // round(x) == P  ⇔  P − half ≤ x < P + half
    return !(computed + tolerance < published - half) && computed - tolerance < published + half
}

/// Decimal places a cell prints (`9,465.58` → 2; `95.38%` → 4 as a ratio).
func printedPlaces(_ text: String) -> Int {
    var places = 0
    var afterDot = false
    for ch in text {
        if ch == "." || ch == "．" {
            afterDot = true
        } else if afterDot, ch.isNumber {
            places += 1
        } else if afterDot {
            break
        }
    }
    return text.hasSuffix("%") || text.hasSuffix("％") ? places + 2 : places
}

extension Session {
    /// `audit` on the session: its dataset (loaded first if need be), its rules and
    /// checks, and the data problems found when it was installed.
    public func audit(emit: (Output) -> Void) throws(Diagnostic) -> AuditReport {
        ensureDataset(emit: emit)
        return try Auditor(workspace: workspace, problems: dataProblems).audit()
    }
}

/// Compares what a report publishes with what its rules and checks compute, and its
/// totals with their items.
struct Auditor: OverWorkspace {
    let workspace: Workspace
    /// The data problems found at load, listed first.
    let problems: [DataProblem]

    func audit() throws(Diagnostic) -> AuditReport {
        guard let dataset = environment.dataset else {
            throw Diagnostic(.notFound("还没有载入数据集，没有可核对的内容"), at: nil)
        }
        var report = AuditReport()
        report.problems = problems
        var evaluator = Evaluator(environment: environment, settings: settings)
        auditRules(dataset, &evaluator, &report)
        auditTotals(dataset, &report)
        auditChecks(&evaluator, &report)
        return report
    }

    func compare(
        _ place: String, published p: Value, publishedText: String, computed c: Value,
        tolerance: Rational, note: String? = nil
    ) -> AuditReport.Finding {
        let shownP = publishedText
        if case .notComputed(let n) = c {
            // Not computed cannot be compared: said, never counted as agreeing or not.
            return .init(
                verdict: .unverifiable, place: place, published: shownP, computed: n.isError ? "出错" : NotComputed.word,
                difference: "", note: n.described)
        }
        let shownC = format.displayResult(c)
        // A published percentage written without % (执行率 85 for 85%) is compared as one, and said.
        if c.isRatio, !p.isRatio, let x = p.numeric, Rational.one < x, let y = c.numeric {
            let asPercent = Value.ratio(x / .hundred)
            var f = compare(
                place, published: asPercent, publishedText: publishedText + "%", computed: .ratio(y), tolerance: tolerance, note: note)
            f = .init(
                verdict: f.verdict, place: f.place, published: publishedText, computed: f.computed, difference: f.difference,
                note: ([note, "公布值未带 %，按 \(publishedText)% 比较"].compactMap { $0 }).joined(separator: "；"),
                computedValue: f.computedValue, differenceValue: f.differenceValue)
            return f
        }
        // Grades as published tables word them: 优秀 is 优, 良好 良, 中等 中, 较差 差.
        if case .string(let a) = p, case .string(let b) = c,
            let ga = AuditReport.gradeWords[a] ?? (AuditReport.gradeWords.values.contains(a) ? a : nil),
            AuditReport.gradeWords.values.contains(b), ga == b, a != b
        {
            return .init(verdict: .agrees, place: place, published: shownP, computed: shownC, difference: "", note: "「\(a)」即「\(b)」")
        }
        if let kp = NumberKind(p), let kc = NumberKind(c), let x0 = p.numeric, let y0 = c.numeric {
            // Amounts compared in the published figure's unit (its printed places are in it).
            let unit = kp.unit ?? kc.unit
            let (x, y) = (Amounts.take(x0, kp, in: unit), Amounts.take(y0, kc, in: unit))
            if x == y {
                return .init(
                    verdict: .agrees, place: place, published: shownP, computed: shownC, difference: "", note: note, computedValue: c)
            }
            let diff = x - y
            let difference: Value = unit.map { .amount(diff, $0) } ?? (p.isRatio || c.isRatio ? .ratio(diff) : .number(diff))
            let places = printedPlaces(publishedText)
            let verdict: AuditReport.Verdict =
                withinRounding(published: x, places: places, computed: y, tolerance: tolerance) ? .rounding : .discrepancy
            return .init(
                verdict: verdict, place: place, published: shownP, computed: shownC, difference: format.displayResult(difference),
                note: note, computedValue: c, differenceValue: difference)
        }
        let same = Arithmetic.equal(p, c)
        return .init(verdict: same ? .agrees : .discrepancy, place: place, published: shownP, computed: shownC, difference: "", note: note)
    }

    func auditRules(_ dataset: Dataset, _ evaluator: inout Evaluator, _ report: inout AuditReport) {
        for rule in environment.ruleOrder {
            guard let t = dataset.table(rule.table), let column = t.columnIndex(rule.column) else { continue }
            let first = report.findings.count
            defer { for i in first..<report.findings.count { report.findings[i].table = t.name } }
            for r in 0..<t.rowCount {
                let published = t.cellValue(r, column)
                if case .empty = published { continue }
                let place = "\(t.name)「\(t.rowLabel(r).prefix(24))」.\(rule.column)"
                let text = t.text(r, column).trimmingSpaces()
                if case .unreadable = published {
                    continue  // a published ##### is not compared (rules.md)
                }
                let ref = RowRef(table: t, row: r)
                let value: Value
                do {
                    value = try evaluator.ruleValue(ref, rule, rule.span)
                } catch {
                    report.findings.append(
                        .init(
                            verdict: .unverifiable, place: place, published: text, computed: "—", difference: "",
                            note: "无法计算：\(error.message)"))
                    continue
                }
                let key = RuleCache.Key(table: ObjectIdentifier(t), row: r, column: rule.column)
                if environment.ruleCache.usedPublished.contains(key) {
                    let unreadable = t.columns.indices.first { if case .unreadable = t.value(r, $0) { return true } else { return false } }
                    let why =
                        environment.ruleCache.judgementReasons[key].map { "需要评价人判断（\($0)），采用公布值" }
                        ?? unreadable.map { "「\(t.columns[$0])」不可读（#####），采用公布值" } ?? "未完全达成的定性指标，采用评价人给的公布值"
                    report.findings.append(
                        .init(
                            verdict: .unverifiable, place: place, published: text, computed: format.displayResult(value),
                            difference: "", note: why, computedValue: value))
                    continue
                }
                report.findings.append(compare(place, published: published, publishedText: text, computed: value, tolerance: .zero))
            }
        }
    }

    func auditTotals(_ dataset: Dataset, _ report: inout AuditReport) {
        for t in dataset.tables {
            let first = report.findings.count
            defer { for i in first..<report.findings.count { report.findings[i].table = t.name } }
            let numericColumns = t.columns.indices.filter { c in
                c != t.keyColumn
                    && (0..<t.rowCount).allSatisfy { r in
                        switch t.value(r, c) {
                        case .number, .empty: return true
                        default: return false
                        }
                    } && (0..<t.rowCount).contains { if case .number = t.value($0, c) { return true } else { return false } }
            }
            if numericColumns.isEmpty { continue }
            auditSetAsideTotals(t, numericColumns, &report)
            if let h = t.hierarchy {
                let keys = (0..<t.rowCount).map { t.key($0) }
                for r in 0..<t.rowCount {
                    guard let level = h.levels[r] else { continue }
                    let kids = (0..<t.rowCount).filter { h.levels[$0] == level + 1 && keys[$0].hasPrefix(keys[r]) }
                    if kids.isEmpty { continue }
                    for c in numericColumns {
                        if let f = total(t, r, kids, c, what: "其下级（\(h.levelNames[level + 1])）之和") { report.findings.append(f) }
                    }
                }
                if let total = keys.firstIndex(of: "合计") {
                    let top = (0..<t.rowCount).filter { h.levels[$0] == 0 }
                    for c in numericColumns {
                        if let f = self.total(t, total, top, c, what: "各\(h.levelNames[0])之和") { report.findings.append(f) }
                    }
                }
            } else if case .found(let total) = t.findRow("合计"), t.key(total) == "合计" {
                let items = (0..<t.rowCount).filter { $0 != total }
                for c in numericColumns {
                    if let f = self.total(t, total, items, c, what: "各行之和") { report.findings.append(f) }
                }
            }
        }
    }

    /// A project table's total rows (set aside at load) against the sums of its rows.
    func auditSetAsideTotals(_ t: Table, _ numericColumns: [Int], _ report: inout AuditReport) {
        for total in t.totalRows {
            for c in numericColumns where c < total.texts.count {
                let text = total.texts[c].trimmingSpaces()
                guard let published = CellText.parse(text).numericValue else { continue }
                var sum = Rational.zero
                var tolerance = Rational.zero
                for i in 0..<t.rowCount {
                    sum = sum + (t.cellValue(i, c).numeric ?? .zero)
                    tolerance = tolerance + Rational.powerOfTen(-printedPlaces(t.text(i, c))) / Rational(2)
                }
                let place = "\(t.name) 第 \(total.line) 行（合计行）.\(t.columns[c]) 与各项目之和"
                report.findings.append(
                    compare(place, published: .number(published), publishedText: text, computed: .number(sum), tolerance: tolerance))
            }
        }
    }

    /// A total row's cell against the sum of `items`, tolerant of each item's rounding.
    /// A total the table leaves empty (a weight repeated down a column) is not compared.
    func total(_ t: Table, _ row: Int, _ items: [Int], _ c: Int, what: String) -> AuditReport.Finding? {
        if case .empty = t.value(row, c) { return nil }
        var sum = Rational.zero
        var tolerance = Rational.zero
        for i in items {
            sum = sum + (t.cellValue(i, c).numeric ?? .zero)
            tolerance = tolerance + Rational.powerOfTen(-printedPlaces(t.text(i, c))) / Rational(2)
        }
        let place = "\(t.name)「\(t.key(row))」.\(t.columns[c]) 与\(what)"
        return compare(
            place, published: t.cellValue(row, c), publishedText: t.text(row, c).trimmingSpaces(), computed: .number(sum),
            tolerance: tolerance)
    }

    func auditChecks(_ evaluator: inout Evaluator, _ report: inout AuditReport) {
        for check in environment.checks {
            let place = check.description ?? check.published.span.text
            let recorder = CellRecorder()
            evaluator.purpose = .auditing(recorder)
            defer { evaluator.purpose = .value }
            let published: Value
            do {
                published = try evaluator.evaluate(check.published)
            } catch {
                report.findings.append(
                    .init(verdict: .unverifiable, place: place, published: "—", computed: "—", difference: "", note: error.message))
                continue
            }
            let publishedCells = recorder.cells
            recorder.cells = []
            let computed: Value
            do {
                computed = try evaluator.evaluate(check.computed)
            } catch {
                report.findings.append(
                    .init(
                        verdict: .unverifiable, place: place, published: format.displayResult(published), computed: "—",
                        difference: "", note: error.message))
                continue
            }
            // Input rounding carries over to sums and differences of amounts; a ratio is
            // judged at the published precision alone.
            var tolerance = Rational.zero
            for cell in computed.isRatio ? [] : recorder.cells {
                switch cell.table.value(cell.row, cell.column) {
                case .number, .ratio:
                    tolerance = tolerance + Rational.powerOfTen(-printedPlaces(cell.table.text(cell.row, cell.column))) / Rational(2)
                default:
                    continue  // text and empty cells carry no rounding
                }
            }
            evaluator.purpose = .value
            let text = publishedCells.first.map { $0.table.text($0.row, $0.column).trimmingSpaces() } ?? format.displayResult(published)
            report.findings.append(compare(place, published: published, publishedText: text, computed: computed, tolerance: tolerance))
        }
    }
}
