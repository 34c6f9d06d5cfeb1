import CasebookSeeds
import Foundation

/// Whether a foundation comes from the national framework or was added by the guide.
public enum FoundationKind: String, Codable, Sendable {
    case framework
    case guide
}

/// One of the ten foundations (eight from the framework, two from the guide).
public struct Foundation: Codable, Sendable, Equatable {
    public var number: Int
    public var key: String
    public var name: String
    public var kind: FoundationKind
    public var description: String
    public var prompts: [String]
}

/// One of the six ambitions of the national framework.
public struct Ambition: Codable, Sendable, Equatable {
    public var number: Int
    public var key: String
    public var name: String
    public var description: String
}

/// A key and its label for display.
public struct VocabularyEntry: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    /// A line that helps someone filling in a form, where the vocabulary has one (the sections' prompts).
    public var hint: String?
}

/// Labels for the closed vocabularies.
public struct VocabularyLabels: Codable, Sendable, Equatable {
    public var organisationType: [VocabularyEntry]
    public var region: [VocabularyEntry]
    public var evidence: [VocabularyEntry]
    public var status: [VocabularyEntry]
    public var outcomeMeasure: [VocabularyEntry]
    public var workStatus: [VocabularyEntry]
    public var licence: [VocabularyEntry]
    public var section: [VocabularyEntry]

    enum CodingKeys: String, CodingKey {
        case organisationType = "organisation_type"
        case region, evidence, status, licence, section
        case outcomeMeasure = "outcome_measure"
        case workStatus = "work_status"
    }

    /// The label of a key in a list, or the key itself.
    public static func label(_ key: String?, in entries: [VocabularyEntry]) -> String {
        guard let key else { return "" }
        return entries.first { $0.key == key }?.label ?? key
    }
}

/// The foundations, ambitions and vocabulary labels that Casebook ships in Seeds/.
public struct ReferenceData: Sendable {
    public var foundations: [Foundation]
    public var ambitions: [Ambition]
    public var labels: VocabularyLabels

    /// The reference data from the shipped seed files, read once; a `SeedFileError` naming the file when
    /// one is missing or malformed.
    public static func shipped() throws -> ReferenceData {
        try loaded.get()
    }

    private static let loaded = Result { () throws -> ReferenceData in try ReferenceData(seeds: SeedFiles.locate()) }

    /// Loads the reference data from a seeds folder; a `SeedFileError` naming the file that is missing or malformed.
    public init(seeds: SeedFiles) throws {
        foundations = try Self.decode([Foundation].self, seeds, .foundations)
        ambitions = try Self.decode([Ambition].self, seeds, .ambitions)
        labels = try Self.decode(VocabularyLabels.self, seeds, .vocabularies)
    }

    /// Decodes one seed file, naming it in any error.
    static func decode<Value: Decodable>(_ type: Value.Type, _ seeds: SeedFiles, _ file: SeedFiles.File) throws -> Value {
        let data = try seeds.data(file)
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw SeedFileError(file: file.rawValue, malformed: String(describing: error))
        }
    }

    /// The foundation key for a key or its number ("7"), else nil.
    public func foundationKey(_ text: String) -> String? {
        let trimmed = text.trimmed
        return foundations.first { $0.key == trimmed || String($0.number) == trimmed }?.key
    }

    /// The ambition key for a key or its number ("3"), else nil.
    public func ambitionKey(_ text: String) -> String? {
        let trimmed = text.trimmed
        return ambitions.first { $0.key == trimmed || String($0.number) == trimmed }?.key
    }

    /// The foundation with a key.
    public func foundation(_ key: String) -> Foundation? { foundations.first { $0.key == key } }

    /// The ambition with a key.
    public func ambition(_ key: String) -> Ambition? { ambitions.first { $0.key == key } }
}
