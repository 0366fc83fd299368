import Testing
import TuskTesting

/// The typed API's integration suites again, through a real PgBouncer 1.18 in transaction mode
/// with `pooler = .pgbouncerTransaction` (``SchemaDatabaseRoute/pgbouncer``): reads, writes,
/// upserts, transactions, row locks, eager loads, streams, the read cache. Each test here runs
/// the named suite's tests one after another, as they are. (SearchIndexTests is left out: it
/// reads plans, which a pooler does not change.) Each body is a function of its own, not a
/// closure: a long closure body is type-checked as one expression, which took 140 ms here.
@Suite struct PgBouncerIntegrationTests {
    @Test func readQueryTests() async throws { try await viaPgBouncer(Self.readQueryTestsBody) }

    private static func readQueryTestsBody() async throws {
        let suite = ReadQueryTests()
        try await suite.findByPrimaryKey()
        try await suite.findByCompositeKey()
        try await suite.whereOrderLimitOffsetFirstAllCountExists()
        try await suite.orderNullsFirstAndLast()
        try await suite.nullSemantics()
        try await suite.keyPathsInferInsideIn()
        try await suite.inNotInBetweenLikeIlike()
        try await suite.selectProjectionsAndDistinct()
        try await suite.keysetPaginationVisitsEveryRowOnce()
        try await suite.keysetOverANullValueIsRefusedClearly()
        try await suite.streamReadsEveryRowInBoundedPages()
        try await suite.unicodeQuotesAndInjectionShapedValuesAreStoredVerbatim()
    }

    @Test func writeQueryTests() async throws { try await viaPgBouncer(Self.writeQueryTestsBody) }

    private static func writeQueryTestsBody() async throws {
        let suite = WriteQueryTests()
        try await suite.insertReturnsTheStoredRowWithDatabaseDefaults()
        try await suite.insertManyInOneStatementInOrder()
        try await suite.nullableColumnWithDefaultTakesDefaultOrStoresNull()
        try await suite.upsertDoUpdateUsesExcluded()
        try await suite.enumValuesSetPatchFieldsDirectly()
        try await suite.patchArithmeticAndClockValuesAreComputedByTheServer()
        try await suite.writesReturnRowsProjectionsOrCounts()
        try await suite.returningKeepsTheVersionCheck()
        try await suite.upsertDoNothingKeepsTheRowAndReturnsNothing()
        try await suite.concurrentUpsertsOfTheSameKeyEndWithOneRow()
        try await suite.updateWithWhereSetsAutoUpdateColumnsAndReturnsRows()
        try await suite.updateAndDeleteWithoutWhereAreRefusedUnlessAll()
        try await suite.deleteWithWhereReturningRows()
        try await suite.emptyPatchIsRefused()
    }

    @Test func generatedRelationsTests() async throws { try await viaPgBouncer(Self.generatedRelationsTestsBody) }

    private static func generatedRelationsTestsBody() async throws {
        let suite = GeneratedRelationsTests()
        try await suite.toManyNestedAndRequiredToOne()
        try await suite.optionalToOneAndAWrittenName()
        try await suite.manyToManyThroughASelfReferencingJoinTable()
        try await suite.relationFilters()
    }

    @Test func joinQueryTests() async throws { try await viaPgBouncer(Self.joinQueryTestsBody) }

    private static func joinQueryTestsBody() async throws {
        let suite = JoinQueryTests()
        try await suite.innerJoinDecodesBothRows()
        try await suite.leftJoinGivesNilWhereNoRowMatches()
        try await suite.whereOrderAndSelectOverBothSides()
        try await suite.aggregatesOverALeftJoinCountZeroForNoRowsAndJoinsCount()
        try await suite.aSelfJoinAliasesTheSecondSide()
    }

    @Test func aggregateQueryTests() async throws { try await viaPgBouncer(Self.aggregateQueryTestsBody) }

    private static func aggregateQueryTestsBody() async throws {
        let suite = AggregateQueryTests()
        try await suite.groupedCountsSumsAndAveragesWithHaving()
        try await suite.havingFiltersGroupsAndTheGroupWithoutAUserIsNil()
        try await suite.sumOfIntegersIsInt64AndGroupingBySeveralExpressions()
        try await suite.wholeTableAggregatesAndEmptyTablesGiveNil()
        try await suite.inAndNotInSubqueries()
        try await suite.existsAndNotExistsSubqueries()
    }

