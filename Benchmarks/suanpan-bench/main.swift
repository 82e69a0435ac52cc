import Foundation
import Suanpan

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
    print(String(format: "suanpan -e '1+1': median %.2f ms over 50 runs (min %.2f, max %.2f; goal ≤ 10 ms)", median, sorted.first!, sorted.last!))
} else {
    print("(no \(binary): startup not measured)")
}
