-- Typed relationships between people, and the buying roles people play at
-- companies.
CREATE TABLE relationships (
	id         INTEGER PRIMARY KEY,
	from_id    INTEGER NOT NULL REFERENCES people (id),
	to_id      INTEGER NOT NULL REFERENCES people (id),
	kind       TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (from_id, to_id, kind)
);
CREATE INDEX relationships_to ON relationships (to_id);

CREATE TABLE buying_roles (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	company_id INTEGER NOT NULL REFERENCES companies (id),
	role       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (person_id, company_id, role)
);
CREATE INDEX buying_roles_company ON buying_roles (company_id);
