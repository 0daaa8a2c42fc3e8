-- Account reviews about humans: for a company, what each person involved
-- is thinking, and notes on the whole (flagged when they speak of the
-- company only in the abstract).
CREATE TABLE reviews (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	company_id INTEGER NOT NULL REFERENCES companies (id),
	title      TEXT NOT NULL,
	notes      TEXT NOT NULL DEFAULT '',
	abstract   BOOLEAN NOT NULL DEFAULT FALSE,
	created_by INTEGER NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX reviews_company ON reviews (company_id, created_at);

CREATE TABLE review_answers (
	review_id INTEGER NOT NULL REFERENCES reviews (id),
	person_id INTEGER NOT NULL REFERENCES people (id),
	answer    TEXT NOT NULL,
	PRIMARY KEY (review_id, person_id)
);
CREATE INDEX review_answers_person ON review_answers (person_id);
