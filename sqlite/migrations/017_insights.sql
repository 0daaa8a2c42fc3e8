-- Insights in customers' own words, and the themes they are grouped into.
-- An insight keeps the company and role of when it was said; once its
-- person is erased it stays, with no person (one anonymous voice).
CREATE TABLE themes (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX themes_name ON themes (name);

CREATE TABLE insights (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	person_id  INTEGER REFERENCES people (id),
	company_id INTEGER REFERENCES companies (id),
	role       TEXT NOT NULL DEFAULT '',
	type       TEXT NOT NULL,
	text       TEXT NOT NULL,
	verbatim   BOOLEAN NOT NULL,
	method     TEXT NOT NULL,
	visit_id   INTEGER REFERENCES visits (id),
	theme_id   INTEGER REFERENCES themes (id),
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);
CREATE INDEX insights_person ON insights (person_id, id);
CREATE INDEX insights_visit ON insights (visit_id, id);
CREATE INDEX insights_theme ON insights (theme_id, id);
