import ArgumentParser

/// The `casebook` command: one executable for the library, its moderation and its server.
@main
struct Casebook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casebook",
        abstract: "A shared-learning library of palliative and end-of-life care examples.",
        subcommands: [
            InitCommand.self, ImportCommand.self, DumpCommand.self, SearchCommand.self, SimilarCommand.self, ShowCommand.self,
            SubmitCommand.self, ModerateCommand.self, HistoryCommand.self, StatsCommand.self, UserCommand.self,
            BackupCommand.self, CheckCommand.self, BenchCommand.self, ServeCommand.self, CollectionCommand.self, ExportCommand.self,
            RestoreCommand.self, MailCommand.self, ReviewsCommand.self, AlertsCommand.self, GuideCommand.self
        ]
    )

    @OptionGroup var library: LibraryOptions
}
