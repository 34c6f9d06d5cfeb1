import GRDB

extension Migrations {
    /// Examples as practitioners write them (contract section 10): sections, outcome measures, work status and
    /// licence. The generated column `account` is the body followed by each section in order; search indexes
    /// it in the body's place, so sections are found and weighted as the body is. Literals only, as in every
    /// migration.
    static func addStructuredExamples(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE example ADD COLUMN sections TEXT NOT NULL DEFAULT '{}'
                  CHECK (json_valid(sections) AND json_type(sections) = 'object');
                ALTER TABLE example ADD COLUMN outcome_measures TEXT NOT NULL DEFAULT '[]'
                  CHECK (json_valid(outcome_measures) AND json_type(outcome_measures) = 'array' AND json_array_length(outcome_measures) <= 10);
                ALTER TABLE example ADD COLUMN work_status TEXT NOT NULL DEFAULT 'running'
                  CHECK (work_status IN ('running', 'ended', 'stopped'));
                ALTER TABLE example ADD COLUMN licence TEXT NOT NULL DEFAULT 'CC-BY-4.0'
                  CHECK (licence IN ('CC-BY-4.0', 'CC-BY-NC-4.0', 'all-rights-reserved'));
                ALTER TABLE example ADD COLUMN account TEXT GENERATED ALWAYS AS (
                  CASE WHEN sections = '{}' THEN body ELSE body
                    || coalesce(char(10, 10) || json_extract(sections, '$.context'), '')
                    || coalesce(char(10, 10) || json_extract(sections, '$.what_we_did'), '')
                    || coalesce(char(10, 10) || json_extract(sections, '$.outcomes'), '')
                    || coalesce(char(10, 10) || json_extract(sections, '$.learning'), '')
                    || coalesce(char(10, 10) || json_extract(sections, '$.what_did_not_work'), '')
                    || coalesce(char(10, 10) || json_extract(sections, '$.resources'), '')
                    || coalesce(char(10, 10) || json_extract(sections, '$.next_steps'), '')
                  END) VIRTUAL;
                DROP TRIGGER example_text_indexed;
                DROP TRIGGER example_text_unindexed;
                DROP TRIGGER example_text_reindexed;
                DROP VIEW published_example_text;
                CREATE VIEW published_example_text AS
                  SELECT id, title, summary, account AS body, organisation_name, keywords FROM example WHERE status = 'published';
                CREATE TRIGGER example_text_indexed AFTER INSERT ON example WHEN NEW.status = 'published' BEGIN
                  INSERT INTO example_ft(rowid, title, summary, body, organisation_name, keywords)
                    VALUES (NEW.id, NEW.title, NEW.summary, NEW.account, NEW.organisation_name, NEW.keywords);
                  INSERT INTO example_words(rowid, title, summary, body, keywords)
                    VALUES (NEW.id, NEW.title, NEW.summary, NEW.account, NEW.keywords);
                  UPDATE library_version SET index_version = index_version + 1;
                END;
                CREATE TRIGGER example_text_unindexed AFTER DELETE ON example WHEN OLD.status = 'published' BEGIN
                  INSERT INTO example_ft(example_ft, rowid, title, summary, body, organisation_name, keywords)
                    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.account, OLD.organisation_name, OLD.keywords);
                  INSERT INTO example_words(example_words, rowid, title, summary, body, keywords)
                    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.account, OLD.keywords);
                  UPDATE library_version SET index_version = index_version + 1;
                END;
                CREATE TRIGGER example_text_reindexed
                  AFTER UPDATE OF title, summary, body, sections, organisation_name, keywords, status ON example
                  WHEN OLD.status = 'published' OR NEW.status = 'published' BEGIN
                  INSERT INTO example_ft(example_ft, rowid, title, summary, body, organisation_name, keywords)
                    SELECT 'delete', OLD.id, OLD.title, OLD.summary, OLD.account, OLD.organisation_name, OLD.keywords
                    WHERE OLD.status = 'published';
                  INSERT INTO example_words(example_words, rowid, title, summary, body, keywords)
                    SELECT 'delete', OLD.id, OLD.title, OLD.summary, OLD.account, OLD.keywords WHERE OLD.status = 'published';
                  INSERT INTO example_ft(rowid, title, summary, body, organisation_name, keywords)
                    SELECT NEW.id, NEW.title, NEW.summary, NEW.account, NEW.organisation_name, NEW.keywords
                    WHERE NEW.status = 'published';
                  INSERT INTO example_words(rowid, title, summary, body, keywords)
                    SELECT NEW.id, NEW.title, NEW.summary, NEW.account, NEW.keywords WHERE NEW.status = 'published';
                  UPDATE library_version SET index_version = index_version + 1;
                END;
                """)
    }
}

extension Migrations {
    /// Adoption reports ("we tried this too"), each about one example, moderated with its own audit trail.
    static func createAdoptionReports(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE adoption (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  example_id INTEGER NOT NULL REFERENCES example(id) ON DELETE CASCADE,
                  organisation_name TEXT NOT NULL CHECK (length(trim(organisation_name)) BETWEEN 1 AND 200),
                  organisation_type TEXT NOT NULL DEFAULT 'other' CHECK (organisation_type IN ('hospice', 'acute-trust', 'community-trust', 'mental-health-trust', 'ambulance-trust', 'primary-care', 'icb', 'local-authority', 'care-home', 'vcse', 'university', 'other')),
                  region TEXT CHECK (region IN ('north-east-and-yorkshire', 'north-west', 'midlands', 'east-of-england', 'london', 'south-east', 'south-west', 'wales', 'scotland', 'northern-ireland', 'national')),
                  what_we_adapted TEXT NOT NULL CHECK (length(trim(what_we_adapted)) BETWEEN 10 AND 5000),
                  what_happened TEXT NOT NULL DEFAULT '' CHECK (length(what_happened) <= 5000),
                  evidence TEXT NOT NULL DEFAULT 'not-evaluated' CHECK (evidence IN ('not-evaluated', 'baseline-measured', 'evaluated', 'externally-evaluated')),
                  contact_name TEXT CHECK (length(contact_name) <= 200),
                  contact_email TEXT CHECK (length(contact_email) <= 254),
                  contact_public INTEGER NOT NULL DEFAULT 0 CHECK (contact_public IN (0, 1)),
                  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'published', 'rejected', 'withdrawn')),
                  flags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(flags)),
                  submitted_at TEXT NOT NULL,
                  published_at TEXT,
                  CHECK (status <> 'published' OR published_at IS NOT NULL)
                );
                CREATE INDEX adoption_by_example ON adoption(example_id, status);
                CREATE INDEX adoption_by_status ON adoption(status, submitted_at);
                CREATE TABLE adoption_event (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  adoption_id INTEGER NOT NULL REFERENCES adoption(id) ON DELETE CASCADE,
                  at TEXT NOT NULL,
                  actor TEXT NOT NULL,
                  action TEXT NOT NULL,
                  from_status TEXT,
                  to_status TEXT NOT NULL,
                  note TEXT CHECK (length(note) <= 5000)
                );
                """)
    }
}
