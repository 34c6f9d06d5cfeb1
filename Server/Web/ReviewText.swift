import CasebookKit

/// A submission's text as a reviewer reads it: flagged spans marked where they occur, and the words
/// changed since the previous version marked as added or removed. Every piece of text is escaped;
/// marks carry visually hidden words, so they do not rely on colour.
enum ReviewText {
    /// The text, escaped, with each possible identifier in a `<mark>` saying what it may be.
    static func highlighted(_ text: String) -> String {
        var html = ""
        var position = text.startIndex
        for (range, kind) in Screener().spans(in: text) {
            html += HTML.escape(String(text[position..<range.lowerBound]))
            let label = (FlagView.kinds[kind] ?? kind.rawValue).lowercased()
            html +=
                "<mark class=\"flagged\"><span class=\"visually-hidden\">Flagged, \(label): </span>"
                + HTML.escape(String(text[range])) + "</mark>"
            position = range.upperBound
        }
        return html + HTML.escape(String(text[position...]))
    }

    /// The words of `new` compared with `old`: removed words in `<del>`, added ones in `<ins>`.
    /// Nil when nothing changed.
    static func changes(from old: String, to new: String) -> String? {
        guard old != new else { return nil }
        let before = words(old), after = words(new)
        let difference = after.map(\.word).difference(from: before.map(\.word))
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var html = "", run: (kind: String, text: String)? = nil
        func flush() {
            guard let current = run else { return }
            let label = current.kind == "del" ? "Removed: " : "Added: "
            let end = current.kind == "del" ? " End of removed words. " : " End of added words. "
            html +=
                "<\(current.kind)><span class=\"visually-hidden\">\(label)</span>\(HTML.escape(current.text))"
                + "<span class=\"visually-hidden\">\(end)</span></\(current.kind)>"
            run = nil
        }
        func add(_ kind: String, _ text: String) {
            if run?.kind != kind { flush() }
            run = (kind, (run?.text ?? "") + text)
        }
        var i = 0, j = 0
        while i < before.count || j < after.count {
            if i < before.count, removed.contains(i) {
                add("del", before[i].text); i += 1
            } else if j < after.count, inserted.contains(j) {
                add("ins", after[j].text); j += 1
            } else {
                flush()
                if j < after.count { html += HTML.escape(after[j].text) }
                i += 1; j += 1
            }
        }
        flush()
        return html
    }

    /// Words with the spaces after each; leading spaces stay with the first.
    private static func words(_ text: String) -> [(word: String, text: String)] {
        text.matches(of: /\s*\S+\s*/).map { match in
            (match.output.trimmingCharacters(in: .whitespacesAndNewlines), String(match.output))
        }
    }
}
