package sqlstore

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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

// personText is the free text a person is found by: notes and story, their
// emails split into words, and their phone numbers as digits only (so
// "+44 (0)7700-900461" is found however it is typed).
const personText = `p.notes || ' ' || COALESCE(st.card, '') || ' ' || COALESCE(st.body, '') || ' ' ||
	replace(replace(p.emails, '@', ' '), '.', ' ') || ' ' ||
	replace(replace(replace(replace(replace(replace(replace(p.phones, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')`

// searchIndexVersion is what the index holds (see 013_search_index_version):
// 2 added emails and phone numbers; 3, on PostgreSQL, marks the people
// with a story (storyMark).
func (s *DB) searchIndexVersion() int {
	if s.postgres() {
		return 3
	}
	return 2
}

// UpgradeSearchIndex rebuilds the index once when it was built by an
// older version of the code; Open calls it after the migrations.
func (s *DB) UpgradeSearchIndex(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM search_index_version`).Scan(&v); err != nil {
		return err
	}
	if v >= s.searchIndexVersion() {
		return nil
	}
	if err := s.RebuildSearchIndex(ctx); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE search_index_version SET version = $1`, s.searchIndexVersion())
	return err
}

// storyMark is a word the search vector of a person with a story holds on
// PostgreSQL, which no text can make ('simple' reads "§" as no letter):
// the openers match it with the topic, so that the index hands over only
// people with a story. A GIN index answers a query with every match at
// once, before any LIMIT: a topic word in everyone's title would
// otherwise read every person.
const storyMark = `'§story'`

const pgPersonVector = `setweight(to_tsvector('simple', p.name), 'A') ||
	setweight(to_tsvector('simple', COALESCE(c.title, '') || ' ' || COALESCE(co.name, '')), 'B') ||
	setweight(to_tsvector('simple', p.tags || ' ' || ` + personText + `), 'C') ||
	CASE WHEN COALESCE(st.card, '') <> '' THEN ` + storyMark + `::tsvector ELSE ''::tsvector END`

// pgCompanyVector is what a company is found by on PostgreSQL.
const pgCompanyVector = `setweight(to_tsvector('simple', name), 'A') ||
	setweight(to_tsvector('simple', locations), 'B') || setweight(to_tsvector('simple', story), 'C')`

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

// indexPerson brings one person's search entry up to date: at once, or,
// inside an import, with the import's others at its end (indexLater). On
// SQLite each change to the full-text index on its own costs a flush of
// the index to disk and the merges that follow, milliseconds at a hundred
// thousand people.
func (s *DB) indexPerson(ctx context.Context, tx *sql.Tx, id int64) error {
	if s.laterIndex != nil {
		s.laterIndex[id] = true
		return nil
	}
	return s.indexPeople(ctx, tx, `p.id = $1`, id)
}

