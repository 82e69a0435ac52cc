import CFileMap
import Dispatch
import SuanpanLanguage
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A large file's pages, mapped read-only while it loads: the load reads the page
/// cache in place, instead of copying the file into fresh memory first (which the
/// kernel must clear page by page: on this project's machines 10 to 65 ms for a
/// 62 MB file against a steady 4 ms mapped; issue 21).
///
/// Only a load holds one (`DatasetLoader.csvTable(mapped:)`). What a table keeps is its
/// own copy (`Table.init`), so a file changed or cut short after it loaded changes
/// nothing. While it loads, a file cut short by another program would kill the process
/// with SIGBUS on the first missing page; the mapping is guarded (CFileMap) so that
/// those pages read as zeros instead and `changed` says so, and the load is refused.
package final class MappedFile: @unchecked Sendable {
    package let base: UnsafePointer<UInt8>
    package let count: Int
    private let slot: Int32
    private let fd: Int32
    private let stamp: Stamp

    /// What tells a file changed: its size and its last change.
    private struct Stamp: Equatable {
        var size: Int
        var seconds: Int
        var nanoseconds: Int

        init(_ st: stat) {
            size = Int(st.st_size)
            seconds = Int(st.st_mtim.tv_sec)
            nanoseconds = Int(st.st_mtim.tv_nsec)
        }
    }

    /// Files larger than this are mapped rather than read: no CSV file this large is read
    /// as a form (`DatasetLoader.formsInCSV`), so only tables come from mappings.
    package static let mapFrom = 1 << 20

    /// The file mapped, or nil when it is better read: not a regular file, not larger
    /// than `from` bytes, larger than `limit`, or the mapping failed (reading then says
    /// why, if anything is wrong with the file).
    package init?(_ path: String, from: Int = MappedFile.mapFrom, limit: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var st = stat()
        var slot: Int32 = 0
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) > from, Int(st.st_size) <= limit,
            let p = suanpan_map_file(fd, Int(st.st_size), &slot)
        else {
            close(fd)
            return nil
        }
        self.fd = fd
        self.slot = slot
        base = p
        count = Int(st.st_size)
        stamp = Stamp(st)
        MappedFile.held.add(1, ordering: .relaxed)
    }

    deinit {
        // Unmapping 620 MB takes the kernel ~25 ms: done off the load's path (nothing
        // reads the pages any more; the guard stays until they are gone).
        MappedFile.held.subtract(1, ordering: .relaxed)
        let (base, count, slot, fd) = (UInt(bitPattern: base), count, slot, fd)
        DispatchQueue.global(qos: .utility).async {
            suanpan_unmap_file(UnsafePointer(bitPattern: base), count, slot)
            close(fd)
        }
    }

    private static let held = Atomic<Int>(0)

    /// Whether the file was cut short, or written to, since it was mapped: what was read
    /// from it may then be a mixture, or zeros.
    package var changed: Bool {
        if suanpan_map_was_cut(slot) != 0 { return true }
        var st = stat()
        return fstat(fd, &st) != 0 || Stamp(st) != stamp
    }

    /// How many mapped files are held in the process (a finished load holds none; their
    /// pages may still be being unmapped).
    package static var live: Int { held.load(ordering: .relaxed) }
}

/// The bytes a table's records point into: an array of their own, or, while a large
/// file loads, its mapped pages (kept alive by holding the mapping).
package struct RecordBytes: RandomAccessCollection, Sendable {
    private let array: [UInt8]
    private let mapping: MappedFile?
    private let offset: Int
    package let count: Int

    package init(_ array: [UInt8]) {
        self.array = array
        mapping = nil
        offset = 0
        count = array.count
    }

    /// The mapped file's bytes from `offset` on (after a byte-order mark).
    package init(_ mapping: MappedFile, from offset: Int = 0) {
        array = []
        self.mapping = mapping
        self.offset = offset
        count = mapping.count - offset
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    package subscript(_ i: Int) -> UInt8 {
        if let mapping {
            precondition(i >= 0 && i < count, "RecordBytes: index out of range")
            return mapping.base[offset + i]
        }
        return array[i]
    }

    package func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        if let mapping { return try body(UnsafeBufferPointer(start: mapping.base + offset, count: count)) }
        return try array.withUnsafeBufferPointer(body)
    }

    /// Whether these are a file's mapped pages.
    package var isMapped: Bool { mapping != nil }

    /// The bytes as an array (a copy when mapped).
    package var bytes: [UInt8] { mapping == nil ? array : withUnsafeBufferPointer { Array($0) } }
}
