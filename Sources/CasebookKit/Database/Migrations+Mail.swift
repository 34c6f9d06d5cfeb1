import GRDB

extension Migrations {
    /// The mail outbox (contract section 9): each message with its stable Message-ID, every delivery
    /// attempt, the private address a submitter gave for mail, and an optional email for each account.
    static func createMailOutbox(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE mail_message (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  message_id TEXT NOT NULL UNIQUE,
                  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'decision', 'new-submission', 'review-reminder', 'alert-confirm', 'alert', 'contact')),
                  recipient TEXT NOT NULL,
                  subject TEXT NOT NULL,
                  body TEXT NOT NULL,
                  example_id INTEGER REFERENCES example(id) ON DELETE SET NULL,
                  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
                  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                  created_at TEXT NOT NULL,
                  next_attempt_at TEXT NOT NULL,
                  sent_at TEXT,
                  last_error TEXT,
                  CHECK (status <> 'sent' OR sent_at IS NOT NULL)
                );
                CREATE INDEX mail_message_due ON mail_message(status, next_attempt_at);
                CREATE TABLE mail_attempt (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  mail_id INTEGER NOT NULL REFERENCES mail_message(id) ON DELETE CASCADE,
                  number INTEGER NOT NULL CHECK (number >= 1),
                  started_at TEXT NOT NULL,
                  outcome TEXT CHECK (outcome IN ('sent', 'retry', 'failed')),
                  error TEXT
                );
                CREATE INDEX mail_attempt_by_mail ON mail_attempt(mail_id, number);
                CREATE TABLE submitter_address (
                  example_id INTEGER PRIMARY KEY REFERENCES example(id) ON DELETE CASCADE,
                  email TEXT NOT NULL
                );
                ALTER TABLE account ADD COLUMN email TEXT;
                """)
    }
}
