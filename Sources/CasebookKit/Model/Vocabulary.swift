/// The kind of organisation that ran an example.
public enum OrganisationType: String, CaseIterable, Codable, Sendable {
    case hospice
    case acuteTrust = "acute-trust"
    case communityTrust = "community-trust"
    case mentalHealthTrust = "mental-health-trust"
    case ambulanceTrust = "ambulance-trust"
    case primaryCare = "primary-care"
    case icb
    case localAuthority = "local-authority"
    case careHome = "care-home"
    case vcse
    case university
    case other
}

/// Where in the UK an example took place.
public enum Region: String, CaseIterable, Codable, Sendable {
    case northEastAndYorkshire = "north-east-and-yorkshire"
    case northWest = "north-west"
    case midlands
    case eastOfEngland = "east-of-england"
    case london
    case southEast = "south-east"
    case southWest = "south-west"
    case wales
    case scotland
    case northernIreland = "northern-ireland"
    case national
}

/// How far an example's outcomes have been evaluated.
public enum EvidenceLevel: String, CaseIterable, Codable, Sendable {
    case notEvaluated = "not-evaluated"
    case baselineMeasured = "baseline-measured"
    case evaluated
    case externallyEvaluated = "externally-evaluated"
}

/// Where an example stands in moderation.
public enum ExampleStatus: String, CaseIterable, Codable, Sendable {
    case submitted
    case changesRequested = "changes-requested"
    case published
    case rejected
    case withdrawn
}

/// A closed vocabulary whose keys are stored as text and checked by the schema.
public protocol VocabularyKey: RawRepresentable, CaseIterable, Sendable where RawValue == String {}

extension OrganisationType: VocabularyKey {}
extension Region: VocabularyKey {}
extension EvidenceLevel: VocabularyKey {}
extension ExampleStatus: VocabularyKey {}

extension VocabularyKey {
    /// Every key, in declaration order.
    public static var keys: [String] { allCases.map(\.rawValue) }
}
