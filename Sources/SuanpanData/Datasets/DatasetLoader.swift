import Dispatch
import Foundation
import SuanpanLanguage

/// Loads a dataset from what staff already have: a folder of CSV files (with an
/// optional `dataset.suan`), a single `.csv`, or an `.xlsx` workbook. Files are only
/// read, never written; a failure throws before anything is bound.
public enum DatasetLoader {
    /// Reports progress (0…1) for long loads; the front end decides whether to show it.
    public typealias Progress = (Double) -> Void

    /// `displayName` is how messages and provenance name the dataset's folder (the
    /// path as the user gave it, by default).
    /// `interruptible`: Ctrl-C in the REPL (`Interruption`) stops a long load with
    /// "interrupted", the session keeping the dataset it had.
    public static func load(
        _ path: String, displayName: String? = nil, progress: Progress? = nil, interruptible: Bool = false
    ) throws(Diagnostic) -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.at(file: path, "数据集不存在（找不到这个文件或文件夹）")
        }
        if isDirectory.boolValue {
            return try loadFolder(path, displayFolder: displayName ?? path, progress: progress, interruptible: interruptible)
        }
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") {
            let source = try csvSource(path)
            let found = try forms(in: source, displayName: path)
            if !found.isEmpty { return try dataset(path, XLSXReader.Content(forms: found)) }
            return Dataset(path: path, tables: [try csvTable(source, displayName: path, interruptible: interruptible)])
        }
        if lower.hasSuffix(".xlsx") {
            return try workbookDataset(try readFile(path, limit: XLSXReader.maxPartBytes), displayName: path)
        }
        if lower.hasSuffix(".xls") {
            return try dataset(path, try LegacyWorkbook.content(path))
        }
        throw DataError.at(file: path, "不支持的数据集类型：请给出 CSV 文件夹、.csv 文件、.xlsx 或 .xls 工作簿")
    }

    /// The bundled default dataset (the seed's 2022 final accounts).
    public static func loadBundled() throws(Diagnostic) -> Dataset {
        guard let path = Dataset.bundledPath else {
            throw DataError.at(file: "<内置数据集>", "找不到随程序安装的默认数据集")
        }
        return try load(path, displayName: "qingdao-2022")
    }

    static func loadFolder(_ folder: String, displayFolder: String, progress: Progress?, interruptible: Bool = false) throws(Diagnostic)
        -> Dataset
    {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw DataError.at(file: folder, "无法读取文件夹")
        }
        // dataset.suan first: it may name key columns the tables are built with.
        var statements: [Statement] = []
        let setupPath = (folder as NSString).appendingPathComponent("dataset.suan")
        if names.contains("dataset.suan") {
            let bytes = try readFile(setupPath)
            statements = try Parser.parse(try Source.decode(name: setupPath, bytes: bytes))
        }
        // 核对.suan: the figures a report publishes in its text, as `check` statements for audit.
        let checksPath = (folder as NSString).appendingPathComponent("核对.suan")
        if names.contains("核对.suan") {
            statements += try Parser.parse(
                try Source.decode(
                    name: (displayFolder as NSString).appendingPathComponent("核对.suan"),
                    bytes: try readFile(checksPath)))
        }
        try confine(statements)
        var keys: [String: String] = [:]
        for case .key(let table, let column, _) in statements { keys[table] = column }
        var unit: String?
        var formTitle: String?
        for case .unit(let u, let span) in statements {
            guard TableLayout.moneyFactor[u] != nil else {
                throw Diagnostic(.data("金额单位「\(u)」无法识别"), at: span, notes: ["提示：可用的单位：元、千元、万元、亿元"])
            }
            unit = u
        }

        let csvs = names.filter { $0.lowercased().hasSuffix(".csv") }
        let workbooks = names.filter { ($0.lowercased().hasSuffix(".xlsx") || $0.lowercased().hasSuffix(".xls")) && !$0.hasPrefix("~$") }
        for name in csvs + workbooks + ["dataset.suan", "核对.suan"] where names.contains(name) {
            try staysInside(folder, name, displayFolder: displayFolder)
        }
        if csvs.isEmpty && workbooks.isEmpty {
            throw DataError.at(file: folder, "文件夹中没有 .csv、.xlsx 或 .xls 文件")
        }
        var tables: [Table] = []
        var forms: [Form] = []
        var formNotes: [DataProblem] = []
        // Progress by bytes: each file's share of the folder's size.
        let sizes = csvs.map { name -> Double in
            let attrs = try? FileManager.default.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(name))
            return Double((attrs?[.size] as? NSNumber)?.intValue ?? 1)
        }
        let total = max(sizes.reduce(0, +), 1)
        var done = 0.0
        for (i, name) in csvs.enumerated() {
            if interruptible { try Interruption.check() }
            let tableName = String(name.dropLast(4))
            let path = (folder as NSString).appendingPathComponent(name)
            let shown = (displayFolder as NSString).appendingPathComponent(name)
            let share = sizes[i] / total
            let base = done
            let fileProgress = progress.map { report in { (f: Double) in report(base + share * f) } }
            let source = try csvSource(path)
            let found = try Self.forms(in: source, displayName: shown)
            if found.isEmpty {
                tables.append(
                    try csvTable(
                        source, displayName: shown, keyName: keys[tableName], tableName: tableName, progress: fileProgress,
                        interruptible: interruptible))
            } else {
                forms += found
            }
            done += share
            progress?(done)
        }
        // Workbooks are read on all cores (a folder of a thousand forms), and taken in
        // name order; the first that fails, in that order, is the error.
        // Only the parsing: tables are built after, one workbook at a time. (The fuzzing
        // build reads them one by one: once dispatch's workers have run, LeakSanitizer
        // reports the harness's bundled dataset, held until exit, as lost; 200 loads of a
        // two-workbook folder keep the release build at 20 MB, so nothing is.)
        #if FUZZING
            let chunks = 1
        #else
            let chunks = workbooks.count
        #endif
        let read = [Result<XLSXReader.Parsed, Diagnostic>?].parallel(count: workbooks.count, chunks: chunks) { i in
            let name = workbooks[i]
            guard !name.lowercased().hasSuffix(".xls") else { return nil }
            let path = (folder as NSString).appendingPathComponent(name)
            let shown = (displayFolder as NSString).appendingPathComponent(name)
            do throws(Diagnostic) {
                return .success(try XLSXReader.parse(bytes: try readFile(path, limit: XLSXReader.maxPartBytes), path: shown))
            } catch {
                return .failure(error)
            }
        }
        for (i, name) in workbooks.enumerated() {
            let content: XLSXReader.Content
            switch read[i] {
            case .success(let parsed)?: content = try XLSXReader.content(parsed, keys: keys)
            case .failure(let e)?: throw e
            case nil: content = try LegacyWorkbook.content((folder as NSString).appendingPathComponent(name), keys: keys)
            }
            if content.forms.isEmpty {
                content.tables.first?.loadNotes += content.notes
            } else {
                formNotes += content.notes
            }
            tables += content.tables
            forms += content.forms
        }
        if !forms.isEmpty {
            if let clash = tables.first(where: { $0.name == "项目" || $0.name == "指标" }) {
                throw DataError.at(
                    file: clash.origin.file,
                    "文件夹里既有自评表，又有名为「\(clash.name)」的表：自评表读成的 项目、指标 表与它同名",
                    notes: ["提示：把自评表和整理好的 项目/指标 表放在不同的文件夹里分别载入"])
            }
            let assembled = try FormTables.assemble(forms)
            assembled.tables.first?.loadNotes += formNotes + assembled.notes
            tables = assembled.tables + tables
            if !statements.contains(where: { if case .title = $0 { return true } else { return false } }) {
                formTitle = assembled.title
            }
            if unit == nil { unit = assembled.unit }
        }
        var seen = Set<String>()
        for t in tables where !seen.insert(t.name).inserted {
            throw DataError.at(file: folder, "有两张表都叫「\(t.name)」（CSV 文件名或工作表名重复）")
        }
        for (table, _) in keys where !seen.contains(table) {
            throw DataError.at(file: setupPath, "dataset.suan 为不存在的表「\(table)」指定了键列")
        }
        let dataset = Dataset(path: folder, tables: tables)
        dataset.unit = unit
        if let t = formTitle { dataset.title = t }
        try apply(statements, to: dataset)
        return dataset
    }

    /// A dataset of one file's content: its forms (one workbook or one CSV export), or
    /// its tables.
    static func dataset(_ path: String, _ content: XLSXReader.Content) throws(Diagnostic) -> Dataset {
        let assembled = try content.assembled()
        let dataset = Dataset(path: path, tables: assembled.tables)
        dataset.unit = assembled.unit
        dataset.title = assembled.title
        return dataset
    }

    /// The forms a CSV file holds (a form exported as CSV), or none: a file of more
    /// than 1,000 records is a table.
    static func formsInCSV(_ raw: [UInt8], displayName: String) throws(Diagnostic) -> [Form] {
        guard raw.count <= 1 << 20 else { return [] }
        let (bytes, _) = try TextDecoding.decode(raw, file: displayName)
        guard FormWords.mayHoldForm(bytes) else { return [] }
        let read = try CSVReader.read(bytes, file: displayName, progress: nil)
        guard read.count >= 3 && read.count <= 1_000 else { return [] }
        return FormReader.forms(FormGrid(records: read, file: displayName))
    }

    /// A dataset's own scripts (dataset.suan, 核对.suan, and a rule template it runs)
    /// describe its tables; they cannot
    /// read or write other files (`load`, `:load`, `:save`), change the session's
    /// settings (`:limits`, `:precision` …) or print anything.
    package static func confine(_ statements: [Statement]) throws(Diagnostic) {
        for s in statements {
            switch s {
            case .binding, .function, .title, .unit, .alias, .key, .rule, .template, .check, .scenario, .assume, .figure:
                continue
            case .load, .meta, .export:
                throw Diagnostic(
                    .data("数据集的设置文件不能读写其他文件或更改设置：这里不允许「\(Self.head(s))」"), at: s.span,
                    notes: ["提示：dataset.suan、核对.suan 及数据集所用的规则模板只能写标题、键列、别名、规则、名称、函数、情景、核对项与图；要载入别的数据，请在会话中自己用 load"])
            default:
                throw Diagnostic(
                    .data("数据集的设置文件只能定义，不能计算或输出：这里不允许「\(Self.head(s))」"), at: s.span,
                    notes: ["提示：dataset.suan、核对.suan 及数据集所用的规则模板只能写标题、键列、别名、规则、名称、函数、情景、核对项与图"])
            }
        }
    }

    package static func head(_ s: Statement) -> String {
        let text = s.span.text
        return text.count > 30 ? String(text.prefix(30)) + "…" : text
    }

    /// A file of the folder that is a link to somewhere outside it is refused: loading a
    /// folder reads only that folder.
    static func staysInside(_ folder: String, _ name: String, displayFolder: String) throws(Diagnostic) {
        let path = (folder as NSString).appendingPathComponent(name)
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return }
        guard let real = realpath(path, nil), let base = realpath(folder, nil) else {
            throw DataError.at(file: (displayFolder as NSString).appendingPathComponent(name), "是一个指向不存在位置的链接")
        }
        defer {
            free(real)
            free(base)
        }
        let target = String(cString: real)
        let inside = String(cString: base)
        if !target.hasPrefix(inside.hasSuffix("/") ? inside : inside + "/") {
            // The link as written (what `ls -l` shows), not the machine's absolute path.
            let written = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? target
            throw DataError.at(
                file: (displayFolder as NSString).appendingPathComponent(name),
                "是指向数据集文件夹之外（\(written)）的链接，不予读取",
                notes: ["提示：载入一个文件夹只读这个文件夹里的文件；要用那个文件，请把它复制进来，或直接 load 它的路径"])
        }
    }

    /// Applies dataset.suan's title and aliases; keeps its other statements for the session.
    package static func apply(_ statements: [Statement], to dataset: Dataset) throws(Diagnostic) {
        for s in statements {
            switch s {
            case .title(let t, _):
                dataset.title = t
            case .key, .unit:
                break
            case .alias(let tableName, let alias, let target, let span):
                try addAlias(dataset, tableName, alias, target, span)
            default:
                dataset.setupStatements.append(s)
            }
        }
    }

    package static func addAlias(_ dataset: Dataset, _ tableName: String, _ alias: String, _ target: String, _ span: SourceSpan)
        throws(Diagnostic)
    {
        guard let table = dataset.table(tableName) else {
            throw Diagnostic(.notFound("没有名为「\(tableName)」的表"), at: span)
        }
        switch table.findRow(target) {
        case .found(let row): table.aliases[alias] = row
        case .ambiguous(let rows):
            throw Diagnostic(
                .notFound("别名「\(alias)」指向的「\(target)」在表「\(tableName)」中不唯一"), at: span,
                notes: rows.prefix(5).map { "候选：\(table.rowLabel($0))" })
        case .notFound:
            throw Diagnostic(.notFound("别名「\(alias)」指向的「\(target)」在表「\(tableName)」中不存在"), at: span)
        }
    }

    /// Reads a whole file, read-only, straight into a byte array; a file of more than
    /// `limit` bytes is refused.
    package static func readFile(_ path: String, limit: Int = .max) throws(Diagnostic) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DataError.at(file: path, "无法读取文件：\(SystemError.describe(errno))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DataError.at(file: path, "无法读取文件：\(SystemError.describe(errno))") }
        if Int(st.st_size) > limit { throw tooBig(path, limit) }  // before reading any of it
        // Read into uninitialised storage: no pass to zero 70 MB first.
        var failure: Int32 = 0
        let capacity = max(Int(st.st_size), 0) + 1
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var count = 0
            // A large regular file is read in four parts at once (copying from the page
            // cache is most of the time); then one byte more, to see whether it grew.
            let size = capacity - 1
            if size >= 8 << 20 && (st.st_mode & S_IFMT) == S_IFREG {
                hugePages(buffer.baseAddress!, capacity)
                let whole = readInParts(fd, SharedPointer(base: buffer.baseAddress!), size: size)
                if whole && lseek(fd, off_t(size), SEEK_SET) == off_t(size) {
                    count = size
                } else {
                    _ = lseek(fd, 0, SEEK_SET)
                }
            }
            while count < capacity {
                let n = read(fd, buffer.baseAddress! + count, capacity - count)
                if n < 0 {
                    failure = errno
                    break
                }
                if n == 0 { break }
                count += n
            }
            initialized = count
        }
        // A file that grew while being read (or a pipe, whose size is 0): the rest in chunks.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var more = failure == 0 && bytes.count == capacity
        while more {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 { failure = errno }
            more = n > 0
            if more { bytes.append(contentsOf: chunk[0..<n]) }
            if bytes.count > limit { throw tooBig(path, limit) }
        }
        if failure != 0 { throw DataError.at(file: path, "读取文件出错：\(SystemError.describe(failure))") }
        return bytes
    }

    static func tooBig(_ path: String, _ limit: Int) -> Diagnostic {
        let size = limit >= (1 << 30) - 1 ? "\((limit + 1) >> 30) GiB" : "\(limit >> 20) MiB"
        return DataError.at(file: path, "文件超过 \(size)，不予读取", notes: ["提示：请把它按年度或地区拆成几个较小的文件"])
    }

    /// Asks the kernel to back a large buffer's whole 2 MiB pages with huge pages before
    /// it is first written: a 70 MB file then costs 35 page faults instead of 17,000,
    /// each clearing a fresh page. Only a hint; where transparent huge pages are off it
    /// does nothing.
    static func hugePages(_ base: UnsafeMutablePointer<UInt8>, _ count: Int) {
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + count) & ~(huge - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
    }

    /// Reads `size` bytes from the start of `fd` into `base`, in parts on all cores;
    /// whether every part was read whole.
    static func readInParts(_ fd: Int32, _ base: SharedPointer<UInt8>, size: Int) -> Bool {
        let parts = 4
        let whole = ConcurrentSlots<Bool>(count: parts, initial: false)
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            var at = size * k / parts
            let end = size * (k + 1) / parts
            while at < end {
                let n = pread(fd, base.base + at, end - at, off_t(at))
                if n <= 0 { break }
                at += n
            }
            whole.set(k, at == end)
        }
        return whole.values.allSatisfy { $0 }
    }

    /// One CSV file as a table: header in the first non-empty row, every row as wide
    /// as the header.
    package static func loadCSV(
        _ path: String, displayName: String, keyName: String?, tableName: String? = nil,
        progress: ((Double) -> Void)? = nil
    ) throws(Diagnostic) -> Table {
        try csvTable(try csvSource(path), displayName: displayName, keyName: keyName, tableName: tableName, progress: progress)
    }

    /// A CSV file's bytes: its mapped pages when it is larger than 1 MiB (such a file
    /// is never read as forms), else read.
    enum CSVSource {
        case mapped(MappedFile)
        case read([UInt8])
    }

    static func csvSource(_ path: String) throws(Diagnostic) -> CSVSource {
        if let mapped = MappedFile(path, limit: CSVReader.maxBytes) { return .mapped(mapped) }
        return .read(try readFile(path, limit: CSVReader.maxBytes))
    }

    /// The forms a read CSV file holds, if any.
    static func forms(in source: CSVSource, displayName: String) throws(Diagnostic) -> [Form] {
        guard case .read(let raw) = source else { return [] }
        return try formsInCSV(raw, displayName: displayName)
    }

    static func csvTable(
        _ source: CSVSource, displayName: String, keyName: String? = nil, tableName: String? = nil,
        progress: ((Double) -> Void)? = nil, interruptible: Bool = false
    ) throws(Diagnostic) -> Table {
        switch source {
        case .mapped(let file):
            try csvTable(
                mapped: file, displayName: displayName, keyName: keyName, tableName: tableName, progress: progress,
                interruptible: interruptible)
        case .read(let raw):
            try csvTable(
                raw, displayName: displayName, keyName: keyName, tableName: tableName, progress: progress,
                interruptible: interruptible)
        }
    }

    /// A large CSV file's table, read from its mapped pages: nothing is copied but what
    /// the table keeps. A file that is not UTF-8 is converted from a copy, as a read
    /// one is. A file cut short or written to while it loaded is refused (what was read
    /// may be a mixture of old and new, or zeros).
    package static func csvTable(
        mapped file: MappedFile, displayName: String, keyName: String? = nil, tableName: String? = nil,
        progress: ((Double) -> Void)? = nil, interruptible: Bool = false
    ) throws(Diagnostic) -> Table {
        let whole = RecordBytes(file)
        let bom = whole.count >= 3 && whole[0] == 0xEF && whole[1] == 0xBB && whole[2] == 0xBF
        let text = RecordBytes(file, from: bom ? 3 : 0)
        let changed = DataError.at(
            file: displayName, "文件在载入过程中被改动或截短：未载入", notes: ["提示：等写这个文件的程序写完后，重新载入"])
        do throws(Diagnostic) {
            let table: Table
            if text.withUnsafeBufferPointer({ TextDecoding.isValidUTF8(inPieces: $0) }) {
                table = try csvTable(
                    decoded: text, displayName: displayName, keyName: keyName, tableName: tableName, progress: progress,
                    interruptible: interruptible)
            } else {
                table = try csvTable(
                    whole.bytes, displayName: displayName, keyName: keyName, tableName: tableName, progress: progress,
                    interruptible: interruptible)
            }
            if file.changed { throw changed }
            return table
        } catch {
            // What was wrong may have come from the change (a record cut in two).
            throw file.changed ? changed : error
        }
    }

    /// A workbook's bytes as tables, one a sheet (`displayName` names it in messages).
    public static func xlsxTables(_ raw: [UInt8], displayName: String) throws(Diagnostic) -> [Table] {
        try XLSXReader.tables(bytes: raw, path: displayName)
    }

    /// A workbook's bytes as a dataset: its forms as 项目 and 指标, or its sheets as tables.
    public static func workbookDataset(_ raw: [UInt8], displayName: String) throws(Diagnostic) -> Dataset {
        try dataset(displayName, try XLSXReader.read(bytes: raw, path: displayName))
    }

    /// A CSV export of 自评表 forms as a dataset (its 项目 and 指标), or nil when the
    /// file holds no form.
    public static func formDataset(csv raw: [UInt8], displayName: String) throws(Diagnostic) -> Dataset? {
        let forms = try formsInCSV(raw, displayName: displayName)
        return forms.isEmpty ? nil : try dataset(displayName, XLSXReader.Content(forms: forms))
    }

    /// A CSV file's bytes as a table (`displayName` names it in messages).
    public static func csvTable(
        _ raw: [UInt8], displayName: String, keyName: String? = nil, tableName: String? = nil,
        progress: ((Double) -> Void)? = nil, interruptible: Bool = false
    ) throws(Diagnostic) -> Table {
        let (bytes, _) = try TextDecoding.decode(raw, file: displayName)
        return try csvTable(
            decoded: RecordBytes(bytes), displayName: displayName, keyName: keyName, tableName: tableName,
            progress: progress, interruptible: interruptible)
    }

    /// A table from a CSV file's text, already UTF-8 without a byte-order mark.
    static func csvTable(
        decoded bytes: RecordBytes, displayName: String, keyName: String?, tableName: String?,
        progress: ((Double) -> Void)?, interruptible: Bool
    ) throws(Diagnostic) -> Table {
        // Reading is about two thirds of the work, interpreting the cells the rest.
        let read = try CSVReader.read(
            bytes, file: displayName, progress: progress.map { p in { p($0 * 0.65) } }, interruptible: interruptible)
        if interruptible { try Interruption.check() }
        guard read.count >= 1 else { throw DataError.at(file: displayName, "文件是空的：没有表头") }
        let name = tableName ?? ((displayName as NSString).lastPathComponent as NSString).deletingPathExtension
        var tidy = TableLayout.tidy(read, tableName: name, file: displayName)
        var records = tidy.records
        let width = records.fieldCount(0)
        // A row as wide as the header or not at all: a row of another width is a data
        // problem (its cells would land in the wrong columns) and is set aside; the rest loads.
        // Extra fields that are empty (a trailing comma) are nothing; a row short of
        // fields at its end has those cells empty (said once); a row with more filled
        // fields than the header cannot be placed.
        var short: [Int] = []
        var ragged: [Int] = []
        // Records all of one width (nearly every file: the reader tells) are the header's width.
        if records.width == 0 {
            ragged = (1..<records.count).filter { r in
                let n = records.fieldCount(r)
                if n > width { return !(width..<n).allSatisfy { TableLayout.isEmptyField(records, r, $0) } }
                if n < width { short.append(r) }
                return false
            }
        }
        if !short.isEmpty {
            // Loaded with the missing cells empty, and said: a cell may have been left out
            // in the middle of the row, not at its end.
            tidy.notes.append(
                DataProblem(
                    .raggedRow, at: DataLocation(file: displayName, line: records.lines[short[0]]),
                    "\(short.count) 行的字段比表头少（如第 \(records.lines[short[0]]) 行有 \(records.fieldCount(short[0])) 个，表头有 \(width) 个），缺的格按空白载入",
                    advice: "核对这些行：若缺的不是末尾的格，各数会错位；含逗号的字段要用英文双引号括起来"))
        }
        if records.width == 0
            && (!ragged.isEmpty || !short.isEmpty || (1..<records.count).contains(where: { records.fieldCount($0) > width }))
        {
            for r in ragged.prefix(100) {
                tidy.notes.append(
                    DataProblem(
                        .raggedRow, at: DataLocation(file: displayName, line: records.lines[r]),
                        "第 \(records.lines[r]) 行有 \(records.fieldCount(r)) 个字段，表头有 \(width) 个：这一行未载入",
                        advice: "含逗号或换行的字段要用英文双引号括起来（如 \"4,367.76\"）；改好后重新载入"))
            }
            if ragged.count > 100 {
                tidy.notes.append(
                    DataProblem(.raggedRow, at: DataLocation(file: displayName), "另有 \(ragged.count - 100) 行的字段数与表头不同，未载入", advice: "同上"))
            }
            let skip = Set(ragged)
            let keep = (0..<records.count).filter { !skip.contains($0) }
            records = CSVRecords(
                rows: keep.map { r in (0..<width).map { $0 < records.fieldCount(r) ? records.text(r, $0) : "" } },
                lines: keep.map { records.lines[$0] })
        }
        for c in 0..<width where records.text(0, c).trimmingSpaces().isEmpty {
            let shown = (0..<width).map { records.text(0, $0).trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: "、")
            throw DataError.at(
                file: displayName, line: records.lines[0], column: nil, "表头第 \(c + 1) 列没有名字",
                notes: [
                    "第 \(records.lines[0]) 行被当作表头：\(shown)",
                    "提示：表头应是第一行各列的名称（如 项目编号,项目名称,调整后预算数,…）；表头上方的标题行、「单位：万元」行只能有一个格子有字，会被跳过",
                ])
        }
        let table = try Table(name: name, origin: Table.Origin(file: displayName, sheet: nil), records: records, keyName: keyName)
        table.loadNotes = tidy.notes
        table.unit = tidy.unit
        table.totalRows = tidy.totals
        return table
    }
}
