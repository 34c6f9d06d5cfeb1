import Foundation

/// Reads a local guide's document (contract section 6), collecting a `FieldError` for each bad field with
/// its path (`foundations[2].actions[0].due`), so a long form is answered with every mistake at once.
/// Output-only fields (`id`, `uid`, dates, a foundation's `name`, `what` and `prompts`, an example's
/// `id`, `title` and `organisation`) are accepted and ignored, so what `guide show` and the JSON export write reads back in.
public struct GuideReader: Sendable {
    let reference: ReferenceData

    /// A reader against the reference data's foundations.
    public init(reference: ReferenceData) {
        self.reference = reference
    }

    static let outputFields: Set<String> = ["id", "uid", "created_at", "updated_at", "edition", "saved_at", "warnings"]
    static let entryFields: Set<String> = ["foundation", "rating", "answers", "notes", "actions", "examples"]
    static let entryOutputFields: Set<String> = ["name", "what", "prompts", "withdrawn"]

    /// Parses and reads a document; every problem, or a malformed document, is thrown together.
    public func read(_ data: Data) throws(InvalidInput) -> GuideContent {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { throw InvalidInput([error]) }
        return try read(value)
    }

    /// Reads a parsed document, keeping the foundations in the order given (so errors found later can name
    /// their place). Example references are checked for shape here and against the library by `AppDatabase`.
    public func read(_ value: JSONValue) throws(InvalidInput) -> GuideContent {
        guard case .object(let object) = value else {
            throw InvalidInput([.type("", expected: "a JSON object with a guide's title and foundations", found: value)])
        }
        var fields = Fields(object, path: "")
        fields.rejectUnknown(Set(GuideContent.CodingKeys.allCases.map(\.rawValue)).union(Self.outputFields))
        var content = GuideContent(title: fields.text("title", 3...200, required: true) ?? "")
        content.area = fields.text("area", 0...200) ?? ""
        content.introduction = fields.text("introduction", 0...5_000, trim: false) ?? ""
        content.meetingDate = fields.shaped("meeting_date", TextShapes.isDate, .date)
        content.contact = fields.object("contact").map { inner in contact(inner, errors: &fields.errors) }
        content.region = fields.vocabulary("region")
        content.organisationTypes = fields.vocabularyList("organisation_types", most: 12)
        content.foundations = foundations(&fields)
        guard fields.errors.isEmpty else { throw InvalidInput(fields.errors) }
        return content
    }

    private func contact(_ object: [String: JSONValue], errors: inout [FieldError]) -> GuideContact {
        var fields = Fields(object, path: "contact.")
        fields.rejectUnknown(["name", "role", "email", "phone"])
        let email = fields.text("email", 0...254)
        if let email, !email.isEmpty, !FieldReader.looksLikeEmail(email) { fields.fail(.format("contact.email", email, .email)) }
        let contact = GuideContact(
            name: fields.text("name", 0...200), role: fields.text("role", 0...200), email: email, phone: fields.text("phone", 0...40))
        errors += fields.errors
        return contact
    }

