/// A collection ready to render: its currently published examples grouped into chapters, one per foundation.
///
/// The chapter rule: each example appears once, under the first of its foundations, so a printed guide
/// never repeats an example. Chapters follow the foundations' numbers; within a chapter, examples keep
/// the curator's order.
public struct ExportDocument: Sendable {
    /// The collection, with all its items.
    public var collection: ExampleCollection
    /// The chapters, one per foundation that has examples, in foundation order.
    public var chapters: [ExportChapter]
    /// Items that were curated but are no longer published, left out of the document.
    public var dropped: [CollectionItem]
    /// Foundations, ambitions and labels for display.
    public var reference: ReferenceData
    /// Whether each example is printed whole or in its short form; the curator chooses when exporting.
    public var form: ExportForm = .full

    /// Groups a collection's stored examples into chapters; anything not published now is dropped.
    init(collection: ExampleCollection, examples stored: [StoredExample], adoptions: [Int64: [StoredAdoption]] = [:], reference: ReferenceData) {
        self.collection = collection
        self.reference = reference
        let published = stored.filter { $0.status == .published }.map {
            ExportedExample(id: $0.id, example: $0.example.publicView, adoptions: (adoptions[$0.id] ?? []).map(\.publicView))
        }
        let publishedIDs = Set(published.map(\.id))
        dropped = collection.items.filter { !publishedIDs.contains($0.exampleID) }
        chapters = reference.foundations.compactMap { foundation in
            let members = published.filter { $0.example.foundations.first == foundation.key }
            return members.isEmpty ? nil : ExportChapter(foundation: foundation, examples: members)
        }
    }

    /// The document's date: when the collection was published, else last changed. Never "now", so output is stable.
    public var date: String { collection.publishedAt ?? collection.updatedAt }

    /// Every example in guide order: chapter by chapter.
    public var examples: [ExportedExample] { chapters.flatMap(\.examples) }

    /// A sentence for readers about the examples left out, or nil when none were.
    public var droppedNote: String? {
        guard !dropped.isEmpty else { return nil }
        let count = dropped.count == 1 ? "One example" : "\(dropped.count) examples"
        let verb = dropped.count == 1 ? "is" : "are"
        let which = dropped.map { "#\($0.exampleID) (\($0.status.rawValue))" }.joined(separator: ", ")
        return "\(count) chosen for this collection \(verb) no longer published and \(verb) left out: \(which)."
    }
}

/// How much of each example a guide prints.
public enum ExportForm: String, CaseIterable, Codable, Sendable {
    /// Everything: title, summary, facts, body and links.
    case full
    /// For long collections: title, summary, facts and the example's links, without its body.
    case short
}

/// One published example in an export, with private contact details already removed.
public struct ExportedExample: Sendable, Equatable {
    /// The example's row id (used for anchors and site file names).
    public var id: Int64
    /// The example, without a private contact.
    public var example: Example
    /// Published reports from other places that tried it, without private contacts.
    public var adoptions: [PublicAdoption] = []
}

/// One foundation and the collection's examples filed under it.
public struct ExportChapter: Sendable {
    /// The foundation that names the chapter.
    public var foundation: Foundation
    /// The examples whose first foundation this is, in the curator's order.
    public var examples: [ExportedExample]
}
