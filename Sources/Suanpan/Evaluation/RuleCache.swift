/// Values of rules per row, computed once and kept until something they may depend
/// on changes (a rule, a binding, the dataset); and the chain of rules being computed,
/// to report cycles.
public final class RuleCache: @unchecked Sendable {
    public struct Key: Hashable {
        let table: ObjectIdentifier
        let row: Int
        let column: String
    }

    var values: [Key: Value] = [:]
    var inProgress: [(key: Key, name: String)] = []
    /// Rule values that took a published figure (##### or an evaluator's tier).
    var usedPublished: Set<Key> = []

    public init() {}

    public func clear() {
        values.removeAll(keepingCapacity: true)
        usedPublished.removeAll()
    }
}
