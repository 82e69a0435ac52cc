import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Results written from concurrent workers, one slot each, into storage allocated up
/// front (an Array's own mutation is not safe from several threads at once).
package final class ConcurrentSlots<Element>: @unchecked Sendable {
    @usableFromInline package let slots: UnsafeMutableBufferPointer<Element>
    private var taken = false

    package init(count: Int, initial: Element) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: initial)
    }

    deinit {
        guard !taken else { return }
        slots.deinitialize()
        slots.deallocate()
    }

    /// The storage, handed over (the caller deinitializes and deallocates it); the
    /// slots are not to be used after.
    package func take() -> UnsafeMutableBufferPointer<Element> {
        precondition(!taken, "ConcurrentSlots: taken twice")
        taken = true
        return slots
    }

    /// Each worker writes only its own index.
    @inlinable package func set(_ i: Int, _ value: Element) { slots[i] = value }

    @inlinable package subscript(_ i: Int) -> Element { slots[i] }

    package var values: [Element] { Array(slots) }
}

/// A mutex for state worked out on first use.
package final class Lock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    package init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    package func lock() { pthread_mutex_lock(&mutex) }
    package func unlock() { pthread_mutex_unlock(&mutex) }
}

/// A pointer that workers writing distinct elements may share.
/// A count that several threads add to (rows done, for a progress bar).
package final class SharedCount: @unchecked Sendable {
    private let lock = Lock()
    private var value = 0
    package init() {}

    /// Adds `n` and returns the new count.
    package func add(_ n: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += n
        return value
    }
}

@usableFromInline package struct SharedPointer<T>: @unchecked Sendable {
    @usableFromInline package let base: UnsafeMutablePointer<T>
    @usableFromInline package init(base: UnsafeMutablePointer<T>) { self.base = base }
}

extension Array {
    /// An array of `count` elements built on all cores: `element(i)` is called once for
    /// each index, in `chunks` runs of neighbouring indexes on several threads.
    /// Inlinable, so that it is specialized for its element type where it is used.
    @inlinable package static func parallel(count: Int, chunks: Int, _ element: @Sendable (Int) -> Element) -> [Element] {
        guard count > 0 else { return [] }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            let shared = SharedPointer(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: Swift.min(chunks, count)) { k in
                let n = Swift.min(chunks, count)
                for i in (count * k / n)..<(count * (k + 1) / n) { (shared.base + i).initialize(to: element(i)) }
            }
            initialized = count
        }
    }
}
