import CasebookKit
import Foundation

/// Plain-text renderings for the terminal.
enum TextOutput {
    static func search(_ results: SearchResults, reference: ReferenceData) -> String {
        var lines: [String] = []
        if let suggestion = results.suggestion {
            lines.append(results.corrected ? "No results for \"\(results.query)\"; showing results for \"\(suggestion)\"." : "Did you mean \"\(suggestion)\"?")
        }
        let shown = results.results.isEmpty ? "0" : "\(results.offset + 1)–\(results.offset + results.results.count)"
        lines.append("\(results.total) examples found (showing \(shown)).")
        lines += hits(results.results, reference: reference)
        return lines.joined(separator: "\n")
    }

    /// Similar examples, as search results are shown.
    static func similar(_ hits: [SearchHit], to id: String, reference: ReferenceData) -> String {
        let heading = hits.isEmpty ? "No published example is like \(id) yet." : "Examples like \(id):"
        return ([heading] + Self.hits(hits, reference: reference)).joined(separator: "\n")
    }

    private static func hits(_ hits: [SearchHit], reference: ReferenceData) -> [String] {
        var lines: [String] = []
        for hit in hits {
            lines.append("")
            lines.append("[\(hit.id)] \(hit.title)")
            lines.append(
                "    \(hit.organisation.name) · \(VocabularyLabels.label(hit.region?.rawValue, in: reference.labels.region)) · \(VocabularyLabels.label(hit.evidence.rawValue, in: reference.labels.evidence))"
            )
            lines.append("    " + plain(hit.snippet))
            lines.append("    Foundations: " + hit.foundations.map { reference.foundation($0)?.name ?? $0 }.joined(separator: "; "))
        }
        return lines
    }

    /// Snippet HTML as terminal text: matched words in [brackets], entities decoded.
    static func plain(_ snippet: String) -> String {
        snippet.replacingOccurrences(of: "<mark>", with: "[").replacingOccurrences(of: "</mark>", with: "]")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "\n", with: " ")
    }

    static func example(_ stored: StoredExample, reference: ReferenceData) -> String {
        let example = stored.example
        var lines = ["[\(stored.id)] \(example.title)", "uid: \(example.uid ?? "")", "status: \(stored.status.rawValue)"]
        lines += ExampleFacts.of(example, reference: reference).map { "\($0.label.lowercased()): \($0.text)" }
        if let contact = example.contact, !contact.isPublic {
            lines.append("contact (private): \([contact.name, contact.email].compactMap { $0 }.joined(separator: ", "))")
        }
        if let due = example.reviewDue { lines.append("review due: \(due)") }
        if let note = ExampleFacts.note(example) { lines.append(note) }
        lines += ["", example.summary]
        for part in ExampleFacts.account(of: example, reference: reference) {
            lines += [""] + (part.heading.map { [$0.uppercased()] } ?? []) + [part.markdown]
        }
        lines += example.links.map { "link: \($0.title) <\($0.url)>" }
        lines += stored.flags.map { "flag: \($0.kind.rawValue) in \($0.field): \($0.detail)" }
        return lines.joined(separator: "\n")
    }

    static func stats(_ stats: LibraryStats, reference: ReferenceData) -> String {
        var lines = ["Examples by status:"]
        lines += ExampleStatus.keys.map { "  \($0.padding(toLength: 18, withPad: " ", startingAt: 0))\(stats.byStatus[$0] ?? 0)" }
        lines += ["", "Coverage of published examples (foundations × ambitions):"]
        let header =
            "".padding(toLength: 34, withPad: " ", startingAt: 0)
            + reference.ambitions.map { "A\($0.number)".padding(toLength: 6, withPad: " ", startingAt: 0) }.joined()
        lines.append(header + "Total")
        let totals = stats.coverageTotals
        for foundation in reference.foundations {
            let label = "\(foundation.number). \(foundation.name)"
            let cells = reference.ambitions.map { String(stats.coverage[foundation.key]?[$0.key] ?? 0).padding(toLength: 6, withPad: " ", startingAt: 0) }
            lines.append(
                String(label.prefix(32)).padding(toLength: 34, withPad: " ", startingAt: 0) + cells.joined()
                    + String(totals.foundation[foundation.key] ?? 0))
        }
        let columnTotals = reference.ambitions.map { String(totals.ambition[$0.key] ?? 0).padding(toLength: 6, withPad: " ", startingAt: 0) }
        lines.append("Total".padding(toLength: 34, withPad: " ", startingAt: 0) + columnTotals.joined() + String(totals.examples))
        lines += [""] + reference.ambitions.map { "A\($0.number) = \($0.name)" }
        return lines.joined(separator: "\n")
    }

    static func queue(_ items: [QueueItem]) -> String {
        guard !items.isEmpty else { return "Nothing is waiting for a moderator." }
        return items.map { item in
            var lines = ["[\(item.id)] \(item.title) — \(item.status.rawValue), submitted \(item.submittedAt)"]
            if item.status == .published, let due = item.reviewDue {
                lines.append("    review was due \(due)" + (item.daysOverdue.map { ", \($0) days overdue" } ?? ""))
            }
            lines += item.flags.map { "    flag: \($0.kind.rawValue) in \($0.field): \($0.detail)" }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    static func versions(_ versions: [ExampleVersion]) -> String {
        versions.map { version in
            let example = version.example
            return [
                "Version \(version.number): \(version.action) by \(version.actor) at \(version.at)",
                "    title: \(example.title)", "    summary: \(example.summary)"
            ]
                + (example.body.isEmpty ? [] : ["    body: " + example.body.replacingOccurrences(of: "\n", with: "\n          ")])
        }.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }

    static func history(_ events: [ModerationEvent]) -> String {
        events.map { event in
            let move = "\(event.from?.rawValue ?? "—") → \(event.to.rawValue)"
            return "\(event.at)  \(event.actor)  \(event.action)  \(move)" + (event.note.map { "  \"\($0)\"" } ?? "")
        }.joined(separator: "\n")
    }
}
