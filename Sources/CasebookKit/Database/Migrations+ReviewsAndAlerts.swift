import GRDB

extension Migrations {
    /// Review reminders, alerts and replies (contract section 9): each reminder's one-click token (hashed) and
    /// the contact's answer; each alert's search, when it was confirmed and last sent, and its links' tokens
    /// (hashed); a message's `Reply-To` (the contact relay) and `List-Unsubscribe` (alert mail).
    static func createReviewsAndAlerts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE review_request (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  example_id INTEGER NOT NULL REFERENCES example(id) ON DELETE CASCADE,
                  review_due TEXT NOT NULL,
                  token_hash TEXT NOT NULL UNIQUE,
                  created_at TEXT NOT NULL,
                  answer TEXT CHECK (answer IN ('running', 'changed', 'stopped')),
                  answered_at TEXT,
                  change_note TEXT CHECK (change_note IS NULL OR length(change_note) <= 5000),
                  CHECK ((answer IS NULL) = (answered_at IS NULL)),
                  UNIQUE (example_id, review_due)
                );
                CREATE TABLE alert (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
                  search TEXT NOT NULL CHECK (json_valid(search) AND json_type(search) = 'object'),
                  created_at TEXT NOT NULL,
                  confirmed_at TEXT,
                  last_sent_at TEXT,
                  since TEXT,
                  CHECK (confirmed_at IS NOT NULL OR last_sent_at IS NULL)
                );
                CREATE INDEX alert_by_email ON alert(email);
                CREATE TABLE alert_link (
                  token_hash TEXT PRIMARY KEY,
                  alert_id INTEGER NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
                  purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'unsubscribe')),
                  created_at TEXT NOT NULL
                );
                CREATE INDEX alert_link_by_alert ON alert_link(alert_id);
                ALTER TABLE mail_message ADD COLUMN reply_to TEXT;
                ALTER TABLE mail_message ADD COLUMN list_unsubscribe TEXT;
                """)
    }
}
