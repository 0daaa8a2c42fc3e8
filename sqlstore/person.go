package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

// Ensure the service implements its interface.
var _ faces.PersonService = (*DB)(nil)

const personColumns = `p.id, p.name, p.pronouns, p.emails, p.phones, p.addresses, p.links, p.tags, p.notes, p.created_at, p.updated_at,
	c.id, c.company_id, co.name, c.title, c.division, c.from_day, COALESCE(ph.hash, '')`

// personJoins joins a person p with their current position, company and
// photo, for personColumns; personFrom starts from the people table.
const personJoins = `
	LEFT JOIN positions c ON c.person_id = p.id AND c.to_day IS NULL
	LEFT JOIN companies co ON co.id = c.company_id
	LEFT JOIN photos ph ON ph.person_id = p.id`

const personFrom = `FROM people p` + personJoins

type rowScanner interface{ Scan(...any) error }

func scanPerson(r rowScanner) (*faces.Person, error) {
	p := &faces.Person{}
	var posID, companyID sql.NullInt64
	var companyName, title, division sql.NullString
	var from time.Time
	err := r.Scan(&p.ID, &p.Name, &p.Pronouns, listScan{&p.Emails}, listScan{&p.Phones}, listScan{&p.Addresses}, listScan{&p.Links}, listScan{&p.Tags},
		&p.Notes, timeScan{&p.CreatedAt}, timeScan{&p.UpdatedAt},
		&posID, &companyID, &companyName, &title, &division, timeScan{&from}, &p.PhotoHash)
	if err != nil {
		return nil, err
	}
	if posID.Valid {
		p.Current = &faces.Position{ID: posID.Int64, PersonID: p.ID, CompanyID: companyID.Int64,
			CompanyName: companyName.String, Title: title.String, Division: division.String, From: from}
	}
	return p, nil
}

// FindPersonByID returns one person with their current position.
func (s *DB) FindPersonByID(ctx context.Context, id int64) (*faces.Person, error) {
	return findPerson(ctx, s.q, id)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findPerson(ctx context.Context, q querier, id int64) (*faces.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+` `+personFrom+` WHERE p.id = $1`, id))
	return p, notFound(err, "Person")
}

