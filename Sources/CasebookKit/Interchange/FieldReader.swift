import Foundation

/// Reads the fields of one example object, collecting an error for each bad field.
struct FieldReader {
    let object: [String: JSONValue]
    let reference: ReferenceData
    private(set) var errors: [FieldError] = []

    init(object: [String: JSONValue], reference: ReferenceData) {
        self.object = object
        self.reference = reference
    }

    static let knownFields = Set(Example.CodingKeys.allCases.map(\.rawValue))

    /// The example, or nil when any field is bad (see `errors`).
    mutating func example(keepingTrustedFields trusted: Bool) -> Example? {
        rejectUnknownFields(in: object, known: Self.knownFields, prefix: "")
        let title = text("title", range: 3...200, required: true)
        let summary = text("summary", range: 10...1000, required: true)
        let body = text("body", range: 0...50_000, required: false, trim: false) ?? ""
        let foundations = tags("foundations", range: 1...10, resolve: reference.foundationKey)
        let ambitions = tags("ambitions", range: 0...6, resolve: reference.ambitionKey)
        let organisation = organisation()
        let region: Region? = vocabulary("region")
        let keywords = keywords()
        let links = links()
        let contact = contact()
        let evidence: EvidenceLevel = vocabulary("evidence") ?? .notEvaluated
        let started = pattern("started", TextShapes.isMonth, .month)
        let sections = sections()
        let measures = tags("outcome_measures", range: 0...10, allowed: OutcomeMeasure.keys) { OutcomeMeasure(rawValue: $0.trimmed)?.rawValue }
        let workStatus: WorkStatus = vocabulary("work_status") ?? .running
        let licence: Licence = vocabulary("licence") ?? .ccBy
        var example = Example(
            title: title ?? "", summary: summary ?? "", body: body, foundations: foundations,
            ambitions: ambitions, organisation: organisation ?? Organisation(name: ""), region: region,
            keywords: keywords, links: links, contact: contact, evidence: evidence, started: started,
            sections: sections, outcomeMeasures: measures.compactMap(OutcomeMeasure.init(rawValue:)), workStatus: workStatus, licence: licence)
        if trusted { readTrustedFields(into: &example) }
        return errors.isEmpty ? example : nil
    }

    /// An adoption report (contract section 10), or nil when any field is bad (see `errors`).
    mutating func adoptionReport() -> AdoptionReport? {
        rejectUnknownFields(in: object, known: AdoptionReport.fields, prefix: "")
        let organisation = organisation()
        let region: Region? = vocabulary("region")
        let adapted = text("what_we_adapted", range: 10...5_000, required: true)
        let happened = text("what_happened", range: 0...5_000, required: false) ?? ""
        let evidence: EvidenceLevel = vocabulary("evidence") ?? .notEvaluated
        let contact = contact()
        guard errors.isEmpty, let organisation, let adapted else { return nil }
        return AdoptionReport(
            organisation: organisation, region: region, whatWeAdapted: adapted, whatHappened: happened, evidence: evidence, contact: contact)
    }

    /// A message to relay to an example's contact (contract section 9), or nil when any field is bad. A message
    /// that holds what looks like a patient's identifier (an NHS number, a date of birth) is refused.
    mutating func contactMessage() -> ContactMessage? {
        rejectUnknownFields(in: object, known: ContactMessage.fields, prefix: "")
        let name = text("name", range: 1...200, required: true)
        let email = text("email", range: 3...254, required: true)
        let address = email.flatMap { MailAddress($0) }
        if let email, address == nil, errors.allSatisfy({ $0.field != "email" }) { fail(.format("email", email, .email)) }
        let message = text("message", range: 10...5_000, required: true)
        if let message, let found = Screener().patientIdentifier(in: message) {
            fail(FieldError(field: "message", .rule("the message seems to hold \(found); take it out, as a message must never identify a patient")))
        }
        guard errors.isEmpty, let name, let address, let message else { return nil }
        return ContactMessage(name: name, email: address, message: message)
    }

    /// A request for email updates (contract section 9): an address and any search filters, each one key or
    /// a list of keys, or nil when any field is bad (see `errors`).
    mutating func alertRequest() -> AlertRequest? {
        let names = AlertSearch.CodingKeys.allCases.map(\.rawValue)
        rejectUnknownFields(in: object, known: Set(names + ["email"]), prefix: "")
        let email = text("email", range: 3...254, required: true)
        let address = email.flatMap { MailAddress($0) }
        if let email, address == nil, errors.allSatisfy({ $0.field != "email" }) { fail(.format("email", email, .email)) }
        var search = AlertSearch()
        search.q = text("q", range: 0...500, required: false) ?? ""
        search.foundation = filter("foundation", resolve: reference.foundationKey)
        search.ambition = filter("ambition", resolve: reference.ambitionKey)
        search.region = filter("region", allowed: Region.keys)
        search.organisationType = filter("organisation_type", allowed: OrganisationType.keys)
        search.evidence = filter("evidence", allowed: EvidenceLevel.keys)
        search.outcomeMeasure = filter("outcome_measure", allowed: OutcomeMeasure.keys)
        search.workStatus = filter("work_status", allowed: WorkStatus.keys)
        guard errors.isEmpty, let address else { return nil }
        return AlertRequest(email: address, search: search)
    }

