-- Ids are never given again (SQLite): each table whose id is generated is
-- rebuilt with AUTOINCREMENT, which remembers the highest id ever used in
-- sqlite_sequence; without it a deleted person's id went to the next
-- person, and the audit trail and old links pointed at someone else.
-- The rebuild runs with foreign keys off (see sqlite.Open); the rows, their
-- ids and the indexes are copied as they are. Ids already given to records
-- that were deleted before this migration are known from the audit trail,
-- and the sequence starts above them too.

CREATE TABLE companies_new (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	name         TEXT NOT NULL,
	story        TEXT NOT NULL DEFAULT '',
	key_customer BOOLEAN NOT NULL DEFAULT FALSE,
	locations    TEXT NOT NULL DEFAULT '[]',
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
INSERT INTO companies_new (id, name, story, key_customer, locations, created_at, updated_at) SELECT id, name, story, key_customer, locations, created_at, updated_at FROM companies;
DROP TABLE companies;
ALTER TABLE companies_new RENAME TO companies;
CREATE INDEX companies_name ON companies (name);
UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX(entity_id), 0) FROM audit_log WHERE entity = 'company')) WHERE name = 'companies';
INSERT INTO sqlite_sequence (name, seq) SELECT 'companies', (SELECT COALESCE(MAX(entity_id), 0) FROM audit_log WHERE entity = 'company') WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'companies');

CREATE TABLE people_new (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO people_new (id, name, pronouns, emails, phones, links, tags, notes, created_at, updated_at) SELECT id, name, pronouns, emails, phones, links, tags, notes, created_at, updated_at FROM people;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;
CREATE INDEX people_name ON people (name);
UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX(entity_id), 0) FROM audit_log WHERE entity = 'person')) WHERE name = 'people';
INSERT INTO sqlite_sequence (name, seq) SELECT 'people', (SELECT COALESCE(MAX(entity_id), 0) FROM audit_log WHERE entity = 'person') WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'people');

CREATE TABLE positions_new (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	company_id INTEGER NOT NULL REFERENCES companies (id),
	title      TEXT NOT NULL,
	division   TEXT NOT NULL DEFAULT '',
	from_day   TEXT NOT NULL,
	to_day     TEXT
);
INSERT INTO positions_new (id, person_id, company_id, title, division, from_day, to_day) SELECT id, person_id, company_id, title, division, from_day, to_day FROM positions;
DROP TABLE positions;
ALTER TABLE positions_new RENAME TO positions;
CREATE INDEX positions_person ON positions (person_id);
CREATE INDEX positions_company ON positions (company_id);
CREATE UNIQUE INDEX positions_current ON positions (person_id) WHERE to_day IS NULL;

CREATE TABLE audit_log_new (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	actor_id    INTEGER NOT NULL DEFAULT 0,
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   INTEGER NOT NULL,
	before_json TEXT,
	after_json  TEXT,
	at          TEXT NOT NULL
);
INSERT INTO audit_log_new (id, actor_id, action, entity, entity_id, before_json, after_json, at) SELECT id, actor_id, action, entity, entity_id, before_json, after_json, at FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

CREATE TABLE users_new (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	name          TEXT NOT NULL,
	email         TEXT NOT NULL UNIQUE,
	team          TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
	password_hash TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	disabled      BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO users_new (id, name, email, team, role, password_hash, created_at, updated_at, disabled) SELECT id, name, email, team, role, password_hash, created_at, updated_at, disabled FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX(entity_id), 0) FROM audit_log WHERE entity = 'user')) WHERE name = 'users';
INSERT INTO sqlite_sequence (name, seq) SELECT 'users', (SELECT COALESCE(MAX(entity_id), 0) FROM audit_log WHERE entity = 'user') WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'users');

CREATE TABLE consents_new (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	person_id   INTEGER NOT NULL REFERENCES people (id),
	granted_on  TEXT NOT NULL,
	means       TEXT NOT NULL,
	until_day   TEXT,
	revoked_at  TEXT,
	note        TEXT NOT NULL DEFAULT '',
	recorded_by INTEGER NOT NULL DEFAULT 0,
	created_at  TEXT NOT NULL
);
INSERT INTO consents_new (id, person_id, granted_on, means, until_day, revoked_at, note, recorded_by, created_at) SELECT id, person_id, granted_on, means, until_day, revoked_at, note, recorded_by, created_at FROM consents;
DROP TABLE consents;
ALTER TABLE consents_new RENAME TO consents;
CREATE INDEX consents_person ON consents (person_id);

CREATE TABLE api_tokens_new (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_used  TEXT
);
INSERT INTO api_tokens_new (id, user_id, name, token_hash, created_at, last_used) SELECT id, user_id, name, token_hash, created_at, last_used FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX(entity_id), 0) FROM audit_log WHERE entity = 'token')) WHERE name = 'api_tokens';
INSERT INTO sqlite_sequence (name, seq) SELECT 'api_tokens', (SELECT COALESCE(MAX(entity_id), 0) FROM audit_log WHERE entity = 'token') WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'api_tokens');

CREATE TABLE relationships_new (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	from_id    INTEGER NOT NULL REFERENCES people (id),
	to_id      INTEGER NOT NULL REFERENCES people (id),
	kind       TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (from_id, to_id, kind)
);
INSERT INTO relationships_new (id, from_id, to_id, kind, note, created_at) SELECT id, from_id, to_id, kind, note, created_at FROM relationships;
DROP TABLE relationships;
ALTER TABLE relationships_new RENAME TO relationships;
CREATE INDEX relationships_to ON relationships (to_id);

CREATE TABLE buying_roles_new (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	company_id INTEGER NOT NULL REFERENCES companies (id),
	role       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (person_id, company_id, role)
);
INSERT INTO buying_roles_new (id, person_id, company_id, role, created_at) SELECT id, person_id, company_id, role, created_at FROM buying_roles;
DROP TABLE buying_roles;
ALTER TABLE buying_roles_new RENAME TO buying_roles;
CREATE INDEX buying_roles_company ON buying_roles (company_id);