// lockPerson reads a person in a transaction that is about to change
// them, holding their row until it ends: on PostgreSQL, changes to one
// person from several connections (several servers) then run one after
// the other, so none trips on a constraint (one open position, one story)
// and each audit entry's "before" is what the previous change left. Only
// the person's own row is locked, not their company's.
func (s *DB) lockPerson(ctx context.Context, tx *sql.Tx, id int64) (*faces.Person, error) {
	if s.dialect.Name == "postgres" {
		var locked int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE id = $1 FOR UPDATE`, id).Scan(&locked)
		if err != nil && err != sql.ErrNoRows {
			return nil, err
		}
	}
	return findPerson(ctx, tx, id)
}

// FindPeople lists a page of people in the filter's order, continuing
// after its cursor, with how many match (counted up to CountCap+1). Each
// filter and order reads an index: people_name, people_updated,
// people_company_name.
func (s *DB) FindPeople(ctx context.Context, f faces.PersonFilter) ([]*faces.Person, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	if f.FormerlyAt != 0 {
		return s.findFormer(ctx, f)
	}
	if f.Role != "" && f.Tag == "" && f.Sort != faces.ByChanged && f.Sort != faces.ByCompany {
		return s.findByRole(ctx, f)
	}
	if f.Tag != "" {
		if f.Sort == faces.ByChanged || f.Sort == faces.ByCompany {
			return nil, 0, &faces.Error{Code: faces.EINVALID, Message: "People with a tag are listed by name.", Fields: map[string]string{"sort": "name, with a tag."}}
		}
		return s.findTagged(ctx, f)
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.CompanyID != 0 {
		where = append(where, "p.current_company_id = "+arg(f.CompanyID))
	}
	where = append(where, s.personConditions(f, arg)...)
	cond := "1=1"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	key := fmt.Sprintf("people company=%d role=%q photo=%q consent=%q", f.CompanyID, f.Role, f.Photo, f.Consent)
	total, err := s.countAs(ctx, key, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM people p WHERE %s LIMIT %d) matches`, cond, faces.CountCap+1), args...)
	if err != nil {
		return nil, 0, err
	}
	if f.Sort == faces.ByCompany {
		people, err := s.findByCompany(ctx, f, cond, args)
		return people, total, err
	}
	order := "p.name, p.id"
	if f.Sort == faces.ByChanged {
		order = "p.updated_at DESC, p.id DESC"
	}
	if c := f.After; c != nil {
		if f.Sort == faces.ByChanged {
			t, err := c.Time()
			if err != nil {
				return nil, 0, &faces.Error{Code: faces.EINVALID, Message: "The page cannot be found.", Fields: map[string]string{"after": "Not a cursor of this order."}}
			}
			cond += fmt.Sprintf(" AND (p.updated_at, p.id) < (%s, %s)", arg(s.stamp(t)), arg(c.ID))
		} else {
			cond += fmt.Sprintf(" AND (p.name, p.id) > (%s, %s)", arg(c.Key), arg(c.ID))
		}
	}
	// The page's ids first, then their columns: a filter that starts
	// from a few people (a buying role) sorts ids and names, not rows
	// joined to their positions, companies and photos.
	q := fmt.Sprintf(`SELECT %s FROM (SELECT p.id FROM people p WHERE %s ORDER BY %s LIMIT %s OFFSET %s) page JOIN people p ON p.id = page.id %s ORDER BY %s`,
		personColumns, cond, order, arg(limit(f.Limit)), arg(max(f.Offset, 0)), personJoins, order)
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	people := []*faces.Person{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		people = append(people, p)
	}
	return people, total, rows.Err()
}

// findByCompany lists a page of people by the name of their current
// company, then their own, the people at no company last. Each part is a
// walk of an index in order, never a sort of everyone: the rest of the
// cursor's company (people_company_name), then the companies after it by
// name (companies_name_id), each with its people in order, then the people
// at no company (people_unplaced). cond and args are the list's filter.
func (s *DB) findByCompany(ctx context.Context, f faces.PersonFilter, cond string, args []any) ([]*faces.Person, error) {
	n := limit(f.Limit)
	var at faces.CompanyCursor
	started := f.After != nil
	if started {
		var err error
		if at, err = faces.CompanyCursorOf(*f.After); err != nil {
			return nil, err
		}
	}
	var ids []int64
	page := func(query string, extra ...any) error {
		a := append(append([]any{}, args...), extra...)
		a = append(a, n-len(ids))
		got, err := scanIDs(s.q.QueryContext(ctx, fmt.Sprintf(query, len(args)+len(extra)+1), a...))
		ids = append(ids, got...)
		return err
	}
	if f.CompanyID != 0 {
		// At one company the order is by name: its people after the
		// cursor, and no one at no company.
		q := `SELECT p.id FROM people p WHERE ` + cond
		var extra []any
		if started {
			q += fmt.Sprintf(` AND (p.name, p.id) > ($%d, $%d)`, len(args)+1, len(args)+2)
			extra = []any{at.PersonName, at.PersonID}
		}
		if err := page(q+` ORDER BY p.name, p.id LIMIT $%d`, extra...); err != nil {
			return nil, err
		}
		return s.peopleInOrder(ctx, ids)
	}
	placed := !started || at.CompanyID != 0
	if placed && started {
		// The rest of the cursor's company.
		if err := page(`SELECT p.id FROM people p WHERE `+cond+fmt.Sprintf(` AND p.current_company_id = $%d AND (p.name, p.id) > ($%d, $%d)`,
			len(args)+1, len(args)+2, len(args)+3)+` ORDER BY p.name, p.id LIMIT $%d`, at.CompanyID, at.PersonName, at.PersonID); err != nil {
			return nil, err
		}
	}
	if placed {
		// The companies after it, a few at a time, each one's people in
		// order: an index walk per company, stopping when the page is full.
		// From the start, ("", 0) comes before every company: a company
		// always has a name.
		companyAfter, idAfter := at.CompanyName, at.CompanyID
		for len(ids) < n {
			var companies []int64
			var last string
			err := eachRow(ctx, s.q, `SELECT id, name FROM companies WHERE (name, id) > ($1, $2) ORDER BY name, id LIMIT 20`, []any{companyAfter, idAfter}, func(r *sql.Rows) error {
				var id int64
				err := r.Scan(&id, &last)
				companies = append(companies, id)
				return err
			})
			if err != nil {
				return nil, err
			}
			for _, id := range companies {
				if len(ids) == n {
					break
				}
				if err := page(`SELECT p.id FROM people p WHERE `+cond+fmt.Sprintf(` AND p.current_company_id = $%d`, len(args)+1)+` ORDER BY p.name, p.id LIMIT $%d`, id); err != nil {
					return nil, err
				}
			}
			if len(companies) < 20 {
				break
			}
			companyAfter, idAfter = last, companies[len(companies)-1]
		}
		at = faces.CompanyCursor{}
	}
	if len(ids) < n {
		// The people at no company, by name.
		q := `SELECT p.id FROM people p WHERE ` + cond + ` AND p.current_company_id IS NULL`
		var extra []any
		if at.PersonID != 0 {
			q += fmt.Sprintf(` AND (p.name, p.id) > ($%d, $%d)`, len(args)+1, len(args)+2)
			extra = []any{at.PersonName, at.PersonID}
		}
		if err := page(q+` ORDER BY p.name, p.id LIMIT $%d`, extra...); err != nil {
			return nil, err
		}
	}
	return s.peopleInOrder(ctx, ids)
}