    /// One search filter: a key or a list of keys, at most 20.
    private mutating func filter(_ field: String, allowed: [String]? = nil, resolve: ((String) -> String?)? = nil) -> [String] {
        let resolve = resolve ?? { text in allowed?.contains(text) == true ? text : nil }
        if case .string(let one)? = object[field] {
            guard let key = resolve(one) else {
                fail(FieldError(field: field, .notOneOf(value: one, allowed: allowed)))
                return []
            }
            return [key]
        }
        return tags(field, range: 0...20, allowed: allowed, resolve: resolve)
    }

    private mutating func readTrustedFields(into example: inout Example) {
        example.uid = uid()
        example.lastConfirmed = pattern("last_confirmed", TextShapes.isTimestamp, .timestamp)
        example.status = vocabulary("status")
        example.publishedAt = pattern("published_at", TextShapes.isTimestamp, .timestamp)
        example.reviewDue = pattern("review_due", TextShapes.isDate, .date)
    }

    // MARK: Field kinds

    private mutating func fail(_ error: FieldError) {
        errors.append(error)
    }

    private mutating func rejectUnknownFields(in object: [String: JSONValue], known: Set<String>, prefix: String) {
        for name in object.keys.sorted() where !known.contains(name) {
            fail(.unknownField(prefix + name))
        }
    }

    /// A string field; nil when absent or bad.
    private mutating func string(_ field: String, in object: [String: JSONValue]? = nil, path: String? = nil) -> String? {
        let path = path ?? field
        switch (object ?? self.object)[field] {
        case nil, .null?: return nil
        case .string(let value)? where value.containsNUL:
            fail(.format(path, nil, .noNUL))
            return nil
        case .string(let value)?: return value
        case let other?:
            fail(.type(path, expected: "a string", found: other))
            return nil
        }
    }

    private mutating func text(_ field: String, range: ClosedRange<Int>, required: Bool, trim: Bool = true) -> String? {
        guard let raw = string(field) else {
            if required, errors.allSatisfy({ $0.field != field }) { fail(.required(field)) }
            return nil
        }
        let value = trim ? raw.trimmed : raw
        if value.isEmpty && required {
            fail(.required(field))
        } else if !range.contains(value.scalarCount) {
            // Counted as SQLite counts (code points), so the schema's CHECKs agree with this check.
            fail(.length(field, range, count: value.scalarCount))
        }
        return value
    }

