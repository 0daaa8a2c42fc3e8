-- Lists that stay fast at a million people: each list's filter and order
-- has an index, and pages continue after a key instead of an offset.
--
-- A person's current company, kept on their row (in step with their role
-- history, in the same transaction as each change), so that "the people at
-- this company, by name" is one index range.
ALTER TABLE people ADD COLUMN current_company_id INTEGER REFERENCES companies (id);
UPDATE people SET current_company_id = (SELECT company_id FROM positions WHERE person_id = people.id AND to_day IS NULL);
CREATE INDEX people_company_name ON people (current_company_id, name, id) WHERE current_company_id IS NOT NULL;
-- Recently changed first.
CREATE INDEX people_updated ON people (updated_at, id);
-- By name: people_name covers (name, rowid) already.

-- Recent changes: moves by the day they took effect.
CREATE INDEX positions_from_day ON positions (from_day, id);

-- The audit trail filtered by kind of record or by who, newest first.
CREATE INDEX audit_log_entity_id ON audit_log (entity, id);
DROP INDEX audit_log_actor;
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);

-- Companies: key customers by name.
CREATE INDEX companies_key_name ON companies (name, id) WHERE key_customer;
