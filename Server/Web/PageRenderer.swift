import CasebookKit
import Crypto
import Foundation
import Hummingbird
import Mustache

/// The page templates, one per kind of page; `PageRenderer.shipped(_:)` checks that each is there, so a
/// missing template stops the server at start rather than showing an empty page.
enum PageTemplate: String, CaseIterable, Sendable {
    case collection
    case collections
    case coverage
    case curation
    case curationList = "curation-list"
    case error
    case example
    case foundation
    case foundations
    case guideAdd = "guide-add"
    case guideCompare = "guide-compare"
    case guideDelete = "guide-delete"
    case guideDetails = "guide-details"
    case guideEditions = "guide-editions"
    case guideFoundation = "guide-foundation"
    case guideGaps = "guide-gaps"
    case guideLinks = "guide-links"
    case guideOverview = "guide-overview"
    case guideRead = "guide-read"
    case home
    case alert
    case queue
    case review
    case reviewAnswer = "review-answer"
    case search
    case signIn = "sign-in"
    case submission
    case submit
}

/// The web pages' mustache templates and stylesheet, shipped as resources of CasebookServer so that an
/// installed binary finds them in its `casebook_CasebookServer.resources` folder.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// `style.css`, served at `/static/style.css`.
    let stylesheet: ByteBuffer
    /// A digest of the stylesheet, in its address so that a new version is fetched at once despite the long cache.
    let stylesheetVersion: String
    /// `icon.svg`, the site's icon, also served at `/favicon.ico` so browsers find it without asking twice.
    let icon: ByteBuffer

    /// The templates and stylesheet shipped with the server, from `resources`, and the partials it shares with
    /// the export (`ExportTemplates.shared`, such as the example's article). Every page template, the layout
    /// and every partial a template includes must be there: a missing one is a `ServerResourceError` (or an
    /// `ExportTemplateError`) naming it, so the server does not start rather than show an empty page.
    static func shipped(_ resources: ServerResources) throws -> PageRenderer {
        let folder = try resources.url("Templates")
        let style = try resources.data("Static/style.css"), icon = try resources.data("Static/icon.svg")
        var library = MustacheLibrary()
        for (name, text) in try ExportTemplates.shipped().shared { try library.registerHTML(text, named: name) }
        var included: Set<String> = []
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "mustache" {
            let text = try String(contentsOf: file, encoding: .utf8)
            try library.registerHTML(text, named: file.deletingPathExtension().lastPathComponent)
            included.formUnion(text.matches(of: /\{\{>\s*([A-Za-z0-9_-]+)\s*\}\}/).map { String($0.1) })
        }
        let needed = Set(PageTemplate.allCases.map(\.rawValue) + ["layout"]).union(included)
        let missing = needed.sorted().filter { library.getTemplate(named: $0) == nil }
        guard missing.isEmpty else {
            throw ServerResourceError(missing: missing.map { "Templates/\($0).mustache" }, looked: [resources.folder])
        }
        let version = SHA256.hash(data: style).prefix(6).map { String(format: "%02x", $0) }.joined()
        return PageRenderer(library: library, stylesheet: ByteBuffer(data: style), stylesheetVersion: version, icon: ByteBuffer(data: icon))
    }

    /// A whole page: the named template rendered with its view, inside the layout.
    func page(_ template: PageTemplate, view: Any, title: String, chrome: Chrome) -> String {
        let main = library.render(view, withTemplate: template.rawValue) ?? ""
        let layout = Layout(title: title, main: main, chrome: chrome, stylesheet: "/static/style.css?v=\(stylesheetVersion)")
        return library.render(layout, withTemplate: "layout") ?? main
    }

    /// What the layout shows around every page. `main` is HTML the page's own template rendered, escaped there.
    struct Layout {
        var title: String
        var main: String
        var chrome: Chrome
        var stylesheet: String
    }
}

/// The parts of the layout that depend on the visitor: the navigation and, for moderators, sign-out.
struct Chrome {
    var navigation: [NavigationLink]
    var moderator: String?
    var csrf: String

    struct NavigationLink {
        var href: String
        var label: String
        /// The rest of the label, left out on a phone so that the navigation keeps to one line.
        var more: String
        var current: Bool
        /// Shown in the navigation on wide screens only; a phone has the link in the header instead.
        var wideOnly = false
    }

    /// The site's sections, with `current` marking the one the page belongs to.
    init(section: String, moderator: String?, csrf: String) {
        var links = [
            ("/", "Search", ""), ("/foundations", "Foundations", ""), ("/coverage", "Coverage", ""),
            ("/collections", "Collections", ""), ("/submit", "Submit", " an example")
        ]
        if moderator != nil { links.append(("/moderate", "Moderation", "")) }
        navigation = links.map { NavigationLink(href: $0.0, label: $0.1, more: $0.2, current: $0.0 == section, wideOnly: $0.0 == "/moderate") }
        self.moderator = moderator
        self.csrf = csrf
    }
}
