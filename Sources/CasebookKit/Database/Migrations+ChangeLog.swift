import GRDB

extension Migrations {
    /// Records which example each version change touched, so derived search data can follow
    /// a few changes instead of reading the whole library again. One row per example: its latest version.
    static func createChangeLog(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE example_change (example_id INTEGER PRIMARY KEY, version INTEGER NOT NULL);
                CREATE INDEX example_change_by_version ON example_change(version);
                DROP TRIGGER example_inserted_moves_version;
                DROP TRIGGER example_updated_moves_version;
                DROP TRIGGER example_deleted_moves_version;
                CREATE TRIGGER example_inserted_moves_version AFTER INSERT ON example BEGIN
                  UPDATE library_version SET version = version + 1;
                  INSERT OR REPLACE INTO example_change VALUES (NEW.id, (SELECT version FROM library_version));
                END;
                CREATE TRIGGER example_updated_moves_version AFTER UPDATE ON example BEGIN
                  UPDATE library_version SET version = version + 1;
                  INSERT OR REPLACE INTO example_change VALUES (NEW.id, (SELECT version FROM library_version));
                END;
                CREATE TRIGGER example_deleted_moves_version AFTER DELETE ON example BEGIN
                  UPDATE library_version SET version = version + 1;
                  INSERT OR REPLACE INTO example_change VALUES (OLD.id, (SELECT version FROM library_version));
                END;
                """)
    }
}
