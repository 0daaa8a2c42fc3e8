-- The wall of faces: screens (and the rooms named after key customers),
-- the codes that pair a screen's browser, the organization's wall settings,
-- the set of faces picked for each period, editors' pins and exclusions,
-- and the history of who was shown on which screen, when.

CREATE TABLE screens (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	name             TEXT NOT NULL UNIQUE,
	place            TEXT NOT NULL DEFAULT '',
	time_zone        TEXT NOT NULL DEFAULT 'UTC',
	orientation      TEXT NOT NULL DEFAULT 'landscape',
	faces_at_once    INTEGER NOT NULL DEFAULT 1,
	seconds_per_card INTEGER NOT NULL DEFAULT 12,
	company_id       INTEGER REFERENCES companies (id),
	token_hash       TEXT UNIQUE,
	paired_at        TEXT,
	last_seen        TEXT,
	showing          TEXT NOT NULL DEFAULT '',
	showing_version  TEXT NOT NULL DEFAULT '',
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);
CREATE INDEX screens_company ON screens (company_id);

CREATE TABLE screen_pairings (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	code        TEXT NOT NULL UNIQUE,
	secret_hash TEXT NOT NULL UNIQUE,
	screen_id   INTEGER REFERENCES screens (id),
	expires_at  TEXT NOT NULL
);
CREATE INDEX screen_pairings_expires ON screen_pairings (expires_at);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE wall_periods (
	start_day TEXT PRIMARY KEY,
	end_day   TEXT NOT NULL,
	locked    BOOLEAN NOT NULL DEFAULT FALSE,
	locked_by INTEGER NOT NULL DEFAULT 0,
	picked_at TEXT NOT NULL
);

CREATE TABLE wall_picks (
	start_day TEXT NOT NULL REFERENCES wall_periods (start_day),
	person_id INTEGER NOT NULL REFERENCES people (id),
	position  INTEGER NOT NULL,
	PRIMARY KEY (start_day, person_id)
);
CREATE INDEX wall_picks_person ON wall_picks (person_id, start_day);

CREATE TABLE wall_pins (
	person_id  INTEGER PRIMARY KEY REFERENCES people (id),
	mode       TEXT NOT NULL,
	pinned_by  INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);

CREATE TABLE wall_showings (
	screen_id   INTEGER NOT NULL REFERENCES screens (id),
	person_id   INTEGER NOT NULL REFERENCES people (id),
	start_day   TEXT NOT NULL,
	first_shown TEXT NOT NULL,
	PRIMARY KEY (person_id, start_day, screen_id)
);
CREATE INDEX wall_showings_screen ON wall_showings (screen_id);
