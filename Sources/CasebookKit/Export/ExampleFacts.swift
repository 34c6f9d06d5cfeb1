/// One line of an example's facts: a label and its values, each a piece of text that may link somewhere.
public struct ExampleFact: Sendable, Equatable {
    /// What the line is about, such as "Region".
    public var label: String
    /// The values in reading order; a foundation or a contact address carries a link where the surface has one.
    public var values: [Value]

    /// One value of a fact.
    public struct Value: Sendable, Equatable {
        public var text: String
        public var href: String?
    }

    /// The values as one line of text, for formats without links (Markdown, Word, the command line).
    public var text: String { values.map(\.text).joined(separator: label == "Keywords" ? ", " : "; ") }
}

/// The facts every surface shows about an example, in one order and one wording: the web page, the guide,
/// the site, Markdown, Word and the command line. Dates read as words ("April 2022", "1 December 2026").
public enum ExampleFacts {
    /// Where a surface links a foundation or an ambition; nil shows it as text.
    public struct Links: Sendable {
        public var foundation: @Sendable (Foundation) -> String?
        public var ambition: @Sendable (Ambition) -> String?

        /// Links for a surface; the default links nothing.
        public init(foundation: @escaping @Sendable (Foundation) -> String? = { _ in nil }, ambition: @escaping @Sendable (Ambition) -> String? = { _ in nil })
        {
            (self.foundation, self.ambition) = (foundation, ambition)
        }
    }

    /// The public facts of `example`. The contact is shown only when marked public.
    public static func of(_ example: Example, reference: ReferenceData, links: Links = Links()) -> [ExampleFact] {
        let labels = reference.labels
        let example = example.publicView
        func line(_ label: String, _ texts: [String]) -> ExampleFact? {
            texts.isEmpty ? nil : ExampleFact(label: label, values: texts.map { ExampleFact.Value(text: $0, href: nil) })
        }
        let type = VocabularyLabels.label(example.organisation.type.rawValue, in: labels.organisationType)
        let foundations = example.foundations.map { key in
            reference.foundation(key).map { ExampleFact.Value(text: $0.name, href: links.foundation($0)) } ?? ExampleFact.Value(text: key, href: nil)
        }
        let ambitions = example.ambitions.map { key in
            reference.ambition(key).map { ExampleFact.Value(text: $0.name, href: links.ambition($0)) } ?? ExampleFact.Value(text: key, href: nil)
        }
        return [
            line("Organisation", ["\(example.organisation.name) (\(type))"]),
            line("Region", example.region.map { [VocabularyLabels.label($0.rawValue, in: labels.region)] } ?? []),
            // Evidence not given is left out rather than shown as "Not yet evaluated" on every example.
            line("Evidence", example.evidence == .notEvaluated ? [] : [VocabularyLabels.label(example.evidence.rawValue, in: labels.evidence)]),
            ExampleFact(label: "Foundations", values: foundations),
            ambitions.isEmpty ? nil : ExampleFact(label: "Ambitions", values: ambitions),
            line("Outcome measures", example.outcomeMeasures.map { VocabularyLabels.label($0.rawValue, in: labels.outcomeMeasure) }),
            line("Keywords", example.keywords),
            // Running is the default, so only work that ended or stopped says so.
            line("The work", example.workStatus == .running ? [] : [VocabularyLabels.label(example.workStatus.rawValue, in: labels.workStatus)]),
            line("Started", example.started.map { [DateWords.month($0)] } ?? []),
            line("Published", example.publishedAt.map { [DateWords.day($0)] } ?? []),
            line("Last confirmed", example.lastConfirmed.map { [DateWords.day($0)] } ?? []),
            line("Licence", [VocabularyLabels.label(example.licence.rawValue, in: labels.licence)]),
            contact(example)
        ].compactMap { $0 }
    }

    /// The words that mark an example whose work stopped, shown under its title on every surface.
    public static let stoppedNote = "This work stopped: what we learnt"

    /// The note under an example's title, or nil: only work that stopped has one.
    public static func note(_ example: Example) -> String? {
        example.workStatus == .stopped ? stoppedNote : nil
    }

    /// One part of an example's account: the body (no heading) or a section under its heading.
    public struct Part: Sendable, Equatable {
        public var heading: String?
        public var markdown: String
    }

    /// The example's account in reading order: the body, then each section under its label.
    public static func account(of example: Example, reference: ReferenceData) -> [Part] {
        let body = example.body.isEmpty ? [] : [Part(heading: nil, markdown: example.body)]
        return body
            + example.sections.ordered.map { kind, text in
                Part(heading: VocabularyLabels.label(kind.rawValue, in: reference.labels.section), markdown: text)
            }
    }

    /// One published report from another place that tried the example, as a line of plain text per part.
    public struct TriedElsewhere: Sendable, Equatable {
        /// "Riverside Hospice (Hospice), North West".
        public var who: String
        public var adapted: String
        public var happened: String
    }

    /// The heading over the reports: "Tried in 3 other places".
    public static func triedElsewhereHeading(count: Int) -> String {
        switch count {
        case 0: "Have you tried this too?"
        case 1: "Tried in 1 other place"
        default: "Tried in \(count) other places"
        }
    }

    /// The published reports of an example as every surface words them; a private contact is already gone.
    public static func triedElsewhere(_ adoptions: [PublicAdoption], reference: ReferenceData) -> [TriedElsewhere] {
        let labels = reference.labels
        return adoptions.map { adoption in
            let type = VocabularyLabels.label(adoption.organisation.type.rawValue, in: labels.organisationType)
            let region = adoption.region.map { ", " + VocabularyLabels.label($0.rawValue, in: labels.region) } ?? ""
            return TriedElsewhere(who: "\(adoption.organisation.name) (\(type))\(region)", adapted: adoption.whatWeAdapted, happened: adoption.whatHappened)
        }
    }

    private static func contact(_ example: Example) -> ExampleFact? {
        guard let contact = example.contact, contact.name != nil || contact.email != nil else { return nil }
        let name = contact.name.map { ExampleFact.Value(text: $0, href: nil) }
        let email = contact.email.map { ExampleFact.Value(text: $0, href: "mailto:" + $0) }
        return ExampleFact(label: "Contact", values: [name, email].compactMap { $0 })
    }
}

/// Dates in words, as people read them: `2024-03-01T10:00:00Z` as "1 March 2024", `2022-04` as "April 2022".
public enum DateWords {
    /// The months' names, January first.
    public static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"
    ]

    /// A date or timestamp as "1 March 2024"; text that is not a date is returned as it is.
    public static func day(_ timestamp: String) -> String {
        let parts = timestamp.prefix(10).split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]) else { return timestamp }
        return "\(day) \(months[month - 1]) \(parts[0])"
    }

    /// A timestamp as "1 December 2026, 23:27" (UTC, as stored); text that is not a timestamp as it is.
    public static func dayAndTime(_ timestamp: String) -> String {
        let time = timestamp.dropFirst(11).prefix(5)
        guard timestamp.count >= 16, time.count == 5, time.dropFirst(2).first == ":" else { return day(timestamp) }
        return day(timestamp) + ", " + time
    }

    /// A `YYYY-MM` month as "April 2022"; a year, or anything else, as it is.
    public static func month(_ stored: String) -> String {
        let parts = stored.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return stored }
        return "\(months[month - 1]) \(parts[0])"
    }
}
