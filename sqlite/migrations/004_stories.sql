-- A person's story (one each) and their consent records (kept, never
-- overwritten: revoking sets revoked_at).

CREATE TABLE stories (
	person_id  INTEGER PRIMARY KEY REFERENCES people (id),
	card       TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL DEFAULT '',
	source     TEXT NOT NULL DEFAULT '',
	source_of  TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
);

CREATE TABLE consents (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES people (id),
	granted_on  TEXT NOT NULL,
	means       TEXT NOT NULL,
	until_day   TEXT,
	revoked_at  TEXT,
	note        TEXT NOT NULL DEFAULT '',
	recorded_by INTEGER NOT NULL DEFAULT 0,
	created_at  TEXT NOT NULL
);
CREATE INDEX consents_person ON consents (person_id);
