import Foundation
import GRDB

/// The search an alert watches: free text and any search filters, as keys (contract section 9).
public struct AlertSearch: Codable, Sendable, Equatable {
    public var q: String = ""
    public var foundation: [String] = []
    public var ambition: [String] = []
    public var region: [String] = []
    public var organisationType: [String] = []
    public var evidence: [String] = []
    public var outcomeMeasure: [String] = []
    public var workStatus: [String] = []

    enum CodingKeys: String, CodingKey, CaseIterable {
        case q, foundation, ambition, region, evidence
        case organisationType = "organisation_type"
        case outcomeMeasure = "outcome_measure"
        case workStatus = "work_status"
    }

    /// Every filter (not the text), by its name in the API.
    public var filters: [(name: String, keys: [String])] {
        [
            ("foundation", foundation), ("ambition", ambition), ("region", region), ("organisation_type", organisationType),
            ("evidence", evidence), ("outcome_measure", outcomeMeasure), ("work_status", workStatus)
        ]
    }

    /// The search, newest first, one page of `limit` from `offset`.
    func query(limit: Int, offset: Int) -> SearchQuery {
        SearchQuery(
            text: q, foundations: foundation, ambitions: ambition, regions: region.compactMap(Region.init(rawValue:)),
            organisationTypes: organisationType.compactMap(OrganisationType.init(rawValue:)),
            evidence: evidence.compactMap(EvidenceLevel.init(rawValue:)), outcomeMeasures: outcomeMeasure.compactMap(OutcomeMeasure.init(rawValue:)),
            workStatuses: workStatus.compactMap(WorkStatus.init(rawValue:)), limit: limit, offset: offset, sort: .newest)
    }

    /// The search page's query string for the same search (`q=…&foundation=…`), percent-encoded.
    public var queryString: String {
        var items = q.isEmpty ? [] : [URLQueryItem(name: "q", value: q)]
        for (name, keys) in filters { items += keys.map { URLQueryItem(name: name, value: $0) } }
        var components = URLComponents()
        components.queryItems = items
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    /// The search in words, such as `examples matching “dementia” in Care homes, region London`.
    public func words(reference: ReferenceData) -> String {
        var parts = q.isEmpty ? ["new examples"] : ["new examples matching \u{201C}\(q)\u{201D}"]
        let labels = reference.labels
        let named: [(String, [String])] = [
            ("foundation", foundation.map { reference.foundation($0)?.name ?? $0 }),
            ("ambition", ambition.map { reference.ambition($0)?.name ?? $0 }),
            ("region", region.map { VocabularyLabels.label($0, in: labels.region) }),
            ("organisation type", organisationType.map { VocabularyLabels.label($0, in: labels.organisationType) }),
            ("evidence", evidence.map { VocabularyLabels.label($0, in: labels.evidence) }),
            ("outcome measure", outcomeMeasure.map { VocabularyLabels.label($0, in: labels.outcomeMeasure) }),
            ("work", workStatus.map { VocabularyLabels.label($0, in: labels.workStatus) })
        ]
        for (name, values) in named where !values.isEmpty { parts.append("\(name): \(values.joined(separator: " or "))") }
        return parts.joined(separator: "; ")
    }
}

/// A request for email updates, as it arrives: who, and what to watch.
public struct AlertRequest: Sendable, Equatable {
    public var email: MailAddress
    public var search: AlertSearch
}

/// An alert as `casebook alerts list` shows it (to operators only: it holds an address).
public struct AlertEntry: Codable, Sendable, Equatable {
    public var id: Int64
    public var email: String
    /// The alert's search text.
    public var query: String
    /// Its filters, by their names in the API.
    public var filters: [String: [String]]
    public var confirmed: Bool
    public var lastSentAt: String?

    enum CodingKeys: String, CodingKey {
        case id, email, query, filters, confirmed
        case lastSentAt = "last_sent_at"
    }

    /// Every key, `last_sent_at` as null until a digest is sent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(query, forKey: .query)
        try container.encode(filters, forKey: .filters)
        try container.encode(confirmed, forKey: .confirmed)
        try container.encode(lastSentAt, forKey: .lastSentAt)
    }
}

extension AppDatabase {
    /// The most alerts one address may have waiting for confirmation; more requests send nothing more, so
    /// the form cannot be used to flood someone's inbox.
    static let maxUnconfirmedAlerts = 3
    /// Days an unconfirmed alert is kept before `writeDueAlertDigests` deletes it.
    static let unconfirmedAlertDays = 7
    /// The most examples one digest lists; the rest are one link away.
    static let digestLength = 20