    private mutating func stringArray(_ field: String) -> [String]? {
        switch object[field] {
        case nil, .null?: return nil
        case .array(let items)?:
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                switch item {
                case .string(let value) where value.containsNUL:
                    fail(.format("\(field)[\(index)]", nil, .noNUL))
                case .string(let value): strings.append(value)
                case .number(let number) where (1...99).contains(number) && number == number.rounded():
                    strings.append(String(Int(number)))
                default: fail(.type("\(field)[\(index)]", expected: "a string", found: item))
                }
            }
            return strings
        case let other?:
            fail(.type(field, expected: "an array", found: other))
            return nil
        }
    }

    private mutating func tags(
        _ field: String, range: ClosedRange<Int>, allowed: [String]? = nil, resolve: (String) -> String?
    ) -> [String] {
        guard let values = stringArray(field) else {
            if range.lowerBound > 0, object[field] == nil || object[field] == .null { fail(.required(field)) }
            return []
        }
        var keys: [String] = []
        for (index, value) in values.enumerated() {
            guard let key = resolve(value) else {
                fail(FieldError(field: "\(field)[\(index)]", .notOneOf(value: value, allowed: allowed)))
                continue
            }
            if keys.contains(key) { fail(FieldError(field: "\(field)[\(index)]", .listedTwice(key))) } else { keys.append(key) }
        }
        if !range.contains(values.count) {
            fail(.length(field, range, count: values.count, entries: "distinct \(field)"))
        }
        return keys
    }

    private mutating func vocabulary<Key: VocabularyKey>(_ field: String) -> Key? {
        guard let value = string(field) else { return nil }
        guard let key = Key(rawValue: value) else {
            fail(.notOneOf(field, value, allowed: Key.keys))
            return nil
        }
        return key
    }

    private mutating func pattern(_ field: String, _ matches: (String) -> Bool, _ shape: FieldError.Shape) -> String? {
        guard let value = string(field) else { return nil }
        guard matches(value) else {
            fail(.format(field, value, shape))
            return nil
        }
        return value
    }

    private mutating func uid() -> String? {
        guard let value = string("uid") else { return nil }
        guard let uuid = UUID(uuidString: value) else {
            fail(.format("uid", value, .uuid))
            return nil
        }
        return uuid.uuidString.lowercased()
    }

    private mutating func object(_ field: String) -> [String: JSONValue]? {
        switch object[field] {
        case nil, .null?: return nil
        case .object(let inner)?: return inner
        case let other?:
            fail(.type(field, expected: "an object", found: other))
            return nil
        }
    }

    private mutating func organisation() -> Organisation? {
        guard let inner = object("organisation") else {
            if errors.allSatisfy({ $0.field != "organisation" }) { fail(.required("organisation")) }
            return nil
        }
        rejectUnknownFields(in: inner, known: ["name", "type"], prefix: "organisation.")
        let name = string("name", in: inner, path: "organisation.name")?.trimmed ?? ""
        if name.isEmpty {
            fail(.required("organisation.name"))
        } else if name.scalarCount > 200 {
            fail(.length("organisation.name", 1...200, count: name.scalarCount))
        }
        var type = OrganisationType.other
        if let raw = string("type", in: inner, path: "organisation.type") {
            if let known = OrganisationType(rawValue: raw) {
                type = known
            } else {
                fail(.notOneOf("organisation.type", raw, allowed: OrganisationType.keys))
            }
        }
        return Organisation(name: name, type: type)
    }

    /// The sections object: each a known section name holding Markdown of at most 10,000 characters.
    private mutating func sections() -> ExampleSections {
        var sections = ExampleSections()
        guard let inner = object("sections") else { return sections }
        rejectUnknownFields(in: inner, known: Set(SectionKind.keys), prefix: "sections.")
        for kind in SectionKind.allCases {
            let path = "sections." + kind.rawValue
            guard let text = string(kind.rawValue, in: inner, path: path) else { continue }
            if text.scalarCount > 10_000 { fail(.length(path, 0...10_000, count: text.scalarCount)) }
            sections[kind] = text.trimmed.isEmpty ? nil : text
        }
        return sections
    }

    private mutating func keywords() -> [String] {
        let values = (stringArray("keywords") ?? []).map { $0.trimmed }
        if values.count > 20 { fail(.length("keywords", 0...20, count: values.count, entries: "keywords")) }
        for (index, value) in values.enumerated() where !(1...60).contains(value.count) {
            fail(.length("keywords[\(index)]", 1...60, count: value.count))
        }
        return values
    }

    private mutating func links() -> [Link] {
        guard let value = object["links"], value != .null else { return [] }
        guard case .array(let items) = value else {
            fail(.type("links", expected: "an array", found: value))
            return []
        }
        if items.count > 10 { fail(.length("links", 0...10, count: items.count, entries: "links")) }
        return items.enumerated().compactMap { index, item in link(item, path: "links[\(index)]") }
    }

    private mutating func link(_ item: JSONValue, path: String) -> Link? {
        guard case .object(let inner) = item else {
            fail(.type(path, expected: "an object with title and url", found: item))
            return nil
        }
        rejectUnknownFields(in: inner, known: ["title", "url"], prefix: path + ".")
        let url = string("url", in: inner, path: path + ".url") ?? ""
        let title = string("title", in: inner, path: path + ".title")?.trimmed ?? url
        guard Self.isWebAddress(url) else {
            fail(url.isEmpty ? .required(path + ".url") : .format(path + ".url", url, .webAddress))
            return nil
        }
        if title.count > 200 { fail(.tooLong(path + ".title", limit: 200)) }
        return Link(title: title, url: url)
    }

    private mutating func contact() -> Contact? {
        guard let inner = object("contact") else { return nil }
        rejectUnknownFields(in: inner, known: ["name", "email", "public"], prefix: "contact.")
        let name = string("name", in: inner, path: "contact.name")
        let email = string("email", in: inner, path: "contact.email")
        if let email, !Self.looksLikeEmail(email) { fail(.format("contact.email", email, .email)) }
        if let name, name.count > 200 { fail(.tooLong("contact.name", limit: 200)) }
        var isPublic = false
        switch inner["public"] {
        case nil, .null?: break
        case .bool(let value)?: isPublic = value
        case let other?: fail(.type("contact.public", expected: "true or false", found: other))
        }
        return Contact(name: name, email: email, isPublic: isPublic)
    }

    // MARK: Formats

    static func isWebAddress(_ text: String) -> Bool {
        guard text.count <= 2000, !text.contains(where: { $0.isWhitespace }),
            let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        text.scalarCount <= 254 && TextShapes.isEmail(text)
    }
}
