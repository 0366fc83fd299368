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

/// Relations: the runtime (`SQLFragment.relation`, the query builders, COPY, partitions) and the
/// schema side (generated `quotedTableName`, the seeder, the studio) qualify every name alike,
/// `public` included.
@Suite struct RelationQuotingTests {
    @Test(arguments: ["users", "billing.invoices", "Order", #"a"b.c"d"#, "public.users"])
    func runtimeAndSchemaQualifyAlike(_ name: String) {
        #expect(SQLFragment.relation(name) == QualifiedName(name).quotedSQL)
    }

    @Test func anUnqualifiedNameIsInPublic() {
        #expect(SQLFragment.relation("users") == #""public"."users""#)
    }
}
