-- Tags as a list one can follow: "everyone tagged champion", by name, from
-- an index. Each row is a person's tag (lower-cased) with their name, kept
-- in step with the person in the same transaction as each change.
CREATE TABLE person_tags (
	tag       TEXT NOT NULL,
	name      TEXT NOT NULL,
	person_id BIGINT NOT NULL REFERENCES people (id),
	PRIMARY KEY (tag, name, person_id)
);
CREATE INDEX person_tags_person ON person_tags (person_id);
INSERT INTO person_tags (tag, name, person_id)
SELECT DISTINCT lower(trim(j.value)), p.name, p.id FROM people p, jsonb_array_elements_text(p.tags::jsonb) j(value) WHERE trim(j.value) <> ''
ON CONFLICT DO NOTHING;
