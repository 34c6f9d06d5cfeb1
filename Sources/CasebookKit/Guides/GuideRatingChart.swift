import Foundation

/// A small chart of a guide's ratings across its editions, drawn on the server as SVG so it needs no script:
/// one row a foundation, one bar an edition, longer for a higher rating. The page shows the same figures
/// as a table beside it; every text in the SVG passes through `XML.escape`.
public enum GuideRatingChart {
    /// The most editions drawn: the latest ones.
    public static let maximumEditions = 6

    /// One column of the chart: an edition (or the unsaved content) and its ratings by foundation key.
    public struct Series: Sendable, Equatable {
        public var label: String
        public var ratings: [String: GuideRating]

        /// A series named `label` with the ratings of `content`.
        public init(label: String, content: GuideContent) {
            self.label = label
            ratings = Dictionary(content.foundations.compactMap { entry in entry.rating.map { (entry.foundation, $0) } }, uniquingKeysWith: { a, _ in a })
        }
    }

    static let palette = ["#b1b4b6", "#6f777b", "#5694ca", "#1d70b8", "#003078", "#0b0c0c"]
    static let (labelWidth, barWidth, barHeight, gap) = (250, 330, 9, 2)

    /// The chart of `series` (oldest first; only the latest `maximumEditions` are drawn) for `foundations`.
    public static func svg(_ series: [Series], foundations: [Foundation]) -> String {
        let shown = Array(series.suffix(maximumEditions))
        let colours = Array(palette.suffix(max(shown.count, 1)))
        let legendHeight = 22 * ((shown.count + 2) / 3) + 24
        let rowHeight = max(shown.count, 1) * (barHeight + gap) + 10
        let height = legendHeight + foundations.count * rowHeight + 24
        let width = labelWidth + barWidth + 20
        // Presentation attributes rather than a <style> element, so that a page whose policy forbids inline styles draws it too.
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-labelledby=\"chart-title\""
        svg += " font-family=\"system-ui, sans-serif\" font-size=\"12\" fill=\"#0b0c0c\">"
        svg += "<title id=\"chart-title\">Ratings of each foundation across \(shown.count == 1 ? "one edition" : "\(shown.count) editions")</title>"
        for (index, item) in shown.enumerated() {
            let (x, y) = ((index % 3) * 200, 4 + (index / 3) * 22)
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"14\" height=\"14\" fill=\"\(colours[index])\"/>"
            svg += "<text x=\"\(x + 20)\" y=\"\(y + 12)\">\(XML.escape(shortened(item.label, to: 26)))</text>"
        }
        let top = legendHeight
        for level in GuideRating.allCases {
            let x = labelWidth + barLength(level)
            svg += "<line x1=\"\(x)\" y1=\"\(top - 4)\" x2=\"\(x)\" y2=\"\(height - 20)\" stroke=\"#dddddd\"/>"
        }
        svg += "<text fill=\"#505a5f\" x=\"\(labelWidth)\" y=\"\(height - 6)\">Not started</text>"
        svg += "<text fill=\"#505a5f\" x=\"\(labelWidth + barWidth)\" y=\"\(height - 6)\" text-anchor=\"end\">Embedded</text>"
        for (row, foundation) in foundations.enumerated() {
            let y = top + row * rowHeight
            svg += "<text x=\"0\" y=\"\(y + rowHeight / 2 + 2)\">\(XML.escape(shortened("\(foundation.number). \(foundation.name)", to: 38)))</text>"
            for (index, item) in shown.enumerated() {
                let barY = y + 4 + index * (barHeight + gap)
                guard let rating = item.ratings[foundation.key] else { continue }
                svg += "<rect x=\"\(labelWidth)\" y=\"\(barY)\" width=\"\(barLength(rating))\" height=\"\(barHeight)\" fill=\"\(colours[index])\">"
                svg += "<title>\(XML.escape("\(item.label): \(rating.label)"))</title></rect>"
            }
        }
        return svg + "</svg>"
    }

    /// How long a rating's bar is: a stub for not started, the whole width for embedded.
    static func barLength(_ rating: GuideRating) -> Int {
        6 + (barWidth - 6) * rating.level / (GuideRating.allCases.count - 1)
    }

    private static func shortened(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