// peopleInOrder reads people by id, in the order of ids (one missing
// since is left out).
func (s *DB) peopleInOrder(ctx context.Context, ids []int64) ([]*faces.Person, error) {
	if len(ids) == 0 {
		return []*faces.Person{}, nil
	}
	in, args := idsIn(ids)
	found, err := s.queryPeople(ctx, `SELECT `+personColumns+` FROM people p `+personJoins+` WHERE p.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*faces.Person, len(found))
	for _, p := range found {
		byID[p.ID] = p
	}
	out := make([]*faces.Person, 0, len(ids))
	for _, id := range ids {
		if p := byID[id]; p != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// personConditions are the filters on a person p beyond company and tag.
// A buying role is rare (a few people per company): the list starts from
// those who have it (buying_roles_role) and sorts them. A photo is noted on
// the person's row, with indexes of those who have one by name and by
// company and name (people_with_photo, people_with_photo_by_company). Consent
// is a lookup by the person's id, made as the list walks people in order.
func (s *DB) personConditions(f faces.PersonFilter, arg func(any) string) []string {
	var where []string
	if f.Role != "" {
		where = append(where, `p.id IN (SELECT b.person_id FROM buying_roles b WHERE b.role = `+arg(f.Role)+`)`)
	}
	if f.Photo != "" {
		// Kept on the person's row: "with a photo" walks people_with_photo.
		where = append(where, map[string]string{"yes": "p.has_photo", "no": "NOT p.has_photo"}[f.Photo])
	}
	if f.Consent != "" {
		// To the minute: the capped count is kept by its query's
		// arguments, and a revocation clears it anyway.
		now := faces.Now().Truncate(time.Minute)
		holds := consentHolds(arg(s.day(now)), arg(s.stamp(now)))
		if f.Consent == "no" {
			holds = "NOT " + holds
		}
		where = append(where, holds)
	}
	return where
}

// tagPerson keeps a person's rows of person_tags in step with their tags,
// and the name their buying roles are listed by with their name.
func (s *DB) tagPerson(ctx context.Context, tx *sql.Tx, id int64, name string, tags []string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE buying_roles SET name = $1 WHERE person_id = $2 AND name <> $1`, name, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_tags WHERE person_id = $1`, id); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, t := range tags {
		key := strings.ToLower(strings.TrimSpace(t))
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_tags (tag, name, person_id) VALUES ($1, $2, $3)`, key, name, id); err != nil {
			return err
		}
	}
	return nil
}

