import GRDB

extension Migrations {
    /// Every version of an example's text, and when an example was last confirmed as current.
    static func createExampleVersions(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE example_version (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  example_id INTEGER NOT NULL REFERENCES example(id) ON DELETE CASCADE,
                  number INTEGER NOT NULL CHECK (number >= 1),
                  at TEXT NOT NULL,
                  actor TEXT NOT NULL,
                  action TEXT NOT NULL,
                  content TEXT NOT NULL CHECK (json_valid(content)),
                  UNIQUE (example_id, number)
                );
                ALTER TABLE example ADD COLUMN last_confirmed TEXT;
                """)
    }
}
