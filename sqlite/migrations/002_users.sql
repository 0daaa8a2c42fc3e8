-- Staff accounts, their sign-in sessions, and failed sign-ins (for rate
-- limiting across every server sharing the database).

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL,
	email         TEXT NOT NULL UNIQUE,
	team          TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
	password_hash TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
	id  INTEGER PRIMARY KEY,
	key TEXT NOT NULL,
	at  TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
