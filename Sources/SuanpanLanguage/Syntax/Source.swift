/// A piece of source text with a name for messages: `<input:3>`, a script path,
/// `<-e>`, or a dataset cell. Decoded once into Unicode scalars; spans index them.
public final class Source: Sendable {
    /// What messages call it: a path, `<input:3>`, `<stdin>`, `<-e>`.
    public let name: String
    public let text: String
    public let scalars: [Unicode.Scalar]
    /// Scalar offsets at which each line starts.
    let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        let scalars = Array(text.unicodeScalars)
        self.scalars = scalars
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// 1-based line and column (in characters) of a scalar offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo] + 1)
    }

    /// The text of a 1-based line, without its newline.
    public func line(_ number: Int) -> Substring.UnicodeScalarView {
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : scalars.count
        if end > start && scalars[end - 1] == "\r" { end -= 1 }
        return Substring.UnicodeScalarView(scalars[start..<max(start, end)])
    }
}

/// A range of scalar offsets in a source. AST nodes and diagnostics carry spans;
/// line and column are computed only when a message is rendered.
public struct SourceSpan: Sendable {
    public let source: Source
    public let start: Int
    public let end: Int

    public init(_ source: Source, _ start: Int, _ end: Int) {
        self.source = source
        self.start = start
        self.end = max(end, start)
    }

    /// Where a span was written: its source's name and its start. Two definitions with
    /// the same identity are the same statement.
    public struct Identity: Hashable, Sendable {
        package let source: String
        package let start: Int
    }

    public var identity: Identity { Identity(source: source.name, start: start) }

    /// The span covering both.
    public func through(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(source, min(start, other.start), max(end, other.end))
    }

    /// The source text the span covers.
    public var text: String {
        Lexer.string(source.scalars[min(start, source.scalars.count)..<min(end, source.scalars.count)])
    }
}

extension Source {
    /// Decodes a script's bytes. Invalid UTF-8 is a diagnostic pointing at the
    /// first bad byte (its line is shown with the bad bytes replaced).
    public static func decode(name: String, bytes: [UInt8]) throws(Diagnostic) -> Source {
        // Valid text (the usual case) in one pass; the scalar walk below only to find
        // where invalid text goes wrong.
        if TextDecoding.isValidUTF8(bytes) { return Source(name: name, text: String(decoding: bytes, as: UTF8.self)) }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        var valid = true
        var consumedScalars = 0
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                scalars.append(s)
                consumedScalars += 1
            case .emptyInput:
                break decoding
            case .error:
                valid = false
                break decoding
            }
        }
        if valid { return Source(name: name, text: String(scalars)) }
        // Find the byte offset of the first invalid sequence: re-encode the good prefix.
        let goodBytes = String(scalars).utf8.count
        let lossy = Source(name: name, text: String(decoding: bytes, as: UTF8.self))
        throw Diagnostic(
            .invalidUTF8(byteOffset: goodBytes), at: SourceSpan(lossy, consumedScalars, consumedScalars + 1),
            notes: ["提示：请把文件另存为 UTF-8 编码（不要用 GBK/GB18030）"])
    }
}
