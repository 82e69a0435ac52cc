import Testing

@testable import SuanpanLanguage

/// The operator table is what the parser reads: every entry parses to itself, with
/// the precedence its level says.
@Suite struct OperatorTableTests {
    func parsed(_ text: String) throws -> Expr? {
        guard case .expression(let e)? = try Parser.parse(Source(name: "t", text: text)).first else { return nil }
        return e
    }

    @Test func everyOperatorParsesToItself() throws {
        #expect(BinaryOperator.table.count == BinaryOperator.allCases.count)
        for entry in BinaryOperator.table {
            let e = try parsed("a \(entry.op.rawValue) b")
            guard case .binary(let op, _, _, _)? = e else {
                Issue.record("「a \(entry.op.rawValue) b」 is not a binary expression")
                continue
            }
            #expect(op == entry.op)
        }
    }

    @Test func aHigherLevelBindsTighter() throws {
        for low in BinaryOperator.table {
            for high in BinaryOperator.table where high.level > low.level {
                // a LOW b HIGH c groups as a LOW (b HIGH c).
                let e = try parsed("a \(low.op.rawValue) b \(high.op.rawValue) c")
                guard case .binary(let top, _, .binary(let inner, _, _, _), _)? = e else {
                    Issue.record("a \(low.op.rawValue) b \(high.op.rawValue) c")
                    continue
                }
                #expect(top == low.op && inner == high.op)
            }
        }
    }

    @Test func comparisonsHoldBySign() {
        #expect(BinaryOperator.greaterEqual.holds(comparison: 0))
        #expect(!BinaryOperator.greater.holds(comparison: 0))
        #expect(BinaryOperator.notEqual.holds(comparison: -1))
        #expect(BinaryOperator.less.holds(comparison: -1))
        #expect(!BinaryOperator.lessEqual.holds(comparison: 1))
    }
}