    private func foundations(_ fields: inout Fields) -> [GuideFoundationEntry] {
        guard let items = fields.array("foundations") else { return [] }
        var entries: [GuideFoundationEntry] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let path = "foundations[\(index)]"
            guard case .object(let object) = item else {
                fields.fail(.type(path, expected: "an object with a foundation key", found: item))
                continue
            }
            guard let entry = foundationEntry(object, path: path, errors: &fields.errors) else { continue }
            if !seen.insert(entry.foundation).inserted {
                fields.fail(FieldError(field: path + ".foundation", .listedTwice(entry.foundation)))
            } else if !entry.isBlank {
                entries.append(entry)
            }
        }
        // An entry with nothing in it says no more than a foundation not listed, so the two read the same.
        return entries
    }

    private func foundationEntry(_ object: [String: JSONValue], path: String, errors: inout [FieldError]) -> GuideFoundationEntry? {
        var fields = Fields(object, path: path + ".")
        defer { errors += fields.errors }
        fields.rejectUnknown(Self.entryFields.union(Self.entryOutputFields))
        let given = fields.keyText("foundation")
        guard let given else {
            if fields.errors.allSatisfy({ $0.field != path + ".foundation" }) { fields.fail(.required(path + ".foundation")) }
            return nil
        }
        guard let key = reference.foundationKey(given), let foundation = reference.foundation(key) else {
            fields.fail(FieldError(field: path + ".foundation", .notOneOf(value: given, allowed: nil)))
            return nil
        }
        var entry = GuideFoundationEntry(foundation: key)
        if let rating = fields.keyText("rating") {
            if let known = GuideRating(key: rating) {
                entry.rating = known
            } else {
                fields.fail(.notOneOf(path + ".rating", rating, allowed: GuideRating.keys))
            }
        }
        entry.answers = fields.texts("answers", most: foundation.prompts.count, eachMost: 5_000, entries: "answers (one per prompt)")
        while entry.answers.last?.trimmed.isEmpty == true { entry.answers.removeLast() }
        entry.notes = fields.text("notes", 0...5_000, trim: false) ?? ""
        entry.actions = fields.objects("actions", most: 30) { inner, itemPath, errors in action(inner, path: itemPath, errors: &errors) }
        entry.examples = fields.objects("examples", most: 30) { inner, itemPath, errors in choice(inner, path: itemPath, errors: &errors) }
        for (index, choice) in entry.examples.enumerated() where entry.examples[..<index].contains(where: { $0.example == choice.example }) {
            fields.fail(FieldError(field: "\(path).examples[\(index)].example", .listedTwice(choice.example)))
        }
        return entry
    }

    private func action(_ object: [String: JSONValue], path: String, errors: inout [FieldError]) -> GuideAction? {
        var fields = Fields(object, path: path + ".")
        defer { errors += fields.errors }
        fields.rejectUnknown(["what", "owner", "due", "done"])
        let what = fields.text("what", 1...500, required: true)
        let owner = fields.text("owner", 0...200)
        let due = fields.shaped("due", { TextShapes.isMonth($0) || TextShapes.isDate($0) }, .month)
        let done = fields.boolean("done") ?? false
        return what.map { GuideAction(what: $0, owner: owner?.isEmpty == true ? nil : owner, due: due, done: done) }
    }

    private func choice(_ object: [String: JSONValue], path: String, errors: inout [FieldError]) -> GuideExampleChoice? {
        var fields = Fields(object, path: path + ".")
        defer { errors += fields.errors }
        fields.rejectUnknown(["example", "note", "id", "title", "organisation"])
        let example = fields.keyText("example")
        if example == nil, fields.errors.allSatisfy({ $0.field != path + ".example" }) {
            fields.fail(.required(path + ".example", "a published example's id or uid"))
        }
        let note = fields.text("note", 0...5_000, trim: false)
        return example.map { GuideExampleChoice(example: $0, note: note?.trimmed.isEmpty == true ? nil : note) }
    }
}

/// One object's members as the guide reader reads them, each error placed at `path` + the member's name.
private struct Fields {
    let members: [String: JSONValue]
    let path: String
    var errors: [FieldError] = []

    init(_ members: [String: JSONValue], path: String) {
        self.members = members
        self.path = path
    }

    mutating func fail(_ error: FieldError) { errors.append(error) }

    mutating func rejectUnknown(_ allowed: Set<String>) {
        for name in members.keys.sorted() where !allowed.contains(name) { fail(.unknownField(path + name)) }
    }

