import Testing
import TuskDev

/// The rule for when an app gets the local development database (docs/quickstart.md).
@Suite struct DatabaseChoiceTests {
    @Test func debugBuildWithoutAnySettingsUsesTheLocalServer() {
        #expect(DatabaseChoice.choose(environment: [:], debugBuild: true) == .localDevServer)
        #expect(DatabaseChoice.choose(environment: ["DATABASE_URL": "  ", "HOME": "/root"], debugBuild: true) == .localDevServer)
    }

    @Test func releaseBuildNeverPicksTheLocalServer() {
        #expect(DatabaseChoice.choose(environment: [:], debugBuild: false) == .noSettingsInRelease)
        #expect(DevDatabaseError.noConnectionSettings.description.contains("set DATABASE_URL"))
    }

    @Test(arguments: DatabaseChoice.settingVariables)
    func anyConnectionSettingWins(variable: String) {
        for debug in [true, false] {
            #expect(DatabaseChoice.choose(environment: [variable: "x"], debugBuild: debug) == .connectionSettings)
        }
    }

    @Test func missingBinariesSayWhatToInstall() {
        let text = DevDatabaseError.serverBinariesNotFound(searched: ["/nowhere/bin"]).description
        #expect(text.contains("/nowhere/bin"))
        #expect(text.contains("apt-get install postgresql"))
        #expect(text.contains("TUSK_PG_BINDIR"))
    }
}
