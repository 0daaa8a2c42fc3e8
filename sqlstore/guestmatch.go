package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/faces-org/faces"
)

// maxCandidates bounds the people an unsure guest may be.
const maxCandidates = 5

// guestMatcher tells, for each row of a guest list, who they are: for sure
// by e-mail or by name at the company they work at now; unsure when
// someone has the address but not alone, or the name at a former
// company, or the name elsewhere, or a similar name (found through the
// search index: a letter or two off, an initial, a short form).
type guestMatcher struct {
	db        *DB
	eventID   int64
	companies map[string][]int64 // by name as the list writes it
	seen      map[string]int     // a guest's key → the line it first came on
	guests    map[int64]bool     // who is on the list already
}

func (s *DB) matchGuests(ctx context.Context, eventID int64, contacts []*faces.Contact) ([]*faces.GuestRow, error) {
	m := &guestMatcher{db: s, eventID: eventID, companies: map[string][]int64{}, seen: map[string]int{}, guests: map[int64]bool{}}
	ids, err := scanIDs(s.q.QueryContext(ctx, `SELECT person_id FROM event_guests WHERE event_id = $1`, eventID))
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		m.guests[id] = true
	}
	rows := make([]*faces.GuestRow, 0, len(contacts))
	for _, c := range contacts {
		r, err := m.match(ctx, c)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, m.describe(ctx, rows)
}

func (m *guestMatcher) match(ctx context.Context, c *faces.Contact) (*faces.GuestRow, error) {
	r := &faces.GuestRow{Contact: c}
	key := faces.GuestKey(c)
	if line, ok := m.seen[key]; ok {
		r.Status, r.RepeatOf = faces.GuestRepeat, line
		return r, nil
	}
	m.seen[key] = c.Line
	cands := candidates{}
	for _, e := range c.Emails {
		ids, err := scanIDs(m.db.q.QueryContext(ctx, `SELECT person_id FROM person_emails WHERE email = $1 ORDER BY person_id LIMIT $2`, normalEmail(e), maxCandidates))
		if err != nil {
			return nil, err
		}
		cands.add(ids, "has the address "+e)
	}
	if len(cands.list) == 1 {
		return m.known(r, cands.list[0].PersonID, faces.MatchEmail), nil
	}
	if len(cands.list) == 0 && c.Name != "" {
		if err := m.byName(ctx, c, &cands); err != nil {
			return nil, err
		}
		if len(cands.list) == 1 && cands.sure {
			return m.known(r, cands.list[0].PersonID, faces.MatchNameCompany), nil
		}
	}
	switch {
	case len(cands.list) > 0:
		r.Status, r.Candidates = faces.GuestUnsure, cands.list
	case c.Name == "":
		r.Status = faces.GuestUnnamed
	default:
		r.Status = faces.GuestNew
	}
	return r, nil
}

func (m *guestMatcher) known(r *faces.GuestRow, id int64, how string) *faces.GuestRow {
	r.Status, r.PersonID, r.How = faces.GuestKnown, id, how
	if m.guests[id] {
		r.Status = faces.GuestAlready
	}
	return r
}

// qNameCompany finds who of a name works at a company (1), or did (0):
// by name first (CROSS JOIN keeps SQLite to that order), not through
// everyone who ever worked at the company.
const qNameCompany = `SELECT p.id, MAX(CASE WHEN po.to_day IS NULL THEN 1 ELSE 0 END) FROM people p CROSS JOIN positions po
	WHERE po.person_id = p.id AND p.name = $1 AND po.company_id = $2 GROUP BY p.id`

