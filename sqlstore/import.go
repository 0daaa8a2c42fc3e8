package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

var _ faces.ImportService = (*DB)(nil)

// errDryRun undoes a dry run's transaction.
var errDryRun = errors.New("dry run")

// ImportContacts takes in contacts in one transaction (see
// faces.ImportService).
func (s *DB) ImportContacts(ctx context.Context, contacts iter.Seq2[*faces.Contact, error], opts faces.ImportOptions) (*faces.ImportReport, error) {
	start := time.Now()
	rep := &faces.ImportReport{MatchedBy: map[string]int{}, DryRun: opts.DryRun}
	err := s.WithinTx(ctx, func(t *DB) error {
		im := &importer{db: t, tx: t.tx, report: rep, companies: map[string]int64{}, today: faces.Today(), stmts: map[string]*sql.Stmt{},
			uids: map[uint64]int64{}}
		defer im.close()
		if err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM erased_emails)`).Scan(&im.anyErased); err != nil {
			return err
		}
		if t.dialect.Name == "sqlite" {
			// A page cache of 64 MB for the import's connection, back to
			// SQLite's 2 MB after: with the small one, pages spill to the
			// write-ahead log long before the commit.
			if _, err := t.tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
				return err
			}
			defer t.tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
		}
		// The statements run without the caller's cancellation (which
		// costs SQLite's driver a goroutine per statement); the loop
		// checks it between contacts, and rolls back when it ends.
		stop := ctx
		ctx := context.WithoutCancel(ctx)
		for c, err := range contacts {
			if err := stop.Err(); err != nil {
				return err
			}
			var problem faces.LineProblem
			if errors.As(err, &problem) && opts.SkipInvalid {
				rep.Read++
				note(&rep.Skipped, problem)
				continue
			}
			if err != nil {
				return err
			}
			rep.Read++
			if c.NotAPerson != "" {
				note(&rep.Skipped, faces.LineProblem{Line: c.Line, Reason: c.NotAPerson})
				continue
			}
			if err := im.take(ctx, c); err != nil {
				var fe *faces.Error
				if !errors.As(err, &fe) || fe.Code != faces.EINVALID {
					return fmt.Errorf("line %d: %w", c.Line, err)
				}
				problem := faces.LineProblem{Line: c.Line, Reason: invalidReason(fe)}
				if !opts.SkipInvalid {
					return problem
				}
				note(&rep.Skipped, problem)
			}
			if opts.Progress != nil && rep.Read%1000 == 0 {
				opts.Progress(rep.Read)
			}
		}
		if err := im.link(ctx); err != nil {
			return err
		}
		if err := im.indexNew(ctx); err != nil {
			return err
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	rep.Took = time.Since(start)
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil && ctx.Err() != nil {
		// Cancelled: the transaction was rolled back under the statement
		// that failed.
		return rep, ctx.Err()
	}
	if opts.Progress != nil {
		opts.Progress(rep.Read)
	}
	var problem faces.LineProblem
	if errors.As(err, &problem) {
		return rep, &faces.Error{Code: faces.EINVALID, Message: fmt.Sprintf("Line %d: %s Nothing was imported.", problem.Line, problem.Reason)}
	}
	return rep, err
}

// note adds a line to a report's list, up to faces.MaxReportedLines.
func note(list *[]faces.LineProblem, p faces.LineProblem) {
	if len(*list) < faces.MaxReportedLines {
		*list = append(*list, p)
	}
}

// invalidReason words what is wrong with an invalid contact in a
// sentence: the fields' messages, in a stable order.
func invalidReason(fe *faces.Error) string {
	if len(fe.Fields) == 0 {
		return fe.Message
	}
	var msgs []string
	for _, f := range slices.Sorted(func(yield func(string) bool) {
		for k := range fe.Fields {
			if !yield(k) {
				return
			}
		}
	}) {
		msgs = append(msgs, fe.Fields[f])
	}
	return strings.Join(msgs, " ")
}

// importer is one import under way, inside its transaction.
type importer struct {
	db        *DB
	tx        *sql.Tx
	report    *faces.ImportReport
	companies map[string]int64 // lower-cased name → id, as met
	today     time.Time
	// stmts are the statements run for every contact, prepared once.
	stmts map[string]*sql.Stmt
	// indexFrom and indexTo are the first and last ids of the people
	// created since the search index was last brought up to date: they are
	// indexed together, indexBatch at a time.
	indexFrom, indexTo int64
	// anyErased is whether anyone was ever erased: if not, addresses need
	// no checking against them.
	anyErased bool
	// uids are the people the file's contacts became, by a hash of the
	// contact's UID, and related the relationships to make between them
	// once all are in (see link).
	uids    map[uint64]int64
	related []pendingRelation
}

// pendingRelation is a relationship a contact asks for, made at the end
// of the import when everyone it may name is in.
type pendingRelation struct {
	line int
	from int64
	rel  faces.ContactRelation
}

// maxRelated bounds the relationships one import makes.
const maxRelated = 1_000_000

// The statements run for every contact.
const (
	qErased      = `SELECT COUNT(*) FROM erased_emails WHERE hash = $1`
	qByEmail     = `SELECT person_id FROM person_emails WHERE email = $1`
	qInsert      = `INSERT INTO people (name, pronouns, emails, phones, addresses, links, tags, notes, created_at, updated_at, current_company_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id`
	qEmail       = `INSERT INTO person_emails (email, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
	qTag         = `INSERT INTO person_tags (tag, name, person_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
	qPosition    = `INSERT INTO positions (person_id, company_id, title, division, from_day, to_day) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`
	qAudit       = `INSERT INTO audit_log (actor_id, action, entity, entity_id, before_json, after_json, at) VALUES ($1, $2, 'person', $3, $4, $5, $6)`
	qNameCompany = `SELECT p.id, MAX(CASE WHEN po.to_day IS NULL THEN 1 ELSE 0 END) FROM people p JOIN positions po ON po.person_id = p.id
		WHERE p.name = $1 AND po.company_id = $2 GROUP BY p.id`
)

// stmt returns the prepared statement of a query.
func (im *importer) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := im.stmts[query]; ok {
		return st, nil
	}
	st, err := im.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	im.stmts[query] = st
	return st, nil
}

func (im *importer) close() {
	for _, st := range im.stmts {
		st.Close()
	}
}

// indexBatch is how many new people go into the search index at once:
// indexing them one by one costs SQLite's full-text index a flush to
// disk each; all at once, a statement whose undo log grows with the
// import.
const indexBatch = 5000

// indexNew puts the people created since the last time in the search
// index, in one statement.
func (im *importer) indexNew(ctx context.Context) error {
	if im.indexFrom == 0 {
		return nil
	}
	err := im.db.indexNewPeople(ctx, im.tx, im.indexFrom, im.indexTo)
	im.indexFrom, im.indexTo = 0, 0
	return err
}

// take matches one contact, or creates its person.
func (im *importer) take(ctx context.Context, c *faces.Contact) error {
	p := c.Person()
	if err := p.Validate(); err != nil {
		return err
	}
	c.Company, c.Title = strings.TrimSpace(c.Company), strings.TrimSpace(c.Title)
	if c.Company != "" && c.Title != "" {
		m := faces.Move{CompanyID: 1, Title: c.Title, Division: c.Division, On: im.today}
		if err := m.Validate(); err != nil {
			return err
		}
	}
	if err := validHistory(c.History); err != nil {
		return err
	}
	if c.Company != "" {
		co := faces.Company{Name: c.Company}
		if err := co.Validate(); err != nil {
			return err
		}
	}
	if e, err := im.erasedEmail(ctx, p.Emails); err != nil || e != "" {
		if e != "" {
			note(&im.report.ForAHuman, faces.LineProblem{Line: c.Line, Reason: "The e-mail address " + e + " belonged to a person who was erased; not imported."})
		}
		return err
	}
	ids, way, err := im.match(ctx, c, p)
	if err != nil {
		return err
	}
	switch len(ids) {
	case 0:
		if err := im.create(ctx, c, p); err != nil {
			return err
		}
		return im.extras(ctx, c, p.ID, true)
	case 1:
		if err := im.merge(ctx, ids[0], c, p); err != nil {
			return err
		}
		im.report.MatchedBy[way]++
		return im.extras(ctx, c, ids[0], false)
	}
	note(&im.report.ForAHuman, faces.LineProblem{Line: c.Line,
		Reason: fmt.Sprintf("%s matches %d people by %s; not imported.", p.Name, len(ids), way)})
	return nil
}

// erasedEmail returns the first of the addresses that belonged to an
// erased person, or "".
func (im *importer) erasedEmail(ctx context.Context, emails []string) (string, error) {
	if !im.anyErased {
		return "", nil
	}
	erased, err := im.stmt(ctx, qErased)
	if err != nil {
		return "", err
	}
	for _, e := range emails {
		var n int
		if err := erased.QueryRowContext(ctx, emailHash(e)).Scan(&n); err != nil {
			return "", err
		}
		if n > 0 {
			return e, nil
		}
	}
	return "", nil
}

// match finds who the contact is: by e-mail, then by name and company
// (current, then former).
func (im *importer) match(ctx context.Context, c *faces.Contact, p *faces.Person) ([]int64, string, error) {
	seen := map[int64]bool{}
	var ids []int64
	for _, e := range p.Emails {
		found, err := im.ids(ctx, qByEmail, normalEmail(e))
		if err != nil {
			return nil, "", err
		}
		for _, id := range found {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 0 {
		return ids, faces.MatchEmail, nil
	}
	if len(p.Emails) == 0 && c.Company == "" {
		// Neither address nor company: the one person of that name who
		// has neither is them (an export of Faces imported again makes no
		// twins of them).
		alone, err := im.ids(ctx, `SELECT id FROM people WHERE name = $1 AND emails = '[]' AND current_company_id IS NULL ORDER BY id LIMIT 2`, p.Name)
		if err != nil || len(alone) != 1 {
			return nil, "", err
		}
		return alone, faces.MatchNameAlone, nil
	}
	if c.Company == "" {
		return nil, "", nil
	}
	company, err := im.company(ctx, c.Company, false)
	if err != nil || company == 0 {
		return nil, "", err
	}
	st, err := im.stmt(ctx, qNameCompany)
	if err != nil {
		return nil, "", err
	}
	rows, err := st.QueryContext(ctx, p.Name, company)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var there, before []int64 // who works there now; who did
	for rows.Next() {
		var id int64
		var now bool
		if err := rows.Scan(&id, &now); err != nil {
			return nil, "", err
		}
		if now {
			there = append(there, id)
		} else {
			before = append(before, id)
		}
	}
	if len(there) > 0 {
		return there, faces.MatchNameCompany, rows.Err()
	}
	return before, faces.MatchNameFormerCompany, rows.Err()
}

func (im *importer) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	st, err := im.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return scanIDs(st.QueryContext(ctx, args...))
}

// company returns the id of the company of that name (the same letters,
// any case, for those met in this import), creating it when asked.
func (im *importer) company(ctx context.Context, name string, create bool) (int64, error) {
	key := strings.ToLower(name)
	if id, ok := im.companies[key]; ok {
		return id, nil
	}
	found, err := im.ids(ctx, `SELECT id FROM companies WHERE name = $1 ORDER BY id LIMIT 1`, name)
	if err != nil {
		return 0, err
	}
	if len(found) == 1 {
		im.companies[key] = found[0]
		return found[0], nil
	}
	if !create {
		return 0, nil
	}
	co := &faces.Company{Name: name}
	if err := im.db.CreateCompany(ctx, co); err != nil {
		return 0, err
	}
	im.report.Companies++
	im.companies[key] = co.ID
	return co.ID, nil
}

// create stores the contact as a new person, at their company, with the
// audit entries CreatePerson and MovePerson write — in the fewest
// statements, prepared once, since an import makes a million of them.
// The search index is brought up to date at the end (indexNew).
func (im *importer) create(ctx context.Context, c *faces.Contact, p *faces.Person) error {
	var company any // NULL: no current position
	positions := c.History
	if len(positions) == 0 && c.Company != "" && c.Title != "" {
		positions = []faces.Position{{CompanyName: c.Company, Title: c.Title, Division: c.Division, From: im.today}}
	} else if len(positions) == 0 && c.Company != "" {
		note(&im.report.Unplaced, faces.LineProblem{Line: c.Line, Reason: fmt.Sprintf("%s has no title in the file, so is not placed at %s; add it on their page.", p.Name, c.Company)})
	}
	for i := range positions {
		id, err := im.company(ctx, positions[i].CompanyName, true)
		if err != nil {
			return err
		}
		positions[i].CompanyID = id
		if positions[i].Current() {
			company = id
		}
	}
	now := faces.Now()
	insert, err := im.stmt(ctx, qInsert)
	if err != nil {
		return err
	}
	if err := insert.QueryRowContext(ctx, p.Name, p.Pronouns, listValue(p.Emails), listValue(p.Phones), listValue(p.Addresses), listValue(p.Links), listValue(p.Tags), p.Notes,
		im.db.stamp(now), company).Scan(&p.ID); err != nil {
		return err
	}
	if im.indexFrom == 0 {
		im.indexFrom = p.ID
	}
	im.indexTo = p.ID
	p.CreatedAt, p.UpdatedAt = now, now
	for _, e := range p.Emails {
		if err := im.exec(ctx, qEmail, normalEmail(e), p.ID); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for _, t := range p.Tags {
		if key := strings.ToLower(t); !seen[key] {
			seen[key] = true
			if err := im.exec(ctx, qTag, key, p.Name, p.ID); err != nil {
				return err
			}
		}
	}
	if err := im.auditPerson(ctx, faces.ActionCreate, p.ID, nil, p); err != nil {
		return err
	}
	for i := range positions {
		position := &positions[i]
		position.PersonID = p.ID
		st, err := im.stmt(ctx, qPosition)
		if err != nil {
			return err
		}
		if err := st.QueryRowContext(ctx, p.ID, position.CompanyID, position.Title, position.Division, im.db.day(position.From), im.db.day(position.To)).Scan(&position.ID); err != nil {
			return err
		}
		if err := im.auditPerson(ctx, faces.ActionMove, p.ID, nil, position); err != nil {
			return err
		}
	}
	im.report.Created++
	if im.report.Created%indexBatch == 0 {
		return im.indexNew(ctx)
	}
	return nil
}

func (im *importer) exec(ctx context.Context, query string, args ...any) error {
	st, err := im.stmt(ctx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// auditPerson writes an audit entry about a person, as auditAs does.
func (im *importer) auditPerson(ctx context.Context, action string, id int64, before, after any) error {
	b, a, err := auditValues(before, after)
	if err != nil {
		return err
	}
	return im.exec(ctx, qAudit, faces.ActorFromContext(ctx), action, id, b, a, im.db.stamp(faces.Now()))
}

// place gives a known person without a position the contact's company
// and title, from today.
func (im *importer) place(ctx context.Context, p *faces.Person, c *faces.Contact) error {
	company, err := im.company(ctx, c.Company, true)
	if err != nil {
		return err
	}
	_, err = im.db.MovePerson(ctx, p.ID, faces.Move{CompanyID: company, Title: c.Title, Division: c.Division, On: im.today})
	return err
}

// merge gives a matched person what the contact adds: addresses, phones,
// links and tags they lack, notes where they have none, and a position
// where they have none. Nothing they have is overwritten.
func (im *importer) merge(ctx context.Context, id int64, c *faces.Contact, in *faces.Person) error {
	p, err := findPerson(ctx, im.tx, id)
	if err != nil {
		return err
	}
	changed := false
	union := func(have, add []string, fold bool) []string {
		for _, a := range add {
			if len(have) >= faces.MaxListLen {
				break
			}
			if !slices.ContainsFunc(have, func(h string) bool { return h == a || fold && strings.EqualFold(h, a) }) {
				have, changed = append(have, a), true
			}
		}
		return have
	}
	p.Emails = union(p.Emails, in.Emails, true)
	p.Phones = union(p.Phones, in.Phones, false)
	p.Addresses = union(p.Addresses, in.Addresses, false)
	p.Links = union(p.Links, in.Links, false)
	p.Tags = union(p.Tags, in.Tags, true)
	if p.Pronouns == "" && in.Pronouns != "" {
		p.Pronouns, changed = in.Pronouns, true
	}
	if strings.TrimSpace(p.Notes) == "" && in.Notes != "" {
		p.Notes, changed = in.Notes, true
	}
	if changed {
		if err := im.db.UpdatePerson(ctx, p); err != nil {
			return err
		}
	}
	if p.Current == nil && c.Company != "" && c.Title != "" {
		changed = true
		if err := im.place(ctx, p, c); err != nil {
			return err
		}
	}
	if changed {
		im.report.Updated++
	} else {
		im.report.Unchanged++
	}
	return nil
}

// validHistory checks a role history read from a file: each position
// valid, at most one current.
func validHistory(history []faces.Position) error {
	current := 0
	for i := range history {
		if err := history[i].Validate(); err != nil {
			return err
		}
		if history[i].Current() {
			current++
		}
	}
	if current > 1 {
		return faces.Errorf(faces.EINVALID, "The role history has %d current positions; a person holds one at a time.", current)
	}
	return nil
}

// extras gives a person what a contact carries beyond its fields — a
// portrait and a story where they have none — and keeps what it says of
// relationships for the end (link).
func (im *importer) extras(ctx context.Context, c *faces.Contact, id int64, created bool) error {
	if c.UID != "" {
		im.uids[uidKey(c.UID)] = id
	}
	for _, r := range c.Related {
		if len(im.related) < maxRelated {
			im.related = append(im.related, pendingRelation{line: c.Line, from: id, rel: r})
		}
	}
	if c.Photo.Problem != "" {
		note(&im.report.PhotoProblems, faces.LineProblem{Line: c.Line, Reason: c.Photo.Problem})
	}
	if pt := c.Photo.Portrait; pt != nil {
		has := false
		if !created {
			if err := im.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM photos WHERE person_id = $1)`, id).Scan(&has); err != nil {
				return err
			}
		}
		if !has {
			if err := im.db.SavePhoto(ctx, id, pt.Hash, pt.Renditions); err != nil {
				return err
			}
			im.report.Photos++
		}
	}
	if c.Story != nil {
		if !created {
			st, err := findStory(ctx, im.tx, id)
			if err != nil || st.Card != "" {
				return err
			}
		}
		st := *c.Story
		st.PersonID = id
		return im.db.SaveStory(ctx, &st)
	}
	return nil
}