    /// Stores an alert waiting for confirmation and writes the confirmation mail (double opt-in) in the same
    /// transaction. Past `maxUnconfirmedAlerts` waiting for the same address nothing is stored or sent, and the
    /// caller is not told, so the answer says nothing about who has asked before.
    public func requestAlert(_ request: AlertRequest) async throws {
        let search = String(decoding: try Self.alertEncoder.encode(request.search), as: UTF8.self)
        let words = request.search.words(reference: reference)
        try await writer.write { db in
            let waiting =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM alert WHERE email = ? AND confirmed_at IS NULL", arguments: [request.email.email]) ?? 0
            guard waiting < Self.maxUnconfirmedAlerts else { return }
            // Examples published from the second before the request on are new to the reader (times are kept to the second).
            let now = Date()
            try db.execute(
                sql: "INSERT INTO alert (email, search, created_at, since) VALUES (?, ?, ?, ?)",
                arguments: [request.email.email, search, Timestamp.format(now), Timestamp.format(now.addingTimeInterval(-1))])
            let id = db.lastInsertedRowID
            let confirm = try newAlertLink(id, purpose: "confirm", in: db)
            let unsubscribe = try newAlertLink(id, purpose: "unsubscribe", in: db)
            try enqueue(
                MailDraft(
                    kind: .alertConfirm, to: request.email, subject: "Casebook: confirm your email updates",
                    body: MailText.alertConfirm(words: words, confirm: confirm, unsubscribe: unsubscribe),
                    listUnsubscribe: unsubscribe), in: db)
        }
    }

    /// A new random token for one of an alert's links, stored as a hash; returns the link.
    private func newAlertLink(_ alertID: Int64, purpose: String, in db: Database) throws -> String {
        let token = Token.generate().secret
        try db.execute(
            sql: "INSERT INTO alert_link (token_hash, alert_id, purpose, created_at) VALUES (?, ?, ?, ?)",
            arguments: [Token.hash(token), alertID, purpose, Timestamp.now()])
        return "\(linkBase)/alerts/\(purpose)/\(token)"
    }

    /// Confirms the alert a confirmation token belongs to (once; later clicks change nothing) and returns its
    /// search in words; nil for any other token.
    public func confirmAlert(token: String) async throws -> String? {
        let hash = Token.hash(token)
        let search = try await writer.write { db -> String? in
            guard let alert = try Self.alert(linkHash: hash, purpose: "confirm", in: db) else { return nil }
            try db.execute(
                sql: "UPDATE alert SET confirmed_at = coalesce(confirmed_at, ?) WHERE id = ?", arguments: [Timestamp.now(), alert.id])
            return alert.search
        }
        return search.map { Self.alertSearch($0).words(reference: reference) }
    }

    /// Deletes the alert an unsubscribe token belongs to, and its address with it; returns its search in
    /// words, or nil when the token belongs to no alert (already unsubscribed, or never one).
    public func unsubscribeAlert(token: String) async throws -> String? {
        let hash = Token.hash(token)
        let search = try await writer.write { db -> String? in
            guard let alert = try Self.alert(linkHash: hash, purpose: "unsubscribe", in: db) else { return nil }
            try db.execute(sql: "DELETE FROM alert WHERE id = ?", arguments: [alert.id])
            return alert.search
        }
        return search.map { Self.alertSearch($0).words(reference: reference) }
    }