// findTagged lists the people with a tag, by name, a page after a cursor,
// from person_tags' (tag, name, person) key.
func (s *DB) findTagged(ctx context.Context, f faces.PersonFilter) ([]*faces.Person, int, error) {
	tag := strings.ToLower(strings.TrimSpace(f.Tag))
	cond, args := `t.tag = $1`, []any{tag}
	if f.CompanyID != 0 {
		args = append(args, f.CompanyID)
		cond += fmt.Sprintf(` AND p.current_company_id = $%d`, len(args))
	}
	for _, c := range s.personConditions(f, func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }) {
		cond += " AND " + c
	}
	total, err := s.count(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM person_tags t JOIN people p ON p.id = t.person_id WHERE %s LIMIT %d) matches`,
		cond, faces.CountCap+1), args...)
	if err != nil {
		return nil, 0, err
	}
	if f.After != nil {
		args = append(args, f.After.Key, f.After.ID)
		cond += fmt.Sprintf(` AND (t.name, t.person_id) > ($%d, $%d)`, len(args)-1, len(args))
	}
	args = append(args, limit(f.Limit), max(f.Offset, 0))
	people, err := s.queryPeople(ctx, fmt.Sprintf(`SELECT %s FROM person_tags t JOIN people p ON p.id = t.person_id %s
		WHERE %s ORDER BY t.name, t.person_id LIMIT $%d OFFSET $%d`, personColumns, personJoins, cond, len(args)-1, len(args)), args...)
	return people, total, err
}

// findByRole lists the people with a buying role, by name, a page after
// a cursor, from buying_roles' (role, name, person) index: someone with
// the role at two companies is listed once.
func (s *DB) findByRole(ctx context.Context, f faces.PersonFilter) ([]*faces.Person, int, error) {
	cond, args := `b.role = $1`, []any{f.Role}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.CompanyID != 0 {
		cond += ` AND p.current_company_id = ` + arg(f.CompanyID)
	}
	role := f.Role
	f.Role = "" // the index is the role's filter
	for _, c := range s.personConditions(f, arg) {
		cond += " AND " + c
	}
	f.Role = role
	total, err := s.count(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT DISTINCT b.person_id FROM buying_roles b JOIN people p ON p.id = b.person_id WHERE %s LIMIT %d) matches`,
		cond, faces.CountCap+1), args...)
	if err != nil {
		return nil, 0, err
	}
	if f.After != nil {
		cond += fmt.Sprintf(` AND (b.name, b.person_id) > (%s, %s)`, arg(f.After.Key), arg(f.After.ID))
	}
	n, offset := arg(limit(f.Limit)), arg(max(f.Offset, 0))
	people, err := s.queryPeople(ctx, fmt.Sprintf(`SELECT %s FROM (SELECT DISTINCT b.name, b.person_id FROM buying_roles b JOIN people p ON p.id = b.person_id
		WHERE %s ORDER BY b.name, b.person_id LIMIT %s OFFSET %s) page JOIN people p ON p.id = page.person_id %s ORDER BY page.name, page.person_id`,
		personColumns, cond, n, offset, personJoins), args...)
	return people, total, err
}

