import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs work on a thread with a large stack and waits for it.
///
/// The parser and evaluator are recursive; their depth is bounded by
/// `Limits.maxNesting` and `Limits.maxCallDepth` (at most their ceilings), and this stack makes that bound safe whatever thread the
/// caller is on (test runners use small-stack threads).
enum LargeStack {
    static let size = 1 << 30

    final class Box: @unchecked Sendable {
        var work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    static func run(_ work: @escaping () -> Void) {
        let box = Box(work)
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, size)
        let context = Unmanaged.passRetained(box).toOpaque()
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let rc = pthread_create(
            &thread, &attr,
            { raw in
                guard let raw else { return nil }
                let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
                box.work()
                return nil
            }, context)
        if rc != 0 {
            // No thread to be had: run here, with the caller's stack.
            Unmanaged<Box>.fromOpaque(context).release()
            work()
            return
        }
        #if canImport(Glibc)
            pthread_join(thread, nil)
        #else
            if let t = thread { pthread_join(t, nil) }
        #endif
    }
}
