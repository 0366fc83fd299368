import Testing
import Tusk
import TuskSchema

/// The runtime and the schema side (code generation, DDL) quote identifiers with separate code,
/// since neither module imports the other: they must write every name the same way.
@Suite struct IdentifierQuotingTests {
    @Test(arguments: ["users", "order", #"a"b"#, #""""#, "with space", "Ünïcode", "select", "UPPER"])
    func runtimeAndSchemaQuoteAlike(_ name: String) {
        #expect(SQLFragment.identifier(name).sql.text == PostgresNames.alwaysQuotedIdentifier(name))
    }
}
