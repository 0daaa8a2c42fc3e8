-- People, companies, role history and the audit trail.
-- Lists (emails, phones, links, tags, locations) are JSON arrays of text.
-- Times are ISO 8601 text in UTC; days are YYYY-MM-DD.

CREATE TABLE companies (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL,
	story        TEXT NOT NULL DEFAULT '',
	key_customer BOOLEAN NOT NULL DEFAULT FALSE,
	locations    TEXT NOT NULL DEFAULT '[]',
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX companies_name ON companies (name);

CREATE TABLE people (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	pronouns   TEXT NOT NULL DEFAULT '',
	emails     TEXT NOT NULL DEFAULT '[]',
	phones     TEXT NOT NULL DEFAULT '[]',
	links      TEXT NOT NULL DEFAULT '[]',
	tags       TEXT NOT NULL DEFAULT '[]',
	notes      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX people_name ON people (name);

CREATE TABLE positions (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	company_id INTEGER NOT NULL REFERENCES companies (id),
	title      TEXT NOT NULL,
	division   TEXT NOT NULL DEFAULT '',
	from_day   TEXT NOT NULL,
	to_day     TEXT
);
CREATE INDEX positions_person ON positions (person_id);
CREATE INDEX positions_company ON positions (company_id);
-- At most one open position per person.
CREATE UNIQUE INDEX positions_current ON positions (person_id) WHERE to_day IS NULL;

CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	actor_id    INTEGER NOT NULL DEFAULT 0,
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   INTEGER NOT NULL,
	before_json TEXT,
	after_json  TEXT,
	at          TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