// findFormer lists the people who left a company, most recently left
// first, from the company's past positions (positions_left).
func (s *DB) findFormer(ctx context.Context, f faces.PersonFilter) ([]*faces.Person, int, error) {
	const from = ` FROM positions f JOIN people p ON p.id = f.person_id
		WHERE f.company_id = $1 AND f.to_day IS NOT NULL AND (p.current_company_id IS NULL OR p.current_company_id <> $1)`
	total, err := s.count(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 %s LIMIT %d) matches`, from, faces.CountCap+1), f.FormerlyAt)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+personColumns+` FROM positions f JOIN people p ON p.id = f.person_id `+personJoins+`
		WHERE f.company_id = $1 AND f.to_day IS NOT NULL AND (p.current_company_id IS NULL OR p.current_company_id <> $1)
		ORDER BY f.to_day DESC, f.id DESC LIMIT $2 OFFSET $3`, f.FormerlyAt, limit(f.Limit), max(f.Offset, 0))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	people, seen := []*faces.Person{}, map[int64]bool{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		if !seen[p.ID] { // someone who left twice is listed once
			seen[p.ID] = true
			people = append(people, p)
		}
	}
	return people, total, rows.Err()
}

// CreatePerson stores a new person and sets its ID and times.
func (s *DB) CreatePerson(ctx context.Context, p *faces.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO people (name, pronouns, emails, phones, addresses, links, tags, notes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			p.Name, p.Pronouns, listValue(p.Emails), listValue(p.Phones), listValue(p.Addresses), listValue(p.Links), listValue(p.Tags), p.Notes, s.stamp(now)).Scan(&p.ID)
		if err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = now, now
		if err := s.addEmails(ctx, tx, p.ID, p.Emails); err != nil {
			return err
		}
		if err := s.indexPerson(ctx, tx, p.ID); err != nil {
			return err
		}
		if err := s.tagPerson(ctx, tx, p.ID, p.Name, p.Tags); err != nil {
			return err
		}
		if err := s.noteWriting(ctx, tx, faces.WritingPersonNotes, p.ID, lens.Known{Name: p.Name}, "", p.Notes); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "person", p.ID, nil, p)
	})
}

// CreatePersonAt stores a new person with their first position, in one
// transaction.
func (s *DB) CreatePersonAt(ctx context.Context, p *faces.Person, first faces.Move) error {
	pErr, mErr := p.Validate(), first.Validate()
	if pErr != nil || mErr != nil {
		return mergeInvalid(pErr, mErr)
	}
	if first.Planned() {
		return &faces.Error{Code: faces.EINVALID, Message: "Please correct the person.",
			Fields: map[string]string{"on": "The first position cannot start in the future."}}
	}
	return s.WithinTx(ctx, func(tx *DB) error {
		if err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		moved, err := tx.MovePerson(ctx, p.ID, first)
		if err == nil {
			*p = *moved
		}
		return err
	})
}

// mergeInvalid joins the field errors of two invalid records into one.
func mergeInvalid(errs ...error) error {
	out := &faces.Error{Code: faces.EINVALID, Message: "Please correct the person.", Fields: map[string]string{}}
	for _, err := range errs {
		var fe *faces.Error
		if errors.As(err, &fe) {
			for k, v := range fe.Fields {
				out.Fields[k] = v
			}
		} else if err != nil {
			return err
		}
	}
	return out
}

// UpdatePerson replaces a person's editable fields.
func (s *DB) UpdatePerson(ctx context.Context, p *faces.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockPerson(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		now := faces.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE people SET name = $1, pronouns = $2, emails = $3, phones = $4, addresses = $5, links = $6, tags = $7,
			notes = $8, updated_at = $9 WHERE id = $10`,
			p.Name, p.Pronouns, listValue(p.Emails), listValue(p.Phones), listValue(p.Addresses), listValue(p.Links), listValue(p.Tags), p.Notes, s.stamp(now), p.ID); err != nil {
			return err
		}
		after, err := findPerson(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if err := s.setEmails(ctx, tx, p.ID, p.Emails); err != nil {
			return err
		}
		if err := s.indexPerson(ctx, tx, p.ID); err != nil {
			return err
		}
		if err := s.tagPerson(ctx, tx, p.ID, after.Name, after.Tags); err != nil {
			return err
		}
		if err := s.noteWriting(ctx, tx, faces.WritingPersonNotes, p.ID, lens.Known{Name: after.Name}, before.Notes, after.Notes); err != nil {
			return err
		}
		*p = *after
		return s.audit(ctx, tx, faces.ActionUpdate, "person", p.ID, before, after)
	})
}

