package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

var _ faces.EventService = (*DB)(nil)

const eventColumns = `e.id, e.name, e.on_day, e.place, e.notes, e.created_by, e.created_at,
	(SELECT COUNT(*) FROM event_guests g WHERE g.event_id = e.id),
	(SELECT COUNT(*) FROM event_guests g WHERE g.event_id = e.id AND g.key_guest)`

func scanEvent(r rowScanner) (*faces.Event, error) {
	e := &faces.Event{}
	err := r.Scan(&e.ID, &e.Name, timeScan{&e.On}, &e.Place, &e.Notes, &e.CreatedBy, timeScan{&e.CreatedAt}, &e.Guests, &e.KeyGuests)
	return e, err
}

func (s *DB) queryEvents(ctx context.Context, query string, args ...any) ([]*faces.Event, error) {
	out := []*faces.Event{}
	err := eachRow(ctx, s.q, `SELECT `+eventColumns+` FROM events e `+query, args, func(r *sql.Rows) error {
		e, err := scanEvent(r)
		out = append(out, e)
		return err
	})
	return out, err
}

// eventAudit is what the audit trail keeps of an event.
func eventAudit(e *faces.Event) map[string]any {
	return map[string]any{"Name": e.Name, "On": e.On.Format(time.DateOnly), "Place": e.Place, "Notes": e.Notes}
}

// CreateEvent stores a new event.
func (s *DB) CreateEvent(ctx context.Context, e *faces.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	e.CreatedBy, e.CreatedAt = faces.ActorFromContext(ctx), faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO events (name, on_day, place, notes, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
			e.Name, s.day(e.On), e.Place, e.Notes, e.CreatedBy, s.stamp(e.CreatedAt)).Scan(&e.ID); err != nil {
			return err
		}
		if err := s.noteWriting(ctx, tx, faces.WritingEventNotes, e.ID, lens.Known{}, "", e.Notes); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "event", e.ID, nil, eventAudit(e))
	})
}

// UpdateEvent changes an event's name, day, place and notes.
func (s *DB) UpdateEvent(ctx context.Context, e *faces.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.FindEventByID(ctx, e.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET name = $1, on_day = $2, place = $3, notes = $4, updated_at = $5 WHERE id = $6`,
			e.Name, s.day(e.On), e.Place, e.Notes, s.stamp(faces.Now()), e.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_guests SET on_day = $1 WHERE event_id = $2`, s.day(e.On), e.ID); err != nil {
			return err
		}
		if err := s.noteWriting(ctx, tx, faces.WritingEventNotes, e.ID, lens.Known{}, before.Notes, e.Notes); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "event", e.ID, eventAudit(before), eventAudit(e))
	})
}

