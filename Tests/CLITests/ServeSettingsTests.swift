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

    @Test func secureCookiesIsASwitchReadFromTheEnvironmentToo() throws {
        let cli = try CLIHarness()
        let run = try cli.run(["serve"], environment: ["CASEBOOK_SECURE_COOKIES": "maybe"])
        #expect(run.status == 64 && run.stderr.contains("--secure-cookies") && run.stderr.contains("'maybe'"), "\(run.stderr)")
        let help = try cli.run(["serve", "--help"], useDB: false)
        #expect(help.stdout.contains("--secure-cookies"))
    }

    @Test func aMissingSettingsFileIsNamed() throws {
        let cli = try CLIHarness()
        let run = try cli.run(["serve", "--config", cli.folder.appendingPathComponent("absent.conf").path])
        #expect(run.status == 66 && run.stderr.contains("absent.conf"))
    }

    @Test func aJSONSettingsFileIsReadThroughTheOneInputLayer() throws {
        let cli = try CLIHarness()
        // A number is read as a number: 0 is out of range for the idle timeout, and says so.
        let numbers = try cli.run(["serve", "--config", try cli.write("n.json", Data(#"{"idle-timeout": 0}"#.utf8))])
        #expect(numbers.status == 64 && numbers.stderr.contains("--idle-timeout") && numbers.stderr.contains("must be 1 to"))
        let duplicate = try cli.run(["serve", "--config", try cli.write("d.json", Data(#"{"port": 1, "port": 2}"#.utf8))])
        #expect(duplicate.status == 64 && duplicate.stderr.contains("'port' twice"))
        let nested = try cli.run(["serve", "--config", try cli.write("o.json", Data(#"{"max-connections": {"n": 1}}"#.utf8))])
        #expect(nested.status == 64 && nested.stderr.contains("max-connections must be a string, a number or true or false"))
        let flag = try cli.run(["serve", "--max-connections", "0"])
        #expect(flag.status == 64 && flag.stderr.contains("--max-connections"))
    }
}
