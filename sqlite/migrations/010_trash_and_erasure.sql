-- Deleting is recoverable, erasure erases.
--
-- The trash: a deleted person or company is kept whole (as JSON: the
-- record and everything that hangs on it) for 30 days, then erased.
CREATE TABLE trash (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	entity     TEXT NOT NULL,
	entity_id  INTEGER NOT NULL,
	name       TEXT NOT NULL,
	snapshot   TEXT NOT NULL,
	deleted_by INTEGER NOT NULL DEFAULT 0,
	deleted_at TEXT NOT NULL,
	UNIQUE (entity, entity_id)
);
CREATE INDEX trash_deleted_at ON trash (deleted_at);

-- Audit entries about a person carry the person's id as entity_id (for
-- people, photos, stories, consents, buying roles and the first person of
-- a relationship); other_person_id names the second person of a
-- relationship, so that an erasure finds every entry that holds either.
ALTER TABLE audit_log ADD COLUMN other_person_id INTEGER;
UPDATE audit_log SET other_person_id = json_extract(COALESCE(after_json, before_json), '$.ToID')
WHERE entity = 'relationship';
CREATE INDEX audit_log_other_person ON audit_log (other_person_id) WHERE other_person_id IS NOT NULL;

-- The full-text indexes overwrite what is removed from them, rather than
-- leaving it in their pages (with PRAGMA secure_delete, set on every
-- connection, for the tables).
INSERT INTO people_search (people_search, rank) VALUES ('secure-delete', 1);
INSERT INTO companies_search (companies_search, rank) VALUES ('secure-delete', 1);
