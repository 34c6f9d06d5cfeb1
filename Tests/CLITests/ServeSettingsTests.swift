import Foundation
import Testing

/// `casebook serve` settings: flag, else environment, else the settings file, else the default. Each case
/// makes `serve` stop on a bad value, which shows which source it read.
@Suite struct ServeSettingsTests {
    @Test func theSettingsFileIsReadInEitherForm() throws {
        let cli = try CLIHarness()
        for contents in ["# serve\nsearch_rate = fast\n", #"{"search-rate": "fast"}"#] {
            let file = try cli.write("casebook.conf", Data(contents.utf8))
            let run = try cli.run(["serve", "--config", file])
            #expect(run.status == 64)
            #expect(run.stderr.contains("search-rate") && run.stderr.contains("'fast'"))
        }
    }

    @Test func theEnvironmentBeatsTheFileAndAFlagBeatsBoth() throws {
        let cli = try CLIHarness()
        let file = try cli.write("casebook.conf", Data("search-rate = fast\nlog-level = loud\n".utf8))
        let fromEnvironment = try cli.run(["serve"], environment: ["CASEBOOK_CONFIG": file, "CASEBOOK_SEARCH_RATE": "-5"])
        #expect(fromEnvironment.status == 64 && fromEnvironment.stderr.contains("must be 0 to"))
        let fromFlag = try cli.run(["serve", "--config", file, "--search-rate", "5"], environment: ["CASEBOOK_SEARCH_RATE": "slow"])
        #expect(fromFlag.status == 64 && fromFlag.stderr.contains("--log-level must be one of"))
    }

    @Test func aMissingSettingsFileIsNamed() throws {
        let cli = try CLIHarness()
        let run = try cli.run(["serve", "--config", cli.folder.appendingPathComponent("absent.conf").path])
        #expect(run.status == 66 && run.stderr.contains("absent.conf"))
    }
}
