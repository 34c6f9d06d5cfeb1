/// How a form asks for one of its fields, so that an error can be worded as an instruction about it.
public struct FormSubject: Sendable, Equatable {
    /// What the person gives, as the object of "Enter" or "Select": "a title", "at least one foundation".
    public var what: String
    /// Whether it is chosen from a list (checkboxes, a select) rather than typed.
    public var chosen: Bool

    /// A field the person types into (`chosen: false`) or chooses from a list.
    public init(_ what: String, chosen: Bool = false) {
        (self.what, self.chosen) = (what, chosen)
    }
}

extension FieldError {
    /// Who a message is for.
    public enum Audience: Sendable, Equatable {
        /// The API and the command line: a short predicate of the field, "must be at most 5,000 characters".
        case program
        /// A person at a form: an instruction about `subject` that does not start with the field's label.
        case form(FormSubject)
    }

    /// The message for the API and the command line (the `message` of the interchange's error shape).
    public var message: String { worded(for: .program) }

    /// The message worded for `audience`: the one place where any validation message is written.
    public func worded(for audience: Audience) -> String {
        switch audience {
        case .program: Self.predicate(reason)
        case .form(let subject): Self.instruction(reason, subject)
        }
    }

    /// The short predicate the API, the command line and import reports show after the field's path.
    private static func predicate(_ reason: Reason) -> String {
        switch reason {
        case .required(let what): "is required" + (what.map { ": " + $0 } ?? "")
        case .unknownField: "is not a known field"
        case .type(let expected, let found): "must be \(expected)" + (found.map { ", not \($0)" } ?? "")
        case .notOneOf(let value, nil): "'\(value ?? "")' is not a known key or number"
        case .notOneOf(nil, let allowed?): "must be one of: \(allowed.joined(separator: ", "))"
        case .notOneOf(let value?, let allowed?): "'\(value)' is not one of: \(allowed.joined(separator: ", "))"
        case .length(let size): lengthPredicate(size)
        case .format(let value, let shape): formatPredicate(shape, quoted: value.map { "'\($0)' " } ?? "")
        case .listedTwice(let key): "'\(key)' is listed twice"
        case .syntax(let detail): "is not valid JSON: it \(detail)"
        case .duplicateKey(let key): "is not valid JSON: it has the key '\(key)' twice in one object"
        case .notText: "is not valid UTF-8"
        case .rule(let text): text
        }
    }

    private static func lengthPredicate(_ size: Size) -> String {
        let bounds = size.least == 0 ? "at most \(NumberText.grouped(size.most))" : "\(NumberText.grouped(size.least)) to \(NumberText.grouped(size.most))"
        let counted = size.count.map { " (it has \(NumberText.grouped($0)))" } ?? ""
        return size.entries.map { "must list \(bounds) \($0)\(counted)" } ?? "must be \(bounds) characters\(counted)"
    }

    private static func formatPredicate(_ shape: Shape, quoted: String) -> String {
        switch shape {
        case .month: quoted + "must be YYYY or YYYY-MM"
        case .date: quoted + "must be YYYY-MM-DD"
        case .timestamp: quoted + "must be an ISO 8601 UTC time such as 2024-03-01T10:00:00Z"
        case .webAddress: quoted + "must be an absolute http or https address"
        case .email: quoted + "does not look like an email address"
        case .uuid: quoted + "is not a UUID"
        case .slug: quoted + "must be 1 to 80 lowercase letters, digits and hyphens, starting with a letter or digit"
        case .noNUL: "must not contain NUL characters"
        case .exampleReference: "must be an example id or uid"
        }
    }

    /// A plain instruction for a person at a form: what to do, never the field's label again.
    private static func instruction(_ reason: Reason, _ subject: FormSubject) -> String {
        let verb = subject.chosen ? "Select" : "Enter"
        switch reason {
        case .required: return "\(verb) \(subject.what)"
        case .type, .notOneOf, .unknownField, .syntax, .duplicateKey, .notText:
            return subject.chosen ? "Select \(subject.what) from the list" : "Enter \(subject.what)"
        case .length(let size) where size.count == 0 && size.least > 0: return "\(verb) \(subject.what)"
        case .length(let size): return lengthInstruction(size, subject)
        case .format(let value, let shape): return formatInstruction(shape, value: value, subject)
        case .listedTwice(let key): return subject.chosen ? "Select each one only once" : "Enter ‘\(key)’ only once"
        case .rule(let text): return text.prefix(1).uppercased() + text.dropFirst()
        }
    }

    private static func lengthInstruction(_ size: Size, _ subject: FormSubject) -> String {
        if let entries = size.entries {
            let bounds = size.least == 0 ? "\(NumberText.grouped(size.most)) or fewer" : "\(NumberText.grouped(size.least)) to \(NumberText.grouped(size.most))"
            let counted = size.count.map { " (you \(subject.chosen ? "selected" : "entered") \(NumberText.grouped($0)))" } ?? ""
            return "\(subject.chosen ? "Select" : "Enter") \(bounds) \(entries)\(counted)"
        }
        let counted = size.count.map { " (you entered \(NumberText.grouped($0)))" } ?? ""
        let tooLong = size.least == 0 || (size.count ?? 0) > size.most
        let bounds =
            tooLong
            ? "\(NumberText.grouped(size.most)) characters or fewer" : "\(NumberText.grouped(size.least)) to \(NumberText.grouped(size.most)) characters"
        return "Enter \(subject.what) in \(bounds)\(counted)"
    }

    private static func formatInstruction(_ shape: Shape, value: String?, _ subject: FormSubject) -> String {
        let what = subject.what
        switch shape {
        case .month: return "Enter \(what), such as April 2023"
        case .date: return "Enter \(what) as a date, such as 2025-03-01"
        case .timestamp: return "Enter \(what) as a time, such as 2024-03-01T10:00:00Z"
        case .webAddress:
            let typed = value.flatMap { $0.isEmpty ? nil : ", not ‘\($0)’" } ?? ""
            return "Enter \(what) starting http:// or https://\(typed)"
        case .email: return "Enter \(what), such as name@example.org"
        case .uuid: return "Enter \(what) as a UUID"
        case .slug: return "Enter \(what) of lowercase letters, digits and hyphens, starting with a letter or digit, in 80 characters or fewer"
        case .noNUL: return "Enter \(what) without hidden control characters"
        case .exampleReference: return "Enter an example’s number or uid"
        }
    }
}
