import Foundation
import SuanpanLanguage

/// Where a table's header and rows are in a file as staff save it (datasets.md, "Real
/// documents"): title and `单位：万元` rows above the header are skipped (the unit
/// kept), and a project table's 合计/小计/总计 rows are set aside — a total is checked
/// against its rows, never scored as a project.
public enum TableLayout {
    /// A total row set aside: its line and its cells' texts.
    public struct TotalRow: Sendable {
        public let line: Int
        public let texts: [String]
    }

    package struct Tidied {
        package var records: CSVRecords
        package var notes: [DataProblem] = []
        package var unit: String?
        var totals: [TotalRow] = []
    }

    /// Units of money in 元.
    static let moneyFactor: [String: Rational] = ["元": .one, "千元": Rational(1_000), "万元": Rational(10_000), "亿元": Rational(100_000_000)]

    /// Written without spaces (`合 计` and `合　计` are 合计).
    static let totalWords: Set<String> = ["合计", "小计", "总计", "合计数"]

    /// The rows among `rows` whose first or second field is a total word, read through
    /// raw positions: a table of 900,000 indicators is one pass over two fields' first bytes.
    package static func totalRows(_ records: CSVRecords, _ rows: Range<Int>) -> [Int] {
        let words = totalWordBytes
        let candidates: [Int] = inChunks(rows) { rows in
            records.withPositions { p in
                var out: [Int] = []
                for r in rows {
                    let n = p.fieldCount(r)
                    for c in 0..<min(n, 2) {
                        let range = p.range(r, c)
                        guard range.count >= 6 && range.count <= 32 else { continue }
                        // Most fields are told by their first byte: 合 小 (E5), 总 (E6), an
                        // ideographic space (E3), or a space, tab or quote before them.
                        let b0 = p.bytes[range.lowerBound]
                        guard b0 == 0xE5 || b0 == 0xE6 || b0 == 0xE3 || b0 == 0x20 || b0 == 0x09 || b0 == 0x22 else { continue }
                        // Trimmed of ASCII spaces and quotes, then compared as bytes; only a field
                        // with a space inside (合 计, 合　计) goes on to the slow check.
                        var lo = range.lowerBound
                        var hi = range.upperBound
                        func skip(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == UInt8(ascii: "\"") }
                        while lo < hi && skip(p.bytes[lo]) { lo += 1 }
                        while hi > lo && skip(p.bytes[hi - 1]) { hi -= 1 }
                        // The first character: 合, 小, 总 or an ideographic space (满意度指标 and
                        // 效益指标 share 总's first byte, not its character).
                        guard hi - lo >= 6 else { continue }
                        let first = UInt32(p.bytes[lo]) << 16 | UInt32(p.bytes[lo + 1]) << 8 | UInt32(p.bytes[lo + 2])
                        guard first == 0xE5_9088 || first == 0xE5_B08F || first == 0xE6_80BB || first == 0xE3_8080 else { continue }
                        let field = UnsafeBufferPointer(rebasing: p.bytes[lo..<hi])
                        if words.contains(where: { $0.count == field.count && $0.elementsEqual(field) })
                            || (field.count <= 24 && field.contains(0x20)) || (field.count <= 24 && field.contains(0xE3))
                        {
                            out.append(r)
                            break
                        }
                    }
                }
                return out
            }
        }
        return candidates.filter { r in (0..<min(records.fieldCount(r), 2)).contains { isTotalWord(records, r, $0) } }
    }

    /// `body`'s rows for parts of `rows` at once (a large table's on all cores), in order.
    static func inChunks(_ rows: Range<Int>, _ body: @Sendable (Range<Int>) -> [Int]) -> [Int] {
        let chunks = rows.count >= 65_536 ? 8 : 1
        let n = rows.count
        let parts = [[Int]].parallel(count: chunks, chunks: chunks) { k in
            body((rows.lowerBound + n * k / chunks)..<(rows.lowerBound + n * (k + 1) / chunks))
        }
        return Array(parts.joined())
    }

    /// The rows among `rows` of separators and spaces only, told by their length first.
    static func blankRows(_ records: CSVRecords, _ rows: Range<Int>) -> [Int] {
        if records.sharesColumns { return rows.filter { isBlank(records, $0) } }
        let candidates: [Int] = inChunks(rows) { rows in
            records.withPositions { p in
                var out: [Int] = []
                for r in rows {
                    let n = p.fieldCount(r)
                    guard n > 1 else { continue }
                    let length = p.range(r, n - 1).upperBound - p.range(r, 0).lowerBound
                    if length <= 4 * n { out.append(r) }
                }
                return out
            }
        }
        return candidates.filter { isBlank(records, $0) }
    }

