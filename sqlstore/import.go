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
		im := &importer{db: t, tx: t.tx, report: rep, skipInvalid: opts.SkipInvalid, companies: map[string]int64{}, today: faces.Today(),
			stmts: map[string]*sql.Stmt{}, uids: map[uint64]int64{}, waiting: newQueue()}
		defer im.close()
		t.laterIndex = map[int64]bool{}
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
		var group []*item
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
			if it, err := check(c); err != nil {
				if err := im.refuse(c, err); err != nil {
					return err
				}
			} else {
				group = append(group, it)
			}
			if len(group) == groupSize {
				if err := im.takeGroup(ctx, group); err != nil {
					return err
				}
				group = nil
			}
			if opts.Progress != nil && rep.Read%1000 == 0 {
				opts.Progress(rep.Read)
			}
		}
		if err := im.takeGroup(ctx, group); err != nil {
			return err
		}
		if err := im.finish(ctx); err != nil {
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

// finish writes the people still waiting, makes the relationships the
// file asked for, and brings the search index up to date.
func (im *importer) finish(ctx context.Context) error {
	if err := im.flush(ctx); err != nil {
		return err
	}
	if err := im.link(ctx); err != nil {
		return err
	}
	if err := im.indexNew(ctx); err != nil {
		return err
	}
	if err := im.db.indexLater(ctx, im.tx); err != nil {
		return err
	}
	if first, last := im.newCompanies[0], im.newCompanies[1]; first != 0 {
		return im.db.indexNewCompanies(ctx, im.tx, first, last)
	}
	return nil
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
	db          *DB
	tx          *sql.Tx
	report      *faces.ImportReport
	skipInvalid bool
	companies   map[string]int64 // lower-cased name → id, as met
	today       time.Time
	// stmts are the statements run for single contacts, prepared once.
	stmts map[string]*sql.Stmt
	// waiting are the new people not written yet (see flush), ins the
	// inserts that write them.
	waiting *queue
	ins     *inserts
	// indexFrom and indexTo are the first and last ids of the people
	// created since the search index was last brought up to date: they are
	// indexed together, indexBatch at a time. newCompanies are the first
	// and last ids of the companies the import created.
	indexFrom, indexTo int64
	newCompanies       [2]int64
	// analyzeAt is how many new people the import makes before it has
	// PostgreSQL's statistics gathered again (see analyze).
	analyzeAt int
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

const (
	qByEmail   = `SELECT person_id FROM person_emails WHERE email = $1`
	qNameAlone = `SELECT id FROM people WHERE name = $1 AND emails = '[]' AND current_company_id IS NULL ORDER BY id LIMIT 2`
	qCompany   = `INSERT INTO companies (name, story, key_customer, locations, created_at, updated_at) VALUES ($1, '', $2, '[]', $3, $3) RETURNING id`
	qAudit     = `INSERT INTO audit_log (actor_id, action, entity, entity_id, before_json, after_json, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`
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
	if im.ins != nil {
		im.ins.close()
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

// check validates a contact as the person, position and companies it
// describes.
func check(c *faces.Contact) (*item, error) {
	p := c.Person()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	c.Company, c.Title = strings.TrimSpace(c.Company), strings.TrimSpace(c.Title)
	if c.Company != "" && c.Title != "" {
		m := faces.Move{CompanyID: 1, Title: c.Title, Division: c.Division, On: faces.Today()}
		if err := m.Validate(); err != nil {
			return nil, err
		}
	}
	if err := validHistory(c.History); err != nil {
		return nil, err
	}
	if c.Company != "" {
		co := faces.Company{Name: c.Company}
		if err := co.Validate(); err != nil {
			return nil, err
		}
	}
	return &item{c: c, p: p}, nil
}

// refuse decides what an error about one contact does: an invalid
// contact stops the import with its line, or, when the user asked, is
// skipped and reported; any other error stops it.
func (im *importer) refuse(c *faces.Contact, err error) error {
	var fe *faces.Error
	if !errors.As(err, &fe) || fe.Code != faces.EINVALID {
		return fmt.Errorf("line %d: %w", c.Line, err)
	}
	problem := faces.LineProblem{Line: c.Line, Reason: invalidReason(fe)}
	if !im.skipInvalid {
		return problem
	}
	note(&im.report.Skipped, problem)
	return nil
}

// takeGroup takes a group of contacts in the file's order, with what the
// database knows of them read at once. A contact that may be one of the
// new people still waiting has them written first, and what the database
// knows read again.
func (im *importer) takeGroup(ctx context.Context, group []*item) error {
	if len(group) == 0 {
		return nil
	}
	look, err := im.lookUp(ctx, group)
	if err != nil {
		return err
	}
	for i, it := range group {
		if im.waiting.mayMatch(it, im.knownCompany(look, it.c.Company)) {
			if err := im.flush(ctx); err != nil {
				return err
			}
			if look, err = im.lookUp(ctx, group[i:]); err != nil {
				return err
			}
		}
		if err := im.take(ctx, it, look); err != nil {
			if err := im.refuse(it.c, err); err != nil {
				return err
			}
		}
	}
	if len(im.waiting.items) >= groupSize {
		return im.flush(ctx)
	}
	return nil
}

// take matches one contact, or queues its person to be created.
func (im *importer) take(ctx context.Context, it *item, look *lookup) error {
	c, p := it.c, it.p
	for _, e := range p.Emails {
		if look.erased[emailHash(e)] {
			note(&im.report.ForAHuman, faces.LineProblem{Line: c.Line, Reason: "The e-mail address " + e + " belonged to a person who was erased; not imported."})
			return nil
		}
	}
	ids, way, err := im.match(ctx, it, look)
	if err != nil {
		return err
	}
	switch len(ids) {
	case 0:
		return im.create(ctx, it, look)
	case 1:
		if err := im.merge(ctx, ids[0], c, p, look); err != nil {
			return err
		}
		im.report.MatchedBy[way]++
		return im.extras(ctx, c, ids[0], false)
	}
	note(&im.report.ForAHuman, faces.LineProblem{Line: c.Line,
		Reason: fmt.Sprintf("%s matches %d people by %s; not imported.", p.Name, len(ids), way)})
	return nil
}

// match finds who the contact is: by e-mail, then by name and company
// (current, then former).
func (im *importer) match(ctx context.Context, it *item, look *lookup) ([]int64, string, error) {
	c, p := it.c, it.p
	var ids []int64
	for _, e := range p.Emails {
		for _, id := range look.byEmail[normalEmail(e)] {
			if !slices.Contains(ids, id) {
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
		alone, err := im.ids(ctx, qNameAlone, p.Name)
		if err != nil || len(alone) != 1 {
			return nil, "", err
		}
		return alone, faces.MatchNameAlone, nil
	}
	company := im.knownCompany(look, c.Company)
	if company == 0 {
		return nil, "", nil
	}
	w := look.at[nameAt{p.Name, company}]
	switch {
	case w == nil:
		return nil, "", nil
	case len(w.now) > 0:
		return w.now, faces.MatchNameCompany, nil
	}
	return w.before, faces.MatchNameFormerCompany, nil
}

func (im *importer) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	st, err := im.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return scanIDs(st.QueryContext(ctx, args...))
}

// knownCompany returns the id of the company of that name — the same
// letters, any case, for those met in this import — or 0.
func (im *importer) knownCompany(look *lookup, name string) int64 {
	if name == "" {
		return 0
	}
	if id, ok := im.companies[strings.ToLower(name)]; ok {
		return id
	}
	if id, ok := look.companies[name]; ok {
		im.companies[strings.ToLower(name)] = id
		return id
	}
	return 0
}

// company returns the id of the company of that name, creating it when no
// company has it: with the audit entry CreateCompany writes, and put in
// the search index at the end of the import.
func (im *importer) company(ctx context.Context, look *lookup, name string) (int64, error) {
	if id := im.knownCompany(look, name); id != 0 {
		return id, nil
	}
	co := &faces.Company{Name: name, Locations: []string{}}
	if err := co.Validate(); err != nil {
		return 0, err
	}
	insert, err := im.stmt(ctx, qCompany)
	if err != nil {
		return 0, err
	}
	now := faces.Now()
	if err := insert.QueryRowContext(ctx, co.Name, false, im.db.stamp(now)).Scan(&co.ID); err != nil {
		return 0, err
	}
	co.CreatedAt, co.UpdatedAt = now, now
	_, after, err := auditValues(nil, co)
	if err != nil {
		return 0, err
	}
	audit, err := im.stmt(ctx, qAudit)
	if err != nil {
		return 0, err
	}
	if _, err := audit.ExecContext(ctx, faces.ActorFromContext(ctx), faces.ActionCreate, "company", co.ID, nil, after, im.db.stamp(now)); err != nil {
		return 0, err
	}
	if im.newCompanies[0] == 0 {
		im.newCompanies[0] = co.ID
	}
	im.newCompanies[1] = co.ID
	im.report.Companies++
	im.companies[strings.ToLower(name)] = co.ID
	return co.ID, nil
}

// create queues the contact as a new person, at their company or the
// companies of their history (created now when no company has the name).
func (im *importer) create(ctx context.Context, it *item, look *lookup) error {
	c, p := it.c, it.p
	positions := slices.Clone(c.History)
	if len(positions) == 0 && c.Company != "" && c.Title != "" {
		positions = []faces.Position{{CompanyName: c.Company, Title: c.Title, Division: c.Division, From: im.today}}
	} else if len(positions) == 0 && c.Company != "" {
		note(&im.report.Unplaced, faces.LineProblem{Line: c.Line, Reason: fmt.Sprintf("%s has no title in the file, so is not placed at %s; add it on their page.", p.Name, c.Company)})
	}
	for i := range positions {
		id, err := im.company(ctx, look, positions[i].CompanyName)
		if err != nil {
			return err
		}
		positions[i].CompanyID = id
	}
	im.waiting.add(&newPerson{item: it, positions: positions})
	return nil
}

// place gives a known person without a position the contact's company
// and title, from today.
func (im *importer) place(ctx context.Context, p *faces.Person, c *faces.Contact, look *lookup) (int64, error) {
	company, err := im.company(ctx, look, c.Company)
	if err != nil {
		return 0, err
	}
	_, err = im.db.MovePerson(ctx, p.ID, faces.Move{CompanyID: company, Title: c.Title, Division: c.Division, On: im.today})
	return company, err
}

// merge gives a matched person what the contact adds: addresses, phones,
// links and tags they lack, notes where they have none, and a position
// where they have none. Nothing they have is overwritten. The group's
// later contacts find them by what they were given.
func (im *importer) merge(ctx context.Context, id int64, c *faces.Contact, in *faces.Person, look *lookup) error {
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
	placedAt := int64(0)
	if p.Current == nil && c.Company != "" && c.Title != "" {
		changed = true
		if placedAt, err = im.place(ctx, p, c, look); err != nil {
			return err
		}
	}
	look.merged(p, placedAt)
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
