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
        if let note = ExampleFacts.note(example) { lines += ["*\(note)*", ""] }
        lines += ExampleFacts.of(example, reference: reference).map { "- **\($0.label):** \(MarkdownText.escapeInline($0.text))" }
        lines += ["", "> " + MarkdownText.escapeInline(example.summary), ""]
        for part in ExampleFacts.account(of: example, reference: reference) {
            if let heading = part.heading { lines += ["\(hashes)# \(MarkdownText.escapeInline(heading))", ""] }
            lines += [MarkdownText.neutraliseHTML(part.markdown), ""]
        }
        let links = example.links.compactMap { link in
            MarkdownText.destination(link.url).map { "- [\(MarkdownText.escapeInline(link.title))](\($0))" }
        }
        if !links.isEmpty { lines += ["\(hashes)# Links", ""] + links + [""] }
        return lines.joined(separator: "\n")
    }
}
