-- Each person's e-mail addresses, lower-cased, one row each: imports match
-- people by e-mail at any size through the primary key.
CREATE TABLE person_emails (
	email     TEXT NOT NULL,
	person_id BIGINT NOT NULL REFERENCES people (id),
	PRIMARY KEY (email, person_id)
);
CREATE INDEX person_emails_person ON person_emails (person_id);
INSERT INTO person_emails (email, person_id)
	SELECT DISTINCT lower(trim(j.value)), p.id FROM people p, jsonb_array_elements_text(p.emails::jsonb) j(value) WHERE trim(j.value) <> ''
	ON CONFLICT DO NOTHING;

-- The SHA-256 of each e-mail address of an erased person (never the
-- address): an import that meets one again flags it for a human instead
-- of silently bringing the person back.
CREATE TABLE erased_emails (
	hash TEXT PRIMARY KEY
);
