import Foundation

/// A local guide as an editable Word document, in the order and words of its HTML export: the cover with the
/// local contact, then each foundation's *What*, *Ask* with the team's answers, examples in action with local
/// notes, actions, notes and rating, then the credit. The team's text is plain runs, escaped by `WordBody`.
enum LocalGuideWord {
    static func document(_ view: GuideView, allFoundations: Bool) throws -> Data {
        var body = WordBody()
        cover(view, into: &body)
        let shown = allFoundations ? view.foundations : view.filledFoundations
        if shown.isEmpty { body.plain("Nothing has been written in this guide yet.") }
        for (index, item) in shown.enumerated() {
            // Each foundation on its own page, as in the printed guide, with room to write.
            if index > 0 { body.pageBreak() }
            foundation(item, into: &body)
        }
        if let note = GuideExport.withdrawnNote(view.withdrawn) { body.plain(note, style: "Summary") }
        body.plain("\(view.content.title) · \(GuideExport.dateLine(view)) · made with Casebook.", style: "Colophon")
        body.plain(GuideHTML.credit, style: "Colophon")
        let package = WordPackage(body: body, title: view.content.title, subject: view.content.area, date: view.edition?.savedAt ?? view.updatedAt)
        return try package.zipped()
    }

    private static func cover(_ view: GuideView, into body: inout WordBody) {
        let content = view.content
        body.plain("Local guide · Small Steps, Big Vision", style: "CoverDate")
        body.plain(content.title, style: "Title")
        if !content.area.isEmpty { body.plain(content.area, style: "Subtitle") }
        body.plain(GuideExport.dateLine(view) + (content.meetingDate.map { " · Meeting of \(DateWords.day($0))" } ?? ""), style: "CoverDate")
        for paragraph in GuideExport.paragraphs(content.introduction) { body.plain(paragraph) }
        let contact = GuideExport.contactLines(content.contact)
        if !contact.isEmpty {
            body.plain("Your local contact is:", style: "Heading3")
            for line in contact { body.plain(line) }
        }
        body.pageBreak()
    }

    private static func foundation(_ item: GuideFoundationView, into body: inout WordBody) {
        body.plain("\(item.foundation.number). \(item.foundation.name)", style: "Heading1")
        body.plain("Our rating: " + (item.entry.rating?.label ?? "Not rated yet"), style: "Summary")
        body.plain("What", style: "Heading3")
        body.plain(item.foundation.description)
        body.plain("Ask", style: "Heading3")
        for (prompt, answer) in item.prompts {
            body.bold(prompt)
            let paragraphs = GuideExport.paragraphs(answer)
            if paragraphs.isEmpty { body.plain("Not answered yet.", style: "Colophon") }
            for paragraph in paragraphs { body.plain(paragraph) }
        }
        if !item.examples.isEmpty {
            body.plain("Examples in action", style: "Heading3")
            body.list(
                item.examples.map { example in
                    let note = example.note?.trimmed ?? ""
                    return [.strong([.text(example.title)]), .text(" (\(example.organisation))" + (note.isEmpty ? "" : ". What we would adapt: " + note))]
                }, ordered: false)
        }
        if let note = GuideExport.withdrawnNote(item.withdrawn) { body.plain(note, style: "Colophon") }
        if !item.entry.actions.isEmpty {
            body.plain("Actions", style: "Heading3")
            body.list(
                item.entry.actions.map { action in
                    let who = [action.owner, action.due.map { "by " + DateWords.month($0) }].compactMap { $0 }.joined(separator: ", ")
                    return [.strong([.text(action.done ? "Done: " : "Open: ")]), .text(action.what + (who.isEmpty ? "" : " (\(who))"))]
                }, ordered: false)
        }
        let notes = GuideExport.paragraphs(item.entry.notes)
        if !notes.isEmpty {
            body.plain("Notes", style: "Heading3")
            for paragraph in notes { body.plain(paragraph) }
        }
    }
}
