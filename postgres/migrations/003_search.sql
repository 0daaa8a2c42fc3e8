-- Full-text search: a weighted tsvector per person (name; title and
-- company; tags and notes) and per company, with GIN indexes. The
-- application keeps them in step in the same transaction as each change.

ALTER TABLE people ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
ALTER TABLE companies ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;

UPDATE people SET search = d.doc FROM (
	SELECT p.id,
		setweight(to_tsvector('simple', p.name), 'A') ||
		setweight(to_tsvector('simple', COALESCE(c.title, '') || ' ' || COALESCE(co.name, '')), 'B') ||
		setweight(to_tsvector('simple', p.tags || ' ' || p.notes), 'C') AS doc
	FROM people p
	LEFT JOIN positions c ON c.person_id = p.id AND c.to_day IS NULL
	LEFT JOIN companies co ON co.id = c.company_id
) d WHERE people.id = d.id;

UPDATE companies SET search =
	setweight(to_tsvector('simple', name), 'A') ||
	setweight(to_tsvector('simple', locations), 'B') ||
	setweight(to_tsvector('simple', story), 'C');

CREATE INDEX people_search ON people USING GIN (search);
CREATE INDEX companies_search ON companies USING GIN (search);
