import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// The corpus of real (指标值, 实际值) pairs from published 自评表
/// (Tests/Fixtures/indicator-corpus, with each pair's source) is the reader's
/// specification: every pair is loaded as an indicator row of weight 10 — the
/// three-column layout as its three columns — and scored by the default template,
/// exactly as a user's file would be. A pair is then
///
/// - **read as expected**: the score the corpus gives, and the same reading (kind,
///   direction, target number, deadline);
/// - **needing judgement**: 未算出 with its reason (where the corpus expects a number,
///   the reader does not know the form yet — allowed, counted);
/// - **misread**: any other number, or a number where the corpus says the texts do not
///   settle a score. There must be none.
@Suite struct IndicatorCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/indicator-corpus")

    struct Pair {
        let file: String
        let line: Int
        let source: String
        let province: String
        let year: Int?
        let name: String
        let nature: String
        let target: String
        let unit: String
        let actual: String
        let reading: String
        let score: Rational?
    }

    static func pairs() throws -> [Pair] {
        var out: [Pair] = []
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tsv") }.sorted()
        for f in files {
            let text = try String(contentsOf: folder.appendingPathComponent(f), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first?.hasPrefix("source_id\t") == true, "\(f): header")
            for (i, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard c.count == 14 else {
                    Issue.record("\(f):\(i + 1): \(c.count) fields, not 14")
                    continue
                }
                out.append(
                    Pair(
                        file: f, line: i + 1, source: c[0], province: c[1], year: Int(c[2]), name: c[4], nature: c[5], target: c[6],
                        unit: c[7], actual: c[8], reading: c[11].trimmingCharacters(in: .whitespaces),
                        score: c[12].isEmpty ? nil : DecimalText.parse(c[12])))
            }
        }
        return out
    }

    static func csv(_ rows: [[String]]) -> String {
        rows.map { r in
            r.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    enum Outcome: String {
        case expected = "按预期读出"
        case judgement = "需评价人判断"
        case misread = "读错"
    }

    struct Result {
        let pair: Pair
        let outcome: Outcome
        let got: String
    }

    /// Scores every pair through a dataset of its year (the year dates without one take).
    static func run() throws -> [Result] {
        let all = try pairs()
        var results: [Result] = []
        let byYear = Dictionary(grouping: all.indices, by: { all[$0].year ?? 0 })
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-corpus-\(getpid())")
        defer { try? FileManager.default.removeItem(at: base) }
        for (year, indices) in byYear.sorted(by: { $0.key < $1.key }) {
            let dir = base.appendingPathComponent("\(year)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let sources = Array(Set(indices.map { all[$0].source })).sorted()
            var projects = [["项目编号", "项目名称", "调整后预算数", "全年执行数", "执行分值"]]
            for s in sources { projects.append([s, s, "100", "100", "10"]) }
            var indicators = [["项目编号", "指标编号", "三级指标", "指标性质", "指标值", "度量单位", "实际值", "分值", "得分"]]
            for k in indices {
                let p = all[k]
                indicators.append([p.source, "C\(k)", p.name, p.nature, p.target, p.unit, p.actual, "10", ""])
            }
            try csv(projects).write(to: dir.appendingPathComponent("项目.csv"), atomically: true, encoding: .utf8)
            try csv(indicators).write(to: dir.appendingPathComponent("指标.csv"), atomically: true, encoding: .utf8)
            if year != 0 {
                try "title \"\(year)年度自评表语料\"\n".write(to: dir.appendingPathComponent("dataset.suan"), atomically: true, encoding: .utf8)
            }
            let s = Session()
            try s.install(try DatasetLoader.load(dir.path)) { _ in }
            let table = try #require(s.environment.dataset?.table("指标"))
            for k in indices {
                let p = all[k]
                let e: Expr
                guard case .expression(let parsed)? = try Parser.parse(Source(name: "corpus", text: "指标[\"C\(k)\"].得分")).first else {
                    Issue.record("parse")
                    continue
                }
                e = parsed
                var evaluator = Evaluator(environment: s.environment, settings: s.settings)
                let v = try evaluator.evaluate(e)
                guard case .found(let row) = table.findRow("C\(k)") else { continue }
                let target = IndicatorText.parse(table.text(row, table.columnIndex("指标值")!))
                let actual = IndicatorText.parse(p.actual)
                results.append(classify(p, v, target, actual, year: year == 0 ? nil : year))
            }
        }
        return results
    }

    static func classify(_ p: Pair, _ v: Value, _ target: IndicatorText, _ actual: IndicatorText, year: Int?) -> Result {
        let shown: String
        switch v {
        case .number(let x): shown = NumberFormat().plain(x)
        case .notComputed(let n): shown = "未算出：" + n.reason
        default: shown = "\(v)"
        }
        guard case .number(let got) = v else {
            return Result(pair: p, outcome: v.notComputed != nil ? .judgement : .misread, got: shown)
        }
        guard let expected = p.score, expected == got else { return Result(pair: p, outcome: .misread, got: shown) }
        if let why = readingDiffers(p.reading, target, actual, year: year) {
            return Result(pair: p, outcome: .misread, got: shown + "；" + why)
        }
        return Result(pair: p, outcome: .expected, got: shown)
    }

    /// Whether the reader's reading disagrees with the corpus's (kind, direction, the
    /// target's number, the deadline's day), or nil.
    static func readingDiffers(_ reading: String, _ target: IndicatorText, _ actual: IndicatorText, year: Int?) -> String? {
        let words = reading.split(separator: " ").map(String.init)
        guard let kind = words.first else { return "no reading" }
        switch kind {
        case "quantity":
            guard words.count >= 3, case .quantity(let dir, let v, let unit) = target else { return "指标值不是数量：\(target)" }
            let expectedDir: IndicatorText.Direction = ["≥": .atLeast, "≤": .atMost, "=": .equal, "none": .none][words[1]] ?? .none
            // A bare 0 target is read as =0 (only 0 meets it) by the rules either way.
            let zeroAlike = v.isZero && Set([expectedDir, dir]) == Set([.none, .equal])
            if expectedDir != dir && !zeroAlike { return "方向：读作 \(dir.rawValue.isEmpty ? "none" : dir.rawValue)，语料 \(words[1])" }
            guard let n = DecimalText.parse(words[2]) else { return nil }
            let ours = unit == "%" ? v * .hundred : v
            let theirsUnit = words.count > 3 && words[3] != "|" ? words[3] : ""
            if ours != n, IndicatorText.conversion(from: unit, to: theirsUnit).map({ ours * $0 == n }) != true {
                return "指标数：读作 \(NumberFormat().plain(ours))\(unit)，语料 \(words[2]) \(theirsUnit)"
            }
            return nil
        case "date":
            guard case .date(let d) = target else { return "指标值不是日期：\(target)" }
            if words.count >= 2, d.endDescribed(in: year ?? actualYear(actual)) != words[1] {
                return "期限：读作 \(d.endDescribed(in: year)), 语料 \(words[1])"
            }
            return nil
        case "qualitative":
            if case .qualitative = target { return nil }
            return "指标值不是定性：\(target)"
        default:
            return nil
        }
    }

    static func actualYear(_ a: IndicatorText) -> Int? {
        if case .date(let d) = a { return d.year }
        return nil
    }

    @Test func theCorpusIsReadWithNoMisreading() throws {
        let results = try Self.run()
        let provinces = Set(results.map(\.pair.province)).filter { !$0.isEmpty && !$0.hasPrefix("(") }
        let sources = Set(results.map(\.pair.source))
        var counts: [Outcome: Int] = [:]
        for r in results { counts[r.outcome, default: 0] += 1 }
        print(
            "指标文本语料：\(results.count) 对，\(sources.count) 份文件，\(provinces.count) 个省份；"
                + "按预期读出 \(counts[.expected] ?? 0)，需评价人判断 \(counts[.judgement] ?? 0)，读错 \(counts[.misread] ?? 0)")
        for r in results where r.outcome == .misread {
            Issue.record(
                "\(r.pair.file):\(r.pair.line) 「\(r.pair.nature)\(r.pair.target)\(r.pair.unit)」/「\(r.pair.actual)」：得 \(r.got)，语料 \(r.pair.reading) → \(r.pair.score.map { NumberFormat().plain($0) } ?? "（判断）")"
            )
        }
        #expect(provinces.count >= 10)
        // Every pair names a source the README lists with its address.
        let readme = try String(contentsOf: Self.folder.appendingPathComponent("README.md"), encoding: .utf8)
        for s in sources { #expect(readme.contains("| \(s) |"), "source \(s) is not in README.md") }
        // Where the corpus expects a number, most pairs are read: a reader that calls
        // everything a judgement would pass the misread check alone.
        let scorable = results.filter { $0.pair.score != nil }
        #expect(scorable.filter { $0.outcome == .expected }.count * 10 >= scorable.count * 9, "fewer than 90% of the scorable pairs read")
    }
}

extension IndicatorCorpusTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SUANPAN_CORPUS_LIST"] != nil)) func listJudgements() throws {
        for r in try Self.run() where r.outcome == .judgement && r.pair.score != nil {
            print(
                "J \(r.pair.file):\(r.pair.line) 「\(r.pair.nature)|\(r.pair.target)|\(r.pair.unit)」/「\(r.pair.actual)」 \(r.got) ← \(r.pair.reading)"
            )
        }
    }
}
