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

func measure(_ name: String, rounds: Int = 200, _ body: (Int) -> Void) -> Double {
    body(0)  // warm up
    var best = Double.infinity
    for _ in 0..<5 {
        let t0 = now()
        for r in 0..<rounds { body(r) }
        let ns = Double(now() - t0) / Double(rounds * rationals.count)
        best = min(best, ns)
    }
    return best
}

nonisolated(unsafe) let rationalOps: [String: (Rational, Rational) -> Rational] = [
    "add": { $0 + $1 }, "multiply": { $0 * $1 }, "divide": { $0 / $1 },
    // round: the quotient rounded half-up to 2 places, as scores are
    "round": { ($0 / $1).rounded(places: 2) },
]

func rationalOp(_ op: String) -> Double {
    let f = rationalOps[op]!
    return measure(op) { _ in
        for i in 0..<rationals.count {
            blackHole(f(rationals[i], rationals[(i + 1) & 1023]))
        }
    }
}

nonisolated(unsafe) let decimalOps: [String: (Decimal, Decimal) -> Decimal] = [
    "add": { $0 + $1 }, "multiply": { $0 * $1 }, "divide": { $0 / $1 },
    "round": { a, b in
        var q = a / b
        var r = Decimal()
        NSDecimalRound(&r, &q, 2, .plain)
        return r
    },
]

func decimalOp(_ op: String) -> Double {
    let f = decimalOps[op]!
    return measure(op) { _ in
        for i in 0..<decimals.count {
            blackHole(f(decimals[i], decimals[(i + 1) & 1023]))
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
