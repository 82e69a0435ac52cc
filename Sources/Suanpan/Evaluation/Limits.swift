/// Resource bounds, so that no input can hang suanpan or exhaust its memory.
public struct Limits: Sendable, Equatable {
    /// Largest exact number, in decimal digits of numerator plus denominator.
    public var maxDigits: Int = 10_000
    /// Deepest chain of user-function calls.
    public var maxCallDepth: Int = 200

    public init() {}

    /// `maxDigits` in bits (log2(10) ≈ 3.3219).
    var maxBits: Int { maxDigits * 33_219 / 10_000 }
}