    /// Every alert, confirmed or waiting, newest first (for operators: it holds addresses).
    public func alerts() throws -> [AlertEntry] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT id, email, search, confirmed_at, last_sent_at FROM alert ORDER BY id DESC").map { row in
                let search = Self.alertSearch(row["search"])
                return AlertEntry(
                    id: row["id"], email: row["email"], query: search.q,
                    filters: Dictionary(uniqueKeysWithValues: search.filters.filter { !$0.keys.isEmpty }.map { ($0.name, $0.keys) }),
                    confirmed: row["confirmed_at"] != nil, lastSentAt: row["last_sent_at"])
            }
        }
    }

    /// Writes into the outbox one digest for each confirmed alert that has newly published matches and had
    /// no digest in the last day, listing the newest first. Alerts never confirmed are deleted after
    /// `unconfirmedAlertDays`. Returns how many digests were written.
    @discardableResult
    public func writeDueAlertDigests(now: Date = Date()) async throws -> Int {
        let dayAgo = Timestamp.format(now.addingTimeInterval(-86_400))
        let stale = Timestamp.format(now.addingTimeInterval(-Double(Self.unconfirmedAlertDays) * 86_400))
        let due = try await writer.write { db in
            try db.execute(sql: "DELETE FROM alert WHERE confirmed_at IS NULL AND created_at < ?", arguments: [stale])
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT id, email, search, since, last_sent_at FROM alert
                    WHERE confirmed_at IS NOT NULL AND (last_sent_at IS NULL OR last_sent_at <= ?) ORDER BY id
                    """, arguments: [dayAgo])
        }
        var written = 0
        for row in due {
            guard let to = MailAddress(row["email"]) else { continue }
            let search = Self.alertSearch(row["search"])
            let since: String = row["since"] ?? ""
            let (newest, total) = try await newlyPublished(search, since: since)
            guard let latest = newest.first?.publishedAt else { continue }
            if try await writeDigest(
                alertID: row["id"], to: to, search: search, hits: Array(newest.prefix(Self.digestLength)), total: total,
                since: latest, lastSent: row["last_sent_at"], now: Timestamp.format(now))
            {
                written += 1
            }
        }
        return written
    }

    /// The alert's matches published after `since`, newest first (at most five pages' worth), and how many there are.
    private func newlyPublished(_ search: AlertSearch, since: String) async throws -> ([SearchHit], Int) {
        var found: [SearchHit] = []
        for page in 0..<5 {
            let results = try await self.search(search.query(limit: SearchQuery.maximumLimit, offset: page * SearchQuery.maximumLimit))
            let newer = results.results.filter { ($0.publishedAt ?? "") > since }
            found += newer
            if newer.count < results.results.count || results.results.count < SearchQuery.maximumLimit { break }
        }
        return (found, found.count)
    }

    /// Writes one digest, unless another run sent this alert one meanwhile or it was unsubscribed.
    private func writeDigest(
        alertID: Int64, to: MailAddress, search: AlertSearch, hits: [SearchHit], total: Int, since: String, lastSent: String?, now: String
    ) async throws -> Bool {
        let words = search.words(reference: reference)
        return try await writer.write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT count(*) > 0 FROM alert WHERE id = ? AND last_sent_at IS ?", arguments: [alertID, lastSent]) == true
            else { return false }
            let unsubscribe = try newAlertLink(alertID, purpose: "unsubscribe", in: db)
            let list = hits.map { "- \($0.title) (\($0.organisation.name))\n  \(linkBase)/examples/\($0.id)" }.joined(separator: "\n")
            let more = "\(linkBase)/search?" + search.queryString
            try enqueue(
                MailDraft(
                    kind: .alert, to: to,
                    subject: total == 1 ? "Casebook: 1 new example for your updates" : "Casebook: \(total) new examples for your updates",
                    body: MailText.alertDigest(words: words, list: list, shown: hits.count, total: total, more: more, unsubscribe: unsubscribe),
                    listUnsubscribe: unsubscribe), in: db)
            try db.execute(sql: "UPDATE alert SET last_sent_at = ?, since = ? WHERE id = ?", arguments: [now, since, alertID])
            return true
        }
    }

    /// The alert a link's token (by its hash) belongs to, for that link's purpose.
    private static func alert(linkHash hash: String, purpose: String, in db: Database) throws -> (id: Int64, search: String)? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT a.id, a.search FROM alert_link l JOIN alert a ON a.id = l.alert_id WHERE l.token_hash = ? AND l.purpose = ?
                """, arguments: [hash, purpose]
        ).map { ($0["id"], $0["search"]) }
    }

    private static let alertEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static func alertSearch(_ text: String) -> AlertSearch {
        (try? JSONDecoder().decode(AlertSearch.self, from: Data(text.utf8))) ?? AlertSearch()
    }
}

extension MailText {
    static func alertConfirm(words: String, confirm: String, unsubscribe: String) -> String {
        """
        Someone, we hope you, asked Casebook to send this address \(words).

        To start the updates, confirm here:

        \(confirm)

        If it was not you, do nothing: without confirmation no updates are sent, and the request is deleted in a week.
        To say no now: \(unsubscribe)
        """
    }

    static func alertDigest(words: String, list: String, shown: Int, total: Int, more: String, unsubscribe: String) -> String {
        let rest = total > shown ? "\n\nAnd \(total - shown) more: \(more)" : "\n\nThe search: \(more)"
        return """
            Newly published in Casebook: \(words).

            \(list)\(rest)

            You get at most one of these a day. Stop them in one click: \(unsubscribe)
            """
    }
}
