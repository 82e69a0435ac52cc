import SuanpanLanguage

/// A reader of the XML that the parts of an .xlsx workbook are written in: elements,
/// attributes, text, the five predefined entities and character references, CDATA,
/// comments and processing instructions, in UTF-8. Element names lose their namespace
/// prefix (`x:row` → `row`). A DOCTYPE is refused (no entity expansion), and so is
/// anything not well-formed: unclosed or mismatched tags, a repeated attribute, `<` in
/// an attribute value, text outside the root element, an unknown entity.
///
/// (Foundation's XMLParser was used before; fuzzing found malformed parts on which it
/// stops the program, and loading it cost every start-up about a millisecond.)
package enum XMLReader {
    package struct Failure: Error {
        package let line: Int
        package let reason: String
    }

    static func events(_ input: [UInt8]) throws(Failure) -> [XML.Event] {
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard TextDecoding.isValidUTF8(bytes) else { throw Failure(line: 1, reason: "不是有效的 UTF-8") }
        var reader = Cursor(bytes: bytes)
        // XML allows no control characters but tab and line ends.
        if let bad = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
            reader.i = bad
            throw reader.failure("有不允许的控制字符")
        }
        return try reader.document()
    }

    package struct Cursor {
        package let bytes: [UInt8]
        package var i = 0
        var events: [XML.Event] = []
        /// Open elements: qualified names, and local names for text events.
        package var open: [(qualified: [UInt8], local: String)] = []
        var sawRoot = false

        package init(bytes: [UInt8]) { self.bytes = bytes }

        package func failure(_ reason: String) -> Failure {
            Failure(line: 1 + bytes[0..<min(i, bytes.count)].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }, reason: reason)
        }

        /// Whether the input continues with `s` here (no allocation: this runs at every tag).
        package func at(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            return s.withUTF8Buffer { p in
                for k in 0..<n where bytes[i + k] != p[k] { return false }
                return true
            }
        }

        /// Moves past the next `terminator`.
        package mutating func skip(past terminator: StaticString, what: String) throws(Failure) {
            let n = terminator.utf8CodeUnitCount
            while i + n <= bytes.count {
                if at(terminator) {
                    i += n
                    return
                }
                i += 1
            }
            throw failure("\(what)没有结束")
        }

        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

        mutating func skipSpaces() { while i < bytes.count && Cursor.isSpace(bytes[i]) { i += 1 } }

        mutating func document() throws(Failure) -> [XML.Event] {
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "<") {
                    try markup()
                } else {
                    try text()
                }
            }
            if let last = open.last { throw failure("元素 <\(String(decoding: last.qualified, as: UTF8.self))> 没有结束") }
            if !sawRoot { throw failure("没有根元素") }
            return events
        }

        mutating func markup() throws(Failure) {
            if at("<?") { return try skip(past: "?>", what: "处理指令") }
            if at("<!--") { return try skip(past: "-->", what: "注释") }
            if at("<![CDATA[") {
                guard !open.isEmpty else { throw failure("CDATA 在根元素之外") }
                i += 9
                let start = i
                try skip(past: "]]>", what: "CDATA")
                emitText(String(decoding: bytes[start..<(i - 3)], as: UTF8.self))
                return
            }
            if at("<!") { throw failure("不支持 DOCTYPE 等声明") }
            if at("</") {
                i += 2
                let name = try self.name()
                skipSpaces()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw failure("结束标签没有以 > 结尾") }
                i += 1
                guard let last = open.popLast(), last.qualified == name else {
                    throw failure("结束标签 </\(String(decoding: name, as: UTF8.self))> 与开始标签不对应")
                }
                events.append(.end(last.local))
                return
            }
            i += 1
            let name = try self.name()
            if open.isEmpty && sawRoot { throw failure("根元素之后还有元素") }
            var attributes: [String: String] = [:]
            while true {
                let before = i
                skipSpaces()
                guard i < bytes.count else { throw failure("开始标签没有结束") }
                if bytes[i] == UInt8(ascii: ">") || at("/>") { break }
                guard i > before else { throw failure("属性之间应有空白") }
                let key = String(decoding: try self.name(), as: UTF8.self)
                skipSpaces()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw failure("属性 \(key) 缺少 =") }
                i += 1
                skipSpaces()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                    throw failure("属性 \(key) 的值应在引号中")
                }
                let quote = bytes[i]
                i += 1
                let start = i
                while i < bytes.count && bytes[i] != quote {
                    if bytes[i] == UInt8(ascii: "<") { throw failure("属性值中不能有 <") }
                    i += 1
                }
                guard i < bytes.count else { throw failure("属性 \(key) 的值没有结束") }
                let value = try decode(start..<i)
                i += 1
                if attributes.updateValue(value, forKey: key) != nil { throw failure("属性 \(key) 重复") }
            }
            let local = Cursor.local(name)
            sawRoot = true
            events.append(.startWith(local, attributes))
            if at("/>") {
                i += 2
                events.append(.end(local))
            } else {
                i += 1
                open.append((name, local))
            }
        }

        /// A name: up to a space, `/`, `>`, `=` or the end; never empty, never `<` or quotes.
        package mutating func name() throws(Failure) -> [UInt8] {
            let start = i
            while i < bytes.count {
                let b = bytes[i]
                if Cursor.isSpace(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: ">") || b == UInt8(ascii: "=") { break }
                if b == UInt8(ascii: "<") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "&") {
                    throw failure("名称中有不允许的字符")
                }
                i += 1
            }
            guard i > start else { throw failure("缺少名称") }
            return Array(bytes[start..<i])
        }

        /// `x:row` → `row`.
        static func local(_ name: [UInt8]) -> String {
            let tail = name.lastIndex(of: UInt8(ascii: ":")).map { name[($0 + 1)...] } ?? name[...]
            return String(decoding: tail.isEmpty ? name[...] : tail, as: UTF8.self)
        }

        package mutating func text() throws(Failure) {
            let start = i
            while i < bytes.count && bytes[i] != UInt8(ascii: "<") { i += 1 }
            if open.isEmpty {
                guard bytes[start..<i].allSatisfy(Cursor.isSpace) else { throw failure("根元素之外有文本") }
                return
            }
            emitText(try decode(start..<i))
        }

        mutating func emitText(_ s: String) {
            if !s.isEmpty { events.append(.text(inside: open.last?.local ?? "", s)) }
        }

        /// Text with its entity and character references replaced.
        package func decode(_ range: Range<Int>) throws(Failure) -> String {
            guard bytes[range].contains(UInt8(ascii: "&")) else { return String(decoding: bytes[range], as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(range.count)
            var k = range.lowerBound
            while k < range.upperBound {
                guard bytes[k] == UInt8(ascii: "&") else {
                    out.append(bytes[k])
                    k += 1
                    continue
                }
                guard let semicolon = bytes[k..<range.upperBound].firstIndex(of: UInt8(ascii: ";")), semicolon - k <= 12 else {
                    throw failure("& 之后应是实体引用（如 &amp;）")
                }
                let entity = String(decoding: bytes[(k + 1)..<semicolon], as: UTF8.self)
                switch entity {
                case "lt": out.append(UInt8(ascii: "<"))
                case "gt": out.append(UInt8(ascii: ">"))
                case "amp": out.append(UInt8(ascii: "&"))
                case "quot": out.append(UInt8(ascii: "\""))
                case "apos": out.append(UInt8(ascii: "'"))
                default:
                    var digits = Substring(entity)
                    var radix = 10
                    guard digits.first == "#" else { throw failure("未知的实体 &\(entity);") }
                    digits = digits.dropFirst()
                    if digits.first == "x" {
                        radix = 16
                        digits = digits.dropFirst()
                    }
                    guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit && (radix == 16 || $0.isNumber) }),
                        let code = UInt32(digits, radix: radix), code != 0, let scalar = Unicode.Scalar(code)
                    else {
                        throw failure("无效的字符引用 &\(entity);")
                    }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
                k = semicolon + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
