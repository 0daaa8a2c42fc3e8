-- People lists filtered by a buying role walk the people who have it by
-- name: the name is kept on each role (as on person_tags) so that one
-- index serves the filter and the order.
ALTER TABLE buying_roles ADD COLUMN name TEXT NOT NULL DEFAULT '';
UPDATE buying_roles SET name = (SELECT p.name FROM people p WHERE p.id = buying_roles.person_id);
CREATE INDEX buying_roles_role ON buying_roles (role, name, person_id);
