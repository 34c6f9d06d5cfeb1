import Foundation

/// One row per example, for spreadsheets: UTF-8 with a byte order mark, CRLF line ends, RFC 4180 quoting,
/// and cells that a spreadsheet would read as a formula prefixed with `'`. The cells people read hold words
/// (foundation names, region and evidence labels); the keys behind them follow in their own `…_key(s)` columns.
public struct CSVRenderer: ExportRenderer {
    /// The format this renderer writes.
    public static let format = ExportFormat.csv
    /// The header row.
    public static let columns = [
        "id", "uid", "title", "summary", "foundations", "ambitions", "organisation", "organisation_type", "region",
        "evidence", "started", "published_at", "links", "outcome_measures", "work_status", "licence", "last_confirmed",
        "tried_elsewhere", "foundation_keys", "ambition_keys", "organisation_type_key", "region_key", "evidence_key", "outcome_measure_keys",
        "work_status_key", "licence_key"
    ]

    /// Makes the renderer.
    public init() {}

    /// Renders the header and one row per example, in guide order.
    public func render(_ document: ExportDocument) throws -> ExportOutput {
        let rows = [Self.columns] + document.examples.map { Self.row($0, reference: document.reference) }
        let text = rows.map { $0.map(Self.cell).joined(separator: ",") + "\r\n" }.joined()
        return .file(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), contentType: "text/csv; charset=utf-8")
    }

    static func row(_ exported: ExportedExample, reference: ReferenceData) -> [String] {
        let example = exported.example, labels = reference.labels
        return [
            String(exported.id), example.uid ?? "", example.title, example.summary,
            example.foundations.map { reference.foundation($0)?.name ?? $0 }.joined(separator: "; "),
            example.ambitions.map { reference.ambition($0)?.name ?? $0 }.joined(separator: "; "),
            example.organisation.name, VocabularyLabels.label(example.organisation.type.rawValue, in: labels.organisationType),
            example.region.map { VocabularyLabels.label($0.rawValue, in: labels.region) } ?? "",
            VocabularyLabels.label(example.evidence.rawValue, in: labels.evidence), example.started ?? "", example.publishedAt ?? "",
            example.links.map(\.url).joined(separator: " "),
            example.outcomeMeasures.map { VocabularyLabels.label($0.rawValue, in: labels.outcomeMeasure) }.joined(separator: "; "),
            VocabularyLabels.label(example.workStatus.rawValue, in: labels.workStatus),
            VocabularyLabels.label(example.licence.rawValue, in: labels.licence), example.lastConfirmed ?? "",
            String(exported.adoptions.count),
            example.foundations.joined(separator: "; "), example.ambitions.joined(separator: "; "),
            example.organisation.type.rawValue, example.region?.rawValue ?? "", example.evidence.rawValue,
            example.outcomeMeasures.map(\.rawValue).joined(separator: "; "), example.workStatus.rawValue, example.licence.rawValue
        ]
    }

    /// A value as one cell: neutralised if a spreadsheet would run it, then quoted if it holds `"`, `,`,
    /// `;` (the separator of spreadsheets set to a comma decimal mark), CR or LF.
    static func cell(_ value: String) -> String {
        let neutral = value.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true ? "'" + value : value
        guard neutral.unicodeScalars.contains(where: { "\",;\r\n".unicodeScalars.contains($0) }) else { return neutral }
        return "\"" + neutral.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
