-- Visits: staff with customers where they work. A visit names the company,
-- the customer people met and the staff who went; lists are read latest
-- first by company, by person and by staff member, from indexes.
CREATE TABLE visits (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	on_day     TEXT NOT NULL,
	company_id INTEGER NOT NULL REFERENCES companies (id),
	kind       TEXT NOT NULL,
	non_sales  BOOLEAN NOT NULL,
	notes      TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX visits_day ON visits (on_day, id);
CREATE INDEX visits_company ON visits (company_id, on_day, id);

CREATE TABLE visit_people (
	visit_id  INTEGER NOT NULL REFERENCES visits (id),
	person_id INTEGER NOT NULL REFERENCES people (id),
	on_day    TEXT NOT NULL,
	PRIMARY KEY (visit_id, person_id)
);
CREATE INDEX visit_people_person ON visit_people (person_id, on_day, visit_id);

CREATE TABLE visit_staff (
	visit_id INTEGER NOT NULL REFERENCES visits (id),
	user_id  INTEGER NOT NULL REFERENCES users (id),
	on_day   TEXT NOT NULL,
	PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX visit_staff_user ON visit_staff (user_id, on_day, visit_id);
