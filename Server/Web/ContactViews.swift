import CasebookKit

/// The "Write to the team" form on an example's page: the message reaches the example's contact by mail,
/// whose address is never shown. On an error it keeps every field and names each problem in plain words.
struct ContactFormView {
    var action: String
    var csrf: String
    /// Open when it is shown again with errors.
    var open: Bool
    var name: Field
    var email: Field
    var message: Field
    var errorSummary: [AdoptionFormView.ErrorLink]
    var hasErrors: Bool

    struct Field {
        var value: String
        var error: String?
    }

    /// The form's fields by id, with the words its errors use.
    static let fields: [(id: String, field: String, subject: String)] = [
        ("contact-name", "name", "your name"),
        ("contact-email", "email", "your email address"),
        ("contact-message", "message", "your message")
    ]

    init(exampleID: Int64, input: FormFields? = nil, errors: [FieldError] = [], csrf: String) {
        action = "/examples/\(exampleID)/contact"
        self.csrf = csrf
        open = !errors.isEmpty
        func field(_ index: Int) -> Field {
            let entry = Self.fields[index]
            let error = errors.first { $0.field == entry.field }.map { Self.message($0, subject: entry.subject) }
            return Field(value: input?.text(entry.id) ?? "", error: error)
        }
        (name, email, message) = (field(0), field(1), field(2))
        errorSummary = Self.fields.compactMap { entry in
            errors.first { $0.field == entry.field }.map { .init(href: "#" + entry.id, message: Self.message($0, subject: entry.subject)) }
        }
        hasErrors = !errors.isEmpty
    }

    /// The message the form holds, as the API would read it.
    static func message(_ form: FormFields, reference: ReferenceData) throws(InvalidInput) -> ContactMessage {
        let object: [String: JSONValue] = [
            "name": .string(form.trimmed("contact-name")), "email": .string(form.trimmed("contact-email")),
            "message": .string(form.trimmed("contact-message"))
        ]
        return try ExampleDecoder(reference: reference, source: .submission).decodeContactMessage(.object(object))
    }

    /// A problem in plain words: "Enter your name", "Enter your email address in the form name@example.org".
    static func message(_ error: FieldError, subject: String) -> String {
        switch (error.kind, error.reason) {
        case (.required, _): "Enter \(subject)"
        case (.format, _): "Enter \(subject) in the form name@example.org"
        case (.length, .length(let size)): "Write \(subject) in \(NumberText.grouped(size.least)) to \(NumberText.grouped(size.most)) characters"
        case (_, .rule(let text)): text.prefix(1).uppercased() + text.dropFirst()
        default: "Check \(subject)"
        }
    }
}