    /// A field with nothing but spaces in it.
    static func isEmptyField(_ records: CSVRecords, _ r: Int, _ c: Int) -> Bool {
        let range = records.range(r, c)
        if range.isEmpty { return true }
        if range.count > 16 { return false }
        return records.text(r, c).trimmingSpaces().isEmpty
    }

    /// A row of separators and spaces only, told from its length first.
    static func isBlank(_ records: CSVRecords, _ r: Int) -> Bool {
        let n = records.fieldCount(r)
        guard n > 1 else { return false }
        // A record's fields lie together in its bytes unless some are kept as codes.
        if records.sharesColumns { return (0..<n).allSatisfy { isEmptyField(records, r, $0) } }
        let start = records.range(r, 0).lowerBound
        let end = records.range(r, n - 1).upperBound
        if end - start == n - 1 { return true }
        if end - start > 4 * n { return false }
        return (0..<n).allSatisfy { isEmptyField(records, r, $0) }
    }

    static let totalWordBytes: [[UInt8]] = totalWords.map { Array($0.utf8) }

    /// Whether a field is 合计/小计/总计 (spaces, tabs, ideographic spaces and quotes
    /// aside), read from its bytes: a project table of 100,000 rows builds no text here.
    static func isTotalWord(_ records: CSVRecords, _ r: Int, _ c: Int) -> Bool {
        let range = records.range(r, c)
        guard range.count >= 6 && range.count <= 32 else { return false }
        // Almost every field is told by its first byte (合 小 E5, 总 E6; a space or quote may come first).
        let b0 = records.bytes[range.lowerBound]
        guard b0 == 0xE5 || b0 == 0xE6 || b0 == 0x20 || b0 == 0x09 || b0 == 0xE3 || b0 == UInt8(ascii: "\"") else { return false }
        var bytes: [UInt8] = []
        var i = range.lowerBound
        while i < range.upperBound {
            let b = records.bytes[i]
            if b == 0x20 || b == 0x09 || b == UInt8(ascii: "\"") {
                i += 1
            } else if b == 0xE3 && i + 2 < range.upperBound && records.bytes[i + 1] == 0x80 && records.bytes[i + 2] == 0x80 {
                i += 3
            } else {
                if bytes.isEmpty && b != 0xE5 && b != 0xE6 { return false }  // 合 小 start E5, 总 E6
                bytes.append(b)
                i += 1
            }
        }
        return totalWordBytes.contains(bytes)
    }

    /// The unit a title row names: `单位：万元`, `（单位：元）`, `金额单位：万元` — not the
    /// 填报单位：… beside it.
    package static func unit(in text: String) -> String? {
        var rest = Substring(text)
        while let r = rest.range(of: "单位：") ?? rest.range(of: "单位:") {
            let after = String(rest[r.upperBound...]).trimmingSpaces()
            for u in ["亿元", "万元", "千元", "元"] where after.hasPrefix(u) { return u }
            rest = rest[r.upperBound...]
        }
        return nil
    }

    /// A row above the header whose every filled cell is a label with a colon
    /// (`填报单位：市民政局`, `单位：万元`, `填报日期：…`).
    static func isLabelRow(_ records: CSVRecords, _ r: Int) -> Bool {
        let filled = (0..<records.fieldCount(r)).map { records.text(r, $0).trimmingSpaces() }.filter { !$0.isEmpty }
        return !filled.isEmpty && filled.count <= 4 && filled.allSatisfy { $0.contains("：") || $0.contains(":") }
    }

    package static func nonEmpty(_ records: CSVRecords, _ r: Int) -> Int {
        (0..<records.fieldCount(r)).filter { !records.text(r, $0).trimmingSpaces().isEmpty }.count
    }