    /// A string member: nil when absent or null, an error for another type or a NUL character.
    mutating func string(_ name: String) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)? where text.containsNUL:
            fail(.format(path + name, nil, .noNUL))
            return nil
        case .string(let text)?: return text
        case let other?:
            fail(.type(path + name, expected: "a string", found: other))
            return nil
        }
    }

    /// A text member within `range` characters (after trimming, unless `trim` is false).
    mutating func text(_ name: String, _ range: ClosedRange<Int>, required: Bool = false, trim: Bool = true) -> String? {
        guard let raw = string(name) else {
            if required, errors.allSatisfy({ $0.field != path + name }) { fail(.required(path + name)) }
            return nil
        }
        let value = trim ? raw.trimmed : raw
        if required, value.trimmed.isEmpty {
            fail(.required(path + name))
        } else if !range.contains(value.scalarCount) {
            fail(.length(path + name, range, count: value.scalarCount))
        }
        return value
    }

    /// A key given as a string or a whole number (foundation numbers, rating levels, example ids).
    mutating func keyText(_ name: String) -> String? {
        if case .number(let number)? = members[name], number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        guard let text = string(name)?.trimmed else { return nil }
        return text.isEmpty ? nil : text
    }

    mutating func shaped(_ name: String, _ matches: (String) -> Bool, _ shape: FieldError.Shape) -> String? {
        guard let value = string(name)?.trimmed, !value.isEmpty else { return nil }
        guard matches(value) else {
            fail(.format(path + name, value, shape))
            return nil
        }
        return value
    }

    mutating func boolean(_ name: String) -> Bool? {
        switch members[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?:
            fail(.type(path + name, expected: "true or false", found: other))
            return nil
        }
    }

    mutating func vocabulary<Key: VocabularyKey>(_ name: String) -> Key? {
        guard let value = string(name) else { return nil }
        guard let key = Key(rawValue: value) else {
            fail(.notOneOf(path + name, value, allowed: Key.keys))
            return nil
        }
        return key
    }

    mutating func object(_ name: String) -> [String: JSONValue]? {
        switch members[name] {
        case nil, .null?: return nil
        case .object(let inner)?: return inner
        case let other?:
            fail(.type(path + name, expected: "an object", found: other))
            return nil
        }
    }

    mutating func array(_ name: String) -> [JSONValue]? {
        switch members[name] {
        case nil, .null?: return nil
        case .array(let items)?: return items
        case let other?:
            fail(.type(path + name, expected: "an array", found: other))
            return nil
        }
    }

    mutating func vocabularyList<Key: VocabularyKey>(_ name: String, most: Int) -> [Key] {
        guard let items = array(name) else { return [] }
        if items.count > most { fail(.length(path + name, 0...most, count: items.count, entries: name.replacingOccurrences(of: "_", with: " "))) }
        var keys: [Key] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)\(name)[\(index)]"
            guard case .string(let text) = item, let key = Key(rawValue: text) else {
                fail(FieldError(field: itemPath, .notOneOf(value: item.string, allowed: Key.keys)))
                continue
            }
            if keys.contains(where: { $0.rawValue == key.rawValue }) { fail(FieldError(field: itemPath, .listedTwice(text))) } else { keys.append(key) }
        }
        return keys
    }

    mutating func texts(_ name: String, most: Int, eachMost: Int, entries: String) -> [String] {
        guard let items = array(name) else { return [] }
        if items.count > most { fail(.length(path + name, 0...most, count: items.count, entries: entries)) }
        return items.enumerated().map { index, item in
            let itemPath = "\(path)\(name)[\(index)]"
            switch item {
            case .null: return ""
            case .string(let text) where text.containsNUL: fail(.format(itemPath, nil, .noNUL))
            case .string(let text):
                if text.scalarCount > eachMost { fail(.tooLong(itemPath, limit: eachMost)) }
                return text
            default: fail(.type(itemPath, expected: "a string", found: item))
            }
            return ""
        }
    }

    mutating func objects<Item>(
        _ name: String, most: Int, _ read: ([String: JSONValue], String, inout [FieldError]) -> Item?
    ) -> [Item] {
        guard let items = array(name) else { return [] }
        if items.count > most { fail(.length(path + name, 0...most, count: items.count, entries: name)) }
        var result: [Item] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)\(name)[\(index)]"
            guard case .object(let inner) = item else {
                fail(.type(itemPath, expected: "an object", found: item))
                continue
            }
            if let value = read(inner, itemPath, &errors) { result.append(value) }
        }
        return result
    }
}
