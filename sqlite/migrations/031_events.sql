-- Customer events, their guest lists (people Faces knows; key guests get
-- a prep sheet) and what was learned there (insights name the event).
CREATE TABLE events (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL,
	on_day     TEXT NOT NULL,
	place      TEXT NOT NULL DEFAULT '',
	notes      TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX events_day ON events (on_day, id);

CREATE TABLE event_guests (
	event_id  INTEGER NOT NULL REFERENCES events (id),
	person_id INTEGER NOT NULL REFERENCES people (id),
	key_guest BOOLEAN NOT NULL DEFAULT FALSE,
	met       BOOLEAN NOT NULL DEFAULT FALSE,
	on_day    TEXT NOT NULL,
	PRIMARY KEY (event_id, person_id)
);
CREATE INDEX event_guests_person ON event_guests (person_id, on_day);

ALTER TABLE insights ADD COLUMN event_id INTEGER REFERENCES events (id);
CREATE INDEX insights_event ON insights (event_id);
