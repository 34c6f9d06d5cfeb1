/// Something in a submission that a moderator should look at: a possible patient identifier,
/// contact details in the free text, or a likely duplicate. Flags inform; they never block.
public struct ScreeningFlag: Codable, Sendable, Equatable {
    /// What was found.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case nhsNumber = "nhs-number"
        case dateOfBirth = "date-of-birth"
        case phone
        case email
        case postcode
        case possibleDuplicate = "possible-duplicate"

        /// What the flag found, in words for a person: "an NHS number", "a date of birth".
        public var words: String {
            switch self {
            case .nhsNumber: "an NHS number"
            case .dateOfBirth: "a date of birth"
            case .phone: "a phone number"
            case .email: "an email address"
            case .postcode: "a postcode"
            case .possibleDuplicate: "a possible duplicate"
            }
        }
    }

    public var kind: Kind
    public var field: String
    public var detail: String

    /// Makes a flag.
    public init(kind: Kind, field: String, detail: String) {
        self.kind = kind
        self.field = field
        self.detail = detail
    }
}
