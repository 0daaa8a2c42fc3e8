package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/faces-org/faces"
)

var _ faces.SearchService = (*DB)(nil)

// The search index is the one place where the two databases need their
// own SQL: FTS5 tables on SQLite, weighted tsvector columns with GIN
// indexes on PostgreSQL.

// personDoc selects what a person is found by, for the people chosen by
// the condition that follows it.
const personDoc = `FROM people p
	LEFT JOIN positions c ON c.person_id = p.id AND c.to_day IS NULL
	LEFT JOIN companies co ON co.id = c.company_id
	LEFT JOIN stories st ON st.person_id = p.id WHERE `

// personText is the free text a person is found by: notes and story.
const personText = `p.notes || ' ' || COALESCE(st.card, '') || ' ' || COALESCE(st.body, '')`

const pgPersonVector = `setweight(to_tsvector('simple', p.name), 'A') ||
	setweight(to_tsvector('simple', COALESCE(c.title, '') || ' ' || COALESCE(co.name, '')), 'B') ||
	setweight(to_tsvector('simple', p.tags || ' ' || ` + personText + `), 'C')`

// indexPeople brings the search index of the people matching cond (a
// condition on p, c or co with its arguments) up to date.
func (s *DB) indexPeople(ctx context.Context, tx *sql.Tx, cond string, args ...any) error {
	if s.postgres() {
		_, err := tx.ExecContext(ctx, `UPDATE people SET search = d.doc FROM (SELECT p.id, `+pgPersonVector+` AS doc `+personDoc+cond+
			`) d WHERE people.id = d.id`, args...)
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM people_search WHERE rowid IN (SELECT p.id `+personDoc+cond+`)`, args...); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO people_search (rowid, name, title, company, tags, notes)
		SELECT p.id, p.name, COALESCE(c.title, ''), COALESCE(co.name, ''), p.tags, `+personText+` `+personDoc+cond, args...)
	return err
}

// unindexPerson removes a person about to be deleted from the index.
func (s *DB) unindexPerson(ctx context.Context, tx *sql.Tx, id int64) error {
	if s.postgres() {
		return nil // the vector goes with the row
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM people_search WHERE rowid = $1`, id)
	return err
}

// indexCompany brings a company's search entry up to date, and those of
// the people there now, whose entries carry the company's name.
func (s *DB) indexCompany(ctx context.Context, tx *sql.Tx, id int64) error {
	if s.postgres() {
		if _, err := tx.ExecContext(ctx, `UPDATE companies SET search = setweight(to_tsvector('simple', name), 'A') ||
			setweight(to_tsvector('simple', locations), 'B') || setweight(to_tsvector('simple', story), 'C') WHERE id = $1`, id); err != nil {
			return err
		}
	} else {
		if _, err := tx.ExecContext(ctx, `DELETE FROM companies_search WHERE rowid = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO companies_search (rowid, name, locations, story)
			SELECT id, name, locations, story FROM companies WHERE id = $1`, id); err != nil {
			return err
		}
	}
	return s.indexPeople(ctx, tx, `c.company_id = $1`, id)
}

func (s *DB) unindexCompany(ctx context.Context, tx *sql.Tx, id int64) error {
	if s.postgres() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM companies_search WHERE rowid = $1`, id)
	return err
}

// RebuildSearchIndex indexes every person and company again, after a bulk
// load that went around the services.
func (s *DB) RebuildSearchIndex(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if !s.postgres() {
			for _, q := range []string{`DELETE FROM people_search`, `DELETE FROM companies_search`,
				`INSERT INTO companies_search (rowid, name, locations, story) SELECT id, name, locations, story FROM companies`} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO people_search (rowid, name, title, company, tags, notes)
				SELECT p.id, p.name, COALESCE(c.title, ''), COALESCE(co.name, ''), p.tags, `+personText+` `+personDoc+`1=1`)
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE companies SET search = setweight(to_tsvector('simple', name), 'A') ||
			setweight(to_tsvector('simple', locations), 'B') || setweight(to_tsvector('simple', story), 'C')`); err != nil {
			return err
		}
		return s.indexPeople(ctx, tx, `1=1`)
	})
}

func (s *DB) postgres() bool { return s.dialect.Name == "postgres" }

// rankWindow bounds how many matches are ranked. A query as broad as a
// common tag matches a tenth of a million people; ranking them all would
// take most of a second, while the best of the first matches are as
// useful to someone looking for a face. Narrow queries (a name) have fewer
// matches than this and are ranked whole.
const rankWindow = "500"

// Search finds people and companies whose words start with every term of
// the query, best matches first: a name counts most, then title and
// company (or locations), then tags, notes and story.
func (s *DB) Search(ctx context.Context, query string, limit int) (*faces.SearchResults, error) {
	res := &faces.SearchResults{Query: query, People: []*faces.Person{}, Companies: []*faces.Company{}}
	terms := faces.SearchTerms(query)
	if len(terms) == 0 {
		return res, nil
	}
	if limit <= 0 || limit > 200 {
		limit = faces.DefaultLimit
	}
	var peopleSQL, companiesSQL string
	var match string
	if s.postgres() {
		for i, t := range terms {
			terms[i] = t + ":*"
		}
		match = strings.Join(terms, " & ")
		peopleSQL = `SELECT ` + personColumns + ` FROM (
				SELECT id, ts_rank(search, to_tsquery('simple', $1)) AS score
				FROM (SELECT id, search FROM people WHERE search @@ to_tsquery('simple', $1) LIMIT ` + rankWindow + `) w
				ORDER BY score DESC, id LIMIT $2) m
			JOIN people p ON p.id = m.id
			LEFT JOIN positions c ON c.person_id = p.id AND c.to_day IS NULL
			LEFT JOIN companies co ON co.id = c.company_id
			LEFT JOIN photos ph ON ph.person_id = p.id
			ORDER BY m.score DESC, p.name`
		companiesSQL = `SELECT ` + companyColumns + ` FROM companies WHERE search @@ to_tsquery('simple', $1)
			ORDER BY ts_rank(search, to_tsquery('simple', $1)) DESC, name LIMIT $2`
	} else {
		for i, t := range terms {
			terms[i] = `"` + t + `"*`
		}
		match = strings.Join(terms, " ")
		peopleSQL = `SELECT ` + personColumns + ` FROM (
				SELECT id, score FROM (SELECT rowid AS id, bm25(people_search, 10.0, 4.0, 4.0, 2.0, 1.0) AS score
					FROM people_search WHERE people_search MATCH $1 LIMIT ` + rankWindow + `) w
				ORDER BY score, id LIMIT $2) m
			JOIN people p ON p.id = m.id
			LEFT JOIN positions c ON c.person_id = p.id AND c.to_day IS NULL
			LEFT JOIN companies co ON co.id = c.company_id
			LEFT JOIN photos ph ON ph.person_id = p.id
			ORDER BY m.score, p.name`
		companiesSQL = `SELECT ` + prefixed("co.", companyColumns) + ` FROM companies_search s JOIN companies co ON co.id = s.rowid
			WHERE companies_search MATCH $1 ORDER BY bm25(companies_search, 10.0, 4.0, 1.0), co.name LIMIT $2`
	}
	rows, err := s.q.QueryContext(ctx, peopleSQL, match, limit)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		res.People = append(res.People, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.q.QueryContext(ctx, companiesSQL, match, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCompany(rows)
		if err != nil {
			return nil, err
		}
		res.Companies = append(res.Companies, c)
	}
	return res, rows.Err()
}

// prefixed qualifies each column of a list with a table alias.
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}
