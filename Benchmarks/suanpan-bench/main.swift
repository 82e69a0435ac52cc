import Foundation
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// suanpan's benchmarks, run by `Scripts/bench` in release mode:
///
/// 1. nanoseconds per add / multiply / divide / round on budget-sized values, for
///    suanpan's `Rational` and for Foundation's `Decimal`, and their ratio;
/// 2. the median wall time of `suanpan -e '1+1'` over 50 runs.
///
/// Usage: suanpan-bench [PATH-TO-suanpan]

nonisolated(unsafe) var sinkCount = 0
/// Keeps a result alive without generic boxing, so the measurement is the operation's.
@inline(never) func blackHole(_ x: Rational) { if x.isZero { sinkCount += 1 } }
@inline(never) func blackHole(_ x: Decimal) { if x.isZero { sinkCount += 1 } }

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Budget-sized operands like the seed's: 3 decimals, up to 10^5 万元.
let texts: [String] = (0..<1024).map { i in
    let whole = (i * 7919) % 99_999 + 1
    let frac = (i * 104_729) % 1000
    return "\(whole).\(String(repeating: "0", count: 3 - String(frac).count))\(frac)"
}
let rationals = texts.map { DecimalText.parse($0)! }
let decimals = texts.map { Decimal(string: $0)! }

/// Best of 5 passes over all 1024 × 256 operand pairs (a, b) = (x[i], x[i + r]);
/// returns nanoseconds per operation. Both types run the same loop shape.
@inline(__always)
func measure<T>(_ xs: [T], _ op: (T, T) -> Void) -> Double {
    var best = Double.infinity
    for pass in 0..<6 {
        let t0 = now()
        for r in 1...256 {
            for i in 0..<1024 { op(xs[i], xs[(i + r) & 1023]) }
        }
        let ns = Double(now() - t0) / Double(256 * 1024)
        if pass > 0 { best = min(best, ns) }  // pass 0 warms up
    }
    return best
}

func rationalOp(_ op: String) -> Double {
    switch op {
    case "add": return measure(rationals) { blackHole($0 + $1) }
    case "multiply": return measure(rationals) { blackHole($0 * $1) }
    case "divide": return measure(rationals) { blackHole($0 / $1) }
    // round: a quotient rounded half-up to 2 places, as scores are
    default: return measure(rationals) { blackHole(($0 / $1).rounded(places: 2)) }
    }
}

func decimalOp(_ op: String) -> Double {
    switch op {
    case "add": return measure(decimals) { blackHole($0 + $1) }
    case "multiply": return measure(decimals) { blackHole($0 * $1) }
    case "divide": return measure(decimals) { blackHole($0 / $1) }
    default:
        return measure(decimals) { a, b in
            var q = a / b
            var r = Decimal()
            NSDecimalRound(&r, &q, 2, .plain)
            blackHole(r)
        }
    }
}

/// `suanpan-bench --corpus DIR`: the indicator reader's time per distinct text of the
/// corpus (Tests/Fixtures/indicator-corpus), read without the memo (best of 20 passes).
if CommandLine.arguments.count > 2 && CommandLine.arguments[1] == "--corpus" {
    let dir = CommandLine.arguments[2]
    var distinct = Set<String>()
    for f in (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter({ $0.hasSuffix(".tsv") }) ?? [] {
        guard let text = try? String(contentsOfFile: (dir as NSString).appendingPathComponent(f), encoding: .utf8) else { continue }
        for line in text.split(separator: "\n").dropFirst() {
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard c.count == 14 else { continue }
            distinct.insert(IndicatorLayout.combined(nature: c[5], value: c[6], unit: c[7]))
            distinct.insert(c[8])
        }
    }
    let texts = Array(distinct)
    var best = Double.infinity
    var kinds: [String: Int] = [:]
    for pass in 0..<21 {
        let t0 = now()
        for t in texts {
            let r = IndicatorText.parseUncached(t)
            if pass == 0 {
                let kind: String
                switch r {
                case .quantity: kind = "数量"
                case .date: kind = "日期"
                case .qualitative: kind = "定性"
                case .invalid: kind = "无法解析"
                case .unreadable: kind = "不可读"
                case .empty: kind = "空"
                }
                kinds[kind, default: 0] += 1
            }
        }
        let ns = Double(now() - t0) / Double(max(texts.count, 1))
        if pass > 0 { best = min(best, ns) }
    }
    print("== 指标文本读取（语料 \(texts.count) 个不同文本） ==")
    print(kinds.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: "，"))
    print(String(format: "每个不同文本 %.2f µs（不经缓存，20 遍取最快）", best / 1000))
    exit(0)
}

