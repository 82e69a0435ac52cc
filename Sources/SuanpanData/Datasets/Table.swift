import Dispatch
import SuanpanLanguage
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A column's interpreted cells: a value per row, or, for a column of few distinct
/// texts (分值 over nine million indicators), a value per text and each row's text
/// number (`ColumnCodes`), one byte a row instead of twenty-four.
public struct ColumnCells: RandomAccessCollection, Sendable {
    /// The values, in memory that never moves: `Reader` reads them through pointers.
    @usableFromInline final class Values: @unchecked Sendable {
        @usableFromInline let base: UnsafeMutablePointer<CellValue>
        @usableFromInline let count: Int

        init(_ values: [CellValue]) {
            count = values.count
            base = .allocate(capacity: Swift.max(count, 1))
            if count > 0 { values.withUnsafeBufferPointer { base.initialize(from: $0.baseAddress!, count: count) } }
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    @usableFromInline let values: Values
    @usableFromInline let codes: RowCodes

    package init(_ plain: [CellValue]) {
        values = Values(plain)
        codes = .none
    }

    init(codes: RowCodes, distinct: [CellValue]) {
        values = Values(distinct)
        self.codes = codes
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { codes.isEmpty ? values.count : codes.count }

    /// Inlinable: compiled rule code reads it once per row, from another module.
    @inlinable
    public subscript(_ row: Int) -> CellValue { reader[row] }

    /// The rows whose cell `holds` says yes to, in order; for a column of few distinct
    /// texts (分值 over nine million indicators) each text is asked once.
    package func rows(where holds: (CellValue) -> Bool) -> [Int] {
        if codes.isEmpty { return (0..<values.count).filter { holds(values.base[$0]) } }
        let flags = (0..<values.count).map { holds(values.base[$0]) }
        guard flags.contains(true) else { return [] }
        let r = codes.reader
        return (0..<codes.count).filter { flags[Int(r[$0])] }
    }

    /// The cells read through pointers: copying it costs no reference counting, as
    /// compiled rule code does for each row it reads. Valid while these cells (or a
    /// copy of them) are kept.
    @inlinable package var reader: Reader {
        Reader(values: UnsafePointer(values.base), count: endIndex, codes: codes.isEmpty ? nil : codes.reader)
    }

    @usableFromInline package struct Reader: @unchecked Sendable {
        @usableFromInline let values: UnsafePointer<CellValue>?
        @usableFromInline let count: Int
        @usableFromInline let codes: RowCodes.Reader?

        @inlinable init(values: UnsafePointer<CellValue>?, count: Int, codes: RowCodes.Reader?) {
            self.values = values
            self.count = count
            self.codes = codes
        }

        /// No cells.
        package static let none = Reader(values: nil, count: 0, codes: nil)

        @inlinable package subscript(_ row: Int) -> CellValue {
            precondition(row >= 0 && row < count, "ColumnCells: row out of range")
            if let codes { return values.unsafelyUnwrapped[Int(codes[row])] }
            return values.unsafelyUnwrapped[row]
        }
    }
}

/// A column's cells once worked out: published once, then read without a lock.
package final class LazyCells: @unchecked Sendable {
    private let ready = Atomic<Bool>(false)
    private var cells = ColumnCells([])

    package var value: ColumnCells? { ready.load(ordering: .acquiring) ? cells : nil }

    /// Called once, under the table's lock.
    func publish(_ c: ColumnCells) {
        cells = c
        ready.store(true, ordering: .releasing)
    }
}

/// A value worked out on first use and kept, safely read from several threads.
package final class Once<T: Sendable>: @unchecked Sendable {
    private let ready = Atomic<Bool>(false)
    private let lock = Mutex(())
    private var stored: T?

    package init() {}

    package func value(_ make: () -> T) -> T {
        if ready.load(ordering: .acquiring) { return stored! }
        return lock.withLock { _ in
            if let stored { return stored }
            let v = make()
            stored = v
            ready.store(true, ordering: .releasing)
            return v
        }
    }
}

/// One table of a dataset: a CSV file or an XLSX sheet.
///
/// Cells keep their original text (for display and for "where it came from") and
/// their interpreted value; both are stored column by column.
public final class Table: @unchecked Sendable {
    /// Where the table came from.
    public struct Origin: Sendable {
        /// The file as the user named it (or its name inside the bundled dataset).
        public let file: String
        /// The sheet, for XLSX.
        public let sheet: String?
        package init(file: String, sheet: String?) {
            self.file = file
            self.sheet = sheet
        }
    }

    public let name: String
    public let origin: Origin
    public let columns: [String]
    public let keyColumn: Int
    /// The project table of the project layout (项目: 调整后预算数, 全年执行数 …).
    public let isProjectTable: Bool
    /// The indicator table of the project layout (指标: 三级指标, 指标值, 实际值 …).
    public let isIndicatorTable: Bool
    public let rowCount: Int
    /// The cells' texts; record 0 is the header, row r is record r + 1.
    package let records: CSVRecords
    /// The cells' interpreted values, column by column (see `cells`).
    package let cellColumns: [LazyCells]
    /// The header's line (CSV) or row (XLSX).
    public var headerLine: Int { records.lines.first ?? 1 }
    /// Source line (CSV) or sheet row number (XLSX) of each data row.
    package var rowLines: CSVRecords.LineNumbers { records.lines.afterFirst }
    /// For XLSX: the letter of each column (`A`, `B`, …).
    let columnLetters: [String]?

    /// Indicator rows that head numbered rows, set aside at load (their children are the
    /// table's rows `children`).
    package private(set) var headRows: [IndicatorLayout.HeadRow] = []

    /// The three-column layout's columns, when the table has it, and the target cells'
    /// own texts where the combined text differs (row → text).
    package private(set) var composition: IndicatorLayout.Composition?
    package private(set) var composedTargets: [Int: String] = [:]

    /// How a target cell of the three-column layout was put together, for `explain`:
    /// `由 指标性质「≥」、指标值「95」、度量单位「%」合成`.
    public func composedNote(_ row: Int, _ column: Int) -> String? {
        guard let c = composition, column == c.target, let original = composedTargets[row] else { return nil }
        var parts: [String] = []
        if let n = c.nature { parts.append("\(columns[n])「\(text(row, n).trimmingSpaces())」") }
        parts.append("\(columns[c.target])「\(original.trimmingSpaces())」")
        if let u = c.unit { parts.append("\(columns[u])「\(text(row, u).trimmingSpaces())」") }
        if parts.count == 1, let n = c.name, let t = IndicatorLayout.template(inName: text(row, n)) {
            parts.insert("\(columns[n])中的「\(t.direction)**\(t.unit)」", at: 0)
        }
        return "由" + parts.joined(separator: "、") + "合成"
    }

    /// What loading told about this table (title rows skipped, a total row set aside).
    public package(set) var loadNotes: [DataProblem] = []
    /// The unit of money a `单位：元` title row gave, if any.
    public package(set) var unit: String?
    /// Total rows (合计/小计/总计) set aside from a project table: never scored, checked
    /// by audit against the sum of the rows.
    public package(set) var totalRows: [TableLayout.TotalRow] = []

    /// Alternative keys from `dataset.suan`: alias → row.
    package var aliases: [String: Int] = [:]
    /// The dataset this table belongs to (for relations).
    package weak var dataset: Dataset?

    /// Tables that link to this one by a column named like this table's key: worked
    /// out on first use, since deciding needs the other tables' keys.
    public var children: [(table: Table, column: Int)] {
        dataset?.children(of: self) ?? []
    }

    /// `keyName` names the key column (from dataset.suan); the first column otherwise.
    package init(name: String, origin: Origin, records: CSVRecords, columnLetters: [String]? = nil, keyName: String? = nil)
        throws(Diagnostic)
    {
        self.name = name
        self.origin = origin
        self.columnLetters = columnLetters
        var cols: [String] = []
        for f in 0..<records.fieldCount(0) { cols.append(records.text(0, f).trimmingSpaces()) }
        var seen: [String: Int] = [:]
        for (i, c) in cols.enumerated() where !c.isEmpty {
            if let first = seen[c] {
                let place = { (i: Int) in columnLetters.map { "\($0[i]) 列" } ?? "第 \(i + 1) 列" }
                throw DataError.at(
                    file: origin.file, line: columnLetters == nil ? records.lines[0] : nil,
                    "表「\(name)」的表头有两列都叫「\(c)」（\(place(first))和\(place(i))），无法确定 \(name).\(c) 指哪一列",
                    notes: ["提示：改掉其中一列的名称（如「\(c)2」）后重新载入"])
            }
            seen[c] = i
        }
        self.columns = cols
        let role = ColumnSynonyms.role(tableName: name, headers: cols)
        // The three-column layout (指标性质 | 指标值 | 度量单位) is read as one text.
        var records = records
        let synonyms = role.isIndicators ? ColumnSynonyms.resolve(tableName: name, headers: cols) : [:]
        let nameColumn = role.isIndicators ? cols.firstIndex(of: "三级指标") ?? synonyms["三级指标"] : nil
        let marks = nameColumn.map { IndicatorLayout.marks(records, nameColumn: $0) } ?? IndicatorLayout.Marks()
        if role.isIndicators,
            let c = IndicatorLayout.composition(
                headers: cols, target: cols.firstIndex(of: "指标值") ?? synonyms["指标值"],
                name: nameColumn,
                namesHaveTemplates: { marks.templates })
        {
            let (combined, originals) = IndicatorLayout.combine(records, c)
            records = combined
            self.composition = c
            self.composedTargets = originals
        }
        // Rows that head numbered rows (`一、数量指标` over `1、…`) are set aside: only
        // the leaves are scored (kept in `headRows` for the data checks).
        if let n = nameColumn {
            let (kept, heads) = marks.heads ? IndicatorLayout.settingAsideHeads(records, nameColumn: n, headers: cols) : (records, [])
            records = kept
            self.headRows = heads
        }
        // Large tables keep their repeated columns as codes: the records then hold the
        // other columns' bytes only.
        var numbered: [Int: ColumnCodes] = [:]
        if let (shared, codes) = Table.sharingRepeated(records) {
            records = shared
            numbered = codes
        }
        // A table keeps bytes of its own, never a file's mapped pages (a file changed
        // after it loaded changes nothing in it).
        self.records = records.owningBytes
        self.isProjectTable = role.isProjects
        self.isIndicatorTable = role.isIndicators
        if let k = keyName {
            guard let c = cols.firstIndex(of: k) else {
                throw DataError.at(
                    file: origin.file, "dataset.suan 指定的键列「\(k)」在表「\(name)」中不存在",
                    notes: ["表头：\(cols.joined(separator: "、"))"])
            }
            self.keyColumn = c
        } else if let c = Table.defaultKey(role, columns: cols) {
            self.keyColumn = c
        } else {
            self.keyColumn = 0
        }
        self.rowCount = records.count - 1
        self.cellColumns = cols.indices.map { _ in LazyCells() }
        columnCodes = numbered
        // Worked out now, not lazily: cells of a column are read from several threads.
        _ = columnIndexes
    }

    /// The interpreted cells of one column, worked out on first use (a column no
    /// computation reads costs nothing), on all cores for a large table.
    package func cells(_ column: Int) -> ColumnCells {
        let lazy = cellColumns[column]
        if let known = lazy.value { return known }
        cellsLock.lock()
        defer { cellsLock.unlock() }
        if let known = lazy.value { return known }
        let records = self.records
        codesLock.lock()
        let codes = columnCodes[column]
        codesLock.unlock()
        let converts = isProjectTable || isIndicatorTable
        let cells: ColumnCells
        if let codes, codes.distinct * 4 <= rowCount {
            // Already numbered (a column of few distinct texts, such as 分值): each text
            // interpreted once, and kept once.
            var distinct = codes.firstRows.map { records.value($0 + 1, column) }
            if converts && (distinct.contains(.text) || declaredMoneyUnit(column) != nil) {
                distinct = amountsWithUnits(distinct, column, rows: codes.firstRows)
            }
            cells = ColumnCells(codes: codes.codes, distinct: distinct)
        } else {
            let rows = rowCount
            var values = records.withPositions { p in
                [CellValue].parallel(count: rows, chunks: rows >= 16_384 ? 8 : 1) { r in records.value(p, r + 1, column) }
            }
            if converts && (values.contains(.text) || declaredMoneyUnit(column) != nil) {
                values = amountsWithUnits(values, column, rows: nil)
            }
            cells = ColumnCells(values)
        }
        lazy.publish(cells)
        return cells
    }

    /// The unit a column's header declares (`调整后预算数（元）`), if a unit of money.
    public func declaredMoneyUnit(_ column: Int) -> String? {
        guard let u = ColumnSynonyms.strippingUnit(columns[column]).unit, ColumnSynonyms.moneyUnits.contains(u) else { return nil }
        return u
    }

    /// The unit of money of a column of amounts (`ColumnSynonyms.namesMoney`), nil for
    /// any other column: its cells are amounts in that unit. A project table's amounts
    /// are all in its unit (converted at load); another table's column keeps the unit
    /// its header declares.
    public func moneyUnit(ofColumn column: Int) -> MoneyUnit? {
        if let derivation { return derivation.moneyUnits[column] }
        return moneyUnits.value {
            let table = MoneyUnit(canonicalMoneyUnit) ?? .default
            return columns.indices.map { c in
                guard !isIndicatorTable || declaredMoneyUnit(c) != nil, ColumnSynonyms.namesMoney(columns[c]) else { return nil }
                if isProjectTable { return table }
                return declaredMoneyUnit(c).flatMap(MoneyUnit.init) ?? table
            }
        }[column]
    }

    private let moneyUnits = Once<[MoneyUnit?]>()

    /// The unit this table's amounts are computed in: the title row's, else the
    /// dataset's, else the one unit its headers declare, else 万元. A column declaring
    /// another unit is converted (元 and 万元 columns are never divided as they stand).
    public var canonicalMoneyUnit: String {
        if let u = unit ?? dataset?.unit { return u }
        let declared = Set(columns.indices.compactMap(declaredMoneyUnit))
        return declared.count == 1 ? declared.first! : "万元"
    }

    /// A project table's amounts written with their unit (`750,000元`, `1.2亿元`) in the
    /// column's unit; other texts stay texts. `rows` gives the row of each cell (nil:
    /// cell r is row r).
    func amountsWithUnits(_ cells: [CellValue], _ column: Int, rows: [Int]?) -> [CellValue] {
        var out = cells
        let row = { (i: Int) in rows?[i] ?? i }
        if isScoreColumn(column) {
            guard cells.contains(where: { $0 == .text }) else { return cells }
            // Points written with their unit: `30分` is 30.
            for r in out.indices where out[r] == .text && endsWith(row(r), column, "分") {
                let text = records.text(row(r) + 1, column).trimmingSpaces()
                guard text.hasSuffix("分"), case .number(let x) = CellText.parse(String(text.dropLast()).trimmingSpaces()) else { continue }
                out[r] = .number(x)
            }
            return out
        }
        guard isProjectTable && !isIndicatorTable else { return cells }
        let target = canonicalMoneyUnit
        if let declared = declaredMoneyUnit(column), declared != target,
            let from = TableLayout.moneyFactor[declared], let to = TableLayout.moneyFactor[target]
        {
            // A column in other units than the table's: its plain numbers converted.
            for r in out.indices {
                switch out[r] {
                case .number(let x): out[r] = .number(x * from / to)
                default: continue
                }
            }
        }
        for r in out.indices where out[r] == .text && endsWith(row(r), column, "元") {
            let text = records.text(row(r) + 1, column).trimmingSpaces()
            guard let u = ["亿元", "万元", "千元", "元"].first(where: { text.hasSuffix($0) }) else { continue }
            let number = CellText.parse(String(text.dropLast(u.count)).trimmingSpaces())
            guard let x = number.numericValue, case .number = number,
                let from = TableLayout.moneyFactor[u], let to = TableLayout.moneyFactor[target]
            else { continue }
            out[r] = .number(x * from / to)
        }
        return out
    }

    /// Whether a cell's text ends in `suffix` (spaces and a closing quote aside), told
    /// from its bytes: a column of names builds no text here.
    func endsWith(_ row: Int, _ column: Int, _ suffix: String) -> Bool {
        let range = records.range(row + 1, column)
        let tail = Array(suffix.utf8)
        var end = range.upperBound
        while end > range.lowerBound, [0x20, 0x09, 0x0D, UInt8(ascii: "\"")].contains(records.bytes[end - 1]) { end -= 1 }
        guard end - range.lowerBound >= tail.count else { return false }
        return records.bytes[(end - tail.count)..<end].elementsEqual(tail)
    }

    static let scoreNames: Set<String> = ["分值", "执行分值", "得分", "总分", "执行得分", "指标得分"]

    /// A column of points (分值, 得分, 总分 … or a synonym).
    package func isScoreColumn(_ column: Int) -> Bool {
        if Table.scoreNames.contains(ColumnSynonyms.strippingUnit(columns[column]).name) { return true }
        return synonyms.contains { Table.scoreNames.contains($0.key) && $0.value == column }
    }

    public func columnIndex(_ name: String) -> Int? {
        columnIndexes[ByteKey(name)]
    }

    lazy var columnIndexes: [ByteKey: Int] = {
        var m: [ByteKey: Int] = [:]
        for (i, c) in columns.enumerated() where m[ByteKey(c)] == nil { m[ByteKey(c)] = i }
        for (name, c) in synonyms where m[ByteKey(name)] == nil { m[ByteKey(name)] = c }
        return m
    }()

    /// Contract names this table answers to through an official synonym or a unit
    /// suffix (`全年预算数（万元）` is 调整后预算数): name → column.
    public lazy var synonyms: [String: Int] = ColumnSynonyms.resolve(tableName: name, headers: columns)

    public func value(_ row: Int, _ column: Int) -> CellValue { cells(column)[row] }

    public func text(_ row: Int, _ column: Int) -> String { records.text(row + 1, column) }

    public func key(_ row: Int) -> String { text(row, keyColumn).trimmingSpaces() }

    /// For a table assembled from forms: each cell's own sheet and cell.
    package var places: CellPlaces?

    /// A table computed from another's rows (`项目 group 主管部门 : …`): where each row
    /// and column came from, and the cells that are not computed, with why.
    package struct Derivation: Sendable {
        /// Per row: `表「项目」中 主管部门「市级」的 11 行`.
        package var rows: [String]
        /// Per column: how it is computed (`执行率 = 执行率(sum(全年执行数), sum(调整后预算数))`), nil for a key.
        package var formulas: [String?]
        package var notComputed: [Int: [Int: String]] = [:]
        /// Per column: the unit of its amounts, for a column of sums of money.
        package var moneyUnits: [Int: MoneyUnit] = [:]
        package init(rows: [String], formulas: [String?]) {
            self.rows = rows
            self.formulas = formulas
        }
    }
    package var derivation: Derivation?

    /// A derived table's cells, exact: published as they are, not read from text.
    package func publish(_ values: [CellValue], column: Int) {
        cellsLock.lock()
        defer { cellsLock.unlock() }
        if cellColumns[column].value == nil { cellColumns[column].publish(ColumnCells(values)) }
    }

    /// Where a cell came from.
    public func location(_ row: Int, _ column: Int) -> DataLocation {
        if let places { return places.location(row, column, field: columns[column]) }
        if let d = derivation { return DataLocation(file: d.rows[row], field: d.formulas[column] ?? columns[column]) }
        if let letters = columnLetters {
            return DataLocation(file: origin.file, sheet: origin.sheet, cell: "\(letters[column])\(rowLines[row])", field: columns[column])
        }
        return DataLocation(file: origin.file, line: rowLines[row], field: columns[column])
    }

    /// Where a row is, in a list of rows of one table: `第 7 行`, or for a table
    /// assembled from forms `自评表.xlsx[运维] 第 7 行`.
    public func rowPlace(_ row: Int) -> String {
        if let places { return "\(places.source(row)) 第 \(rowLines[row]) 行" }
        return "第 \(rowLines[row]) 行"
    }

    // MARK: Names of rows

    /// The column that names a row: the first whose header ends in 名称, else the
    /// first text column whose values are mostly distinct (三级指标 rather than the
    /// 项目编号 an indicator shares with its siblings).
    public lazy var nameColumn: Int? = {
        // An indicator is named by its 三级指标 (datasets.md), never its 二级指标.
        if isIndicatorTable, let c = columnIndex("三级指标"), c != keyColumn { return c }
        if let c = columns.indices.first(where: { $0 != keyColumn && columns[$0].hasSuffix("名称") }) { return c }
        let sample = Array(0..<min(rowCount, 2_000))
        return columns.indices.first { c in
            let cells = self.cells(c)
            guard c != keyColumn, sample.contains(where: { if case .text = cells[$0] { return true } else { return false } }) else {
                return false
            }
            let distinct = Set(sample.map { text($0, c) }).count
            return distinct * 5 >= sample.count * 4
        }
    }()

    /// The key of a table of the project layout, by name (datasets.md, "Real documents"):
    /// a project table is keyed by its 项目编号 and an indicator table by its 指标编号
    /// wherever they stand (a 序号 column often comes first); nil for other tables
    /// (the first column).
    static func defaultKey(_ role: ColumnSynonyms.Role, columns: [String]) -> Int? {
        if role.isIndicators, let c = columns.firstIndex(of: "指标编号") { return c }
        if role.isProjects && !role.isIndicators, let c = columns.firstIndex(of: "项目编号") { return c }
        return nil
    }

    /// Rows by key text.
    package var keyIndex: TextGroups { groups(keyColumn) }

    /// Guards the structures derived from the cells on first use (`indicatorColumn`).
    let derivedLock = Lock()
    let cellsLock = Lock()
    var indicatorColumns: [Int: ParsedColumn] = [:]
    var nameHintColumns: [Int: (codes: ColumnCodes, hints: [IndicatorNameHint])] = [:]
    var textGroups: [Int: TextGroups] = [:]
    var columnCodes: [Int: ColumnCodes] = [:]
    let codesLock = Lock()
    private let uniqueKeys = Once<Bool>()

    /// Rows whose `column` holds `key`: a parent row's children.
    public func rows(linkedTo key: String, column: Int) -> [Int] {
        groups(column)[key] ?? []
    }

    /// Whether each row's key is its own (spaces around a key aside). Told from the key
    /// column's codes when they settle it, without grouping the rows: fewer distinct
    /// texts than rows, or as many and none quoted or with spaces around it.
    public var hasUniqueKeys: Bool { uniqueKeys.value(keysAreUnique) }

    private func keysAreUnique() -> Bool {
        let codes = self.codes(keyColumn)
        if codes.distinct < rowCount { return false }
        let column = keyColumn
        let plain = records.withPositions { p in
            codes.firstRows.allSatisfy { row in
                let range = p.range(row + 1, column)
                let field = UnsafeBufferPointer(rebasing: p.bytes[range])
                return !p.isQuoted(range) && TextGroups.trimmed(field).count == field.count
            }
        }
        return plain || keyIndex.count == rowCount
    }

    /// How to write this row in `表["…"]` so that it finds this row alone: its key when
    /// unique, else its label (`AD1 群众满意度`).
    public func address(_ row: Int) -> String {
        let k = key(row)
        if case .found(let r) = findRow(k), r == row { return k }
        return rowLabel(row)
    }

    /// A row's short description for lists of candidates: `2010301 行政运行`.
    public func rowLabel(_ row: Int) -> String {
        let k = key(row)
        guard let n = nameColumn else { return k }
        let name = text(row, n).trimmingSpaces()
        if name.isEmpty || k.hasPrefix(name) { return k }
        // A long key (a form's project name keys its indicators) is shortened so that
        // the row's own name shows.
        return "\(k.count > 12 ? String(k.prefix(10)) + "…" : k) \(name)"
    }

    public enum RowLookup: Equatable {
        case found(Int)
        case ambiguous([Int])
        case notFound(nearest: [Int])
    }

    /// Finds a row by exact key, alias, or a unique substring of its key or name.
    public func findRow(_ wanted: String) -> RowLookup {
        let w = wanted.trimmingSpaces()
        if let rows = keyIndex[w] { return rows.count == 1 ? .found(rows[0]) : .ambiguous(rows) }
        if let r = aliases[w] { return .found(r) }
        // A row's label as messages print it (`AD1 群众满意度`: key and name), for rows
        // whose name alone repeats across projects.
        if let space = w.firstIndex(of: " "), let n = nameColumn {
            let k = String(w[..<space])
            let name = String(w[w.index(after: space)...]).trimmingSpaces()
            let rows = (keyIndex[k] ?? []).filter { text($0, n).trimmingSpaces() == name }
            if rows.count == 1 { return .found(rows[0]) }
            if rows.count > 1 { return .ambiguous(rows) }
        }
        var hits: [Int] = []
        for r in 0..<rowCount {
            if key(r).includes(w) || (nameColumn.map { text(r, $0).includes(w) } ?? false) { hits.append(r) }
        }
        if hits.count == 1 { return .found(hits[0]) }
        if hits.count > 1 {
            // An exact name wins over names that merely contain it.
            if let n = nameColumn {
                let exact = hits.filter { text($0, n).trimmingSpaces() == w }
                if exact.count == 1 { return .found(exact[0]) }
            }
            return .ambiguous(hits)
        }
        let labels = (0..<rowCount).map { ($0, key($0)) } + (nameColumn.map { n in (0..<rowCount).map { ($0, text($0, n)) } } ?? [])
        let target = Array(w)
        let ranked = labels.map { (row: $0.0, d: Suggestions.distance(target, Array($0.1))) }
            .sorted { $0.d < $1.d || ($0.d == $1.d && $0.row < $1.row) }
        var nearest: [Int] = []
        let limit = max(1, target.count / 2)
        for x in ranked where x.d <= limit && !nearest.contains(x.row) {
            nearest.append(x.row)
            if nearest.count == 3 { break }
        }
        return .notFound(nearest: nearest)
    }

    // MARK: Hierarchy (决算表s keyed by 科目编码)

    /// The level of each row in a coded hierarchy (类 3 digits, 款 5, 项 7), or nil
    /// when the key column is not such a code. Rows like 合计 have no level.
    public struct Hierarchy: Sendable {
        /// Level names, top first: 类, 款, 项.
        public let levelNames: [String]
        /// Level index of each row, nil for total rows.
        public let levels: [Int?]
        /// Rows that have no child row.
        public let isLeaf: [Bool]
    }

    public lazy var hierarchy: Hierarchy? = {
        // Each distinct key looked at once, by bytes: 900,000 rows keyed like P000123
        // build no text.
        let groups = keyIndex
        var lengths = Set<Int>()
        let groupCodes = (0..<groups.count).map { g -> String? in
            groups.withKey(g) { k in
                guard !k.isEmpty && k.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
                lengths.insert(k.count)
                return String(decoding: k, as: UTF8.self)
            }
        }
        let sorted = lengths.sorted()
        // Subject codes start at three digits (类); row numbers 1…62 are not a hierarchy.
        guard sorted.count >= 2, let shortest = sorted.first, shortest >= 3 else { return nil }
        let codes = (0..<rowCount).map { groupCodes[Int(groups.group(ofRow: $0))] }
        guard codes.compactMap({ $0 }).count >= 3 else { return nil }
        let present = Set(codes.compactMap { $0 })
        // Every longer code must extend a shorter code that is present.
        for c in present where c.utf8.count != sorted[0] {
            let parents = sorted.filter { $0 < c.utf8.count }.map { String(c.prefix($0)) }
            if !parents.contains(where: present.contains) { return nil }
        }
        let names = ["类", "款", "项", "目"]
        let levelNames = sorted.indices.map { $0 < names.count ? names[$0] : "第\($0 + 1)级" }
        let levels = codes.map { c in c.flatMap { sorted.firstIndex(of: $0.utf8.count) } }
        var hasChild = Set<String>()
        for c in present {
            for len in sorted where len < c.utf8.count { hasChild.insert(String(c.prefix(len))) }
        }
        let isLeaf = codes.map { c in c.map { !hasChild.contains($0) } ?? false }
        return Hierarchy(levelNames: levelNames, levels: levels, isLeaf: isLeaf)
    }()

    /// Rows of one hierarchy level, by name (类/款/项), or nil if there is no such level.
    public func rows(atLevel name: String) -> [Int]? {
        guard let h = hierarchy, let level = h.levelNames.firstIndex(of: name) else { return nil }
        return (0..<rowCount).filter { h.levels[$0] == level }
    }

    /// The rows a column of this table means when taken as a whole: for a hierarchy,
    /// its leaves (so that a sum counts each amount once); otherwise every row.
    public var wholeColumnRows: [Int]? {
        guard let h = hierarchy else { return nil }
        return (0..<rowCount).filter { h.isLeaf[$0] }
    }
}
