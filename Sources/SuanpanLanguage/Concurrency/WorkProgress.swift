#if canImport(Glibc)
    import Glibc
#endif

/// How far a statement's long work has got (loading files, computing a rule column),
/// for a front end to show: it gives `draw` (a bar on a terminal) and `clear`. Nothing
/// is drawn before the statement has run half a second, so short work shows nothing;
/// reports come from any thread and are drawn one at a time, only when the label
/// changes or the whole percentage grows.
public final class WorkProgress: @unchecked Sendable {
    let draw: (String, Double) -> Void
    let clear: () -> Void
    let started: Double
    /// Seconds of work before anything is drawn.
    let delay: Double
    let lock = Lock()
    var shown = false
    var last: (label: String, percent: Int)?

    public init(after delay: Double = 0.5, draw: @escaping (String, Double) -> Void, clear: @escaping () -> Void) {
        self.draw = draw
        self.clear = clear
        self.delay = delay
        started = WorkProgress.now()
    }

    /// `fraction` (0…1) of the work `label` names is done.
    public func report(_ label: String, _ fraction: Double) {
        lock.lock()
        defer { lock.unlock() }
        guard shown || WorkProgress.now() - started >= delay else { return }
        let percent = Int(min(max(fraction, 0), 1) * 100)
        // Reports from several threads may arrive out of order: a bar never goes back.
        if let last, last.label == label, last.percent >= percent { return }
        shown = true
        last = (label, percent)
        draw(label, Double(percent) / 100)
    }

    /// The statement is over: the bar, if one was drawn, is wiped.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { clear() }
        shown = false
        last = nil
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
