/// Resource bounds, so that no input can hang suanpan or exhaust its memory.
public struct Limits: Sendable, Equatable {
    /// Largest exact number, in decimal digits of numerator plus denominator.
    public var maxDigits: Int = 10_000
    /// Deepest chain of user-function calls.
    public var maxCallDepth: Int = 200
    /// Most expressions evaluated for one statement by the interpreter (compiled rule
    /// columns do not count): an exponential recursion stops here instead of hanging.
    public var maxSteps: Int = 100_000_000

    public init() {}

    /// `maxDigits` in bits (log2(10) ≈ 3.3219).
    var maxBits: Int { maxDigits * 33_219 / 10_000 }
}

/// Steps taken by one evaluation, shared by the copies of its evaluator.
final class StepCounter: @unchecked Sendable {
    var taken = 0
}