// indexLater brings the search entries of the people indexPerson kept for
// later up to date, a few hundred at a time. An import only adds to what
// it finds, so their old entries hold nothing that is not in their new
// ones: on SQLite they are deleted without the full-text index's secure
// delete, which rewrites the index's pages to leave no trace of what is
// deleted (twenty times the cost; the index drops the old entries when
// it next merges its segments). The setting is back on before the
// import's transaction commits, and a rollback undoes both.
func (s *DB) indexLater(ctx context.Context, tx *sql.Tx) error {
	if len(s.laterIndex) == 0 {
		return nil
	}
	secureDelete := func(on int) error {
		if s.postgres() {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO people_search (people_search, rank) VALUES ('secure-delete', $1)`, on)
		return err
	}
	if err := secureDelete(0); err != nil {
		return err
	}
	ids := slices.Sorted(maps.Keys(s.laterIndex))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		if err := s.indexPeople(ctx, tx, `p.id IN (`+s.placeholders(1, len(chunk))+`)`, anys(chunk)...); err != nil {
			return err // the transaction is rolled back, the setting with it
		}
	}
	clear(s.laterIndex)
	return secureDelete(1)
}

// indexNewPeople puts the people with ids from first to last that are not
// in the index yet into it: on SQLite without deleting entries first,
// which costs the full-text index's secure delete a pass even when there
// is nothing to delete. (One of them changed since it was created is in
// the index already, and stays as it is.)
func (s *DB) indexNewPeople(ctx context.Context, tx *sql.Tx, first, last int64) error {
	if s.postgres() {
		return s.indexPeople(ctx, tx, `p.id BETWEEN $1 AND $2`, first, last)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO people_search (rowid, name, title, company, tags, notes)
		SELECT p.id, p.name, COALESCE(c.title, ''), COALESCE(co.name, ''), p.tags, `+personText+` `+personDoc+
		`p.id BETWEEN $1 AND $2 AND p.id NOT IN (SELECT rowid FROM people_search WHERE rowid BETWEEN $1 AND $2)`, first, last)
	return err
}

// indexNewCompanies puts the companies with ids from first to last that
// are not in the index yet into it (an import makes them, with no story
// and no one there yet, and indexes them at its end).
func (s *DB) indexNewCompanies(ctx context.Context, tx *sql.Tx, first, last int64) error {
	if s.postgres() {
		_, err := tx.ExecContext(ctx, `UPDATE companies SET search = `+pgCompanyVector+` WHERE id BETWEEN $1 AND $2`, first, last)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO companies_search (rowid, name, locations, story)
		SELECT id, name, locations, story FROM companies
		WHERE id BETWEEN $1 AND $2 AND id NOT IN (SELECT rowid FROM companies_search WHERE rowid BETWEEN $1 AND $2)`, first, last)
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
		if _, err := tx.ExecContext(ctx, `UPDATE companies SET search = `+pgCompanyVector+` WHERE id = $1`, id); err != nil {
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
		if _, err := tx.ExecContext(ctx, `UPDATE companies SET search = `+pgCompanyVector); err != nil {
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
const rankWindow = "200"

// Field weights of a match, as a reader weighs them: a name counts most,
// then title and company, then tags, then notes and story.
var fieldWeights = [...]int{10, 4, 4, 2}

// scoreMatch ranks a person's search fields (name, title, company, tags)
// against the terms: each term scores the weight of the best field with a
// word it begins, or 1 when it matched only the notes and story.
func scoreMatch(terms []string, fields [4]string) int {
	score := 0
	for _, t := range terms {
		best := 1
		for i, f := range fields {
			if fieldWeights[i] > best && hasWordPrefix(f, t) {
				best = fieldWeights[i]
			}
		}
		score += best
	}
	return score
}

// hasWordPrefix tells whether a word of the field (as SearchTerms splits
// it) begins with the term, without splitting the field: it runs for every
// field of every match in the ranking window.
func hasWordPrefix(field, term string) bool {
	inWord := false
	for i, r := range field {
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		if isWord && !inWord && lowerHasPrefix(field[i:], term) {
			return true
		}
		inWord = isWord
	}
	return false
}

// lowerHasPrefix tells whether s, lower-cased, begins with the lower-case
// term.
func lowerHasPrefix(s, term string) bool {
	for _, t := range term {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || unicode.ToLower(r) != t {
			return false
		}
		s = s[size:]
	}
	return true
}

// Search finds people and companies whose words start with every term of
// the query, best matches first: a name counts most, then title and
// company (or locations), then tags, notes and story.
func (s *DB) Search(ctx context.Context, query string, limit int) (*faces.SearchResults, error) {
	res := &faces.SearchResults{Query: query, People: []*faces.Person{}, Companies: []*faces.Company{}}
	terms := faces.SearchTerms(query)
	if digits := faces.PhoneQuery(query); digits != "" {
		terms = []string{digits}
	}
	if len(terms) == 0 {
		return res, nil
	}
	if limit <= 0 || limit > 200 {
		limit = faces.DefaultLimit
	}
	var peopleSQL, companiesSQL string
	var match string
	words := append([]string(nil), terms...)
	if s.postgres() {
		for i, t := range terms {
			terms[i] = t + ":*"
		}
		match = strings.Join(terms, " & ")
		peopleSQL = `SELECT ` + personColumns + ` FROM (
				SELECT id, ts_rank(search, to_tsquery('simple', $1)) AS score
				FROM (SELECT id, search FROM people WHERE search @@ to_tsquery('simple', $1) LIMIT ` + rankWindow + `) w
				ORDER BY score DESC, id LIMIT $2) m
			JOIN people p ON p.id = m.id` + personJoins + `
			ORDER BY m.score DESC, p.name`
		companiesSQL = `SELECT ` + companyColumns + ` FROM companies WHERE search @@ to_tsquery('simple', $1)
			ORDER BY ts_rank(search, to_tsquery('simple', $1)) DESC, name LIMIT $2`
	} else {
		for i, t := range terms {
			terms[i] = `"` + t + `"*`
		}
		match = strings.Join(terms, " ")
		companiesSQL = `SELECT ` + prefixed("co.", companyColumns) + ` FROM companies_search s JOIN companies co ON co.id = s.rowid
			WHERE companies_search MATCH $1 ORDER BY bm25(companies_search, 10.0, 4.0, 1.0), co.name LIMIT $2`
	}
	var err error
	if s.postgres() {
		res.People, err = s.queryPeople(ctx, peopleSQL, match, limit)
	} else {
		res.People, err = s.searchPeopleSQLite(ctx, match, words, limit)
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.q.QueryContext(ctx, companiesSQL, match, limit)
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

func (s *DB) queryPeople(ctx context.Context, query string, args ...any) ([]*faces.Person, error) {
	return queryPeopleOn(ctx, s.q, query, args...)
}

// queryPeopleOn reads people with personColumns, on a connection or in a
// transaction of one's own.
func queryPeopleOn(ctx context.Context, q queryer, query string, args ...any) ([]*faces.Person, error) {
	out := []*faces.Person{}
	err := eachRow(ctx, q, query, args, func(rows *sql.Rows) error {
		p, err := scanPerson(rows)
		if err == nil {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

// searchPeopleSQLite reads the first rankWindow matches from the index
// with their fields (FTS5 yields them as it walks the index, so a common
// word costs no more than a rare one), ranks them with scoreMatch, and
// reads only the best page of people. FTS5's own bm25 would first count
// every document holding each term — a tenth of a million people for a
// common tag.
//
// A prefix longer than the index's prefixes (3 letters) makes FTS5 merge
// the lists of every word it begins, in full, before the first match: so a
// query of whole words is first tried as written, and only when that finds
// less than a window are its words taken as prefixes.
func (s *DB) searchPeopleSQLite(ctx context.Context, match string, terms []string, limit int) ([]*faces.Person, error) {
	var hits []searchHit
	var err error
	exact := exactMatch(terms)
	if exact != "" {
		if hits, err = s.searchWindow(ctx, exact, terms); err != nil {
			return nil, err
		}
	}
	if strconv.Itoa(len(hits)) != rankWindow {
		// Fewer whole-word matches than the window: all of them are in
		// hand, so the prefixes add only those that are not (the fields
		// of the others are not read twice).
		more := match
		if exact != "" {
			more = "(" + match + ") NOT (" + exact + ")"
		}
		prefixed, err := s.searchWindow(ctx, more, terms)
		if err != nil {
			return nil, err
		}
		hits = append(hits, prefixed...)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].name < hits[j].name
	})
	hits = hits[:min(len(hits), limit)]
	if len(hits) == 0 {
		return []*faces.Person{}, nil
	}
	marks, ids, rank := make([]string, len(hits)), make([]any, len(hits)), map[int64]int{}
	for i, h := range hits {
		marks[i], ids[i], rank[h.id] = "$"+strconv.Itoa(i+1), h.id, i
	}
	people, err := s.queryPeople(ctx, `SELECT `+personColumns+` `+personFrom+` WHERE p.id IN (`+strings.Join(marks, ",")+`)`, ids...)
	if err != nil {
		return nil, err
	}
	sort.Slice(people, func(i, j int) bool { return rank[people[i].ID] < rank[people[j].ID] })
	return people, nil
}

type searchHit struct {
	id    int64
	name  string
	score int
}

// searchWindow reads the first rankWindow matches of an FTS5 query with
// their scores.
func (s *DB) searchWindow(ctx context.Context, match string, terms []string) ([]searchHit, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT rowid, name, title, company, tags FROM people_search WHERE people_search MATCH $1 LIMIT `+rankWindow, match)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []searchHit
	for rows.Next() {
		var h searchHit
		var f [4]string
		if err := rows.Scan(&h.id, &f[0], &f[1], &f[2], &f[3]); err != nil {
			return nil, err
		}
		h.name, h.score = f[0], scoreMatch(terms, f)
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// exactMatch is the FTS5 query of the terms as whole words, or "" when a
// term is short enough for the prefix index to serve it as a prefix.
func exactMatch(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		if len(t) <= 3 {
			return ""
		}
		quoted[i] = `"` + t + `"`
	}
	return strings.Join(quoted, " ")
}

// prefixed qualifies each column of a list with a table alias.
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}
