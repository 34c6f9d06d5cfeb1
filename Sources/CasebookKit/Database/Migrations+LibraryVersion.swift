import GRDB

extension Migrations {
    /// A counter that moves on with every change to an example, so that derived in-memory data
    /// (search doc values) knows when to rebuild, whichever process wrote.
    static func createLibraryVersion(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE library_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
                INSERT INTO library_version VALUES (1, 0);
                CREATE TRIGGER example_inserted_moves_version AFTER INSERT ON example
                  BEGIN UPDATE library_version SET version = version + 1; END;
                CREATE TRIGGER example_updated_moves_version AFTER UPDATE ON example
                  BEGIN UPDATE library_version SET version = version + 1; END;
                CREATE TRIGGER example_deleted_moves_version AFTER DELETE ON example
                  BEGIN UPDATE library_version SET version = version + 1; END;
                """)
    }
}
