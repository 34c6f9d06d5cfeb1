import ArgumentParser
import CasebookKit
import CasebookServer
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import Hummingbird
import Logging

/// `casebook serve`: the HTTP API. Every option also reads `CASEBOOK_` + its name in capitals.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the HTTP API (stops cleanly on SIGINT or SIGTERM).")

    @OptionGroup var library: LibraryOptions
    @Option(help: "The address to listen on (default: $CASEBOOK_HOST, else 127.0.0.1).") var host: String?
    @Option(help: "The port to listen on (default: $CASEBOOK_PORT, else 8080).") var port: Int?
    @Option(help: "The largest request body in bytes (default: $CASEBOOK_MAX_BODY_BYTES, else 1048576).") var maxBodyBytes: Int?
    @Option(help: "Submissions per client per minute, 0 for no limit (default: $CASEBOOK_SUBMISSION_RATE, else 10).") var submissionRate: Int?
    @Option(help: "Searches per client per minute, 0 for no limit (default: $CASEBOOK_SEARCH_RATE, else 600).") var searchRate: Int?
    @Option(help: "Contact messages and email-update requests per client per minute, 0 for no limit (default: $CASEBOOK_MESSAGE_RATE, else 5).")
    var messageRate: Int?
    @Option(help: "The longest search text in characters (default: $CASEBOOK_MAX_QUERY_LENGTH, else 500).") var maxQueryLength: Int?
    @Option(help: "Milliseconds one search may run (default: $CASEBOOK_SEARCH_TIME_LIMIT_MS, else 2000).") var searchTimeLimitMs: Int?
    @Option(help: "Seconds a connection may send nothing, or take to send a request header, before it is closed (default: $CASEBOOK_IDLE_TIMEOUT, else 30).")
    var idleTimeout: Int?
    @Option(help: "The most connections open at once; more wait until one closes (default: $CASEBOOK_MAX_CONNECTIONS, else 512).") var maxConnections: Int?
    @Option(help: "trace, debug, info, notice, warning, error or critical (default: $CASEBOOK_LOG_LEVEL, else info).") var logLevel: String?
    @Option(help: "Seconds between write-ahead-log checkpoints, 0 for none (default: $CASEBOOK_CHECKPOINT_INTERVAL, else 30).") var checkpointInterval: Int?
    @Flag(help: "Mark every cookie Secure, for a server reached only over HTTPS (default: $CASEBOOK_SECURE_COOKIES, else off).")
    var secureCookies = false
    @Option(help: "A settings file (`key = value` or JSON) with these options' names (default: $CASEBOOK_CONFIG).") var config: String?
    @OptionGroup(title: "Mail") var mailOptions: MailOptions

    func run() async throws {
        try await reportingFailures {
            Self.boundMallocArenas()
            let arguments = try ServeArguments(command: self)
            let app = try buildApplication(arguments)
            try await app.runService()
        }
    }
}

extension ServeCommand {
    /// Keeps glibc to two malloc arenas. By default it opens up to eight per core as threads contend, and each
    /// keeps the memory it freed, so a server that has answered a load run holds tens of megabytes it no longer
    /// uses (measured in docs/benchmarks.md). `MALLOC_ARENA_MAX` in the environment still decides when set.
    static func boundMallocArenas() {
        #if canImport(Glibc)
            // `mallopt` is in <malloc.h>, which the Glibc module does not export; it is looked up by name instead.
            guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil, let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") else { return }
            typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
            let arenaMax: Int32 = -8 // M_ARENA_MAX
            _ = unsafeBitCast(symbol, to: MallocOption.self)(arenaMax, 2)
        #endif
    }
}

/// The resolved settings of `casebook serve`: option, else environment variable, else settings file, else default.
struct ServeArguments: AppArguments {
    var hostname: String
    var port: Int
    var limits: ServerLimits
    var logLevel: Logger.Level
    var library: LibraryOptions
    var checkpointInterval: Duration
    var secureCookies: Bool
    var mail: MailSettings?
    var publicURL: String

