-- At-risk flags on people and companies: why, since when, who raised
-- them, and when they were cleared. Pages look up the flags that hold
-- for the people and companies they show, by these indexes.
CREATE TABLE risks (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	person_id  INTEGER REFERENCES people (id),
	company_id INTEGER REFERENCES companies (id),
	reason     TEXT NOT NULL,
	since_day  TEXT NOT NULL,
	flagged_by INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	cleared_at TEXT,
	cleared_by INTEGER
);
CREATE INDEX risks_person ON risks (person_id);
CREATE INDEX risks_company ON risks (company_id);