// FindEventByID returns an event with how many guests it has.
func (s *DB) FindEventByID(ctx context.Context, id int64) (*faces.Event, error) {
	list, err := s.queryEvents(ctx, `WHERE e.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, faces.Errorf(faces.ENOTFOUND, "Event not found.")
	}
	return list[0], nil
}

// FindEvents pages through the events from a day on, soonest first, or
// those before it, latest first (by the events_day index).
func (s *DB) FindEvents(ctx context.Context, f faces.EventFilter) ([]*faces.Event, error) {
	cmp, order, after := ">=", "ASC", ">"
	if f.Past {
		cmp, order, after = "<", "DESC", "<"
	}
	cond, args := "e.on_day "+cmp+" $1", []any{s.day(f.From)}
	if !f.AfterOn.IsZero() {
		args = append(args, s.day(f.AfterOn), f.AfterID)
		cond += fmt.Sprintf(" AND (e.on_day %[1]s $2 OR (e.on_day = $2 AND e.id %[1]s $3))", after)
	}
	args = append(args, limit(f.Limit))
	return s.queryEvents(ctx, fmt.Sprintf(`WHERE %s ORDER BY e.on_day %s, e.id %s LIMIT $%d`, cond, order, order, len(args)), args...)
}

// EventsOf lists the events a person was a guest at, newest first.
func (s *DB) EventsOf(ctx context.Context, personID int64, n int) ([]*faces.Event, error) {
	return s.queryEvents(ctx, `JOIN event_guests eg ON eg.event_id = e.id WHERE eg.person_id = $1 ORDER BY eg.on_day DESC, e.id DESC LIMIT $2`, personID, limit(n))
}

// Guests lists a page of an event's guests, key guests first, then by
// name (an event has at most faces.MaxGuests: they are sorted, not
// walked in an index).
func (s *DB) Guests(ctx context.Context, f faces.GuestFilter) ([]*faces.Guest, error) {
	out := []*faces.Guest{}
	cond, args := `g.event_id = $1`, []any{f.EventID}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.KeyOrMet {
		cond += ` AND (g.key_guest OR g.met)`
	}
	if c := f.After; c != nil {
		key, name, ok := strings.Cut(c.Key, "|")
		if !ok || (key != "0" && key != "1") {
			return nil, &faces.Error{Code: faces.EINVALID, Message: "The page cannot be found.", Fields: map[string]string{"after": "Not a cursor of this list."}}
		}
		k := arg(key == "1")
		cond += fmt.Sprintf(` AND (g.key_guest < %s OR (g.key_guest = %s AND (p.name, p.id) > (%s, %s)))`, k, k, arg(name), arg(c.ID))
	}
	n := f.Limit
	if n <= 0 || n > faces.MaxGuests {
		n = faces.MaxGuests
	}
	// The page's guests first (names only), then their columns.
	err := eachRow(ctx, s.q, `SELECT `+personColumns+`, page.key_guest, page.met FROM (
			SELECT g.person_id, g.key_guest, g.met, p.name FROM event_guests g JOIN people p ON p.id = g.person_id
			WHERE `+cond+` ORDER BY g.key_guest DESC, p.name, p.id LIMIT `+arg(n)+`) page
		JOIN people p ON p.id = page.person_id `+personJoins+` ORDER BY page.key_guest DESC, p.name, p.id`, args, func(r *sql.Rows) error {
		g := &faces.Guest{EventID: f.EventID}
		p, err := scanPerson(extraScanner{r, []any{&g.Key, &g.Met}})
		g.Person, g.PersonID = p, p.ID
		out = append(out, g)
		return err
	})
	return out, err
}

// extraScanner scans a person's columns and then more of the same row.
type extraScanner struct {
	r     rowScanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.r.Scan(append(dest, e.extra...)...) }

// guestAudit is what the audit trail keeps of a guest: keyed by the
// person (an erasure scrubs it), naming the event.
func guestAudit(eventID int64, key, met bool) map[string]any {
	return map[string]any{"EventID": eventID, "Key": key, "Met": met}
}

// AddGuest puts a person on an event's guest list.
func (s *DB) AddGuest(ctx context.Context, eventID, personID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		e, err := s.lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if e.Guests >= faces.MaxGuests {
			return faces.Errorf(faces.ECONFLICT, "The guest list is full: %d guests at most.", faces.MaxGuests)
		}
		if ok, err := exists(ctx, tx, "people", personID); err != nil || !ok {
			if err == nil {
				err = faces.Errorf(faces.EINVALID, "No such person.")
			}
			return err
		}
		_, err = s.addGuest(ctx, tx, e, personID)
		return err
	})
}

// lockEvent reads an event in a transaction, holding it until the end on
// PostgreSQL so that two lists added at once count each other's guests.
func (s *DB) lockEvent(ctx context.Context, tx *sql.Tx, id int64) (*faces.Event, error) {
	e, err := scanEvent(tx.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events e WHERE e.id = $1`+s.forUpdateOf("e"), id))
	if err == sql.ErrNoRows {
		return nil, faces.Errorf(faces.ENOTFOUND, "Event not found.")
	}
	return e, err
}

