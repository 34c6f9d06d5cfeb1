import ArgumentParser
import CasebookKit
import Foundation

/// `casebook guide …`: a team's local guide (contract section 6), from the trusted local tool, which needs no token.
struct GuideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide", abstract: "Make and keep a team's local guide: ratings, answers, actions and chosen examples.",
        subcommands: [Create.self, Update.self, Show.self, List.self, Edition.self, Compare.self, Gaps.self, Export.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a new guide from a JSON document; prints its id and its two links' tokens, once.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The guide document (JSON), or - for standard input.") var file: String
        @Option(help: "text or json.") var format: OutputFormat = .json

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let content = try GuideReader(reference: database.reference).read(try readInput(file))
                let created = try await database.createGuide(content)
                if format == .json {
                    try printJSON(created)
                } else {
                    print("Guide \(created.id) (\(created.uid))\nedit token: \(created.editToken)\nshare token: \(created.shareToken)")
                }
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a guide's content with a JSON document (its editions stay as saved).")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The guide's id or uid.") var id: String
        @Argument(help: "The guide document (JSON), or - for standard input.") var file: String

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let guide = try await requireGuide(id, in: database)
                let content = try GuideReader(reference: database.reference).read(try readInput(file))
                try await database.updateGuide(guide.id, with: content)
                print("Updated guide \(guide.id).")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a guide, or one of its editions.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The guide's id or uid.") var id: String
        @Option(help: "A saved edition's number.") var edition: Int?
        @Option(help: "text, json or markdown.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let view = try await database.guideView(try await requireGuide(id, in: database), edition: edition)
                switch format {
                case .json: try printJSON(view)
                case .markdown: print(GuideMarkdown.render(view, allFoundations: false), terminator: "")
                case .text: print(Self.text(view))
                }
            }
        }

        static func text(_ view: GuideView) -> String {
            var lines = ["\(view.content.title) (guide \(view.id))"]
            if !view.content.area.isEmpty { lines.append(view.content.area) }
            for item in view.foundations {
                let rating = item.entry.rating?.label ?? "Not rated"
                lines.append("\(item.foundation.number). \(item.foundation.name): \(rating)")
                for action in item.entry.actions { lines.append("   [\(action.done ? "x" : " ")] \(action.what)") }
                for example in item.examples { lines.append("   example: \(example.title)") }
                if item.withdrawn > 0 { lines.append("   (\(item.withdrawn) chosen example withdrawn since)") }
            }
            for warning in view.warnings { lines.append("warning: \(warning.field) \(warning.message)") }
            return lines.joined(separator: "\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every guide in the library: id, title, last change and editions.")

        @OptionGroup var library: LibraryOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let guides = try await library.open().guides()
                if format == .json {
                    try printJSON(["guides": guides])
                } else {
                    for guide in guides { print("\(guide.id)\t\(guide.updatedAt)\t\(guide.editions) editions\t\(guide.title)") }
                }
            }
        }
    }

    struct Edition: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save the guide's current content as a new numbered edition that never changes.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The guide's id or uid.") var id: String
        @Option(help: "A label, such as the meeting's name.") var label: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let guide = try await requireGuide(id, in: database)
                if let label, label.count > 200 { throw CommandFailure(message: "--label: must be at most 200 characters", code: ExitStatus.usage) }
                let edition = try await database.saveGuideEdition(guide.id, label: label)
                if format == .json { try printJSON(edition) } else { print("Saved edition \(edition.number) of guide \(guide.id) at \(edition.savedAt).") }
            }
        }
    }

    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed between two editions: ratings, actions added and done, examples added and removed.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The guide's id or uid.") var id: String
        @Option(help: "The earlier edition (default: the one before --to).") var from: Int?
        @Option(help: "The later edition, or current for the content not yet saved (default: the latest).") var to: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let guide = try await requireGuide(id, in: database)
                let later = try to.map { text -> Int? in
                    if text == "current" { return nil }
                    guard let number = Int(text) else { throw CommandFailure(message: "--to: give an edition's number or current", code: ExitStatus.usage) }
                    return number
                }
                let comparison = try await database.compareGuide(guide, from: from, to: later ?? nil, toCurrent: to == "current")
                if format == .json { try printJSON(comparison) } else { print(Self.text(comparison)) }
            }
        }

        static func text(_ comparison: GuideComparison) -> String {
            var lines = ["Edition \(comparison.from) to \(comparison.to.map { "edition \($0)" } ?? "the current content")"]
            for change in comparison.foundations {
                let rating = "\(change.ratingFrom?.label ?? "Not rated") → \(change.ratingTo?.label ?? "Not rated")"
                lines.append("\(change.name): \(rating)")
                for what in change.actionsAdded { lines.append("   + action: \(what)") }
                for what in change.actionsDone { lines.append("   ✓ done: \(what)") }
                for uid in change.examplesAdded { lines.append("   + example \(uid)") }
                for uid in change.examplesRemoved { lines.append("   − example \(uid)") }
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Gaps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The foundations from the lowest rating up, each with published examples others made for it.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The guide's id or uid.") var id: String
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let gaps = try await database.guideGaps(try await requireGuide(id, in: database))
                if format == .json {
                    try printJSON(["gaps": gaps])
                } else {
                    for gap in gaps {
                        print("\(gap.name): \(gap.rating?.label ?? "Not rated")")
                        for example in gap.suggested { print("   \(example.id)\t\(example.title) (\(example.organisation))") }
                    }
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the guide, or one of its editions, as HTML, Markdown, Word, or JSON that guide create reads again.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The guide's id or uid.") var id: String
        @Option(help: "html, markdown, json or docx.") var format: GuideExportFormat
        @Option(help: "The file to write.") var output: String
        @Option(help: "A saved edition's number.") var edition: Int?
        @Flag(help: "Include the foundations not filled in, with the guide's own text and room to answer.") var allFoundations = false

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let view = try await database.guideView(try await requireGuide(id, in: database), edition: edition)
                let data = try GuideExport.render(view, as: format, allFoundations: allFoundations)
                do { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                    throw CommandFailure(message: "cannot write \(output): \(error.localizedDescription)", code: ExitStatus.failure)
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a guide and its editions.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The guide's id or uid.") var id: String

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let guide = try await requireGuide(id, in: database)
                try await database.deleteGuide(guide.id)
                print("Deleted guide \(guide.id) and its editions.")
            }
        }
    }
}

/// The guide with an id or uid, or a not-found failure naming it.
private func requireGuide(_ id: String, in database: AppDatabase) async throws -> StoredGuide {
    guard let guide = try await database.guide(id) else { throw LibraryError.notFound("guide \(id)") }
    return guide
}

extension GuideExportFormat: ExpressibleByArgument {}