// MovePerson closes the current position on the day of the move and opens
// the new one, in one transaction; a move dated after today is kept as a
// planned move.
func (s *DB) MovePerson(ctx context.Context, personID int64, m faces.Move) (*faces.Person, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var moved *faces.Person
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if m.Planned() {
			moved, err = s.planMove(ctx, tx, personID, m)
		} else {
			moved, err = s.move(ctx, tx, personID, m)
		}
		return err
	})
	return moved, err
}

// move makes the move in the transaction.
func (s *DB) move(ctx context.Context, tx *sql.Tx, personID int64, m faces.Move) (*faces.Person, error) {
	before, err := s.lockPerson(ctx, tx, personID)
	if err != nil {
		return nil, err
	}
	co, err := findCompany(ctx, tx, m.CompanyID)
	if err != nil {
		return nil, err
	}
	if cur := before.Current; cur != nil {
		if cur.CompanyID == m.CompanyID && cur.Title == m.Title && cur.Division == m.Division {
			return nil, &faces.Error{Code: faces.ECONFLICT, Message: "This move is already recorded.",
				Fields: map[string]string{"title": fmt.Sprintf("%s is already %s at %s.", before.Name, m.Title, co.Name)}}
		}
		if m.On.Before(cur.From) {
			return nil, &faces.Error{Code: faces.EINVALID, Message: "Please correct the move.",
				Fields: map[string]string{"on": "The move cannot come before the current position began (" + cur.From.Format("2 Jan 2006") + ")."}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE positions SET to_day = $1 WHERE id = $2`, s.day(m.On), cur.ID); err != nil {
			return nil, err
		}
	}
	var previous any // NULL for a first position
	if before.Current != nil {
		previous = before.Current.CompanyID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO positions (person_id, company_id, title, division, from_day, previous_company_id) VALUES ($1, $2, $3, $4, $5, $6)`,
		personID, m.CompanyID, m.Title, m.Division, s.day(m.On), previous); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET updated_at = $1, current_company_id = $2 WHERE id = $3`, s.stamp(faces.Now()), m.CompanyID, personID); err != nil {
		return nil, err
	}
	moved, err := findPerson(ctx, tx, personID)
	if err != nil {
		return nil, err
	}
	if err := s.indexPerson(ctx, tx, personID); err != nil {
		return nil, err
	}
	var from any // nil, not a typed nil, when there was no position
	if before.Current != nil {
		from = before.Current
		if err := s.notifyMove(ctx, tx, moved, before.Current); err != nil {
			return nil, err
		}
	}
	return moved, s.audit(ctx, tx, faces.ActionMove, "person", personID, from, moved.Current)
}

// planMove keeps a move dated in the future until its day.
func (s *DB) planMove(ctx context.Context, tx *sql.Tx, personID int64, m faces.Move) (*faces.Person, error) {
	p, err := s.lockPerson(ctx, tx, personID)
	if err != nil {
		return nil, err
	}
	co, err := findCompany(ctx, tx, m.CompanyID)
	if err != nil {
		return nil, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM planned_moves WHERE person_id = $1 AND company_id = $2 AND title = $3 AND division = $4 AND on_day = $5`,
		personID, m.CompanyID, m.Title, m.Division, s.day(m.On)).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, &faces.Error{Code: faces.ECONFLICT, Message: "This move is already planned.",
			Fields: map[string]string{"on": fmt.Sprintf("This move of %s to %s is already planned for that day.", p.Name, co.Name)}}
	}
	pm := &faces.PlannedMove{PersonID: personID, Move: m, CompanyName: co.Name, CreatedBy: faces.ActorFromContext(ctx), CreatedAt: faces.Now()}
	if err := tx.QueryRowContext(ctx, `INSERT INTO planned_moves (person_id, company_id, title, division, on_day, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, personID, m.CompanyID, m.Title, m.Division, s.day(m.On), pm.CreatedBy, s.stamp(pm.CreatedAt)).Scan(&pm.ID); err != nil {
		return nil, err
	}
	return p, s.audit(ctx, tx, faces.ActionPlanMove, "person", personID, nil, pm)
}

const plannedColumns = `pm.id, pm.person_id, pm.company_id, co.name, pm.title, pm.division, pm.on_day, pm.created_by, pm.created_at`

func scanPlanned(r rowScanner) (*faces.PlannedMove, error) {
	pm := &faces.PlannedMove{}
	err := r.Scan(&pm.ID, &pm.PersonID, &pm.CompanyID, &pm.CompanyName, &pm.Title, &pm.Division, timeScan{&pm.On}, &pm.CreatedBy, timeScan{&pm.CreatedAt})
	return pm, err
}

// PlannedMoves lists a person's planned moves, soonest first.
func (s *DB) PlannedMoves(ctx context.Context, personID int64) ([]*faces.PlannedMove, error) {
	if _, err := s.FindPersonByID(ctx, personID); err != nil {
		return nil, err
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+plannedColumns+` FROM planned_moves pm JOIN companies co ON co.id = pm.company_id
		WHERE pm.person_id = $1 ORDER BY pm.on_day, pm.id`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.PlannedMove{}
	for rows.Next() {
		pm, err := scanPlanned(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, pm)
	}
	return out, rows.Err()
}

// CancelPlannedMove drops a planned move.
func (s *DB) CancelPlannedMove(ctx context.Context, personID, moveID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		pm, err := scanPlanned(tx.QueryRowContext(ctx, `SELECT `+plannedColumns+` FROM planned_moves pm JOIN companies co ON co.id = pm.company_id
			WHERE pm.id = $1 AND pm.person_id = $2`, moveID, personID))
		if err != nil {
			return notFound(err, "Planned move")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM planned_moves WHERE id = $1`, moveID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCancelMove, "person", personID, pm, nil)
	})
}

