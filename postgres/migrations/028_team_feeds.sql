-- A team's calendar, served back as a feed with each meeting's opener:
-- where it comes from (a web address, or an uploaded file) and the hash
-- of the secret in the feed's address.
CREATE TABLE team_feeds (
	team       TEXT PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	source_url TEXT NOT NULL DEFAULT '',
	uploaded   BYTEA,
	updated_by BIGINT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
