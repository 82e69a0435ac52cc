#if canImport(Glibc)
    import Glibc
#endif

/// Column names as small integers, so that the caches behind rules and overrides hash
/// integers instead of Chinese strings (whose hashing normalises Unicode).
public final class Interner: @unchecked Sendable {
    public static let shared = Interner()
    private var ids: [ByteKey: Int] = [:]
    private var names: [String] = []
    private var lock = pthread_mutex_t()

    package init() { pthread_mutex_init(&lock, nil) }

    public func id(_ name: String) -> Int {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        if let i = ids[ByteKey(name)] { return i }
        let i = ids.count
        ids[ByteKey(name)] = i
        names.append(name)
        return i
    }

    public func name(_ id: Int) -> String {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return id < names.count ? names[id] : ""
    }
}
