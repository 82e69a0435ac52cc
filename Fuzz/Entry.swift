import Foundation

#if FUZZING
    /// libFuzzer's entry point; the target is named by SUANPAN_FUZZ_TARGET.
    nonisolated(unsafe) let selected: FuzzTarget = {
        let name = String(cString: getenv("SUANPAN_FUZZ_TARGET") ?? strdup("parser"))
        guard let t = FuzzTarget(rawValue: name) else { fatalError("SUANPAN_FUZZ_TARGET: unknown target \(name)") }
        return t
    }()

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        selected.run(bytes)
        return 0
    }

    typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// libFuzzer's driver, for programs that have their own `main`.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: FuzzCallback
    ) -> Int32

    /// SwiftPM makes an executable's entry point this symbol (not `main`), so the fuzzer's
    /// own `main` is not linked in: this one hands over to libFuzzer's driver.
    @_cdecl("suanpan_fuzz_main")
    public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
    }
#else
    import Foundation

    /// Without the fuzzer: replays inputs (a crash found, a corpus) through a target.
    /// `suanpan-fuzz TARGET FILE…`; exit 0 when every input was handled.
    @main
    enum Replay {
        static func main() {
            let args = CommandLine.arguments.dropFirst()
            guard let name = args.first, let target = FuzzTarget(rawValue: name) else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
                FileHandle.standardError.write("usage: suanpan-fuzz \(names) FILE…\n".data(using: .utf8)!)
                exit(2)
            }
            for path in args.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write("suanpan-fuzz: cannot read \(path)\n".data(using: .utf8)!)
                    exit(2)
                }
                target.run([UInt8](data))
            }
        }
    }
#endif
