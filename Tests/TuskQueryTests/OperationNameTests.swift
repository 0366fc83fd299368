import Testing

@testable import Tusk

/// `db.operation.name` is read from a statement's first bytes on every statement; it must name
/// exactly what the reading by Unicode properties names.
@Suite struct OperationNameTests {
    @Test(arguments: [
        ("SELECT 1", "SELECT"), ("select abalance FROM t", "SELECT"), ("  \n\t(SELECT 1) UNION (SELECT 2)", "SELECT"),
        ("With recent AS (SELECT 1) SELECT * FROM recent", "WITH"), ("DEALLOCATE ALL", "DEALLOCATE"),
        ("insert into t values (1)", "INSERT"), ("COPY t FROM STDIN", "COPY"), ("do $$ begin end $$", "DO"),
        ("\u{00A0}SELECT 1", "SELECT"), ("\u{3000}update t set a = 1", "UPDATE"),
    ])
    func namesTheFirstKeyword(_ statement: String, _ expected: String) {
        #expect(OperationMetrics.operationName(of: statement) == expected)
    }

    @Test(arguments: [
        "", "   ", "(((", "SELECTED 1", "selectx", "SELECTé 1", "éSELECT", "1 SELECT", "-- comment\nSELECT 1",
        "TABLE t", "DEALLOCATEALL", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ROLLBACKS", "_SELECT",
    ])
    func namesNothingElse(_ statement: String) {
        #expect(OperationMetrics.operationName(of: statement) == nil)
    }

    @Test func theByteScanAgreesWithTheUnicodeReading() {
        let words = OperationMetrics.operationList + ["selec", "SELECTS", "Savepoint", "vacuum", "Ω", "naïve", "ANALYZÉ"]
        let before = ["", " ", "\t(", "( ", "\u{2003}", "é"]
        let after = ["", " 1", "(", "x", "é", ";", "\u{2003}"]
        for word in words {
            for prefix in before {
                for suffix in after {
                    let statement = prefix + word + suffix
                    let exact = statement.drop(while: { $0.isWhitespace || $0 == "(" }).prefix(while: \.isLetter).uppercased()
                    let expected = OperationMetrics.operations.contains(exact) ? exact : nil
                    #expect(OperationMetrics.operationName(of: statement) == expected, "\(statement.debugDescription)")
                }
            }
        }
    }
}
