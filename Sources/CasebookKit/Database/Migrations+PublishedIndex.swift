import GRDB

extension Migrations {
    /// Both full-text indexes hold published examples only, read through the view
    /// `published_example_text`, so nothing derived from them (document counts, lengths, the word
    /// list, completions, spelling, common-word sets) can learn from text nobody has published.
    /// `library_version.index_version` moves whenever the indexes change. Written in SQL literals:
    /// a shipped migration must not change when the code does.
    static func indexPublishedExamplesOnly(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP TRIGGER IF EXISTS __example_ft_ai;
                DROP TRIGGER IF EXISTS __example_ft_ad;
                DROP TRIGGER IF EXISTS __example_ft_au;
                DROP TRIGGER IF EXISTS __example_words_ai;
                DROP TRIGGER IF EXISTS __example_words_ad;
                DROP TRIGGER IF EXISTS __example_words_au;
                DROP TABLE example_words_vocab;
                DROP TABLE example_words;
                DROP TABLE example_ft;
                ALTER TABLE library_version ADD COLUMN index_version INTEGER NOT NULL DEFAULT 0;
                CREATE VIEW published_example_text AS
                  SELECT id, title, summary, body, organisation_name, keywords FROM example WHERE status = 'published';
                CREATE VIRTUAL TABLE example_ft USING fts5(
                  title, summary, body, organisation_name, keywords,
                  content = 'published_example_text', content_rowid = 'id', tokenize = 'porter unicode61');
                INSERT INTO example_ft(example_ft, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 2.0, 6.0)');
                CREATE VIRTUAL TABLE example_words USING fts5(
                  title, summary, body, keywords,
                  content = 'published_example_text', content_rowid = 'id', tokenize = 'unicode61', detail = 'none');
                CREATE VIRTUAL TABLE example_words_vocab USING fts5vocab(example_words, 'row');
                INSERT INTO example_ft(example_ft) VALUES ('rebuild');
                INSERT INTO example_words(example_words) VALUES ('rebuild');
                CREATE TRIGGER example_text_indexed AFTER INSERT ON example WHEN NEW.status = 'published' BEGIN
                  INSERT INTO example_ft(rowid, title, summary, body, organisation_name, keywords)
                    VALUES (NEW.id, NEW.title, NEW.summary, NEW.body, NEW.organisation_name, NEW.keywords);
                  INSERT INTO example_words(rowid, title, summary, body, keywords)
                    VALUES (NEW.id, NEW.title, NEW.summary, NEW.body, NEW.keywords);
                  UPDATE library_version SET index_version = index_version + 1;
                END;
                CREATE TRIGGER example_text_unindexed AFTER DELETE ON example WHEN OLD.status = 'published' BEGIN
                  INSERT INTO example_ft(example_ft, rowid, title, summary, body, organisation_name, keywords)
                    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.body, OLD.organisation_name, OLD.keywords);
                  INSERT INTO example_words(example_words, rowid, title, summary, body, keywords)
                    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.body, OLD.keywords);
                  UPDATE library_version SET index_version = index_version + 1;
                END;
                CREATE TRIGGER example_text_reindexed
                  AFTER UPDATE OF title, summary, body, organisation_name, keywords, status ON example
                  WHEN OLD.status = 'published' OR NEW.status = 'published' BEGIN
                  INSERT INTO example_ft(example_ft, rowid, title, summary, body, organisation_name, keywords)
                    SELECT 'delete', OLD.id, OLD.title, OLD.summary, OLD.body, OLD.organisation_name, OLD.keywords
                    WHERE OLD.status = 'published';
                  INSERT INTO example_words(example_words, rowid, title, summary, body, keywords)
                    SELECT 'delete', OLD.id, OLD.title, OLD.summary, OLD.body, OLD.keywords WHERE OLD.status = 'published';
                  INSERT INTO example_ft(rowid, title, summary, body, organisation_name, keywords)
                    SELECT NEW.id, NEW.title, NEW.summary, NEW.body, NEW.organisation_name, NEW.keywords
                    WHERE NEW.status = 'published';
                  INSERT INTO example_words(rowid, title, summary, body, keywords)
                    SELECT NEW.id, NEW.title, NEW.summary, NEW.body, NEW.keywords WHERE NEW.status = 'published';
                  UPDATE library_version SET index_version = index_version + 1;
                END;
                """)
    }
}

extension Migrations {
    /// Reads published text in rowid order. A full-text rebuild scans `published_example_text` in rowid
    /// order; through the status index, SQLite read the matching rows and then sorted every example's
    /// text in a temporary B-tree, which made each rebuild take more than twice as long. The unary `+`
    /// keeps the status test off the index, so the scan walks the table in rowid order and sorts nothing;
    /// lookups by id still use the primary key.
    static func readPublishedTextInRowidOrder(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP VIEW published_example_text;
                CREATE VIEW published_example_text AS
                  SELECT id, title, summary, account AS body, organisation_name, keywords FROM example WHERE +status = 'published';
                """)
    }
}
