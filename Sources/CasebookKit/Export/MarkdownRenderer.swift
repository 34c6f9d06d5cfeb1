import Foundation

/// The guide as one Markdown file, in the same order as the HTML guide. All text is escaped, example
/// bodies are rewritten through `SafeMarkdown`, so no raw HTML or unsafe link survives.
public struct MarkdownRenderer: ExportRenderer {
    /// The format this renderer writes.
    public static let format = ExportFormat.markdown

    /// Makes the renderer.
    public init() {}

    /// Renders the whole guide.
    public func render(_ document: ExportDocument) throws -> ExportOutput {
        var blocks = cover(document) + [contents(document)]
        for chapter in document.chapters {
            blocks += chapterOpening(chapter.foundation)
            blocks += chapter.examples.map { example($0, reference: document.reference) }
        }
        if let note = document.droppedNote { blocks += ["## Left out of this edition", text(note)] }
        blocks += ["---", text("\(document.collection.title) · \(GuideHTML.dateLine(document)) · made with Casebook."), text(GuideHTML.credit)]
        let markdown = blocks.map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }.joined(separator: "\n\n") + "\n"
        return .file(Data(markdown.utf8), contentType: "text/markdown; charset=utf-8")
    }

    private func cover(_ document: ExportDocument) -> [String] {
        let collection = document.collection
        var blocks = ["# " + MarkdownText.escapeInline(collection.title)]
        if !collection.description.isEmpty { blocks.append(text(collection.description)) }
        blocks.append("*" + MarkdownText.escapeInline(GuideHTML.dateLine(document)) + "*")
        if !collection.introduction.isEmpty { blocks.append(SafeMarkdown.markdown(collection.introduction, topHeadingLevel: 2)) }
        if let contact = collection.contact, !contact.isEmpty {
            blocks += ["**Contact**", SafeMarkdown.markdown(contact, topHeadingLevel: 4)]
        }
        return blocks
    }

    private func contents(_ document: ExportDocument) -> String {
        guard !document.chapters.isEmpty else { return "## Contents\n\nThis collection has no published examples yet." }
        let lines = document.chapters.flatMap { chapter in
            ["- \(chapter.foundation.number)\\. " + MarkdownText.escapeInline(chapter.foundation.name)]
                + chapter.examples.map { "    - " + MarkdownText.escapeInline($0.example.title) }
        }
        return "## Contents\n\n" + lines.joined(separator: "\n")
    }

    private func chapterOpening(_ foundation: Foundation) -> [String] {
        var blocks = ["## Foundation \(foundation.number): " + MarkdownText.escapeInline(foundation.name), text(foundation.description)]
        if !foundation.prompts.isEmpty {
            blocks += ["### Questions to reflect on", foundation.prompts.map { "- " + MarkdownText.escapeInline($0) }.joined(separator: "\n")]
        }
        return blocks
    }

    private func example(_ exported: ExportedExample, reference: ReferenceData) -> String {
        let example = exported.example
        var blocks = ["### " + MarkdownText.escapeInline(example.title)]
        if let note = ExampleFacts.note(example) { blocks.append("*\(note)*") }
        blocks.append("> " + MarkdownText.escapeInline(example.summary))
        blocks.append(
            ExampleFacts.of(example, reference: reference)
                .map { "- **\(MarkdownText.escapeInline($0.label)):** \(MarkdownText.escapeInline($0.text))" }.joined(separator: "\n"))
        for part in ExampleFacts.account(of: example, reference: reference) {
            if let heading = part.heading { blocks.append("#### " + MarkdownText.escapeInline(heading)) }
            blocks.append(SafeMarkdown.markdown(part.markdown, topHeadingLevel: part.heading == nil ? 4 : 5))
        }
        let tried = ExampleFacts.triedElsewhere(exported.adoptions, reference: reference)
        if !tried.isEmpty {
            blocks.append("#### " + ExampleFacts.triedElsewhereHeading(count: tried.count))
            blocks.append(
                tried.map { report in
                    "- **\(MarkdownText.escapeInline(report.who))**: what they adapted: \(MarkdownText.escapeInline(report.adapted))"
                        + (report.happened.isEmpty ? "" : " What happened: " + MarkdownText.escapeInline(report.happened))
                }.joined(separator: "\n"))
        }
        if !example.links.isEmpty { blocks += ["#### Links", links(example.links)] }
        return blocks.map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }.joined(separator: "\n\n")
    }

    private func links(_ links: [Link]) -> String {
        links.map { link in
            let title = MarkdownText.escapeInline(link.title)
            guard let destination = SafeMarkdown.destination(link.url) else { return "- \(title): " + MarkdownText.escapeInline(link.url) }
            return "- [\(title)](\(destination))"
        }.joined(separator: "\n")
    }

    /// A paragraph of plain text, escaped, that cannot start a list.
    private func text(_ plain: String) -> String { SafeMarkdown.Inline.lineStart(MarkdownText.escapeInline(plain)) }
}
