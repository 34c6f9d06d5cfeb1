/// Escaping for text placed in Markdown, so that it reads as written and no HTML in it is live.
public enum MarkdownText {
    /// Inline text with Markdown punctuation backslash-escaped and HTML's `<`, `>` and `&` as entities.
    public static func escapeInline(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "|", "!": result += "\\" + String(character)
            case "\n", "\r": result += " "
            default: result.append(character)
            }
        }
        return result
    }

    /// A Markdown body kept as Markdown, with raw HTML turned into visible text.
    public static func neutraliseHTML(_ markdown: String) -> String {
        markdown.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A link destination safe inside `( )`: only http(s) and mailto addresses, with spaces and parentheses encoded.
    public static func destination(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") else { return nil }
        return url.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "(", with: "%28")
            .replacingOccurrences(of: ")", with: "%29").replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E")
    }
}

/// One example as a Markdown document.
public enum ExampleMarkdown {
    /// The example with a heading, its facts, summary, body and links.
    public static func render(_ example: Example, reference: ReferenceData, headingLevel: Int = 1) -> String {
        let hashes = String(repeating: "#", count: headingLevel)
        var lines = ["\(hashes) \(MarkdownText.escapeInline(example.title))", ""]
        lines += facts(of: example, reference: reference).map { "- **\($0.0):** \(MarkdownText.escapeInline($0.1))" }
        lines += ["", "> " + MarkdownText.escapeInline(example.summary), ""]
        if !example.body.isEmpty { lines += [MarkdownText.neutraliseHTML(example.body), ""] }
        let links = example.links.compactMap { link in
            MarkdownText.destination(link.url).map { "- [\(MarkdownText.escapeInline(link.title))](\($0))" }
        }
        if !links.isEmpty { lines += ["\(hashes)# Links", ""] + links + [""] }
        return lines.joined(separator: "\n")
    }

    /// Label and value pairs describing an example, in reading order.
    public static func facts(of example: Example, reference: ReferenceData) -> [(String, String)] {
        let labels = reference.labels
        var facts = [
            ("Organisation", "\(example.organisation.name) (\(VocabularyLabels.label(example.organisation.type.rawValue, in: labels.organisationType)))")
        ]
        if let region = example.region { facts.append(("Region", VocabularyLabels.label(region.rawValue, in: labels.region))) }
        facts.append(("Evidence", VocabularyLabels.label(example.evidence.rawValue, in: labels.evidence)))
        facts.append(("Foundations", example.foundations.map { reference.foundation($0)?.name ?? $0 }.joined(separator: "; ")))
        if !example.ambitions.isEmpty {
            facts.append(("Ambitions", example.ambitions.map { reference.ambition($0)?.name ?? $0 }.joined(separator: "; ")))
        }
        if !example.keywords.isEmpty { facts.append(("Keywords", example.keywords.joined(separator: ", "))) }
        if let started = example.started { facts.append(("Started", started)) }
        if let contact = example.contact, contact.isPublic {
            facts.append(("Contact", [contact.name, contact.email].compactMap { $0 }.joined(separator: ", ")))
        }
        return facts
    }
}
