-- Whether a person has a portrait, on their row, with an index of those
-- who do by name: the people list filtered by a photo walks it.
ALTER TABLE people ADD COLUMN has_photo BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE people SET has_photo = TRUE WHERE id IN (SELECT person_id FROM photos);
CREATE INDEX people_with_photo ON people (name, id) WHERE has_photo;
