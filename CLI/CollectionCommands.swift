import ArgumentParser
import CasebookKit
import Foundation

struct CollectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collection", abstract: "Curate collections of published examples and publish them as guides.",
        subcommands: [Create.self, Edit.self, Add.self, Remove.self, List.self, Show.self, Publish.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a new, unpublished collection.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "Lowercase letters, digits and hyphens, such as acp-guide.") var slug: String
        @Option(help: "The collection's title.") var title: String
        @OptionGroup var text: CollectionTextOptions
        @OptionGroup var curator: CuratorOptions

        func run() async throws {
            try await reportingFailures {
                let draft = try text.applied(to: CollectionDraft(title: title))
                let collection = try await library.open().createCollection(slug: slug, draft: draft, actor: curator.who)
                try curator.report(collection, "Created collection '\(collection.slug)' (draft).")
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a collection's title, description, introduction or contact block.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The collection's slug.") var slug: String
        @Option(help: "A new title.") var title: String?
        @OptionGroup var text: CollectionTextOptions
        @OptionGroup var curator: CuratorOptions

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let current = try await database.requireCollection(slug)
                var draft = CollectionDraft(
                    title: title ?? current.title, description: current.description,
                    introduction: current.introduction, contact: current.contact)
                draft = try text.applied(to: draft)
                let collection = try database.editCollection(slug, draft: draft, actor: curator.who)
                try curator.report(collection, "Updated collection '\(collection.slug)'.")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add published examples to the end of a collection.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The collection's slug.") var slug: String
        @Argument(help: "Example ids or uids.") var ids: [String]
        @OptionGroup var curator: CuratorOptions

        func validate() throws { if ids.isEmpty { throw ValidationError("name at least one example id or uid") } }

        func run() async throws {
            try await reportingFailures {
                let collection = try await library.open().addToCollection(slug, examples: ids.map(ExampleReference.init), actor: curator.who)
                try curator.report(collection, "Collection '\(collection.slug)' now holds \(collection.items.count) examples.")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take examples out of a collection.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The collection's slug.") var slug: String
        @Argument(help: "Example ids or uids.") var ids: [String]
        @OptionGroup var curator: CuratorOptions

        func validate() throws { if ids.isEmpty { throw ValidationError("name at least one example id or uid") } }

        func run() async throws {
            try await reportingFailures {
                let collection = try await library.open().removeFromCollection(slug, examples: ids.map(ExampleReference.init), actor: curator.who)
                try curator.report(collection, "Collection '\(collection.slug)' now holds \(collection.items.count) examples.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every collection, by slug.")

        @OptionGroup var library: LibraryOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let collections = try await library.open().collections()
                if format == .json { return try printJSON(["collections": collections]) }
                if collections.isEmpty { return print("There are no collections yet.") }
                for collection in collections {
                    print("\(collection.slug)\t\(collection.status.rawValue)\t\(collection.items.count) examples\t\(collection.title)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One collection with its examples in order.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The collection's slug.") var slug: String
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let collection = try await library.open().requireCollection(slug)
                if format == .json { try printJSON(collection) } else { print(CollectionText.describe(collection)) }
            }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a collection (again, to date a new edition).")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The collection's slug.") var slug: String
        @OptionGroup var curator: CuratorOptions

        func run() async throws {
            try await reportingFailures {
                let collection = try await library.open().publishCollection(slug, actor: curator.who)
                try curator.report(collection, "Published collection '\(collection.slug)' at \(collection.publishedAt ?? "").")
            }
        }
    }
}

/// The text of a collection that `create` and `edit` accept.
struct CollectionTextOptions: ParsableArguments {
    @Option(name: .customLong("description"), help: "One or two sentences about the collection.") var summary: String?
    @Option(help: "The introduction, in Markdown.") var introduction: String?
    @Option(name: .customLong("introduction-file"), help: "A Markdown file holding the introduction (- for standard input).")
    var introductionFile: String?
    @Option(help: "A local contact block, in Markdown (an empty string removes it).") var contact: String?

    func validate() throws {
        if introduction != nil && introductionFile != nil { throw ValidationError("give --introduction or --introduction-file, not both") }
    }

    /// The draft with every option given applied.
    func applied(to draft: CollectionDraft) throws -> CollectionDraft {
        var draft = draft
        if let summary { draft.description = summary }
        if let introduction { draft.introduction = introduction }
        if let introductionFile { draft.introduction = String(decoding: try readInput(introductionFile), as: UTF8.self) }
        if let contact { draft.contact = contact.isEmpty ? nil : contact }
        return draft
    }
}

/// Who is curating, and how to report the result.
struct CuratorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Who is making the change (default: $USER).") var actor: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    var who: String { actor ?? ProcessInfo.processInfo.environment["USER"] ?? "curator" }

    /// Prints the collection as JSON, or the message as text.
    func report(_ collection: ExampleCollection, _ message: String) throws {
        if format == .json { try printJSON(collection) } else { print(message) }
    }
}

/// Plain-text renderings of collections for the terminal.
enum CollectionText {
    static func describe(_ collection: ExampleCollection) -> String {
        var lines = ["\(collection.slug): \(collection.title)", "status: \(collection.status.rawValue)"]
        if let published = collection.publishedAt { lines.append("published: \(published)") }
        lines.append("updated: \(collection.updatedAt) by \(collection.updatedBy)")
        if !collection.description.isEmpty { lines += ["", collection.description] }
        if !collection.introduction.isEmpty { lines += ["", collection.introduction] }
        if let contact = collection.contact { lines += ["", "Contact:", contact] }
        lines += ["", collection.items.isEmpty ? "No examples yet." : "Examples:"]
        lines += collection.items.enumerated().map { index, item in
            let note = item.status == .published ? "" : " — \(item.status.rawValue), left out of exports"
            return "  \(index + 1). [\(item.exampleID)] \(item.title)\(note)"
        }
        return lines.joined(separator: "\n")
    }
}

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Publish a collection as a document: html, docx (Word), markdown, json, csv, or a site folder.")

    @OptionGroup var library: LibraryOptions
    @Argument(help: "The collection's slug.") var slug: String
    @Option(help: "html, docx, markdown, json, csv or site.") var format: ExportFormat
    @Flag(help: "Print each example in its short form (title, summary, facts and links), for long collections.") var short = false
    @Option(help: "The file to write (- for standard output), or for site an empty or new folder.") var output: String
    @OptionGroup var progress: ProgressOptions

    func validate() throws {
        if format == .site && output == "-" { throw ValidationError("a site is a folder: give --output a folder path") }
    }

    func run() async throws {
        try await reportingFailures {
            let line = progress.line("Exporting", unit: "examples")
            defer { line.finish() }
            var document = try await library.open().exportDocument(slug: slug)
            if short { document.form = .short }
            line.update(0, fraction: nil)
            let rendered = try format.renderer.render(document)
            line.update(document.examples.count, fraction: 0.5)
            try ExportWriter.write(rendered, to: output) { written, files in
                line.update(document.examples.count, fraction: 0.5 + 0.5 * Double(written) / Double(max(files, 1)))
            }
            line.finish()
            for item in document.dropped {
                FileHandle.standardError.write(Data("casebook: left out #\(item.exampleID) \"\(item.title)\": it is \(item.status.rawValue)\n".utf8))
            }
            if output != "-" {
                print("Wrote \(format.rawValue) export of '\(slug)' (\(document.examples.count) examples) to \(output).")
            }
        }
    }
}

/// Writes an export into place atomically: into a temporary file or folder beside the target, then renamed.
enum ExportWriter {
    /// `progress` is told the files written and the files in all.
    static func write(_ output: ExportOutput, to path: String, progress: (_ written: Int, _ files: Int) -> Void = { _, _ in }) throws {
        switch output {
        case .file(let data, _) where path == "-": FileHandle.standardOutput.write(data)
        case .file(let data, _): try writeFile(data, to: URL(fileURLWithPath: path))
        case .folder(let files): try writeFolder(files, to: URL(fileURLWithPath: path), progress: progress)
        }
        progress(1, 1)
    }

    private static func writeFile(_ data: Data, to target: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), isFolder.boolValue {
            throw CommandFailure(message: "\(target.path) is a folder; give a file path", code: ExitStatus.failure)
        }
        let temporary = try temporaryURL(beside: target)
        do {
            try data.write(to: temporary)
            try moveIntoPlace(temporary, target)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    private static func writeFolder(_ files: [String: Data], to target: URL, progress: (_ written: Int, _ files: Int) -> Void) throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        let exists = manager.fileExists(atPath: target.path, isDirectory: &isFolder)
        if exists, try !isFolder.boolValue || !manager.contentsOfDirectory(atPath: target.path).isEmpty {
            throw CommandFailure(message: "\(target.path) already exists and is not an empty folder; choose a new or empty folder", code: ExitStatus.failure)
        }
        let temporary = try temporaryURL(beside: target)
        do {
            for (written, (relative, data)) in files.sorted(by: { $0.key < $1.key }).enumerated() {
                let file = temporary.appendingPathComponent(relative)
                try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: file)
                progress(written + 1, files.count)
            }
            if exists { try manager.removeItem(at: target) }
            try moveIntoPlace(temporary, target)
        } catch {
            try? manager.removeItem(at: temporary)
            throw error
        }
    }

    private static func temporaryURL(beside target: URL) throws -> URL {
        let folder = target.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure(message: "the folder \(folder.path) does not exist", code: ExitStatus.failure)
        }
        return folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
    }

    private static func moveIntoPlace(_ temporary: URL, _ target: URL) throws {
        guard rename(temporary.path, target.path) == 0 else {
            throw CommandFailure(message: "cannot write \(target.path): \(String(cString: strerror(errno)))", code: ExitStatus.failure)
        }
    }
}
