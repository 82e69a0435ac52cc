import Dispatch
import SuanpanLanguage

/// The data problems a dataset has on its own, whatever rules apply (datasets.md,
/// "Real documents"): links between 项目 and 指标, repeated keys, indicator texts that
/// cannot be scored as written. Found once at load; the template's own checks
/// (weights, missing columns) are the session's.
package enum DataChecks {
    /// `parallelFrom`: the rows (all tables together) from which the checks run on
    /// several threads; a test sets it to compare the two ways.
    static func find(_ dataset: Dataset, parallelFrom: Int = Dataset.parallelChecksFrom) -> [DataProblem] {
        prefetch(dataset)
        var out: [DataProblem] = []
        for t in dataset.tables { out += t.loadNotes }
        if let projects = dataset.tables.first(where: { $0.isProjectTable && !$0.isIndicatorTable }),
            !dataset.tables.contains(where: { $0.isIndicatorTable })
        {
            out.append(
                DataProblem(
                    .missingColumn, at: DataLocation(file: projects.origin.file, sheet: projects.origin.sheet),
                    "有项目表「\(projects.name)」，但没有指标表：三级指标得分、总分和等级无法按规则计算",
                    advice: "把各项目的三级指标放在同一文件夹的 指标.csv（或工作簿的「指标」工作表）中，列为 项目编号、一级指标、二级指标、三级指标、指标值、实际值、分值"))
        }
        for t in dataset.tables where t.isProjectTable && t.name != "项目" && dataset.table("项目") == nil {
            out.append(
                DataProblem(
                    .note, at: DataLocation(file: t.origin.file, sheet: t.origin.sheet),
                    "表「\(t.name)」看来是项目表，但评分规则只用名为「项目」的表（指标表名为「指标」）",
                    advice: "把文件改名为 项目.csv（工作表改名为「项目」），指标表改名为 指标.csv"))
        }
        // The checks of separate tables and links run on all cores at once; what they
        // build lazily and share (column names, name columns, links) is built first, here.
        dataset.prepareForConcurrentReads()
        var jobs: [@Sendable () -> [DataProblem]] = []
        for parent in dataset.tables where parent.isProjectTable {
            jobs.append { repeatedKeys(parent) }
            for t in dataset.tables
            where t.isIndicatorTable && t !== parent && !dataset.children(of: parent).contains(where: { $0.table === t }) {
                let problem = DataProblem(
                    .missingColumn,
                    at: DataLocation(
                        file: t.origin.file, line: t.origin.sheet == nil ? t.headerLine : nil,
                        sheet: t.origin.sheet),
                    unlinkedReason(parent, t),
                    advice:
                        "在表「\(t.name)」加一列「\(parent.columns[parent.keyColumn])」，填上每个指标所属项目的编号（与表「\(parent.name)」相同）；在此之前各项目的指标得分、总分和等级不计算"
                )
                jobs.append { [problem] }
            }
            for child in dataset.children(of: parent) where child.table.isIndicatorTable {
                jobs.append { links(parent, child.table, child.column) }
            }
        }
        for t in dataset.tables where t.isProjectTable && !t.isIndicatorTable { jobs.append { amounts(t) } }
        for t in dataset.tables where t.isIndicatorTable {
            jobs.append { headRows(t) }
            jobs.append { indicatorTexts(t) }
            jobs.append { scores(t) }
        }
        let tasks = jobs
        let rows = dataset.tables.reduce(0) { $0 + $1.rowCount }
        let found = [[DataProblem]].parallel(count: tasks.count, chunks: rows >= parallelFrom ? tasks.count : 1) { tasks[$0]() }
        // In the order the checks are listed, whichever finishes first.
        out += found.joined()
        return out
    }

    /// The columns the checks (and then the rules) read are numbered on all cores at
    /// once: each is one pass over its bytes.
    static func prefetch(_ dataset: Dataset) {
        var wanted: [(Table, Int)] = []
        for t in dataset.tables where t.rowCount >= 4_096 {
            if t.isIndicatorTable {
                for name in ["指标值", "实际值", "分值"] { if let c = t.columnIndex(name) { wanted.append((t, c)) } }
            }
            if t.isProjectTable { wanted.append((t, t.keyColumn)) }
        }
        for parent in dataset.tables where parent.isProjectTable && parent.rowCount >= 4_096 {
            for link in dataset.children(of: parent) where link.table.isIndicatorTable { wanted.append((link.table, link.column)) }
        }
        guard wanted.count > 1 else { return }
        let jobs = wanted
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in _ = jobs[k].0.codes(jobs[k].1) }
    }

    /// Why a project's indicators cannot be found: the indicator table has no column
    /// named like the project table's key.
    package static func unlinkedReason(_ parent: Table, _ child: Table) -> String {
        "表「\(child.name)」没有「\(parent.columns[parent.keyColumn])」这一列，无法确定哪些指标属于表「\(parent.name)」的哪个项目"
    }

    package static func label(_ t: Table, _ r: Int) -> String {
        let n = t.nameColumn.map { t.text(r, $0).trimmingSpaces() } ?? ""
        return n.isEmpty ? t.key(r) : n
    }

    static func repeatedKeys(_ t: Table) -> [DataProblem] {
        guard !t.hasUniqueKeys else { return [] }
        var out: [DataProblem] = []
        var seen = Set<String>()
        for r in 0..<t.rowCount {
            let key = t.key(r)
            guard !key.isEmpty, let rows = t.keyIndex[key], rows.count > 1, seen.insert(key).inserted else { continue }
            let lines = rows.map { "\(t.rowPlace($0))（\(label(t, $0))）" }.joined(separator: "、")
            out.append(
                DataProblem(
                    .repeatedKey, at: t.location(rows[1], t.keyColumn),
                    "\(t.columns[t.keyColumn])「\(key)」在表「\(t.name)」中出现 \(rows.count) 次：\(lines)",
                    advice: "给每个项目一个唯一的编号；在此之前这些行的指标得分、总分和等级不计算"))
        }
        return out
    }

    static func links(_ parent: Table, _ child: Table, _ column: Int) -> [DataProblem] {
        var out: [DataProblem] = []
        guard let dataset = parent.dataset else { return [] }
        // The link as the rules use it, by bytes: which child rows some parent row has.
        let index = dataset.childIndex(parent: parent, child: child, column: column)
        var orphans: [String: [Int]] = [:]
        var order: [String] = []
        // With unique parent keys each child row is linked at most once: all are when
        // the counts agree.
        if index.rows.count != child.rowCount || !parent.hasUniqueKeys {
            var linked = [Bool](repeating: false, count: child.rowCount)
            for r in index.rows { linked[Int(r)] = true }
            for r in 0..<child.rowCount where !linked[r] {
                let key = child.text(r, column).trimmingSpaces()
                if orphans[key] == nil { order.append(key) }
                orphans[key, default: []].append(r)
            }
        }
        // A mistyped code most likely belongs to a project that has no indicators.
        let lonely = (0..<parent.rowCount).filter { index.offsets[$0] == index.offsets[$0 + 1] }.prefix(2_000).map { parent.key($0) }
        let known = order.isEmpty ? [] : lonely + (0..<min(parent.rowCount, 2_000)).map { parent.key($0) }
        for key in order.prefix(50) {
            let rows = orphans[key] ?? []
            let names = rows.prefix(3).map { "「\(label(child, $0))」" }.joined(separator: "、") + (rows.count > 3 ? " 等 \(rows.count) 个" : "")
            var advice = "核对这\(rows.count > 1 ? "些" : "个")指标的\(child.columns[column])"
            if let near = Suggestions.closest(to: key, among: lonely) ?? Suggestions.closest(to: key, among: known) {
                advice += "（是不是「\(near)」？）"
            }
            advice += "；在此之前\(rows.count > 1 ? "它们" : "它")不计入任何项目"
            out.append(
                DataProblem(
                    .orphanIndicator, at: child.location(rows[0], column),
                    "指标\(names)的\(child.columns[column])「\(key)」在表「\(parent.name)」中不存在", advice: advice))
        }
        if order.count > 50 { out.append(DataProblem(.orphanIndicator, at: nil, "另有 \(order.count - 50) 个编号的指标找不到项目", advice: "同上")) }
        var missing = Collector()
        for r in 0..<parent.rowCount where index.offsets[r] == index.offsets[r + 1] {
            missing.add(
                .projectWithoutIndicators,
                DataProblem(
                    .projectWithoutIndicators, at: parent.location(r, parent.keyColumn),
                    "项目「\(parent.rowLabel(r))」在表「\(child.name)」中没有指标",
                    advice: "补上它的指标行，或核对指标表中的\(child.columns[column])；在此之前它的指标得分、总分和等级不计算"))
        }
        return out + missing.problems
    }

    /// Problems of one kind, at most 100 listed and the rest counted.
    public struct Collector {
        package var out: [DataProblem] = []
        var counts: [DataProblem.Kind: Int] = [:]
        /// Kinds in the order first met (the overflow lines come out in it).
        var kinds: [DataProblem.Kind] = []

        public init() {}

        package mutating func add(_ kind: DataProblem.Kind, _ make: @autoclosure () -> DataProblem) {
            if counts[kind] == nil { kinds.append(kind) }
            counts[kind, default: 0] += 1
            if counts[kind]! <= 100 { out.append(make()) }
        }

        package var problems: [DataProblem] {
            out
                + kinds.compactMap { k in
                    let n = counts[k] ?? 0
                    return n > 100 ? DataProblem(k, at: nil, "另有 \(n - 100) 处同类问题", advice: "同上") : nil
                }
        }
    }

    /// A project's amounts and execution weight: empty, not a number, negative, a
    /// percentage in a money column, spending against a budget of 0.
    package static func amounts(_ t: Table) -> [DataProblem] {
        var c = Collector()
        let budget = t.columnIndex("调整后预算数")
        let spent = t.columnIndex("全年执行数")
        let weight = t.columnIndex("执行分值")
        func check(_ column: Int?, _ what: String, empty: String, emptyIsNote: Bool = false) {
            guard let column else { return }
            let cells = t.cells(column)
            for r in 0..<t.rowCount {
                switch cells[r] {
                case .number(let x) where x.signum < 0:
                    c.add(
                        .badAmount,
                        DataProblem(
                            .badAmount, at: t.location(r, column),
                            "项目「\(t.rowLabel(r))」的\(t.columns[column])是负数 \(t.text(r, column).trimmingSpaces())",
                            advice: "核对这一格；负数会让\(what)为负"))
                case .number: continue
                case .empty:
                    // A published table leaves 全年执行数 blank for a project that spent nothing
                    // (the seed's 云网): told, not a problem.
                    let kind: DataProblem.Kind = emptyIsNote ? .note : .emptyAmount
                    c.add(
                        kind,
                        DataProblem(
                            kind, at: t.location(r, column), "项目「\(t.rowLabel(r))」的\(t.columns[column])为空（\(empty)）",
                            advice: emptyIsNote ? "若确未支出，可不处理；否则填上执行数" : "填上这一格；确为 0 请写 0"))
                case .ratio:
                    c.add(
                        .badAmount,
                        DataProblem(
                            .badAmount, at: t.location(r, column),
                            "项目「\(t.rowLabel(r))」的\(t.columns[column])是百分数 \(t.text(r, column).trimmingSpaces())",
                            advice: "这一列应是金额或分值，不是百分数"))
                case .text where t.text(r, column) == FormTables.missingFund:
                    continue  // said once for the form (自评表缺少部分)
                case .text, .unreadable:
                    c.add(
                        .badAmount,
                        DataProblem(
                            .badAmount, at: t.location(r, column),
                            "项目「\(t.rowLabel(r))」的\(t.columns[column])「\(t.text(r, column).trimmingSpaces())」不是数字",
                            advice: "写成数字（金额可带单位，如 750,000元）；在此之前用到它的数字出错"))
                }
            }
        }
        let converted = t.columns.indices.filter { t.declaredMoneyUnit($0).map { $0 != t.canonicalMoneyUnit } ?? false }
        if !converted.isEmpty {
            c.add(
                .note,
                DataProblem(
                    .note, at: DataLocation(file: t.origin.file, line: t.origin.sheet == nil ? t.headerLine : nil, sheet: t.origin.sheet),
                    "表「\(t.name)」的金额单位不一：" + converted.map { t.columns[$0] }.joined(separator: "、") + " 已换算为\(t.canonicalMoneyUnit)",
                    advice: "显示的是原文，计算用换算后的数（explain 会注明）"))
        }
        check(budget, "执行率", empty: "执行率无法计算，按 0 计，执行得分为 0")
        check(spent, "执行率", empty: "按未支出、0 计", emptyIsNote: true)
        check(weight, "执行得分", empty: "按 0 分计")
        if let budget, let spent {
            let a = t.cells(budget)
            let b = t.cells(spent)
            for r in 0..<t.rowCount {
                guard case .number(let x) = a[r], x.isZero, let y = b[r].numericValue, y.signum > 0 else { continue }
                c.add(
                    .badAmount,
                    DataProblem(
                        .badAmount, at: t.location(r, budget),
                        "项目「\(t.rowLabel(r))」的\(t.columns[budget])为 0，全年执行数却是 \(t.text(r, spent).trimmingSpaces())：执行率无法计算，执行得分按 0 计",
                        advice: "核对预算数（调整后预算数为 0 时执行率没有意义）"))
            }
        }
        return c.problems
    }

    /// Indicator weights and published scores: empty or not a number, a published 得分
    /// above its 分值, an empty actual (it counts as 0).
    /// Indicator rows that head numbered rows (`一、产出指标` over `1、…`), set aside at
    /// load: said once (they are not scored, their children are), and a head whose
    /// 分值 is not the sum of its children's is a data problem.
    static func headRows(_ t: Table) -> [DataProblem] {
        guard let first = t.headRows.first else { return [] }
        func at(_ line: Int) -> DataLocation {
            t.origin.sheet == nil ? DataLocation(file: t.origin.file, line: line) : DataLocation(file: t.origin.file, sheet: t.origin.sheet)
        }
        var out = [
            DataProblem(
                .note, at: at(first.line),
                "表「\(t.name)」有 \(t.headRows.count) 行是上级指标（如「\(first.name)」，其下有 \(first.children.count) 个编号的指标），未载入为指标：只计它们下面的指标",
                advice: "若这些行本身也是要打分的指标，去掉它们下面各行的编号（1、2、…）")
        ]
        guard let weight = t.columnIndex("分值") else { return out }
        let weights = t.cells(weight)
        let shown = NumberFormat()
        for head in t.headRows {
            guard let text = head.weight, !text.isEmpty, case .number(let w) = CellText.parse(text) else { continue }
            var sum = Rational.zero
            for r in head.children { sum = sum + (weights[r].numericValue ?? .zero) }
            guard sum != w else { continue }
            out.append(
                DataProblem(
                    .weights, at: at(head.line),
                    "上级指标「\(head.name)」的\(t.columns[weight])是 \(text)，它下面 \(head.children.count) 个指标的\(t.columns[weight])之和是 \(shown.plain(sum))",
                    advice: "核对上级指标和下级指标的分值；计分只用下级指标"))
        }
        return out
    }

    static func scores(_ t: Table) -> [DataProblem] {
        var c = Collector()
        guard let weight = t.columnIndex("分值") else { return [] }
        let weights = t.cells(weight)
        let odd = weights.rows { cell in
            if case .number(let x) = cell { return x.signum < 0 }
            return true
        }
        for r in odd {
            switch weights[r] {
            case .number(let x) where x.signum >= 0: continue
            case .empty:
                c.add(
                    .badScore,
                    DataProblem(
                        .badScore, at: t.location(r, weight), "指标「\(label(t, r))」的\(t.columns[weight])为空（按 0 分计）",
                        advice: "填上这个指标的分值"))
            default:
                c.add(
                    .badScore,
                    DataProblem(
                        .badScore, at: t.location(r, weight),
                        "指标「\(label(t, r))」的\(t.columns[weight])「\(t.text(r, weight).trimmingSpaces())」不是一个不小于 0 的数",
                        advice: "分值写成数字，如 10 或 7.5（不带「分」字也可以）"))
            }
        }
        if let published = t.columnIndex("得分") {
            let scores = t.cells(published)
            for r in 0..<t.rowCount {
                guard let s = scores[r].numericValue, let w = weights[r].numericValue, w < s || s.signum < 0 else { continue }
                c.add(
                    .badScore,
                    DataProblem(
                        .badScore, at: t.location(r, published),
                        "指标「\(label(t, r))」公布的得分 \(t.text(r, published).trimmingSpaces()) "
                            + (s.signum < 0 ? "是负数" : "超过分值 \(t.text(r, weight).trimmingSpaces())"),
                        advice: "得分不能超过该指标的分值（rules.md）；核对公布的得分"))
            }
        }
        if let actual = t.columnIndex("实际值") {
            let actuals = t.indicatorColumn(actual)
            let empty = actuals.distinct.map { $0.text == .empty }
            if empty.contains(true) {
                for r in 0..<t.rowCount where empty[Int(actuals.codes[r])] {
                    c.add(
                        .emptyActual,
                        DataProblem(
                            .emptyActual, at: t.location(r, actual), "指标「\(label(t, r))」的\(t.columns[actual])为空（按 0 计）",
                            advice: "填上实际完成值；确为 0 请写 0"))
                }
            }
        }
        return c.problems
    }

    /// Indicator texts the rules cannot score as written: an empty target, a fraction
    /// against a percentage (the same test 计分障碍 makes).
    static func indicatorTexts(_ t: Table) -> [DataProblem] {
        guard let target = t.columnIndex("指标值") else { return [] }
        let actual = t.columnIndex("实际值")
        let targets = t.indicatorColumn(target)
        let actuals = actual.map { t.indicatorColumn($0) }
        // Each distinct text judged once; then rows are picked by their codes.
        let emptyTarget = targets.distinct.map { $0.text == .empty }
        let percentTarget = targets.distinct.map(\.isPercentTarget)
        let fractionActual = actuals?.distinct.map(\.isBareFraction) ?? []
        guard emptyTarget.contains(true) || (percentTarget.contains(true) && fractionActual.contains(true)) else { return [] }
        var c = Collector()
        for r in 0..<t.rowCount {
            let tc = Int(targets.codes[r])
            if emptyTarget[tc] {
                c.add(
                    .emptyTarget,
                    DataProblem(
                        .emptyTarget, at: t.location(r, target), "指标「\(label(t, r))」的\(t.columns[target])为空",
                        advice: "填上年度指标值；在此之前它的得分采用公布得分，没有则不计算（可用 assume 给出判断）"))
                continue
            }
            guard percentTarget[tc], let actuals, let ac = actual, fractionActual[Int(actuals.codes[r])],
                case .quantity(_, let v, _) = actuals[r].text
            else { continue }
            let a = actuals[r].text.canonical
            let pct = NumberFormat(precision: 6, maxExactPlaces: 12).plain(v * .hundred)
            c.add(
                .fractionForPercent,
                DataProblem(
                    .fractionForPercent, at: t.location(r, ac),
                    "指标「\(label(t, r))」的\(t.columns[ac]) \(a) 不带 %，而指标值是 \(targets[r].text.canonical)",
                    advice: "若是 \(pct)%，请写成 \(pct)%（Excel 常把 \(pct)% 存成 \(a)）；若确是 \(a)%，写成 \(a)%"))
        }
        return c.problems
    }
}