// addGuest adds one guest, telling whether they were not on the list yet.
func (s *DB) addGuest(ctx context.Context, tx *sql.Tx, e *faces.Event, personID int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO event_guests (event_id, person_id, on_day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, e.ID, personID, s.day(e.On))
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	e.Guests++
	return true, s.audit(ctx, tx, faces.ActionCreate, "event_guest", personID, nil, guestAudit(e.ID, false, false))
}

// RemoveGuest takes a person off an event's guest list.
func (s *DB) RemoveGuest(ctx context.Context, eventID, personID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var key, met bool
		err := tx.QueryRowContext(ctx, `SELECT key_guest, met FROM event_guests WHERE event_id = $1 AND person_id = $2`, eventID, personID).Scan(&key, &met)
		if err == sql.ErrNoRows {
			return faces.Errorf(faces.ENOTFOUND, "They are not on the guest list.")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM event_guests WHERE event_id = $1 AND person_id = $2`, eventID, personID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDelete, "event_guest", personID, guestAudit(eventID, key, met), nil)
	})
}

// SetGuest marks a guest key (or not) and met (or not).
func (s *DB) SetGuest(ctx context.Context, g *faces.Guest) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var key, met bool
		err := tx.QueryRowContext(ctx, `SELECT key_guest, met FROM event_guests WHERE event_id = $1 AND person_id = $2`, g.EventID, g.PersonID).Scan(&key, &met)
		if err == sql.ErrNoRows {
			return faces.Errorf(faces.ENOTFOUND, "They are not on the guest list.")
		} else if err != nil {
			return err
		}
		if key == g.Key && met == g.Met {
			return nil
		}
		if g.Key && !key {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_guests WHERE event_id = $1 AND key_guest`, g.EventID).Scan(&n); err != nil {
				return err
			}
			if n >= faces.MaxKeyGuests {
				return faces.Errorf(faces.ECONFLICT, "An event has at most %d key guests.", faces.MaxKeyGuests)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_guests SET key_guest = $1, met = $2 WHERE event_id = $3 AND person_id = $4`, g.Key, g.Met, g.EventID, g.PersonID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "event_guest", g.PersonID, guestAudit(g.EventID, key, met), guestAudit(g.EventID, g.Key, g.Met))
	})
}

// Regulars lists people at two events or more since a day, most first.
func (s *DB) Regulars(ctx context.Context, since time.Time, n int) ([]*faces.Regular, error) {
	// Who keeps coming is a walk of a year of guests: kept for a while
	// (s.cached), as lists' totals are; the people themselves are read
	// fresh.
	type regular struct {
		id     int64
		events int
		last   time.Time
	}
	v, err := s.cached(ctx, fmt.Sprintf("regulars since=%s n=%d", since.Format(time.DateOnly), n), func(ctx context.Context) (any, error) {
		var found []regular
		err := eachRow(ctx, s.q, `SELECT person_id, COUNT(*), MAX(on_day) FROM event_guests WHERE on_day >= $1
			GROUP BY person_id HAVING COUNT(*) >= 2 ORDER BY COUNT(*) DESC, MAX(on_day) DESC, person_id LIMIT $2`, []any{s.day(since), limit(n)}, func(r *sql.Rows) error {
			var rg regular
			err := r.Scan(&rg.id, &rg.events, timeScan{&rg.last})
			found = append(found, rg)
			return err
		})
		return found, err
	})
	if err != nil {
		return nil, err
	}
	found := v.([]regular)
	if len(found) == 0 {
		return []*faces.Regular{}, nil
	}
	ids := make([]int64, len(found))
	for i, rg := range found {
		ids[i] = rg.id
	}
	people, err := s.peopleInOrder(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*faces.Person, len(people))
	for _, p := range people {
		byID[p.ID] = p
	}
	out := make([]*faces.Regular, 0, len(found))
	for _, rg := range found {
		if p := byID[rg.id]; p != nil {
			out = append(out, &faces.Regular{Person: p, Events: rg.events, Last: rg.last})
		}
	}
	return out, nil
}

// MatchGuests matches a guest list to the people Faces knows.
func (s *DB) MatchGuests(ctx context.Context, eventID int64, contacts []*faces.Contact) ([]*faces.GuestRow, error) {
	if _, err := s.FindEventByID(ctx, eventID); err != nil {
		return nil, err
	}
	return s.matchGuests(ctx, eventID, contacts)
}

// AddGuests matches a guest list again and adds it with the choices made,
// all in one transaction.
func (s *DB) AddGuests(ctx context.Context, eventID int64, contacts []*faces.Contact, choices faces.GuestChoices) (*faces.GuestListReport, error) {
	rep := &faces.GuestListReport{}
	err := s.WithinTx(ctx, func(t *DB) error {
		e, err := t.lockEvent(ctx, t.tx, eventID)
		if err != nil {
			return err
		}
		rows, err := t.matchGuests(ctx, eventID, contacts)
		if err != nil {
			return err
		}
		if err := choices.Resolve(rows); err != nil {
			return err
		}
		return t.addGuestRows(ctx, e, rows, choices, rep)
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

func (s *DB) addGuestRows(ctx context.Context, e *faces.Event, rows []*faces.GuestRow, choices faces.GuestChoices, rep *faces.GuestListReport) error {
	companies := map[string]int64{}
	for _, r := range rows {
		id := r.PersonID
		switch r.Status {
		case faces.GuestRepeat:
			rep.Repeats++
			continue
		case faces.GuestAlready:
			rep.Already++
			continue
		case faces.GuestUnnamed:
			rep.Problems = append(rep.Problems, faces.LineProblem{Line: r.Contact.Line, Reason: "No one known has this address, and a new person needs a name."})
			continue
		case faces.GuestUnsure:
			if id = choices[r.Contact.Line]; id == faces.ChooseLeave {
				rep.Left++
				continue
			}
		}
		created := id == faces.ChooseNew
		if created {
			newID, problem, err := s.createGuest(ctx, r.Contact, companies)
			if err != nil {
				return fmt.Errorf("line %d: %w", r.Contact.Line, err)
			}
			if problem != "" {
				rep.Problems = append(rep.Problems, faces.LineProblem{Line: r.Contact.Line, Reason: problem})
			}
			id = newID
		}
		if e.Guests >= faces.MaxGuests {
			return faces.Errorf(faces.ECONFLICT, "The guest list would pass %d guests: nothing was added.", faces.MaxGuests)
		}
		added, err := s.addGuest(ctx, s.tx, e, id)
		switch {
		case err != nil:
			return err
		case !added:
			rep.Already++
			continue
		case created:
			rep.Created++
		case r.Status == faces.GuestKnown:
			rep.Known++
		default:
			rep.Confirmed++
		}
		rep.Added++
	}
	return nil
}

// createGuest makes a guest no one knew into a person, at their company
// (created when Faces does not know it) when the list gives their title.
func (s *DB) createGuest(ctx context.Context, c *faces.Contact, companies map[string]int64) (int64, string, error) {
	p := c.Person()
	if c.Company == "" || c.Title == "" {
		if err := s.CreatePerson(ctx, p); err != nil {
			return 0, "", err
		}
		if c.Company != "" {
			return p.ID, fmt.Sprintf("%s has no title in the list, so is not placed at %s; add it on their page.", p.Name, c.Company), nil
		}
		return p.ID, "", nil
	}
	key := strings.ToLower(c.Company)
	companyID, ok := companies[key]
	if !ok {
		ids, err := scanIDs(s.q.QueryContext(ctx, `SELECT id FROM companies WHERE name = $1 ORDER BY id LIMIT 1`, c.Company))
		if err != nil {
			return 0, "", err
		}
		if len(ids) == 1 {
			companyID = ids[0]
		} else {
			co := &faces.Company{Name: c.Company}
			if err := s.CreateCompany(ctx, co); err != nil {
				return 0, "", err
			}
			companyID = co.ID
		}
		companies[key] = companyID
	}
	err := s.CreatePersonAt(ctx, p, faces.Move{CompanyID: companyID, Title: c.Title, Division: c.Division, On: faces.Today()})
	return p.ID, "", err
}