/// `suanpan-bench --forms DIR`: loading a folder of 自评表 form workbooks (median of 3)
/// and one form workbook (median of 50), in process, with the peak RSS.
if CommandLine.arguments.count > 2 && CommandLine.arguments[1] == "--forms" {
    let dir = CommandLine.arguments[2]
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".xlsx") }.sorted()
    guard let first = files.first else {
        print("suanpan-bench: no .xlsx in \(dir)")
        exit(1)
    }
    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    var folder: [Double] = []
    var projects = 0
    for _ in 0..<3 {
        let t0 = now()
        guard let d = try? DatasetLoader.load(dir) else {
            print("suanpan-bench: \(dir) did not load")
            exit(1)
        }
        folder.append(Double(now() - t0) / 1e6)
        projects = d.table("项目")?.rowCount ?? 0
    }
    var one: [Double] = []
    let path = (dir as NSString).appendingPathComponent(first)
    for _ in 0..<50 {
        let t0 = now()
        _ = try? DatasetLoader.load(path)
        one.append(Double(now() - t0) / 1e6)
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print("== 自评表工作簿载入（\(files.count) 个工作簿，\(projects) 张自评表） ==")
    print(String(format: "文件夹：%.0f ms（3 次取中位数；目标 ≤ 3000 ms）", median(folder)))
    print(String(format: "单个工作簿：%.2f ms（50 次取中位数；目标 ≤ 20 ms）", median(one)))
    print(String(format: "峰值内存：%.0f MB", Double(usage.ru_maxrss) / 1024))
    exit(0)
}

print("== 数值运算（每次运算的纳秒数，预算规模的数值，5 次取最好） ==")
print("operation   suanpan Rational   Foundation Decimal   Decimal / Rational")
var worst = Double.infinity
for op in ["add", "multiply", "divide", "round"] {
    let r = rationalOp(op)
    let d = decimalOp(op)
    worst = min(worst, d / r)
    print(op.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: " %12.1f ns %18.1f ns %16.1f×", r, d, d / r))
}
print(String(format: "smallest speed-up over Decimal: %.1f× (goal ≥ 5×)", worst))

// Startup: median wall time of `suanpan -e '1+1'` over 50 runs.
let binary = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ".build/release/suanpan"
if FileManager.default.isExecutableFile(atPath: binary) {
    var times: [Double] = []
    // posix_spawn directly: Foundation's Process adds tens of milliseconds of its own.
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup(binary), strdup("-e"), strdup("1+1"), nil]
    for _ in 0..<55 {
        var pid: pid_t = 0
        let t0 = now()
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { break }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        times.append(Double(now() - t0) / 1e6)
    }
    let sorted = times.dropFirst(5).sorted()
    let median = sorted[sorted.count / 2]
    print("")
    print("== 启动 ==")
    print(
        String(
            format: "suanpan -e '1+1': median %.2f ms over 50 runs (min %.2f, max %.2f; goal ≤ 10 ms)", median, sorted.first!, sorted.last!)
    )
} else {
    print("(no \(binary): startup not measured)")
}

// What-if: a 1,000-point sensitivity table on one project, and incremental
// re-evaluation after one assume on the province-scale synthetic dataset.
func session(_ dataset: (() throws(Diagnostic) -> Dataset)?) -> Session {
    let s = Session()
    s.defaultDataset = dataset
    return s
}

@discardableResult
func timed(_ s: Session, _ text: String) -> (ms: Double, output: [String]) {
    var out: [String] = []
    let t0 = now()
    _ = s.run(Source(name: "bench", text: text)) { o in
        switch o {
        case .result(let t), .text(let t): out.append(t)
        case .diagnostic(let d): out.append(DiagnosticRenderer.render(d))
        case .warning(let w): out.append(w)
        }
    }
    return (Double(now() - t0) / 1e6, out)
}

if CommandLine.arguments.count > 2 {
    print("")
    print("== 假设分析（what-if） ==")
    let bundled = session { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
    timed(bundled, "项目[\"运维\"].总分")  // load and warm up
    var tableTimes: [Double] = []
    for _ in 0..<3 {
        tableTimes.append(timed(bundled, "table 项目[\"运维\"].总分 for 项目[\"运维\"].调整后预算数 in 4000..4999 step 1").ms)
    }
    print(String(format: "1,000-point table on 运维 (bundled dataset): median %.1f ms (goal ≤ 50 ms)", tableTimes.sorted()[1]))
    for dir in CommandLine.arguments.dropFirst(2) {
        let s = session { () throws(Diagnostic) in try DatasetLoader.load(dir) }
        let load = timed(s, "count(项目)")
        let full = timed(s, "sum(项目.总分)")
        timed(s, "assume 项目[\"P000123\"].调整后预算数 = 1000")
        var incremental: [Double] = []
        var answer = ""
        for k in 0..<3 {
            timed(s, "assume 项目[\"P000123\"].调整后预算数 = \(1000 + k)")
            let r = timed(s, "sum(项目.总分)")
            incremental.append(r.ms)
            answer = r.output.first ?? ""
        }
        print(
            String(
                format:
                    "%@: load %.0f ms; full evaluation of sum(项目.总分) %.0f ms (%@); after one assume %.2f ms (median of 3; goal ≤ 10 ms) → %@",
                dir, load.ms, full.ms, full.output.first ?? "", incremental.sorted()[1], answer))
    }
}