    @Test func lockingTests() async throws { try await viaPgBouncer(Self.lockingTestsBody) }

    private static func lockingTestsBody() async throws {
        let suite = LockingTests()
        try await suite.skipLockedWorkersClaimEachJobOnce()
        try await suite.nowaitFailsInsteadOfWaiting()
    }

    @Test func versionColumnTests() async throws { try await viaPgBouncer(Self.versionColumnTestsBody) }

    private static func versionColumnTestsBody() async throws {
        let suite = VersionColumnTests()
        try await suite.updateOfARowChecksAndBumpsTheVersion()
        try await suite.concurrentUpdatesOfOneVersionEndWithOneSuccessAndOneConflict()
        try await suite.updateOfARowWithoutVersionMatchesTheKeyOnly()
    }

    @Test func softDeleteTests() async throws { try await viaPgBouncer(Self.softDeleteTestsBody) }

    private static func softDeleteTestsBody() async throws {
        let suite = SoftDeleteTests()
        try await suite.deleteSetsTheColumnAndEveryReadPathSkipsTheRow()
        try await suite.hardDeleteRemovesTheRowAndOtherTablesDeleteForReal()
    }

    @Test func valueTypeTests() async throws { try await viaPgBouncer(Self.valueTypeTestsBody) }

    private static func valueTypeTestsBody() async throws {
        let suite = ValueTypeTests()
        try await suite.enumsRoundTripAndUnknownLabelsDecode()
        try await suite.swiftTypeJSONColumnsEncodeAndDecodeTheNamedType()
        try await suite.jsonbContainmentKeysAndPaths()
        try await suite.arrayContainsOverlapsAny()
        try await suite.vectorDistancesOrderAndFilter()
        try await suite.runtimeValueTypesRoundTrip()
    }

    @Test func typedJSONColumnTests() async throws { try await viaPgBouncer(Self.typedJSONColumnTestsBody) }

    private static func typedJSONColumnTestsBody() async throws {
        let suite = TypedJSONColumnTests()
        try await suite.typedJSONColumnsAreQueryableByPathContainmentAndKey()
    }

    @Test func typedExpressionTests() async throws { try await viaPgBouncer(Self.typedExpressionTestsBody) }

    private static func typedExpressionTestsBody() async throws {
        let suite = TypedExpressionTests()
        try await suite.patchesSetFieldsFromOtherColumnsWithCaseAndCasts()
        try await suite.expressionsSelectOrderFilterAndGroup()
    }

    @Test func eagerLoadStatementTests() async throws { try await viaPgBouncer(Self.eagerLoadStatementTestsBody) }

    private static func eagerLoadStatementTestsBody() async throws {
        let suite = EagerLoadStatementTests()
        try await suite.hundredUsersWithDocumentsAndChunksInThreeStatements()
    }

    @Test func queryCacheTests() async throws { try await viaPgBouncer(Self.queryCacheTestsBody) }

    private static func queryCacheTestsBody() async throws {
        let suite = QueryCacheTests()
        try await suite.everyKindOfReadIsServedFromTheCacheUntilAWriteToItsTableReturns()
        try await suite.aTransactionInvalidatesAtCommitAndARollbackInvalidatesNothing()
        try await suite.rawWritesInvalidateEverythingOrTheTablesTheyName()
        try await suite.theCacheIsBoundedAndCounted()
        try await suite.anEntryExpiresAfterItsTTL()
        try await suite.concurrentReadersAndWritersNeverSeeAnAnswerOlderThanAReturnedWrite(storage: .inProcess)
    }
}

/// Runs `body` with the tests' database route set to PgBouncer. The closure's type is fixed
/// here, so each suite's list of calls type-checks as plain statements (as the generic
/// `withValue` call it took up to 166 ms on a loaded machine, near the build's 200 ms limit).
private func viaPgBouncer(_ body: () async throws -> Void) async throws {
    try await SchemaDatabaseRoute.$current.withValue(.pgbouncer, operation: body)
}
