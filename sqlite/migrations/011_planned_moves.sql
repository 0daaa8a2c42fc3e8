-- Moves dated in the future: planned, not current, until their day comes
-- (the server applies them then).
CREATE TABLE planned_moves (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	company_id INTEGER NOT NULL REFERENCES companies (id),
	title      TEXT NOT NULL,
	division   TEXT NOT NULL DEFAULT '',
	on_day     TEXT NOT NULL,
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	UNIQUE (person_id, company_id, title, division, on_day)
);
CREATE INDEX planned_moves_on_day ON planned_moves (on_day);
CREATE INDEX planned_moves_company ON planned_moves (company_id);
