-- A team's calendar, served back as a feed with each meeting's opener:
-- where it comes from (a web address, or an uploaded file) and the hash
-- of the secret in the feed's address.
CREATE TABLE team_feeds (
	team       TEXT PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	source_url TEXT NOT NULL DEFAULT '',
	uploaded   BLOB,
	updated_by INTEGER NOT NULL,
	updated_at TEXT NOT NULL
);