    static func tidy(_ records: CSVRecords, tableName: String, file: String, sheet: String? = nil) -> Tidied {
        var out = Tidied(records: records)
        // A place in the file: its line, or for a sheet its row's first cell.
        func place(_ line: Int) -> DataLocation {
            sheet.map { DataLocation(file: file, sheet: $0, cell: "A\(line)") } ?? DataLocation(file: file, line: line)
        }
        // Rows above the header: a record with at most one filled cell, followed later by
        // one with several (a header of one column has no title row to skip).
        var first = 0
        while first + 1 < records.count && first < 5 && (nonEmpty(records, first) <= 1 || isLabelRow(records, first))
            && (first + 1..<min(records.count, first + 6)).contains(where: { nonEmpty(records, $0) >= 2 })
        {
            first += 1
        }
        var skipped: [String] = []
        for r in 0..<first {
            let text = (0..<records.fieldCount(r)).map { records.text(r, $0).trimmingSpaces() }.filter { !$0.isEmpty }.joined(
                separator: " ")
            if text.isEmpty { continue }
            if let u = unit(in: text) { out.unit = u }
            skipped.append("第 \(records.lines[r]) 行「\(text.count > 30 ? String(text.prefix(30)) + "…" : text)」")
        }
        // The rows kept: all from the header on, but those `dropped`.
        var dropped = Set<Int>()
        var dropColumns: [Int] = []
        if first < records.count {
            let headers = (0..<records.fieldCount(first)).map { records.text(first, $0).trimmingSpaces() }
            // Rows of separators only (an Excel export's empty rows) are not rows.
            let blank = blankRows(records, first + 1..<records.count)
            if !blank.isEmpty {
                dropped.formUnion(blank)
                out.notes.append(
                    DataProblem(
                        .note, at: DataLocation(file: file, line: records.lines[blank[0]]),
                        "\(blank.count) 个空行（只有逗号）已跳过"
                            + (blank.count <= 5 ? "：第 " + blank.map { "\(records.lines[$0])" }.joined(separator: "、") + " 行" : ""),
                        advice: "无需处理"))
            }
            // Unnamed columns at the end of the header with nothing in them (an export's
            // trailing commas) are not columns.
            var c = headers.count - 1
            while c > 0 && headers[c].isEmpty
                && (first + 1..<records.count).allSatisfy({
                    dropped.contains($0) || c >= records.fieldCount($0) || isEmptyField(records, $0, c)
                })
            {
                dropColumns.append(c)
                c -= 1
            }
            let role = ColumnSynonyms.role(tableName: tableName, headers: headers)
            let isProjects = role.isProjects
            if isProjects || role.isIndicators {
                // Total rows, at the key or name column (or the first two); a row of
                // separators only is never one.
                let totals = totalRows(records, first + 1..<records.count)
                let what = isProjects ? "项目" : "指标"
                for r in totals {
                    let texts = (0..<records.fieldCount(r)).map { records.text(r, $0) }
                    if texts.prefix(2).contains(where: { $0.filter { !$0.isWhitespace && $0 != "　" } == "小计" }) {
                        // A subtotal covers some rows the file does not name: not checked.
                        out.notes.append(
                            DataProblem(
                                .note, at: place(records.lines[r]),
                                "第 \(records.lines[r]) 行是小计行，不作为\(what)评分",
                                advice: "小计对应哪些行无法从表中确定，audit 不核对它"))
                        continue
                    }
                    out.totals.append(TotalRow(line: records.lines[r], texts: texts))
                    out.notes.append(
                        DataProblem(
                            .note, at: place(records.lines[r]),
                            "第 \(records.lines[r]) 行是合计行，不作为\(what)评分",
                            advice: "audit 会把它与各行之和核对"))
                }
                dropped.formUnion(totals)
            }
        }
        if !skipped.isEmpty {
            out.notes.insert(
                DataProblem(
                    .note, at: place(records.lines[first]),
                    "表头上方的 \(skipped.count) 行已跳过：\(skipped.joined(separator: "、"))" + (out.unit.map { "；金额单位为\($0)" } ?? ""),
                    advice: "第 \(records.lines[first]) 行作为表头"), at: 0)
        }
        if first > 0 || !dropped.isEmpty || !dropColumns.isEmpty {
            let keep = (first..<records.count).filter { !dropped.contains($0) }
            // Rebuilt from the texts (only files with such rows pay for it); lines stay the file's.
            let width = (records.fieldCount(first)) - dropColumns.count
            let rows = keep.map { r in
                (0..<records.fieldCount(r)).filter { $0 < width || $0 >= records.fieldCount(first) }.map { records.text(r, $0) }
            }
            out.records = CSVRecords(rows: rows, lines: keep.map { records.lines[$0] })
        }
        return out
    }
}
