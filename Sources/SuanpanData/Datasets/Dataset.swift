import Foundation
import SuanpanLanguage

/// A loaded dataset: named tables, related by key-column names, with an optional
/// title and aliases from its `dataset.suan`.
public final class Dataset: @unchecked Sendable {
    public let path: String
    /// The unit of money of the dataset's amounts (`unit "元"` in dataset.suan), if given.
    public package(set) var unit: String?

    /// The unit amounts are worked in where units meet, and print bare in: the one
    /// dataset.suan or the forms give, else the project table's, else 万元.
    public var workingUnit: MoneyUnit {
        if let u = unit.flatMap(MoneyUnit.init) { return u }
        if let projects = table("项目"), let u = MoneyUnit(projects.canonicalMoneyUnit) { return u }
        return .default
    }
    public package(set) var title: String? {
        didSet { year = title.flatMap(Dataset.year(in:)) }
    }
    /// The year the dataset evaluates, from its title (`2022年度…`): the year of a
    /// deadline or an actual written without one (`12月底前`).
    public private(set) var year: Int?
    public let tables: [Table]
    package let byName: [String: Table]
    /// The dataset.suan statements other than title/alias/key, for the session to run.
    public package(set) var setupStatements: [Statement] = []

    /// Data problems found at load (link, key and indicator-text problems, and notes on
    /// rows set aside); the rule template's own checks are the session's.
    public private(set) lazy var problems: [DataProblem] = DataChecks.find(self)

    package init(path: String, tables: [Table]) {
        self.path = path
        self.tables = tables
        var m: [String: Table] = [:]
        for t in tables { m[t.name] = t }
        self.byName = m
        for t in tables { t.dataset = self }
    }

    public func table(_ name: String) -> Table? { byName[name] }

    /// Builds what the tables build lazily on first use and share (column names, name
    /// columns, links), so that several threads can then read the dataset at once (the
    /// data checks, the rule template's checks). What they work out later (codes, groups,
    /// parsed columns, related rows) is built under locks.
    package func prepareForConcurrentReads() {
        for t in tables {
            _ = t.columnIndex("")
            _ = t.nameColumn
            _ = children(of: t)
        }
    }

    /// Whether the dataset is large enough for its load checks to run on all cores.
    package var checksInParallel: Bool { tables.reduce(0) { $0 + $1.rowCount } >= Dataset.parallelChecksFrom }

    /// The rows (all tables together) from which load checks run on several threads:
    /// small datasets (the seed, forms) gain nothing from more.
    package static let parallelChecksFrom = 16_384

    /// The first four-digit year followed by 年 in a text (`2022年度青岛市…` → 2022).
    package static func year(in text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i + 4 < scalars.count {
            let four = scalars[i..<i + 4]
            func digit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
            if four.allSatisfy(digit), scalars[i + 4] == "年", i == 0 || !digit(scalars[i - 1]),
                let y = Int(String(String.UnicodeScalarView(four))), (1949...2100).contains(y)
            {
                return y
            }
            i += 1
        }
        return nil
    }

    var childCache: [ObjectIdentifier: [(table: Table, column: Int)]] = [:]
    /// Related rows by parent row (`childIndex`), and the lock that guards them.
    var childIndexes: [String: ChildIndex] = [:]
    let derivedLock = Lock()

    /// A column named like another table's key column links the two:
    /// 指标.项目编号 → 项目, so a 项目 row sees its 指标 rows.
    package func children(of parent: Table) -> [(table: Table, column: Int)] {
        if let cached = childCache[ObjectIdentifier(parent)] { return cached }
        var found: [(table: Table, column: Int)] = []
        let keyName = parent.columns[parent.keyColumn]
        for child in tables where child !== parent {
            // A shared key (two 决算表s both keyed by 科目编码) is not a relation;
            // a foreign key, or a repeated first column (指标.项目编号), is.
            guard let c = child.columnIndex(keyName) else { continue }
            // The project layout is linked by name, whatever the counts (datasets.md, "Real
            // documents"): 指标 rows belong to the 项目 row with their 项目编号, even one
            // indicator a project; 项目 is never 指标's child.
            if child.isIndicatorTable && !parent.isIndicatorTable {
                found.append((child, c))
            } else if parent.isIndicatorTable && child.isProjectTable {
                continue
            } else if c != child.keyColumn || !child.hasUniqueKeys {
                found.append((child, c))
            }
        }
        childCache[ObjectIdentifier(parent)] = found
        return found
    }

    /// `2022年度… （14 张表）`.
    public var summary: String {
        "\(title ?? (path as NSString).lastPathComponent)（\(tables.count) 张表）"
    }

    /// The bundled default dataset: the seed's 2022 final accounts.
    public static var bundledPath: String? {
        Resources.path("Datasets/qingdao-2022")
    }
}