// uidKey hashes a contact's UID: a million of them take 16 bytes each.
func uidKey(uid string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(uid))
	return h.Sum64()
}

// link makes the relationships the file's contacts asked for, between
// people in the file (by UID) or known to Faces (by e-mail address, or a
// name only one person has). What cannot be found is left for a human.
func (im *importer) link(ctx context.Context) error {
	for _, pr := range im.related {
		to, err := im.resolve(ctx, pr.rel.To)
		if err != nil {
			return err
		}
		if to == 0 {
			note(&im.report.ForAHuman, faces.LineProblem{Line: pr.line,
				Reason: fmt.Sprintf("Related to %s, whom neither the file nor Faces knows; not linked.", pr.rel.To)})
			continue
		}
		if to == pr.from {
			continue
		}
		err = im.db.AddRelationship(ctx, &faces.Relationship{FromID: pr.from, ToID: to, Kind: pr.rel.Kind})
		switch faces.ErrorCode(err) {
		case "":
			im.report.Linked++
		case faces.ECONFLICT: // they were already linked
		default:
			return err
		}
	}
	return nil
}

// resolve finds the person a relation names, or 0.
func (im *importer) resolve(ctx context.Context, to string) (int64, error) {
	if id, ok := im.uids[uidKey(to)]; ok {
		return id, nil
	}
	lower := strings.ToLower(to)
	var ids []int64
	var err error
	switch {
	case strings.HasPrefix(lower, "mailto:"):
		ids, err = im.ids(ctx, qByEmail, normalEmail(to[len("mailto:"):]))
	case strings.Contains(to, "@") && !strings.ContainsAny(to, " :"):
		ids, err = im.ids(ctx, qByEmail, normalEmail(to))
	case strings.Contains(to, ":"): // another file's UID, a web address
		return 0, nil
	default:
		ids, err = im.ids(ctx, `SELECT id FROM people WHERE name = $1 ORDER BY id LIMIT 2`, to)
	}
	if err != nil || len(ids) != 1 {
		return 0, err
	}
	return ids[0], nil
}
