import Dispatch
import SuanpanLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// How an indicator table lays its texts out, beyond one cell per text:
///
/// - **The three-column layout** of several provincial forms: 指标性质 (`≥`, `≤`, `=`,
///   `定性`) | 指标值 | 度量单位 in separate columns. It is read as one text
///   (`≥` `95` `%` → `≥95%`), the same reading as one cell; the cells keep their own
///   texts for `explain`.
/// - **Parent and child rows**: `一、…` with `1、2、3、` under it (or `（一）` with `1.`).
///   Only the leaves are scored; a parent's 分值 should be the sum of its children's.
package enum IndicatorLayout {
    static let natureNames = ["指标性质", "指标方向", "性质"]
    static let unitNames = ["度量单位", "计量单位", "单位"]

    /// The columns that make up a target text, when the table has the three-column
    /// layout, or names that carry the target's form (`公猪舍(≥**平方米)`: the national
    /// transfer-payment form writes the direction and unit in the name, the number in
    /// the target cell).
    package struct Composition: Sendable {
        package let target: Int
        package let nature: Int?
        package let unit: Int?
        package let name: Int?
    }

    static func composition(headers: [String], target: Int?, name: Int?, namesHaveTemplates: () -> Bool) -> Composition? {
        guard let target else { return nil }
        let nature = natureNames.lazy.compactMap { headers.firstIndex(of: $0) }.first
        let unit = unitNames.lazy.compactMap { headers.firstIndex(of: $0) }.first
        let templated = name != nil && namesHaveTemplates() ? name : nil
        guard nature != nil || unit != nil || templated != nil else { return nil }
        return Composition(target: target, nature: nature, unit: unit, name: templated)
    }

    /// The direction and unit a name's template gives: `(≥**人)` → ("≥", "人"),
    /// `≥**人` → ("≥", "人"), `(<**元/户·年)` → ("≤", "元/户·年").
    package static func template(inName name: String) -> (direction: String, unit: String)? {
        guard let stars = name.range(of: "**") else { return bracketTemplate(name) }
        let before = name[..<stars.lowerBound]
        var direction = ""
        for (symbol, dir) in [
            (">=", "≥"), ("<=", "≤"), ("≥", "≥"), ("≤", "≤"), ("≧", "≥"), ("≦", "≤"), ("＞", "≥"), ("＜", "≤"), (">", "≥"), ("<", "≤"),
            ("=", "="), ("＝", "="),
        ]
        where before.hasSuffix(symbol) {
            direction = dir
            break
        }
        var unit = ""
        for c in name[stars.upperBound...] {
            if c == ")" || c == "）" || c == "—" || c == "," || c == "，" || c == " " { break }
            unit.append(c)
        }
        guard !direction.isEmpty || !unit.isEmpty else { return nil }
        return (direction, unit)
    }

    /// `排污沟(≥米)`, `粉碎拌合机(11kw)(≥台)`: a bracket at the end of the name with a
    /// direction and a unit and no number.
    static func bracketTemplate(_ name: String) -> (direction: String, unit: String)? {
        let folded = IndicatorText.folded(name)
        guard folded.hasSuffix(")"), let open = folded.range(of: "(", options: .backwards) else { return nil }
        let inside = String(folded[open.upperBound..<folded.index(before: folded.endIndex)]).trimmingSpaces()
        for (symbol, dir) in [(">=", "≥"), ("<=", "≤"), ("≥", "≥"), ("≤", "≤"), ("≧", "≥"), ("≦", "≤"), (">", "≥"), ("<", "≤"), ("=", "=")]
        where inside.hasPrefix(symbol) {
            let unit = String(inside.dropFirst(symbol.count)).trimmingSpaces()
            guard !unit.isEmpty, unit.count <= 8, !unit.contains(where: { $0.isNumber }) else { return nil }
            return (dir, unit)
        }
        return nil
    }

    /// The direction a 指标性质 cell gives: `≥` `≤` `=`, "" for none (定量, 正向 is ≥),
    /// nil for 定性 (the text is a word) or a cell the reader does not know.
    static func direction(_ nature: String) -> String? {
        let n = IndicatorText.folded(nature).replacingAll(" ", with: "")
        switch n {
        case "≥", ">=", "≧", ">", "大于等于", "不低于", "不少于", "正向", "正向指标": return "≥"
        case "≤", "<=", "≦", "<", "小于等于", "不高于", "不超过", "反向", "反向指标": return "≤"
        case "=", "==", "等于": return "="
        case "", "定量", "定量指标": return ""
        default: return nil
        }
    }

    /// One target text from the three cells: the direction first unless the value has
    /// its own, the unit last unless the value has its own. A qualitative nature or
    /// value keeps the value's text as it is.
    package static func combined(nature: String, value: String, unit: String) -> String {
        let v = value.trimmingSpaces()
        guard !v.isEmpty, let dir = direction(nature) else { return v }
        guard case .quantity(let own, _, let ownUnit) = IndicatorText.parse(v) else { return v }
        var text = v
        if own == .none && !dir.isEmpty { text = dir + text }
        let u = unit.trimmingSpaces()
        if ownUnit.isEmpty && !u.isEmpty && !["无", "/", "-", "—"].contains(u) { text += u }
        return text
    }

    /// The records with each target cell replaced by its combined text, and the
    /// original texts by row (only where they differ).
    static func combine(_ records: CSVRecords, _ c: Composition) -> (CSVRecords, [Int: String]) {
        var rows: [[String]] = []
        var originals: [Int: String] = [:]
        let width = records.fieldCount(0)
        rows.reserveCapacity(records.count)
        for r in 0..<records.count {
            var row = (0..<width).map { $0 < records.fieldCount(r) ? records.text(r, $0) : "" }
            if r > 0 {
                let original = row[c.target]
                var text = combined(nature: c.nature.map { row[$0] } ?? "", value: original, unit: c.unit.map { row[$0] } ?? "")
                if let n = c.name, text == original.trimmingSpaces(), let t = template(inName: row[n]) {
                    text = combined(nature: t.direction, value: original, unit: t.unit)
                }
                if text != original.trimmingSpaces() {
                    originals[r - 1] = original
                    row[c.target] = text
                }
            }
            rows.append(row)
        }
        return (CSVRecords(rows: rows, lines: Array(records.lines)), originals)
    }

    // MARK: Parent and child rows

    /// What an indicator table's names may hold, found before any name is decoded:
    /// templates (`**`, or a bracket opening with a direction: `(≥米)`) and head
    /// numbering (`一、`, `（一）` at the start). One pass over the name column's bytes.
    package struct Marks: Sendable {
        package var templates = false
        package var heads = false
    }

    static func marks(_ records: CSVRecords, nameColumn n: Int) -> Marks {
        let rows = records.count - 1
        guard rows > 0 else { return Marks() }
        // In chunks on all cores: this reads every name's bytes.
        let chunks = rows >= 65_536 ? 8 : 1
        let found = ConcurrentSlots<Marks>(count: chunks, initial: Marks())
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            found.set(k, marks(records, nameColumn: n, rows: (1 + rows * k / chunks)..<(1 + rows * (k + 1) / chunks)))
        }
        var m = Marks()
        for k in 0..<chunks {
            m.templates = m.templates || found[k].templates
            m.heads = m.heads || found[k].heads
        }
        return m
    }

    static func marks(_ records: CSVRecords, nameColumn n: Int, rows: Range<Int>) -> Marks {
        records.withPositions { p in
            var m = Marks()
            let b = p.bytes
            func direction(at k: Int, _ end: Int) -> Bool {
                guard k < end else { return false }
                if b[k] == UInt8(ascii: ">") || b[k] == UInt8(ascii: "<") || b[k] == UInt8(ascii: "=") { return true }
                return k + 1 < end && b[k] == 0xE2 && b[k + 1] == 0x89  // ≥ ≤ ≧ ≦
            }
            for r in rows {
                let range = p.range(r, n)
                if !m.heads && mayBeNumbered(UnsafeBufferPointer(rebasing: b[range])) { m.heads = true }
                if !m.templates && mayHaveTemplateMark(UnsafeBufferPointer(rebasing: b[range])) {
                    var k = range.lowerBound
                    while k < range.upperBound {
                        let c = b[k]
                        if c == UInt8(ascii: "*") && k + 1 < range.upperBound && b[k + 1] == UInt8(ascii: "*") { m.templates = true }
                        if c == UInt8(ascii: "(") && direction(at: k + 1, range.upperBound) { m.templates = true }
                        if c == 0xEF && k + 2 < range.upperBound && b[k + 1] == 0xBC && b[k + 2] == 0x88
                            && direction(at: k + 3, range.upperBound)
                        {
                            m.templates = true
                        }
                        k += 1
                    }
                }
                if m.heads && m.templates { break }
            }
            return m
        }
    }

    /// Whether a name's bytes hold any byte a template's mark starts with (`**`, `(≥`,
    /// `（≥`): the cheap test, eight bytes at a time, before looking at each byte.
    static func mayHaveTemplateMark(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        @inline(__always) func hasByte(_ w: UInt64, _ x: UInt64) -> Bool {
            let v = w ^ (x &* 0x0101_0101_0101_0101)
            return (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 != 0
        }
        guard let base = b.baseAddress else { return false }
        var i = 0
        while i + 8 <= b.count {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if hasByte(w, 0x2A) || hasByte(w, 0x28) || hasByte(w, 0xEF) { return true }
            i += 8
        }
        while i < b.count {
            if b[i] == 0x2A || b[i] == 0x28 || b[i] == 0xEF { return true }
            i += 1
        }
        return false
    }

    /// Whether a name's bytes could start with a parent's numbering (a numeral or an
    /// opening bracket): the cheap test before decoding.
    static func mayBeNumbered(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count && (b[i] == 0x20 || b[i] == UInt8(ascii: "\"")) { i += 1 }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "(") { return true }
        guard i + 2 < b.count else { return false }
        switch (b[i], b[i + 1], b[i + 2]) {
        case (0xEF, 0xBC, 0x88),  // （
            (0xE4, 0xB8, 0x80), (0xE4, 0xBA, 0x8C), (0xE4, 0xB8, 0x89), (0xE5, 0x9B, 0x9B), (0xE4, 0xBA, 0x94),  // 一二三四五
            (0xE5, 0x85, 0xAD), (0xE4, 0xB8, 0x83), (0xE5, 0x85, 0xAB), (0xE4, 0xB9, 0x9D), (0xE5, 0x8D, 0x81):  // 六七八九十
            return true
        default:
            return false
        }
    }

    /// `一、` `（一）` `(一)` `一.`: the numbering of a parent row.
    static func isParentNumber(_ name: String) -> Bool {
        var s = Substring(IndicatorText.folded(name))
        if s.hasPrefix("(") { s = s.dropFirst() }
        var k = s.startIndex
        while k < s.endIndex, ChineseNumerals.digits[s[k]] != nil || s[k] == "十" { k = s.index(after: k) }
        guard k > s.startIndex, k < s.endIndex else { return false }
        return ["、", ")", ".", "．"].contains(s[k])
    }

    /// `1、` `1.` `(1)` `①`: the numbering of a child row.
    static func isChildNumber(_ name: String) -> Bool {
        let s = Substring(IndicatorText.folded(name))
        if let first = s.unicodeScalars.first, (0x2460...0x2473).contains(first.value) { return true }  // ① … ⑳
        var t = s
        if t.hasPrefix("(") { t = t.dropFirst() }
        var k = t.startIndex
        while k < t.endIndex, t[k].isASCII, t[k].isNumber { k = t.index(after: k) }
        guard k > t.startIndex, k < t.endIndex else { return false }
        return ["、", ")", "."].contains(t[k]) && !(t[k] == "." && t.index(after: k) < t.endIndex && t[t.index(after: k)].isNumber)
    }

    /// The parent rows among `names`: a row numbered `一、` followed (in the same group
    /// of `link` — the same project) by rows numbered `1、`, and those rows. A numbered
    /// row with no numbered rows under it stays a leaf.
    package static func parentRows(names: [String], link: [String]) -> [Int: [Int]] {
        var parents: [Int: [Int]] = [:]
        var current: Int?
        for r in names.indices {
            if let p = current, link[p] != link[r] { current = nil }
            if isParentNumber(names[r]) {
                current = r
            } else if let p = current, isChildNumber(names[r]) {
                parents[p, default: []].append(r)
            } else {
                current = nil
            }
        }
        return parents
    }

    /// A row set aside because it heads numbered rows.
    package struct HeadRow: Sendable {
        /// Its line (CSV) or row (XLSX).
        package let line: Int
        package let name: String
        /// Its own 分值 cell's text, if the table has one.
        package let weight: String?
        /// Its children, as rows of the table after the heads are set aside.
        package let children: [Int]
    }

    /// The records without the head rows, and the heads. The rows of one project are
    /// told apart by the first column that names a project (项目编号 …), else the first.
    static func settingAsideHeads(_ records: CSVRecords, nameColumn n: Int, headers: [String]) -> (CSVRecords, [HeadRow]) {
        let count = records.count
        guard count > 2 else { return (records, []) }
        let linkColumn = ["项目编号", "项目代码", "项目名称"].lazy.compactMap { headers.firstIndex(of: $0) }.first ?? 0
        let names = (1..<count).map { records.text($0, n).trimmingSpaces() }
        let link = (1..<count).map { records.text($0, linkColumn).trimmingSpaces() }
        let parents = parentRows(names: names, link: link)
        guard !parents.isEmpty else { return (records, []) }
        let weight = headers.firstIndex(of: "分值")
        // Data row i is record i + 1; rows after a removed head move up.
        var newIndex = [Int](repeating: -1, count: count - 1)
        var next = 0
        for i in 0..<(count - 1) where parents[i] == nil {
            newIndex[i] = next
            next += 1
        }
        let heads = parents.keys.sorted().map { p in
            HeadRow(
                line: records.lines[p + 1], name: names[p], weight: weight.map { records.text(p + 1, $0).trimmingSpaces() },
                children: parents[p]!.map { newIndex[$0] })
        }
        let width = records.fieldCount(0)
        let keep = (0..<count).filter { $0 == 0 || parents[$0 - 1] == nil }
        let kept = CSVRecords(
            rows: keep.map { r in (0..<width).map { $0 < records.fieldCount(r) ? records.text(r, $0) : "" } },
            lines: keep.map { records.lines[$0] })
        return (kept, heads)
    }
}
