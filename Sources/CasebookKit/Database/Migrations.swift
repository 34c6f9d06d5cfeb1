import GRDB

/// The schema, as named migrations. A shipped migration is never edited; change the schema with a new one.
/// Migrations are written with literals only (no vocabulary enums, no search constants), so that a later
/// change to the code cannot change what an old migration did; tests check the literals against the code.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-library", migrate: createLibrary)
        migrator.registerMigration("v1-search-index", migrate: createSearchIndex)
        migrator.registerMigration("v2-collections", migrate: createCollections)
        migrator.registerMigration("v3-library-version", migrate: createLibraryVersion)
        migrator.registerMigration("v4-change-log", migrate: createChangeLog)
        migrator.registerMigration("v5-stemmed-index-without-prefixes", migrate: recreateStemmedIndexWithoutPrefixes)
        migrator.registerMigration("v6-search-indexes-hold-published-examples", migrate: indexPublishedExamplesOnly)
        migrator.registerMigration("v6-moderation-versions", migrate: createExampleVersions)
        migrator.registerMigration("v7-mail-outbox", migrate: createMailOutbox)
        migrator.registerMigration("v8-structured-examples", migrate: addStructuredExamples)
        migrator.registerMigration("v9-adoption-reports", migrate: createAdoptionReports)
        migrator.registerMigration("v10-reviews-alerts-and-replies", migrate: createReviewsAndAlerts)
        migrator.registerMigration("v11-local-guides", migrate: createLocalGuides)
        migrator.registerMigration("v12-published-text-in-rowid-order", migrate: readPublishedTextInRowidOrder)
        return migrator
    }

    private static func createLibrary(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE foundation (
                  key TEXT PRIMARY KEY,
                  number INTEGER NOT NULL UNIQUE,
                  name TEXT NOT NULL,
                  kind TEXT NOT NULL CHECK (kind IN ('framework', 'guide')),
                  description TEXT NOT NULL,
                  prompts TEXT NOT NULL CHECK (json_valid(prompts))
                );
                CREATE TABLE ambition (
                  key TEXT PRIMARY KEY,
                  number INTEGER NOT NULL UNIQUE,
                  name TEXT NOT NULL,
                  description TEXT NOT NULL
                );
                CREATE TABLE example (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  uid TEXT NOT NULL UNIQUE,
                  title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 3 AND 200),
                  summary TEXT NOT NULL CHECK (length(trim(summary)) BETWEEN 10 AND 1000),
                  body TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 50000),
                  organisation_name TEXT NOT NULL CHECK (length(organisation_name) BETWEEN 1 AND 200),
                  organisation_type TEXT NOT NULL DEFAULT 'other' CHECK (organisation_type IN ('hospice', 'acute-trust', 'community-trust', 'mental-health-trust', 'ambulance-trust', 'primary-care', 'icb', 'local-authority', 'care-home', 'vcse', 'university', 'other')),
                  region TEXT CHECK (region IN ('north-east-and-yorkshire', 'north-west', 'midlands', 'east-of-england', 'london', 'south-east', 'south-west', 'wales', 'scotland', 'northern-ireland', 'national')),
                  keywords TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(keywords)),
                  links TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(links)),
                  contact_name TEXT,
                  contact_email TEXT,
                  contact_public INTEGER NOT NULL DEFAULT 0 CHECK (contact_public IN (0, 1)),
                  evidence TEXT NOT NULL DEFAULT 'not-evaluated' CHECK (evidence IN ('not-evaluated', 'baseline-measured', 'evaluated', 'externally-evaluated')),
                  started TEXT,
                  status TEXT NOT NULL CHECK (status IN ('submitted', 'changes-requested', 'published', 'rejected', 'withdrawn')),
                  submitted_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL,
                  published_at TEXT,
                  review_due TEXT,
                  flags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(flags)),
                  CHECK (status <> 'published' OR published_at IS NOT NULL)
                );
                CREATE INDEX example_by_status ON example(status, published_at);
                CREATE INDEX example_facets ON example(id, status, region, organisation_type, evidence, published_at);
                CREATE TABLE example_foundation (
                  example_id INTEGER NOT NULL REFERENCES example(id) ON DELETE CASCADE,
                  foundation TEXT NOT NULL REFERENCES foundation(key),
                  position INTEGER NOT NULL,
                  PRIMARY KEY (example_id, foundation)
                ) WITHOUT ROWID;
                CREATE INDEX example_foundation_by_key ON example_foundation(foundation, example_id);
                CREATE TABLE example_ambition (
                  example_id INTEGER NOT NULL REFERENCES example(id) ON DELETE CASCADE,
                  ambition TEXT NOT NULL REFERENCES ambition(key),
                  position INTEGER NOT NULL,
                  PRIMARY KEY (example_id, ambition)
                ) WITHOUT ROWID;
                CREATE INDEX example_ambition_by_key ON example_ambition(ambition, example_id);
                CREATE TABLE moderation_event (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  example_id INTEGER NOT NULL REFERENCES example(id) ON DELETE CASCADE,
                  at TEXT NOT NULL,
                  actor TEXT NOT NULL,
                  action TEXT NOT NULL,
                  from_status TEXT CHECK (from_status IN ('submitted', 'changes-requested', 'published', 'rejected', 'withdrawn')),
                  to_status TEXT NOT NULL CHECK (to_status IN ('submitted', 'changes-requested', 'published', 'rejected', 'withdrawn')),
                  note TEXT
                );
                CREATE INDEX moderation_event_by_example ON moderation_event(example_id, id);
                CREATE TRIGGER moderation_event_is_append_only_update BEFORE UPDATE ON moderation_event
                  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TRIGGER moderation_event_is_append_only_delete BEFORE DELETE ON moderation_event
                  WHEN (SELECT count(*) FROM example WHERE id = OLD.example_id) > 0
                  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TABLE status_transition (
                  from_status TEXT NOT NULL,
                  action TEXT NOT NULL,
                  to_status TEXT NOT NULL,
                  PRIMARY KEY (from_status, action)
                ) WITHOUT ROWID;
                INSERT INTO status_transition VALUES
                  ('submitted', 'approve', 'published'),
                  ('submitted', 'reject', 'rejected'),
                  ('submitted', 'request-changes', 'changes-requested'),
                  ('changes-requested', 'revise', 'submitted'),
                  ('published', 'withdraw', 'withdrawn');
                CREATE TRIGGER example_status_change_is_audited BEFORE UPDATE OF status ON example
                  WHEN NEW.status IS NOT OLD.status AND NOT EXISTS (
                    SELECT 1 FROM moderation_event e
                    WHERE e.id = (SELECT max(id) FROM moderation_event WHERE example_id = NEW.id)
                      AND e.from_status IS OLD.status AND e.to_status = NEW.status
                      AND (e.action = 'import' OR EXISTS (
                        SELECT 1 FROM status_transition t
                        WHERE t.from_status = OLD.status AND t.to_status = NEW.status AND t.action = e.action)))
                  BEGIN SELECT RAISE(ABORT, 'a status change needs a legal, audited transition'); END;
                CREATE TABLE account (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
                  role TEXT NOT NULL CHECK (role IN ('moderator', 'admin')),
                  token_hash TEXT NOT NULL UNIQUE,
                  created_at TEXT NOT NULL,
                  revoked_at TEXT
                );
                CREATE TABLE submission_token (
                  example_id INTEGER PRIMARY KEY REFERENCES example(id) ON DELETE CASCADE,
                  token_hash TEXT NOT NULL UNIQUE,
                  created_at TEXT NOT NULL
                );
                """)
    }

    private static func createSearchIndex(_ db: Database) throws {
        try createStemmedIndex(db, prefixes: [2, 3])
        // Unstemmed words, for spelling suggestions judged on words as typed.
        try db.create(virtualTable: "example_words", using: FTS5()) { t in
            t.synchronize(withTable: "example")
            t.tokenizer = .unicode61()
            t.detail = "none"
            t.column("title")
            t.column("summary")
            t.column("body")
            t.column("keywords")
        }
        try db.execute(sql: "CREATE VIRTUAL TABLE example_words_vocab USING fts5vocab(example_words, 'row')")
    }

    /// The stemmed index again, without the 2- and 3-letter prefix indexes: search completes a
    /// half-typed word from the word list instead, and the prefix indexes made filling the index
    /// about five times slower.
    private static func recreateStemmedIndexWithoutPrefixes(_ db: Database) throws {
        // The triggers that kept the old index in step, as `synchronize(withTable:)` named them in v1.
        try db.execute(
            sql: """
                DROP TRIGGER IF EXISTS __example_ft_ai;
                DROP TRIGGER IF EXISTS __example_ft_ad;
                DROP TRIGGER IF EXISTS __example_ft_au;
                """)
        try db.execute(sql: "DROP TABLE example_ft")
        try createStemmedIndex(db, prefixes: [])
    }

    /// The stemmed index over the example table (kept in step by triggers), with its bm25 weights.
    private static func createStemmedIndex(_ db: Database, prefixes: Set<Int>) throws {
        try db.create(virtualTable: "example_ft", using: FTS5()) { t in
            t.synchronize(withTable: "example")
            t.tokenizer = .porter(wrapping: .unicode61())
            if !prefixes.isEmpty { t.prefixes = prefixes }
            for column in ["title", "summary", "body", "organisation_name", "keywords"] { t.column(column) }
        }
        try db.execute(sql: "INSERT INTO example_ft(example_ft, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 2.0, 6.0)')")
    }

    /// Curated collections of examples and their ordered items.
    private static func createCollections(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE collection (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  slug TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*' AND length(slug) BETWEEN 1 AND 80),
                  title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
                  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
                  introduction TEXT NOT NULL DEFAULT '' CHECK (length(introduction) <= 50000),
                  contact TEXT CHECK (length(contact) <= 2000),
                  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
                  created_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL,
                  updated_by TEXT NOT NULL,
                  published_at TEXT,
                  CHECK (status <> 'published' OR published_at IS NOT NULL)
                );
                CREATE TABLE collection_item (
                  collection_id INTEGER NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
                  example_id INTEGER NOT NULL REFERENCES example(id),
                  position INTEGER NOT NULL,
                  added_at TEXT NOT NULL,
                  added_by TEXT NOT NULL,
                  PRIMARY KEY (collection_id, example_id)
                ) WITHOUT ROWID;
                CREATE INDEX collection_item_by_example ON collection_item(example_id);
                """)
    }
}

/// Facts about the full-text index that the schema and the search share.
enum SearchIndex {
    /// The index's default ranking: bm25 with `RankFunction.weights`, the one place the weights are
    /// written (a test checks that the migration stored exactly this).
    static var rankFunction: String {
        "bm25(" + RankFunction.weights.map { String(format: "%.1f", $0) }.joined(separator: ", ") + ")"
    }
    /// Index columns in order, for snippets (`snippet(example_ft, column, ...)`).
    static let columns = ["title", "summary", "body", "organisation_name", "keywords"]
}
