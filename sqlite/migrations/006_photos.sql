-- Portraits: each person's current photo, and the renditions of every
-- photo by content hash (so an unchanged photo is stored once).
CREATE TABLE photos (
	person_id  INTEGER PRIMARY KEY REFERENCES people (id),
	hash       TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX photos_hash ON photos (hash);

CREATE TABLE photo_renditions (
	hash  TEXT NOT NULL,
	size  TEXT NOT NULL,
	bytes BLOB NOT NULL,
	PRIMARY KEY (hash, size)
);