// byName finds people by the guest's name: at their company now (sure,
// when only one), at it before, under the same name elsewhere, or under a
// similar name.
func (m *guestMatcher) byName(ctx context.Context, c *faces.Contact, cands *candidates) error {
	name := strings.Join(strings.Fields(c.Name), " ")
	if c.Company != "" {
		companies, err := m.company(ctx, c.Company)
		if err != nil {
			return err
		}
		for _, company := range companies {
			var now, before []int64
			err := eachRow(ctx, m.db.q, qNameCompany, []any{name, company}, func(r *sql.Rows) error {
				var id int64
				var current bool
				if err := r.Scan(&id, &current); err != nil {
					return err
				}
				if current {
					now = append(now, id)
				} else {
					before = append(before, id)
				}
				return nil
			})
			if err != nil {
				return err
			}
			cands.add(now, "works at "+c.Company)
			cands.add(before, "worked at "+c.Company+" before")
			cands.sure = cands.sure || len(now) == 1 && len(before) == 0
		}
		if len(cands.list) > 0 {
			return nil
		}
	}
	ids, err := scanIDs(m.db.q.QueryContext(ctx, `SELECT id FROM people WHERE name = $1 ORDER BY id LIMIT $2`, name, maxCandidates))
	if err != nil {
		return err
	}
	cands.add(ids, "has the same name")
	return m.similar(ctx, c, cands)
}

// similar looks up the guest in the search index and keeps those whose
// names are alike: by family name at their company, else (or when the
// company finds no one: someone who moved) by family name and the start
// of the first name — two letters when no company narrows it, three
// otherwise (a short prefix costs PostgreSQL a long scan).
func (m *guestMatcher) similar(ctx context.Context, c *faces.Contact, cands *candidates) error {
	words := strings.Fields(c.Name)
	if len(words) < 2 || len(cands.list) >= maxCandidates {
		return nil
	}
	family := words[len(words)-1]
	first := []rune(strings.Trim(words[0], "."))
	queries := []string{string(first[:min(len(first), 2)]) + " " + family}
	if c.Company != "" {
		// Three letters at most, and none with an accent: "jos" finds José.
		n := 0
		for n < min(len(first), 3) && first[n] < 128 {
			n++
		}
		queries = []string{family + " " + c.Company, string(first[:max(n, 1)]) + " " + family}
	}
	for _, q := range queries {
		res, err := m.db.Search(ctx, q, 20)
		if err != nil {
			return err
		}
		for _, p := range res.People {
			if why := faces.SimilarNames(c.Name, p.Name); why != "" {
				cands.add([]int64{p.ID}, "has "+why+": "+p.Name)
			}
		}
		if len(res.People) > 0 {
			return nil
		}
	}
	return nil
}

// company returns the companies of a name (any case).
func (m *guestMatcher) company(ctx context.Context, name string) ([]int64, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if ids, ok := m.companies[key]; ok {
		return ids, nil
	}
	ids, err := scanIDs(m.db.q.QueryContext(ctx, `SELECT id FROM companies WHERE name = $1 ORDER BY id LIMIT $2`, strings.TrimSpace(name), maxCandidates))
	if err != nil {
		return nil, err
	}
	m.companies[key] = ids
	return ids, nil
}

// describe fills in the candidates' names and where they work now, in
// one query.
func (m *guestMatcher) describe(ctx context.Context, rows []*faces.GuestRow) error {
	var ids []int64
	for _, r := range rows {
		for _, c := range r.Candidates {
			ids = append(ids, c.PersonID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	in, args := idsIn(unique(ids))
	people, err := m.db.queryPeople(ctx, `SELECT `+personColumns+` `+personFrom+` WHERE p.id IN (`+in+`)`, args...)
	if err != nil {
		return err
	}
	byID := map[int64]*faces.Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	for _, r := range rows {
		for i := range r.Candidates {
			c := &r.Candidates[i]
			if p := byID[c.PersonID]; p != nil {
				c.Name = p.Name
				if p.Current != nil {
					c.Where = fmt.Sprintf("%s at %s", p.Current.Title, p.Current.CompanyName)
				}
			}
		}
	}
	return nil
}

// candidates gathers the people a guest may be, each once, with the first
// reason found.
type candidates struct {
	list []faces.GuestCandidate
	sure bool
}

func (c *candidates) add(ids []int64, why string) {
	for _, id := range ids {
		if len(c.list) == maxCandidates {
			return
		}
		known := false
		for _, k := range c.list {
			known = known || k.PersonID == id
		}
		if !known {
			c.list = append(c.list, faces.GuestCandidate{PersonID: id, Why: why})
		}
	}
}