    init(command: ServeCommand, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let file = try (command.config ?? environment["CASEBOOK_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }).map(SettingsFile.read) ?? [:]
        let settings = Settings(environment: environment, file: file)
        hostname = command.host ?? settings.text("host") ?? "127.0.0.1"
        port = try settings.number(command.port, "port", default: 8080, in: 0...65535)
        let defaults = ServerLimits()
        limits = ServerLimits(
            maxBodyBytes: try settings.number(command.maxBodyBytes, "max-body-bytes", default: defaults.maxBodyBytes, in: 1...(1 << 30)),
            submissionsPerMinute: try settings.number(command.submissionRate, "submission-rate", default: defaults.submissionsPerMinute, in: 0...1_000_000),
            searchesPerMinute: try settings.number(command.searchRate, "search-rate", default: defaults.searchesPerMinute, in: 0...1_000_000),
            maxQueryLength: try settings.number(command.maxQueryLength, "max-query-length", default: defaults.maxQueryLength, in: 1...100_000),
            searchTimeLimit: .milliseconds(try settings.number(command.searchTimeLimitMs, "search-time-limit-ms", default: 2000, in: 1...600_000)),
            idleTimeout: .seconds(try settings.number(command.idleTimeout, "idle-timeout", default: 30, in: 1...86_400)),
            maxConnections: try settings.number(command.maxConnections, "max-connections", default: defaults.maxConnections, in: 1...1_000_000),
            messagesPerMinute: try settings.number(command.messageRate, "message-rate", default: defaults.messagesPerMinute, in: 0...1_000_000))
        let level = command.logLevel ?? settings.text("log-level") ?? "info"
        guard let logLevel = Logger.Level(rawValue: level) else {
            throw CommandFailure(
                message: "--log-level must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))", code: ExitStatus.usage)
        }
        self.logLevel = logLevel
        checkpointInterval = .seconds(try settings.number(command.checkpointInterval, "checkpoint-interval", default: 30, in: 0...86_400))
        secureCookies = try command.secureCookies || settings.flag("secure-cookies")
        mail = try command.mailOptions.resolve(settings)
        publicURL = command.mailOptions.publicURL(settings, default: "http://\(hostname):\(port)")
        library = command.library
        if library.db == nil, (environment["CASEBOOK_DB"] ?? "").isEmpty { library.db = file["db"] }
    }

    /// Opens the library and reads what search derives from it, so the first visitor does not wait.
    func openDatabase() throws -> AppDatabase {
        var database = try library.open()
        database.publicURL = publicURL
        do {
            let seconds = try database.warmSearch()
            print(String(format: "Search is ready (%.1f s to read the library's search data).", seconds))
        } catch {
            print("Search data could not be read yet (\(error)); the first search will try again.")
        }
        return database
    }
}

/// `serve` settings from the environment, then the settings file: `--max-body-bytes` is read from
/// `CASEBOOK_MAX_BODY_BYTES`, else the file's `max-body-bytes`.
struct Settings {
    let environment: [String: String]
    var file: [String: String] = [:]

    static func variable(_ option: String) -> String {
        "CASEBOOK_" + option.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    func text(_ option: String) -> String? {
        environment[Self.variable(option)].flatMap { $0.isEmpty ? nil : $0 } ?? file[option]
    }

    /// A switch from the variable or the file: true, yes, on or 1 turn it on; false, no, off, 0 or nothing leave it off.
    func flag(_ option: String) throws -> Bool {
        guard let text = text(option)?.lowercased() else { return false }
        if ["true", "yes", "on", "1"].contains(text) { return true }
        if ["false", "no", "off", "0"].contains(text) { return false }
        throw CommandFailure(
            message: "--\(option) (\(Self.variable(option)) or the settings file) must be true or false, not '\(text)'", code: ExitStatus.usage)
    }

    /// The option's value, else its variable's, else the default; a usage error when out of range.
    func number(_ given: Int?, _ option: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        let value: Int
        if let given {
            value = given
        } else if let text = text(option) {
            guard let parsed = Int(text) else {
                throw CommandFailure(
                    message: "\(option) (\(Self.variable(option)) or the settings file) must be a whole number, not '\(text)'", code: ExitStatus.usage)
            }
            value = parsed
        } else {
            value = fallback
        }
        guard range.contains(value) else {
            throw CommandFailure(
                message: "--\(option) (or \(Self.variable(option))) must be \(range.lowerBound) to \(range.upperBound)", code: ExitStatus.usage)
        }
        return value
    }
}