// ApplyPlannedMoves makes the moves due by today, a batch at a time, each
// in its own transaction and as the staff member who planned it. A move
// that can no longer be made (its person already holds that position) is
// dropped.
func (s *DB) ApplyPlannedMoves(ctx context.Context) (int, error) {
	applied := 0
	for {
		rows, err := s.q.QueryContext(ctx, `SELECT `+plannedColumns+` FROM planned_moves pm JOIN companies co ON co.id = pm.company_id
			WHERE pm.on_day <= $1 ORDER BY pm.on_day, pm.id LIMIT 100`, s.day(faces.Today()))
		if err != nil {
			return applied, err
		}
		var due []*faces.PlannedMove
		for rows.Next() {
			pm, err := scanPlanned(rows)
			if err != nil {
				rows.Close()
				return applied, err
			}
			due = append(due, pm)
		}
		if err := rows.Close(); err != nil {
			return applied, err
		}
		for _, pm := range due {
			actx := faces.NewContextWithActor(ctx, pm.CreatedBy)
			err := s.inTx(actx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `DELETE FROM planned_moves WHERE id = $1`, pm.ID); err != nil {
					return err
				}
				_, err := s.move(actx, tx, pm.PersonID, pm.Move)
				return err
			})
			if code := faces.ErrorCode(err); code == faces.ECONFLICT || code == faces.EINVALID {
				// It cannot be made any more; drop it, and say so in the trail.
				reason := faces.ErrorMessage(err)
				err = s.inTx(actx, func(tx *sql.Tx) error {
					if _, err := tx.ExecContext(ctx, `DELETE FROM planned_moves WHERE id = $1`, pm.ID); err != nil {
						return err
					}
					return s.audit(actx, tx, faces.ActionCancelMove, "person", pm.PersonID, pm, map[string]string{"reason": reason})
				})
			} else if err == nil {
				applied++
			}
			if err != nil {
				return applied, err
			}
		}
		if len(due) < 100 {
			return applied, nil
		}
	}
}

