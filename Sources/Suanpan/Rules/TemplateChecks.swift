import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// The data problems a rule template finds in a dataset (datasets.md, "Real
/// documents"): columns its rules need that the data lacks (those rules are not
/// applied), and projects whose weights do not add up to the template's 满分 or whose
/// published 总分 is above it. Run when a dataset is installed; `audit` lists them.
struct TemplateChecks {
    let environment: Environment
    let settings: EvaluationSettings

    func problems(_ dataset: Dataset) -> [DataProblem] {
        missingColumns(dataset) + weights(dataset)
    }

    /// Names a rule reads that its table's rows cannot give: no column, rule, related
    /// table, variable, function or built-in of that name.
    func missingColumns(_ dataset: Dataset) -> [DataProblem] {
        var missing: [String: [String]] = [:]  // "表\u{1}列" → rules
        var order: [(table: Table, column: String)] = []
        for rule in environment.ruleOrder {
            guard let t = dataset.table(rule.table) else { continue }
            for n in rule.body.referencedNames(notInsideFiltersOf: { dataset.table($0) != nil }) {
                if t.columnIndex(n) != nil || environment.rules[t.name]?[n] != nil || t.children.contains(where: { $0.table.name == n })
                    || environment.variables[n] != nil || environment.functions[n] != nil || BuiltinRegistry.lookup(n) != nil
                    || dataset.table(n) != nil
                {
                    continue
                }
                let key = t.name + "\u{1}" + n
                if missing[key] == nil { order.append((t, n)) }
                missing[key, default: []].append(rule.name)
            }
        }
        return order.map { t, n in
            let rules = missing[t.name + "\u{1}" + n] ?? []
            let also = (ColumnSynonyms.project + ColumnSynonyms.indicator).first { $0.name == n }?.also ?? []
            let names = also.isEmpty ? "「\(n)」" : "「\(n)」（或 \(also.prefix(3).joined(separator: "、"))）"
            return DataProblem(
                .missingColumn,
                at: DataLocation(
                    file: t.origin.file, line: t.origin.sheet == nil ? t.headerLine : nil, sheet: t.origin.sheet,
                    cell: t.origin.sheet == nil ? nil : "A\(t.headerLine)"),
                "表「\(t.name)」没有「\(n)」这一列：规则 \(rules.joined(separator: "、")) 无法计算，依赖它们的数字也不计算",
                advice: "在表头加上\(names)这一列，或把已有的列改成这个名称；表头现有：\(t.columns.prefix(12).joined(separator: "、"))")
        }
    }

    /// 分值合计 against 满分 for each project, and a published 总分 above 满分.
    func weights(_ dataset: Dataset) -> [DataProblem] {
        guard let projects = dataset.table("项目"), case .number(let full)? = environment.variables["满分"] else { return [] }
        var out: [DataProblem] = []
        let shown = NumberFormat()
        if environment.rules["项目"]?["分值合计"] != nil {
            var evaluator = Evaluator(environment: environment, settings: settings)
            let span = SourceSpan(Source(name: "<载入核对>", text: "项目.分值合计"), 0, 0)
            // The whole column at once (batched); if any row fails, row by row, each failure a problem.
            var values: [Value] = []
            if case .list(let all)? = try? evaluator.member(.table(TableView(projects)), "分值合计", span) {
                values = all
            } else {
                for r in 0..<projects.rowCount {
                    do {
                        values.append(try evaluator.field(RowRef(table: projects, row: r), "分值合计", span) ?? .empty)
                    } catch {
                        values.append(.empty)
                        out.append(
                            DataProblem(
                                .weights, at: projects.location(r, projects.keyColumn),
                                "项目「\(projects.rowLabel(r))」的分值合计无法计算：\(error.message)",
                                advice: "核对这个项目的执行分值和各指标的分值（应为数字）"))
                    }
                }
            }
            var wrong = DataChecks.Collector()
            for (r, v) in values.enumerated() {
                guard case .number(let x) = v, x != full else { continue }
                wrong.add(
                    .weights,
                    DataProblem(
                        .weights, at: projects.location(r, projects.keyColumn),
                        "项目「\(projects.rowLabel(r))」的分值合计为 \(shown.plain(x))（执行分值与各三级指标分值之和），应为满分 \(shown.plain(full))",
                        advice: "核对指标表中这个项目各指标的分值和执行分值；评分规则模板见 :help rules"))
            }
            out += wrong.problems
        }
        if let c = projects.columnIndex("总分") {
            for r in 0..<projects.rowCount {
                guard let x = projects.cellValue(r, c).numeric, full < x else { continue }
                out.append(
                    DataProblem(
                        .scoreAboveTotal, at: projects.location(r, c),
                        "项目「\(projects.rowLabel(r))」公布的总分 \(projects.text(r, c).trimmingSpaces()) 超过满分 \(shown.plain(full))",
                        advice: "核对公布的总分与各项得分"))
            }
        }
        return out
    }
}

extension Session {
    /// The template's checks on a dataset just installed.
    func templateProblems(_ dataset: Dataset) -> [DataProblem] {
        TemplateChecks(environment: environment, settings: settings).problems(dataset)
    }
}
