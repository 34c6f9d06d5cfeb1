import Foundation

/// A local guide as one Markdown document, in the printed guide's order: for each foundation its *What*, its
/// *Ask* with the team's answers, the examples in action with local notes, actions and the rating; then the
/// local contact and the guide's credit. Every text of the team passes through `MarkdownText.escapeInline`.
public enum GuideMarkdown {
    /// The guide as Markdown; `allFoundations` keeps the foundations not filled in, with room to answer.
    public static func render(_ view: GuideView, allFoundations: Bool) -> String {
        let content = view.content
        var lines = ["# " + MarkdownText.escapeInline(content.title), ""]
        let facts = [
            content.area.isEmpty ? nil : "Area: " + MarkdownText.escapeInline(content.area),
            content.meetingDate.map { "Meeting: " + $0 },
            view.edition.map { "Edition \($0.number)" + ($0.label.map { ", " + MarkdownText.escapeInline($0) } ?? "") + ", saved " + $0.savedAt }
        ].compactMap { $0 }
        if !facts.isEmpty { lines += [facts.joined(separator: " · "), ""] }
        lines += paragraphs(content.introduction)
        for item in allFoundations ? view.foundations : view.filledFoundations { lines += foundation(item) }
        if view.withdrawn > 0 {
            lines += [
                "",
                "_\(view.withdrawn == 1 ? "One example" : "\(view.withdrawn) examples") chosen for this guide \(view.withdrawn == 1 ? "is" : "are") no longer published and left out._"
            ]
        }
        lines += contact(content.contact)
        lines += ["", "---", "", GuideHTML.credit]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func foundation(_ item: GuideFoundationView) -> [String] {
        var lines = ["", "## \(item.foundation.number). " + MarkdownText.escapeInline(item.foundation.name), ""]
        lines += ["**Rating:** " + (item.entry.rating?.label ?? "not rated yet"), "", "### What", ""]
        lines += paragraphs(item.foundation.description)
        lines += ["", "### Ask", ""]
        for (prompt, answer) in item.prompts {
            lines += ["- **" + MarkdownText.escapeInline(prompt) + "**"]
            lines += answer.trimmed.isEmpty ? ["  _(not answered yet)_"] : ["  " + MarkdownText.escapeInline(answer)]
        }
        if !item.examples.isEmpty {
            lines += ["", "### Examples in action", ""]
            for example in item.examples {
                var line = "- " + MarkdownText.escapeInline(example.title) + " (" + MarkdownText.escapeInline(example.organisation) + ")"
                if let note = example.note { line += ": " + MarkdownText.escapeInline(note) }
                lines.append(line)
            }
        }
        if !item.entry.actions.isEmpty {
            lines += ["", "### Actions", ""]
            for action in item.entry.actions {
                let who = [action.owner.map(MarkdownText.escapeInline), action.due.map { "by " + $0 }].compactMap { $0 }.joined(separator: ", ")
                lines.append("- [\(action.done ? "x" : " ")] " + MarkdownText.escapeInline(action.what) + (who.isEmpty ? "" : " (\(who))"))
            }
        }
        if !item.entry.notes.trimmed.isEmpty { lines += ["", "### Notes", ""] + paragraphs(item.entry.notes) }
        return lines
    }

    private static func contact(_ contact: GuideContact?) -> [String] {
        guard let contact, !contact.isEmpty else { return [] }
        let parts = [contact.name, contact.role, contact.email, contact.phone].compactMap { $0 }.filter { !$0.isEmpty }
        return ["", "## Your local contact is:", ""] + parts.map { MarkdownText.escapeInline($0) + "  " }
    }

    /// Free text as escaped paragraphs, split at blank lines.
    private static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").map(\.trimmed).filter { !$0.isEmpty }.flatMap { [MarkdownText.escapeInline($0), ""] }
    }
}
