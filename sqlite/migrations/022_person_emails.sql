-- Each person's e-mail addresses, lower-cased, one row each: imports match
-- people by e-mail at any size through the primary key.
CREATE TABLE person_emails (
	email     TEXT NOT NULL,
	person_id INTEGER NOT NULL REFERENCES people (id),
	PRIMARY KEY (email, person_id)
);
CREATE INDEX person_emails_person ON person_emails (person_id);
INSERT OR IGNORE INTO person_emails (email, person_id)
	SELECT lower(trim(j.value)), p.id FROM people p, json_each(p.emails) j WHERE trim(j.value) <> '';

-- The SHA-256 of each e-mail address of an erased person (never the
-- address): an import that meets one again flags it for a human instead
-- of silently bringing the person back.
CREATE TABLE erased_emails (
	hash TEXT PRIMARY KEY
);
