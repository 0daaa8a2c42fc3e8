-- Lists that stay fast at a million people: each list's filter and order
-- has an index, and pages continue after a key instead of an offset.
--
-- A person's current company, kept on their row (in step with their role
-- history, in the same transaction as each change), so that "the people at
-- this company, by name" is one index range.
ALTER TABLE people ADD COLUMN current_company_id BIGINT REFERENCES companies (id);
UPDATE people SET current_company_id = c.company_id FROM positions c WHERE c.person_id = people.id AND c.to_day IS NULL;
CREATE INDEX people_company_name ON people (current_company_id, name, id) WHERE current_company_id IS NOT NULL;
-- Recently changed first; by name, with the id for a stable order.
CREATE INDEX people_updated ON people (updated_at, id);
DROP INDEX people_name;
CREATE INDEX people_name ON people (name, id);
DROP INDEX companies_name;
CREATE INDEX companies_name ON companies (name, id);

-- Recent changes: moves (not first positions) by the day they took
-- effect. A position opened by a move notes the company the person moved
-- from.
ALTER TABLE positions ADD COLUMN previous_company_id BIGINT REFERENCES companies (id);
UPDATE positions SET previous_company_id = (
	SELECT prev.company_id FROM positions prev
	WHERE prev.person_id = positions.person_id AND prev.id <> positions.id AND prev.to_day = positions.from_day
	ORDER BY prev.id DESC LIMIT 1);
CREATE INDEX positions_moves ON positions (from_day, id) WHERE previous_company_id IS NOT NULL;
-- The people who left a company, most recently first.
CREATE INDEX positions_left ON positions (company_id, to_day, id) WHERE to_day IS NOT NULL;

-- The audit trail filtered by kind of record or by who, newest first.
CREATE INDEX audit_log_entity_id ON audit_log (entity, id);
DROP INDEX audit_log_actor;
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);

-- Companies: key customers by name.
CREATE INDEX companies_key_name ON companies (name, id) WHERE key_customer;
