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

/// How an example's work stands now (contract section 10); a stopped example stays public, as learning.
public enum WorkStatus: String, CaseIterable, Codable, Sendable {
    case running
    case ended
    case stopped
}

/// The licence an example's text is shared under (contract section 10).
public enum Licence: String, CaseIterable, Codable, Sendable {
    case ccBy = "CC-BY-4.0"
    case ccByNC = "CC-BY-NC-4.0"
    case allRightsReserved = "all-rights-reserved"
}

/// A measure an example reports its outcomes with (the vocabulary `outcome_measure`, contract section 10).
public enum OutcomeMeasure: String, CaseIterable, Codable, Sendable {
    case nacel
    case ipos
    case voices
    case placeOfDeath = "place-of-death"
    case bereavementSurvey = "bereavement-survey"
    case staffConfidence = "staff-confidence"
    case patientFeedback = "patient-feedback"
    case carerFeedback = "carer-feedback"
    case hospitalAdmissions = "hospital-admissions"
    case cost
    case other
}

/// One part of an example as practitioners write it (contract section 10), in the order it is shown.
public enum SectionKind: String, CaseIterable, Codable, Sendable {
    case context
    case whatWeDid = "what_we_did"
    case outcomes
    case learning
    case whatDidNotWork = "what_did_not_work"
    case resources
    case nextSteps = "next_steps"
}

/// A closed vocabulary whose keys are stored as text and checked by the schema.
public protocol VocabularyKey: RawRepresentable, CaseIterable, Sendable where RawValue == String {}

extension OrganisationType: VocabularyKey {}
extension Region: VocabularyKey {}
extension EvidenceLevel: VocabularyKey {}
extension ExampleStatus: VocabularyKey {}
extension WorkStatus: VocabularyKey {}
extension Licence: VocabularyKey {}
extension OutcomeMeasure: VocabularyKey {}
extension SectionKind: VocabularyKey {}

extension VocabularyKey {
    /// Every key, in declaration order.
    public static var keys: [String] { allCases.map(\.rawValue) }
}