// UpdatePosition corrects a position. Making it current (no end) is
// refused while another position is current.
func (s *DB) UpdatePosition(ctx context.Context, p *faces.Position) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := findPosition(ctx, tx, p.PersonID, p.ID)
		if err != nil {
			return err
		}
		if p.To.IsZero() && !before.Current() {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM positions WHERE person_id = $1 AND to_day IS NULL AND id <> $2`, p.PersonID, p.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return &faces.Error{Code: faces.ECONFLICT, Message: "Please correct the position.",
					Fields: map[string]string{"to": "Another position is current; give this one its last day."}}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE positions SET title = $1, division = $2, from_day = $3, to_day = $4 WHERE id = $5`,
			p.Title, p.Division, s.day(p.From), s.day(p.To), p.ID); err != nil {
			return err
		}
		after, err := findPosition(ctx, tx, p.PersonID, p.ID)
		if err != nil {
			return err
		}
		*p = *after
		if err := s.touchPerson(ctx, tx, p.PersonID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdatePosition, "person", p.PersonID, before, after)
	})
}

// DeletePosition removes a position recorded by mistake.
func (s *DB) DeletePosition(ctx context.Context, personID, positionID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := findPosition(ctx, tx, personID, positionID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM positions WHERE id = $1`, positionID); err != nil {
			return err
		}
		if err := s.touchPerson(ctx, tx, personID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDeletePosition, "person", personID, before, nil)
	})
}

// touchPerson notes a change to a person's role history: their update
// time, current company, and search entry (which holds the current title).
func (s *DB) touchPerson(ctx context.Context, tx *sql.Tx, personID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE people SET updated_at = $1,
		current_company_id = (SELECT company_id FROM positions WHERE person_id = $2 AND to_day IS NULL) WHERE id = $2`, s.stamp(faces.Now()), personID); err != nil {
		return err
	}
	return s.indexPerson(ctx, tx, personID)
}

func findPosition(ctx context.Context, q querier, personID, id int64) (*faces.Position, error) {
	p := &faces.Position{}
	err := q.QueryRowContext(ctx, `SELECT po.id, po.person_id, po.company_id, co.name, po.title, po.division, po.from_day, po.to_day
		FROM positions po JOIN companies co ON co.id = po.company_id WHERE po.id = $1 AND po.person_id = $2`, id, personID).
		Scan(&p.ID, &p.PersonID, &p.CompanyID, &p.CompanyName, &p.Title, &p.Division, timeScan{&p.From}, timeScan{&p.To})
	return p, notFound(err, "Position")
}

// Positions lists a person's role history, newest first.
func (s *DB) Positions(ctx context.Context, personID int64) ([]*faces.Position, error) {
	if _, err := s.FindPersonByID(ctx, personID); err != nil {
		return nil, err
	}
	rows, err := s.q.QueryContext(ctx, `SELECT po.id, po.person_id, po.company_id, co.name, po.title, po.division, po.from_day, po.to_day
		FROM positions po JOIN companies co ON co.id = po.company_id
		WHERE po.person_id = $1 ORDER BY po.from_day DESC, po.id DESC`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Position{}
	for rows.Next() {
		p := &faces.Position{}
		if err := rows.Scan(&p.ID, &p.PersonID, &p.CompanyID, &p.CompanyName, &p.Title, &p.Division, timeScan{&p.From}, timeScan{&p.To}); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
