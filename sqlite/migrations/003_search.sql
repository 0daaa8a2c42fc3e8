-- Full-text search with FTS5. The application keeps these tables in step
-- with people, positions and companies (a person's row holds their current
-- title and company), in the same transaction as each change.

CREATE VIRTUAL TABLE people_search USING fts5 (
	name, title, company, tags, notes,
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE VIRTUAL TABLE companies_search USING fts5 (
	name, locations, story,
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

INSERT INTO people_search (rowid, name, title, company, tags, notes)
SELECT p.id, p.name, COALESCE(c.title, ''), COALESCE(co.name, ''), p.tags, p.notes
FROM people p
LEFT JOIN positions c ON c.person_id = p.id AND c.to_day IS NULL
LEFT JOIN companies co ON co.id = c.company_id;

INSERT INTO companies_search (rowid, name, locations, story)
SELECT id, name, locations, story FROM companies;
