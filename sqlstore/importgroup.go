package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/faces-org/faces"
)

// An import works on groups of contacts rather than one contact at a
// time: what the database knows of a group (addresses, companies, who
// works where) is read in a few queries, and the new people wait in a
// queue that is written a table at a time. On PostgreSQL each statement
// is a round trip, so this is most of the import's speed; on SQLite it
// saves the statements' own cost, which is most of an insert's there.

// groupSize is how many contacts are looked up together, and how many new
// people wait before they are written.
const groupSize = 500

// item is a contact read from the file and checked, with the person it
// describes.
type item struct {
	c *faces.Contact
	p *faces.Person
}

// nameAt is a name at a company, how a contact without a known address is
// matched.
type nameAt struct {
	name    string
	company int64
}

// worked is who of a name works at a company now, and who did.
type worked struct{ now, before []int64 }

// lookup is what the database knew of a group of contacts when it was
// read, kept up to date with the people the group's contacts were merged
// into.
type lookup struct {
	erased    map[string]bool    // hashes of erased people's addresses
	byEmail   map[string][]int64 // normalized address → people
	companies map[string]int64   // name, as written → the first company of that name
	at        map[nameAt]*worked
}

// lookUp reads what the database knows of the group's contacts.
func (im *importer) lookUp(ctx context.Context, group []*item) (*lookup, error) {
	look := &lookup{erased: map[string]bool{}, byEmail: map[string][]int64{}, companies: map[string]int64{}, at: map[nameAt]*worked{}}
	var emails, hashes, names []string
	for _, it := range group {
		for _, e := range it.p.Emails {
			emails = append(emails, normalEmail(e))
			if im.anyErased {
				hashes = append(hashes, emailHash(e))
			}
		}
		for _, name := range it.companyNames() {
			if _, ok := im.companies[strings.ToLower(name)]; !ok {
				names = append(names, name)
			}
		}
	}
	err := im.queryIn(ctx, `SELECT hash FROM erased_emails WHERE hash IN (%s)`, hashes, func(rows *sql.Rows) error {
		var h string
		err := rows.Scan(&h)
		look.erased[h] = true
		return err
	})
	if err != nil {
		return nil, err
	}
	err = im.queryIn(ctx, `SELECT email, person_id FROM person_emails WHERE email IN (%s)`, emails, func(rows *sql.Rows) error {
		var e string
		var id int64
		err := rows.Scan(&e, &id)
		look.byEmail[e] = append(look.byEmail[e], id)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = im.queryIn(ctx, `SELECT name, id FROM companies WHERE name IN (%s) ORDER BY id`, names, func(rows *sql.Rows) error {
		var name string
		var id int64
		err := rows.Scan(&name, &id)
		if _, ok := look.companies[name]; !ok {
			look.companies[name] = id
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return look, im.lookUpPlaces(ctx, group, look)
}

// lookUpPlaces reads who of the names of the group's contacts that no
// address found works, or worked, at their companies.
func (im *importer) lookUpPlaces(ctx context.Context, group []*item, look *lookup) error {
	var names []string
	var companies []int64
	for _, it := range group {
		if it.c.Company == "" || look.byAddress(it.p.Emails) {
			continue
		}
		if id := im.knownCompany(look, it.c.Company); id != 0 {
			names, companies = append(names, it.p.Name), append(companies, id)
		}
	}
	if len(names) == 0 {
		return nil
	}
	names, companies = unique(names), unique(companies)
	args := append(anys(names), anys(companies)...)
	// CROSS JOIN keeps SQLite reading people by name first: by company
	// first it reads everyone who ever worked at the group's companies.
	rows, err := im.tx.QueryContext(ctx, `SELECT p.id, p.name, po.company_id, MAX(CASE WHEN po.to_day IS NULL THEN 1 ELSE 0 END)
		FROM people p CROSS JOIN positions po
		WHERE po.person_id = p.id AND p.name IN (`+im.db.placeholders(1, len(names))+`) AND po.company_id IN (`+im.db.placeholders(len(names)+1, len(companies))+`)
		GROUP BY p.id, p.name, po.company_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key nameAt
		var now bool
		if err := rows.Scan(&id, &key.name, &key.company, &now); err != nil {
			return err
		}
		look.worked(key).add(id, now)
	}
	return rows.Err()
}

func (look *lookup) worked(key nameAt) *worked {
	w := look.at[key]
	if w == nil {
		w = &worked{}
		look.at[key] = w
	}
	return w
}

func (w *worked) add(id int64, now bool) {
	if now {
		if !slices.Contains(w.now, id) {
			w.now = append(w.now, id)
		}
	} else if !slices.Contains(w.before, id) {
		w.before = append(w.before, id)
	}
}

// byAddress is whether any of the addresses belongs to someone.
func (look *lookup) byAddress(emails []string) bool {
	for _, e := range emails {
		if len(look.byEmail[normalEmail(e)]) > 0 {
			return true
		}
	}
	return false
}

// merged notes what a merge gave a person, so that the group's later
// contacts find them by it: their addresses, and the company they were
// placed at (0 for none).
func (look *lookup) merged(p *faces.Person, placedAt int64) {
	for _, e := range p.Emails {
		e = normalEmail(e)
		if !slices.Contains(look.byEmail[e], p.ID) {
			look.byEmail[e] = append(look.byEmail[e], p.ID)
		}
	}
	if placedAt != 0 {
		look.worked(nameAt{p.Name, placedAt}).add(p.ID, true)
	}
}

// companyNames are the companies a contact names.
func (it *item) companyNames() []string {
	names := make([]string, 0, 1+len(it.c.History))
	if it.c.Company != "" {
		names = append(names, it.c.Company)
	}
	for _, po := range it.c.History {
		names = append(names, po.CompanyName)
	}
	return names
}

// queryIn runs a query whose IN list, written %s, holds the values,
// groupSize of them at a time, and scans each row it returns.
func (im *importer) queryIn(ctx context.Context, query string, values []string, scan func(*sql.Rows) error) error {
	values = unique(values)
	for len(values) > 0 {
		chunk := values[:min(len(values), groupSize)]
		values = values[len(chunk):]
		rows, err := im.tx.QueryContext(ctx, fmt.Sprintf(query, im.db.placeholders(1, len(chunk))), anys(chunk)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// queue is the new people waiting to be written, and what would match
// them: a contact that would is taken only once they are in the database.
type queue struct {
	items  []*newPerson
	emails map[string]bool
	at     map[nameAt]bool
	alone  map[string]bool // names of those with neither address nor company
}

// newPerson is a contact about to become a person, at the positions it
// gives them.
type newPerson struct {
	*item
	positions []faces.Position
}

func newQueue() *queue {
	return &queue{emails: map[string]bool{}, at: map[nameAt]bool{}, alone: map[string]bool{}}
}

func (q *queue) add(n *newPerson) {
	q.items = append(q.items, n)
	for _, e := range n.p.Emails {
		q.emails[normalEmail(e)] = true
	}
	current := false
	for _, po := range n.positions {
		q.at[nameAt{n.p.Name, po.CompanyID}] = true
		current = current || po.Current()
	}
	if len(n.p.Emails) == 0 && !current {
		q.alone[n.p.Name] = true
	}
}

// mayMatch is whether a contact could be one of the people waiting; its
// company's id is 0 when no company of that name is known.
func (q *queue) mayMatch(it *item, company int64) bool {
	for _, e := range it.p.Emails {
		if q.emails[normalEmail(e)] {
			return true
		}
	}
	if len(it.p.Emails) == 0 && it.c.Company == "" && q.alone[it.p.Name] {
		return true
	}
	return company != 0 && q.at[nameAt{it.p.Name, company}]
}

// Columns written for each new person, their addresses, tags, positions,
// and audit entries.
var (
	peopleColumns   = columns("id", "name", "pronouns", "emails", "phones", "addresses", "links", "tags", "notes", "created_at", "updated_at", "current_company_id")
	emailColumns    = columns("email", "person_id")
	tagColumns      = columns("tag", "name", "person_id")
	positionColumns = columns("id", "person_id", "company_id", "title", "division", "from_day", "to_day")
	auditColumns    = columns("actor_id", "action", "entity", "entity_id", "before_json", "after_json", "at")
)

func columns(names ...string) []Column {
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = Column{Name: n}
	}
	return cols
}

// inserts are the multi-row inserts a flush writes through, kept for the
// whole import so that their statements are prepared once.
type inserts struct {
	people, emails, tags, positions, audit *batchInsert
}

func (im *importer) inserts() *inserts {
	if im.ins == nil {
		b := func(table string, cols []Column) *batchInsert {
			return &batchInsert{db: im.db, table: table, columns: cols}
		}
		im.ins = &inserts{people: b("people", peopleColumns), emails: b("person_emails", emailColumns), tags: b("person_tags", tagColumns),
			positions: b("positions", positionColumns), audit: b("audit_log", auditColumns)}
	}
	return im.ins
}

func (in *inserts) close() {
	for _, b := range []*batchInsert{in.people, in.emails, in.tags, in.positions, in.audit} {
		b.close()
	}
}

// flush writes the people waiting, with the audit entries CreatePerson and
// MovePerson write: the people first, then what refers to them.
func (im *importer) flush(ctx context.Context) error {
	q := im.waiting
	if len(q.items) == 0 {
		return nil
	}
	im.waiting = newQueue()
	people, err := im.newIDs(ctx, "people", len(q.items))
	if err != nil {
		return err
	}
	held := 0
	for _, n := range q.items {
		held += len(n.positions)
	}
	positions, err := im.newIDs(ctx, "positions", held)
	if err != nil {
		return err
	}
	in := im.inserts()
	now := faces.Now()
	stamp := im.db.stamp(now)
	actor := faces.ActorFromContext(ctx)
	for i, n := range q.items {
		p := n.p
		p.ID, p.CreatedAt, p.UpdatedAt = people[i], now, now
		var company any // NULL: no current position
		for _, po := range n.positions {
			if po.Current() {
				company = po.CompanyID
			}
		}
		in.people.args = append(in.people.args, p.ID, p.Name, p.Pronouns, listValue(p.Emails), listValue(p.Phones), listValue(p.Addresses),
			listValue(p.Links), listValue(p.Tags), p.Notes, stamp, stamp, company)
		if err := in.people.row(ctx); err != nil {
			return err
		}
	}
	if err := in.people.flush(ctx); err != nil {
		return err
	}
	next := 0
	for _, n := range q.items {
		p := n.p
		for _, e := range unique(mapped(p.Emails, normalEmail)) {
			in.emails.args = append(in.emails.args, e, p.ID)
			if err := in.emails.row(ctx); err != nil {
				return err
			}
		}
		for _, t := range unique(mapped(p.Tags, strings.ToLower)) {
			in.tags.args = append(in.tags.args, t, p.Name, p.ID)
			if err := in.tags.row(ctx); err != nil {
				return err
			}
		}
		if err := im.audit(ctx, actor, faces.ActionCreate, p.ID, p, stamp); err != nil {
			return err
		}
		for i := range n.positions {
			po := &n.positions[i]
			po.ID, po.PersonID = positions[next], p.ID
			next++
			in.positions.args = append(in.positions.args, po.ID, p.ID, po.CompanyID, po.Title, po.Division, im.db.day(po.From), im.db.day(po.To))
			if err := in.positions.row(ctx); err != nil {
				return err
			}
			if err := im.audit(ctx, actor, faces.ActionMove, p.ID, po, stamp); err != nil {
				return err
			}
		}
	}
	for _, b := range []*batchInsert{in.emails, in.tags, in.positions, in.audit} {
		if err := b.flush(ctx); err != nil {
			return err
		}
	}
	for _, n := range q.items {
		if err := im.extras(ctx, n.c, n.p.ID, true); err != nil {
			return err
		}
	}
	if im.indexFrom == 0 {
		im.indexFrom = people[0]
	}
	im.indexTo = people[len(people)-1]
	before := im.report.Created
	im.report.Created += len(q.items)
	if err := im.analyze(ctx); err != nil {
		return err
	}
	if im.report.Created/indexBatch != before/indexBatch {
		return im.indexNew(ctx)
	}
	return nil
}

// analyze has PostgreSQL gather the statistics of the tables the import
// looks people up in each time the number of people it made doubles,
// from a thousand. Without them — tables that were empty when the import
// began — PostgreSQL takes a list of 500 names for most of the table and
// reads all of it for each group: at half a million people, seconds a
// group. (ANALYZE counts the transaction's own new rows.)
func (im *importer) analyze(ctx context.Context) error {
	if !im.db.postgres() || im.report.Created < im.analyzeAt {
		return nil
	}
	im.analyzeAt = 2 * max(im.analyzeAt, 1000)
	_, err := im.tx.ExecContext(ctx, `ANALYZE people, positions, person_emails, companies`)
	return err
}

// audit queues an audit entry about a new person.
func (im *importer) audit(ctx context.Context, actor int64, action string, id int64, after any, at any) error {
	_, a, err := auditValues(nil, after)
	if err != nil {
		return err
	}
	in := im.inserts()
	in.audit.args = append(in.audit.args, actor, action, "person", id, nil, a, at)
	return in.audit.row(ctx)
}

func mapped(list []string, f func(string) string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = f(s)
	}
	return out
}

// newIDs takes n ids of a table's rows before they are written, so that
// the rows that refer to them can be written in the same batch. On
// SQLite, whose write lock the import's transaction holds from its start,
// they follow the highest id ever given (the table's AUTOINCREMENT
// sequence); on PostgreSQL they come from the table's sequence.
func (im *importer) newIDs(ctx context.Context, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, n)
	if im.db.postgres() {
		rows, err := im.tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
		ids, err = scanIDs(rows, err)
		if err == nil && len(ids) != n {
			err = fmt.Errorf("%d new ids of %s, want %d", len(ids), table, n)
		}
		return ids, err
	}
	var last int64
	err := im.tx.QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = $1), 0), COALESCE((SELECT MAX(id) FROM `+table+`), 0))`, table).Scan(&last)
	for i := range n {
		ids = append(ids, last+1+int64(i))
	}
	return ids, err
}
