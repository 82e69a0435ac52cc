import Dispatch

/// The data problems a dataset has on its own, whatever rules apply (datasets.md,
/// "Real documents"): links between 项目 and 指标, repeated keys, indicator texts that
/// cannot be scored as written. Found once at load; the template's own checks
/// (weights, missing columns) are the session's.
enum DataChecks {
    static func find(_ dataset: Dataset) -> [DataProblem] {
        prefetch(dataset)
        var out: [DataProblem] = []
        for t in dataset.tables { out += t.loadNotes }
        for parent in dataset.tables where parent.isProjectTable {
            out += repeatedKeys(parent)
            for child in dataset.children(of: parent) where child.table.isIndicatorTable {
                out += links(parent, child.table, child.column)
            }
        }
        for t in dataset.tables where t.isIndicatorTable { out += indicatorTexts(t) }
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

    static func label(_ t: Table, _ r: Int) -> String {
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
            let lines = rows.map { "第 \(t.rowLines[$0]) 行（\(label(t, $0))）" }.joined(separator: "、")
            out.append(DataProblem(.repeatedKey, at: t.location(rows[1], t.keyColumn),
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
        let known = order.isEmpty ? [] : (0..<min(parent.rowCount, 2_000)).map { parent.key($0) }
        for key in order.prefix(50) {
            let rows = orphans[key] ?? []
            let names = rows.prefix(3).map { "「\(label(child, $0))」" }.joined(separator: "、") + (rows.count > 3 ? " 等 \(rows.count) 个" : "")
            var advice = "核对这\(rows.count > 1 ? "些" : "个")指标的\(child.columns[column])"
            if let near = Suggestions.closest(to: key, among: known) { advice += "（是不是「\(near)」？）" }
            advice += "；在此之前\(rows.count > 1 ? "它们" : "它")不计入任何项目"
            out.append(DataProblem(.orphanIndicator, at: child.location(rows[0], column),
                                   "指标\(names)的\(child.columns[column])「\(key)」在表「\(parent.name)」中不存在", advice: advice))
        }
        if order.count > 50 { out.append(DataProblem(.orphanIndicator, at: nil, "另有 \(order.count - 50) 个编号的指标找不到项目", advice: "同上")) }
        var missing = 0
        for r in 0..<parent.rowCount where index.offsets[r] == index.offsets[r + 1] {
            missing += 1
            if missing > 50 { continue }
            out.append(DataProblem(.projectWithoutIndicators, at: parent.location(r, parent.keyColumn),
                                   "项目「\(parent.rowLabel(r))」在表「\(child.name)」中没有指标",
                                   advice: "补上它的指标行，或核对指标表中的\(child.columns[column])；在此之前它的指标得分、总分和等级不计算"))
        }
        if missing > 50 { out.append(DataProblem(.projectWithoutIndicators, at: nil, "另有 \(missing - 50) 个项目没有指标", advice: "同上")) }
        return out
    }

    /// Indicator texts the rules cannot score as written: an empty target, a fraction
    /// against a percentage.
    static func indicatorTexts(_ t: Table) -> [DataProblem] {
        guard let target = t.columnIndex("指标值") else { return [] }
        let actual = t.columnIndex("实际值")
        var out: [DataProblem] = []
        let targets = t.indicatorColumn(target)
        let actuals = actual.map { t.indicatorColumn($0) }
        // Each distinct text judged once; then rows are picked by their codes.
        let emptyTarget = targets.distinct.map { $0.text == .empty }
        let percentTarget = targets.distinct.map { a -> Bool in
            if case .quantity(_, _, let unit) = a.text { return TextEquality.equal(unit, "%") }
            return false
        }
        let fractionActual = actuals?.distinct.map { a -> Bool in
            if case .quantity(_, let v, let u) = a.text { return u.isEmpty && !a.isRatio && v > .zero && !(Rational.one < v) }
            return false
        } ?? []
        guard emptyTarget.contains(true) || (percentTarget.contains(true) && fractionActual.contains(true)) else { return [] }
        var shown = 0
        for r in 0..<t.rowCount {
            let tc = Int(targets.codes[r])
            if emptyTarget[tc] {
                shown += 1
                if shown <= 100 {
                    out.append(DataProblem(.emptyTarget, at: t.location(r, target), "指标「\(label(t, r))」的\(t.columns[target])为空",
                                           advice: "填上年度指标值；在此之前它的得分采用公布得分，没有则不计算（可用 assume 给出判断）"))
                }
                continue
            }
            guard percentTarget[tc], let actuals, let ac = actual, fractionActual[Int(actuals.codes[r])] else { continue }
            shown += 1
            if shown <= 100 {
                let a = actuals[r]
                guard case .quantity(_, let v, _) = a.text else { continue }
                let pct = NumberFormat(precision: 6, maxExactPlaces: 12).plain(v * .hundred)
                out.append(DataProblem(.fractionForPercent, at: t.location(r, ac),
                                       "指标「\(label(t, r))」的\(t.columns[ac]) \(a.text.canonical) 不带 %，而指标值是 \(targets[r].text.canonical)",
                                       advice: "若是 \(pct)%，请写成 \(pct)%（Excel 常把 \(pct)% 存成 \(a.text.canonical)）；若确是 \(a.text.canonical)%，写成 \(a.text.canonical)%"))
            }
        }
        if shown > 100 { out.append(DataProblem(.emptyTarget, at: nil, "另有 \(shown - 100) 处指标文本问题", advice: "同上")) }
        return out
    }
}
