import GRDB

extension Migrations {
    /// Local guides (contract section 6): each guide's content as one JSON document with its two tokens'
    /// hashes; its saved editions, which a trigger keeps from ever changing; and an audit of what was done to
    /// each guide (kept by uid, so a deleted guide's deletion is still recorded, with none of its text).
    static func createLocalGuides(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE guide (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  uid TEXT NOT NULL UNIQUE,
                  title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 3 AND 200),
                  content TEXT NOT NULL CHECK (json_valid(content) AND json_type(content) = 'object'),
                  edit_token_hash TEXT NOT NULL UNIQUE,
                  share_token_hash TEXT NOT NULL UNIQUE,
                  created_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL
                );
                CREATE TABLE guide_edition (
                  guide_id INTEGER NOT NULL REFERENCES guide(id) ON DELETE CASCADE,
                  number INTEGER NOT NULL CHECK (number >= 1),
                  label TEXT CHECK (label IS NULL OR length(label) <= 200),
                  saved_at TEXT NOT NULL,
                  content TEXT NOT NULL CHECK (json_valid(content) AND json_type(content) = 'object'),
                  PRIMARY KEY (guide_id, number)
                );
                CREATE TRIGGER guide_edition_never_changes BEFORE UPDATE ON guide_edition
                BEGIN SELECT RAISE(ABORT, 'a saved edition never changes'); END;
                CREATE TABLE guide_event (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  guide_uid TEXT NOT NULL,
                  action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'edition-saved', 'share-link-renewed', 'deleted')),
                  at TEXT NOT NULL,
                  detail TEXT CHECK (detail IS NULL OR length(detail) <= 200)
                );
                CREATE INDEX guide_event_by_guide ON guide_event(guide_uid, id);
                """)
    }
}
