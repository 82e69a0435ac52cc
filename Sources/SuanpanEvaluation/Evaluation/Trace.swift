import SuanpanLanguage

/// The values an evaluation took, recorded as it ran, for `explain` to read: each
/// sub-expression's value, the branch a conditional took (only the taken branch has
/// values), and each user-function call's arguments and body. `explain` draws the
/// derivation from this record instead of evaluating parts of the expression again,
/// so what it shows is the evaluation that gave the figure.
///
/// Values are kept per *frame*: the traced expression is frame 0, and each call of a
/// user function opens a new frame for its body. The rules a traced expression reads
/// are not recorded (they are cached figures with derivations of their own, which
/// `explain` traces when it shows them), nor are a filter's per-row conditions.
package final class Trace {
    package struct Key: Hashable {
        let frame: Int
        let source: ObjectIdentifier
        let start: Int
        let end: Int
        /// Expressions with the same span (a name and the call it is the callee of
        /// cannot share one, but a wrapper and its only operand might) are told apart.
        let kind: UInt8
    }

    private(set) var values: [Key: Value] = [:]
    /// A user function's call site → the frame of its (first) call.
    private var calls: [Key: Int] = [:]
    /// A frame's parameters, as the call bound them.
    private var arguments: [Int: [String: Value]] = [:]
    package private(set) var frame = 0
    private var nextFrame = 1
    /// Above zero while evaluating what is not recorded (a rule read, a filter).
    var suspended = 0

    package init() {}

    var isRecording: Bool { suspended == 0 }

    static func key(_ e: Expr, frame: Int) -> Key {
        let s = e.span
        return Key(frame: frame, source: ObjectIdentifier(s.source), start: s.start, end: s.end, kind: e.kindTag)
    }

    func record(_ e: Expr, _ v: Value) {
        values[Trace.key(e, frame: frame)] = v
    }

    /// Opens the frame of a user-function call made at `site`; returns the frame to go
    /// back to.
    func enterCall(at site: Expr, arguments bound: [String: Value]) -> Int {
        let outer = frame
        let inner = nextFrame
        nextFrame += 1
        let key = Trace.key(site, frame: outer)
        if calls[key] == nil { calls[key] = inner }
        arguments[inner] = bound
        frame = inner
        return outer
    }

    func leaveCall(to outer: Int) { frame = outer }

    /// The value `e` took in `frame`, if it was evaluated there.
    package func value(_ e: Expr, frame: Int = 0) -> Value? {
        values[Trace.key(e, frame: frame)]
    }

    /// The frame of the user-function call at `site` (in `frame`), and what it bound.
    package func call(at site: Expr, frame: Int = 0) -> (frame: Int, arguments: [String: Value])? {
        guard let inner = calls[Trace.key(site, frame: frame)] else { return nil }
        return (inner, arguments[inner] ?? [:])
    }
}

extension Expr {
    /// Which case the expression is, for telling apart expressions that share a span.
    var kindTag: UInt8 {
        switch self {
        case .number: return 0
        case .percent: return 1
        case .string: return 2
        case .bool: return 3
        case .name: return 4
        case .list: return 5
        case .unary: return 6
        case .binary: return 7
        case .call: return 8
        case .index: return 9
        case .member: return 10
        case .conditional: return 11
        case .rowSet: return 12
        case .amount: return 13
        }
    }
}

extension Evaluator {
    /// Evaluates `e` (in the scope of `row`) and records its derivation.
    package mutating func traced(_ e: Expr, row: RowRef?, locals: [String: Value] = [:]) throws(Diagnostic) -> (Value, Trace) {
        let trace = Trace()
        let savedPurpose = purpose
        let savedRow = self.row
        purpose = .tracing(trace)
        self.row = row
        defer {
            purpose = savedPurpose
            self.row = savedRow
        }
        let v = try eval(e, locals: locals)
        return (v, trace)
    }

    /// The trace being recorded into, when the evaluation is traced and recording.
    var recordingTrace: Trace? {
        if case .tracing(let t) = purpose, t.isRecording { return t }
        return nil
    }
}
