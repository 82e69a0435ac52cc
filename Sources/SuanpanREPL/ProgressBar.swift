@preconcurrency import CEditLine
@preconcurrency import Glibc
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// A progress bar on standard error for loads that take longer than half a second,
/// shown only on a terminal and never with NO_COLOR-style plain output requested.
public enum ProgressBar {
    /// A progress callback for a terminal, or nil when standard error is not one.
    public static func make() -> DatasetLoader.Progress? {
        guard isatty(STDERR_FILENO) != 0, getenv("NO_COLOR") == nil, getenv("CI") == nil else { return nil }
        let start = now()
        nonisolated(unsafe) var shown = false
        return { fraction in
            guard now() - start > 0.5 || shown else { return }
            shown = true
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            fputs("\r载入中 \(bar) \(Int(fraction * 100))%", stderr)
            if fraction >= 1 { fputs("\r" + String(repeating: " ", count: width + 16) + "\r", stderr) }
        }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
