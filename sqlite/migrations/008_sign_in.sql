-- Sign-in hardening: one counter row per key (an email or a client
-- address) that a single statement increments, so parallel attempts cannot
-- all read the same count; sessions that end after an idle period; and
-- accounts an administrator can disable.

DROP TABLE login_failures;

CREATE TABLE login_attempts (
	key          TEXT PRIMARY KEY,
	window_start TEXT NOT NULL,
	attempts     INTEGER NOT NULL
);
CREATE INDEX login_attempts_window ON login_attempts (window_start);

ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen_at = created_at;
CREATE INDEX sessions_expires ON sessions (expires_at);

ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
