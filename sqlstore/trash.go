package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/faces-org/faces"
)

var _ faces.TrashService = (*DB)(nil)

// personSnapshot is a deleted person with everything that hangs on them,
// as kept in the trash.
type personSnapshot struct {
	Person        *faces.Person
	Positions     []*faces.Position
	Story         *faces.Story
	Consents      []*faces.Consent
	Photo         *photoSnapshot
	Relationships []relationshipRow
	BuyingRoles   []buyingRoleRow
	PlannedMoves  []*faces.PlannedMove
	// Visits they were met on, and their insights: the visits and the
	// insights stay while the person is in the trash, and are theirs
	// again when they are restored.
	Visits    []int64
	Insights  []int64
	Followers []followRow
	Risks     []*faces.Risk // their at-risk flags, cleared ones too
	// ReviewAnswers are what account reviews said they were thinking.
	ReviewAnswers []reviewAnswerRow
	// Events they were a guest at.
	Events []guestRow
}

type guestRow struct {
	EventID  int64
	Key, Met bool
}

type reviewAnswerRow struct {
	ReviewID int64
	Answer   string
}

type followRow struct {
	UserID    int64
	Auto      bool
	CreatedAt time.Time
}

type photoSnapshot struct {
	Hash       string
	CreatedAt  time.Time
	Renditions map[string][]byte
}

type relationshipRow struct {
	ID, FromID, ToID int64
	Kind, Note       string
	CreatedAt        time.Time
}

type buyingRoleRow struct {
	ID, PersonID, CompanyID int64
	Role                    string
	CreatedAt               time.Time
}

// companySnapshot is a deleted company and the buying roles at it.
type companySnapshot struct {
	Company     *faces.Company
	BuyingRoles []buyingRoleRow
	Risks       []*faces.Risk
}

// DeletePerson moves a person, with their role history, story, consent,
// photo, relationships and buying roles, to the trash.
func (s *DB) DeletePerson(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		snap, err := s.snapshotPerson(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.removePerson(ctx, tx, snap.Person); err != nil {
			return err
		}
		if err := s.putInTrash(ctx, tx, "person", id, snap.Person.Name, snap); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDelete, "person", id, snap.Person, nil)
	})
}

// DeleteCompany moves a company and the buying roles at it to the trash.
// A company in anyone's role history stays: the history would lose it.
func (s *DB) DeleteCompany(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := findCompany(ctx, tx, id)
		if err != nil {
			return err
		}
		var n, planned, rooms, visits int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM positions WHERE company_id = $1 OR previous_company_id = $1),
			(SELECT COUNT(*) FROM planned_moves WHERE company_id = $1), (SELECT COUNT(*) FROM screens WHERE company_id = $1),
			(SELECT COUNT(*) FROM (SELECT 1 FROM visits WHERE company_id = $1 UNION ALL SELECT 1 FROM insights WHERE company_id = $1
				UNION ALL SELECT 1 FROM reviews WHERE company_id = $1 LIMIT 1) v)`,
			id).Scan(&n, &planned, &rooms, &visits); err != nil {
			return err
		}
		if visits > 0 {
			return faces.Errorf(faces.ECONFLICT, "%s has visits, insights or account reviews on record; it cannot be deleted.", before.Name)
		}
		if rooms > 0 {
			return faces.Errorf(faces.ECONFLICT, "%d screen(s) are rooms named after %s; change them before deleting it.", rooms, before.Name)
		}
		if n > 0 {
			return faces.Errorf(faces.ECONFLICT, "%s is in the role history of %d position(s); it cannot be deleted.", before.Name, n)
		}
		if planned > 0 {
			return faces.Errorf(faces.ECONFLICT, "%d planned move(s) lead to %s; cancel them before deleting it.", planned, before.Name)
		}
		roles, err := buyingRoleRows(ctx, tx, `company_id = $1`, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM buying_roles WHERE company_id = $1`, id); err != nil {
			return err
		}
		risks, err := s.risksOf(ctx, tx, "company_id", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM risks WHERE company_id = $1`, id); err != nil {
			return err
		}
		if err := s.unindexCompany(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM companies WHERE id = $1`, id); err != nil {
			return err
		}
		if err := s.putInTrash(ctx, tx, "company", id, before.Name, companySnapshot{before, roles, risks}); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDelete, "company", id, before, nil)
	})
}

func (s *DB) putInTrash(ctx context.Context, tx *sql.Tx, entity string, id int64, name string, snapshot any) error {
	b, err := json.Marshal(snapshot)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO trash (entity, entity_id, name, snapshot, deleted_by, deleted_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		entity, id, name, string(b), faces.ActorFromContext(ctx), s.stamp(faces.Now()))
	return err
}

// snapshotPerson reads a person and everything that hangs on them.
func (s *DB) snapshotPerson(ctx context.Context, tx *sql.Tx, id int64) (*personSnapshot, error) {
	p, err := s.lockPerson(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	snap := &personSnapshot{Person: p}
	if snap.Positions, err = positionsOf(ctx, tx, id); err != nil {
		return nil, err
	}
	if snap.Risks, err = s.risksOf(ctx, tx, "person_id", id); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, tx, `SELECT review_id, answer FROM review_answers WHERE person_id = $1`, []any{id}, func(r *sql.Rows) error {
		var a reviewAnswerRow
		if err := r.Scan(&a.ReviewID, &a.Answer); err != nil {
			return err
		}
		snap.ReviewAnswers = append(snap.ReviewAnswers, a)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, tx, `SELECT event_id, key_guest, met FROM event_guests WHERE person_id = $1 ORDER BY event_id`, []any{id}, func(r *sql.Rows) error {
		var g guestRow
		snap.Events = append(snap.Events, g)
		return r.Scan(&snap.Events[len(snap.Events)-1].EventID, &snap.Events[len(snap.Events)-1].Key, &snap.Events[len(snap.Events)-1].Met)
	}); err != nil {
		return nil, err
	}
	if snap.Story, err = findStory(ctx, tx, id); err != nil {
		return nil, err
	}
	if snap.Consents, err = consentsOf(ctx, tx, id, "id"); err != nil {
		return nil, err
	}
	if p.PhotoHash != "" {
		ph := &photoSnapshot{Hash: p.PhotoHash, Renditions: map[string][]byte{}}
		if err := tx.QueryRowContext(ctx, `SELECT created_at FROM photos WHERE person_id = $1`, id).Scan(timeScan{&ph.CreatedAt}); err != nil {
			return nil, err
		}
		rows, err := tx.QueryContext(ctx, `SELECT size, bytes FROM photo_renditions WHERE hash = $1`, p.PhotoHash)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var size string
			var b []byte
			if err := rows.Scan(&size, &b); err != nil {
				rows.Close()
				return nil, err
			}
			ph.Renditions[size] = b
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		snap.Photo = ph
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, from_id, to_id, kind, note, created_at FROM relationships WHERE from_id = $1 OR to_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r relationshipRow
		if err := rows.Scan(&r.ID, &r.FromID, &r.ToID, &r.Kind, &r.Note, timeScan{&r.CreatedAt}); err != nil {
			return nil, err
		}
		snap.Relationships = append(snap.Relationships, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if snap.Visits, err = idsOf(ctx, tx, `SELECT visit_id FROM visit_people WHERE person_id = $1 ORDER BY visit_id`, id); err != nil {
		return nil, err
	}
	if snap.Insights, err = idsOf(ctx, tx, `SELECT id FROM insights WHERE person_id = $1 ORDER BY id`, id); err != nil {
		return nil, err
	}
	frows, err := tx.QueryContext(ctx, `SELECT user_id, auto, created_at FROM follows WHERE person_id = $1 ORDER BY user_id`, id)
	if err != nil {
		return nil, err
	}
	for frows.Next() {
		var f followRow
		if err := frows.Scan(&f.UserID, &f.Auto, timeScan{&f.CreatedAt}); err != nil {
			frows.Close()
			return nil, err
		}
		snap.Followers = append(snap.Followers, f)
	}
	frows.Close()
	if snap.BuyingRoles, err = buyingRoleRows(ctx, tx, `person_id = $1`, id); err != nil {
		return nil, err
	}
	prows, err := tx.QueryContext(ctx, `SELECT `+plannedColumns+` FROM planned_moves pm JOIN companies co ON co.id = pm.company_id WHERE pm.person_id = $1 ORDER BY pm.id`, id)
	if err != nil {
		return nil, err
	}
	defer prows.Close()
	for prows.Next() {
		pm, err := scanPlanned(prows)
		if err != nil {
			return nil, err
		}
		snap.PlannedMoves = append(snap.PlannedMoves, pm)
	}
	return snap, prows.Err()
}

func positionsOf(ctx context.Context, tx *sql.Tx, personID int64) ([]*faces.Position, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, person_id, company_id, title, division, from_day, to_day, COALESCE(previous_company_id, 0) FROM positions WHERE person_id = $1 ORDER BY id`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*faces.Position
	for rows.Next() {
		p := &faces.Position{}
		if err := rows.Scan(&p.ID, &p.PersonID, &p.CompanyID, &p.Title, &p.Division, timeScan{&p.From}, timeScan{&p.To}, &p.PreviousCompanyID); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// consentsOf lists a person's consent records in the order given.
func consentsOf(ctx context.Context, q queryer, personID int64, order string) ([]*faces.Consent, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+consentColumns+` FROM consents WHERE person_id = $1 ORDER BY `+order, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Consent{}
	for rows.Next() {
		c, err := scanConsent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func buyingRoleRows(ctx context.Context, tx *sql.Tx, cond string, id int64) ([]buyingRoleRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, person_id, company_id, role, created_at FROM buying_roles WHERE `+cond+` ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []buyingRoleRow
	for rows.Next() {
		var b buyingRoleRow
		if err := rows.Scan(&b.ID, &b.PersonID, &b.CompanyID, &b.Role, timeScan{&b.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// idsOf reads a column of ids.
func idsOf(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	return scanIDs(rows, err)
}

// scanIDs reads the ids a query returned.
func scanIDs(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// removePerson deletes a person's rows and everything that hangs on them.
func (s *DB) removePerson(ctx context.Context, tx *sql.Tx, p *faces.Person) error {
	if err := s.unindexPerson(ctx, tx, p.ID); err != nil {
		return err
	}
	for _, table := range []string{"positions", "stories", "consents", "photos", "buying_roles", "planned_moves", "person_tags", "person_emails",
		"wall_picks", "wall_pins", "wall_showings", "visit_people", "follows", "notifications", "opener_uses", "risks", "review_answers", "event_guests"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE person_id = $1`, p.ID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM relationships WHERE from_id = $1 OR to_id = $1`, p.ID); err != nil {
		return err
	}
	if err := forgetWritings(ctx, tx, p.ID); err != nil {
		return err
	}
	// Their insights stay, unattributed: each still counts as one
	// (anonymous) voice in its theme's triangulation.
	if _, err := tx.ExecContext(ctx, `UPDATE insights SET person_id = NULL WHERE person_id = $1`, p.ID); err != nil {
		return err
	}
	// Their answers on visits stay too, unattributed; an answer that named
	// them forgets the name.
	for _, q := range []string{`UPDATE visit_answers SET person_id = NULL WHERE person_id = $1`,
		`UPDATE visit_answers SET named_person_id = NULL WHERE named_person_id = $1`} {
		if _, err := tx.ExecContext(ctx, q, p.ID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE id = $1`, p.ID); err != nil {
		return err
	}
	return s.dropUnusedRenditions(ctx, tx, p.PhotoHash)
}

const trashColumns = `id, entity, entity_id, name, deleted_by, deleted_at`

func scanTrashItem(r rowScanner) (*faces.TrashItem, error) {
	t := &faces.TrashItem{}
	err := r.Scan(&t.ID, &t.Entity, &t.EntityID, &t.Name, &t.DeletedBy, timeScan{&t.DeletedAt})
	return t, err
}

// Trash lists deleted records, most recently deleted first.
func (s *DB) Trash(ctx context.Context, n int) ([]*faces.TrashItem, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+trashColumns+` FROM trash ORDER BY deleted_at DESC, id DESC LIMIT $1`, limit(n))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.TrashItem{}
	for rows.Next() {
		t, err := scanTrashItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FindTrashItem returns a deleted record's trash item, by its old id.
func (s *DB) FindTrashItem(ctx context.Context, entity string, entityID int64) (*faces.TrashItem, error) {
	t, err := scanTrashItem(s.q.QueryRowContext(ctx, `SELECT `+trashColumns+` FROM trash WHERE entity = $1 AND entity_id = $2`, entity, entityID))
	return t, notFound(err, "Trash item")
}

// RestoreFromTrash puts a person or company back under its old id.
func (s *DB) RestoreFromTrash(ctx context.Context, trashID int64) (*faces.TrashItem, error) {
	item := &faces.TrashItem{}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var snapshot string
		err := tx.QueryRowContext(ctx, `SELECT id, entity, entity_id, name, deleted_by, deleted_at, snapshot FROM trash WHERE id = $1`+s.forUpdate(), trashID).
			Scan(&item.ID, &item.Entity, &item.EntityID, &item.Name, &item.DeletedBy, timeScan{&item.DeletedAt}, &snapshot)
		if err != nil {
			return notFound(err, "Trash item")
		}
		switch item.Entity {
		case "person":
			var into string
			err := tx.QueryRowContext(ctx, `SELECT kept_name FROM merges WHERE gone_id = $1 AND undone_at IS NULL`, item.EntityID).Scan(&into)
			if err == nil {
				return faces.Errorf(faces.ECONFLICT, "%s was merged into %s: undo the merge (on the duplicates page) to have both back.", item.Name, into)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			var snap personSnapshot
			if err := json.Unmarshal([]byte(snapshot), &snap); err != nil {
				return err
			}
			if err := s.restorePerson(ctx, tx, &snap); err != nil {
				return err
			}
		case "company":
			var snap companySnapshot
			if err := json.Unmarshal([]byte(snapshot), &snap); err != nil {
				return err
			}
			if err := s.restoreCompany(ctx, tx, &snap); err != nil {
				return err
			}
		default:
			return fmt.Errorf("trash item %d: unknown entity %q", trashID, item.Entity)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM trash WHERE id = $1`, trashID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionRestore, item.Entity, item.EntityID, nil, map[string]string{"name": item.Name})
	})
	return item, err
}

// exists tells whether a row with the id is in the table.
func exists(ctx context.Context, tx *sql.Tx, table string, id int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = $1`, id).Scan(&n)
	return n > 0, err
}

func (s *DB) restorePerson(ctx context.Context, tx *sql.Tx, snap *personSnapshot) error {
	p := snap.Person
	if _, err := tx.ExecContext(ctx, `INSERT INTO people (id, name, pronouns, emails, phones, addresses, links, tags, notes, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, p.ID, p.Name, p.Pronouns, listValue(p.Emails), listValue(p.Phones), listValue(p.Addresses),
		listValue(p.Links), listValue(p.Tags), p.Notes, s.stamp(p.CreatedAt), s.stamp(p.UpdatedAt)); err != nil {
		return err
	}
	if err := s.addEmails(ctx, tx, p.ID, p.Emails); err != nil {
		return err
	}
	for _, po := range snap.Positions {
		if ok, err := exists(ctx, tx, "companies", po.CompanyID); err != nil || !ok {
			if err != nil {
				return err
			}
			continue // the company was erased meanwhile
		}
		var previous any
		if ok, err := exists(ctx, tx, "companies", po.PreviousCompanyID); err != nil {
			return err
		} else if ok {
			previous = po.PreviousCompanyID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO positions (id, person_id, company_id, title, division, from_day, to_day, previous_company_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			po.ID, p.ID, po.CompanyID, po.Title, po.Division, s.day(po.From), s.day(po.To), previous); err != nil {
			return err
		}
	}
	if st := snap.Story; st != nil && (st.Card != "" || st.Body != "" || !st.UpdatedAt.IsZero()) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stories (person_id, card, body, source, source_of, updated_at, about_us) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			p.ID, st.Card, st.Body, st.Source, st.SourceOf, s.stamp(st.UpdatedAt), listValue(st.AboutUs)); err != nil {
			return err
		}
	}
	for _, c := range snap.Consents {
		var revoked any
		if !c.RevokedAt.IsZero() {
			revoked = s.stamp(c.RevokedAt)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO consents (id, person_id, granted_on, means, until_day, revoked_at, note, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, c.ID, p.ID, s.day(c.GrantedOn), c.Means, s.day(c.Until), revoked,
			c.Note, c.RecordedBy, s.stamp(c.CreatedAt)); err != nil {
			return err
		}
	}
	if ph := snap.Photo; ph != nil {
		for size, b := range ph.Renditions {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM photo_renditions WHERE hash = $1 AND size = $2`, ph.Hash, size).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO photo_renditions (hash, size, bytes) VALUES ($1, $2, $3)`, ph.Hash, size, b); err != nil {
					return err
				}
			}
		}
		if err := s.setPhoto(ctx, tx, p.ID, ph.Hash, ph.CreatedAt); err != nil {
			return err
		}
	}
	for _, r := range snap.Relationships {
		other := r.ToID
		if other == p.ID {
			other = r.FromID
		}
		if ok, err := exists(ctx, tx, "people", other); err != nil || !ok {
			if err != nil {
				return err
			}
			continue // the other person is gone too
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO relationships (id, from_id, to_id, kind, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			r.ID, r.FromID, r.ToID, r.Kind, r.Note, s.stamp(r.CreatedAt)); err != nil {
			return err
		}
	}
	if err := s.restoreBuyingRoles(ctx, tx, snap.BuyingRoles, "companies", func(b buyingRoleRow) int64 { return b.CompanyID }); err != nil {
		return err
	}
	for _, v := range snap.Visits { // those not removed meanwhile
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_people (visit_id, person_id, on_day) SELECT id, $1, on_day FROM visits WHERE id = $2`, p.ID, v); err != nil {
			return err
		}
	}
	for _, f := range snap.Followers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO follows (person_id, user_id, auto, created_at) SELECT $1, id, $3, $4 FROM users WHERE id = $2`,
			p.ID, f.UserID, f.Auto, s.stamp(f.CreatedAt)); err != nil {
			return err
		}
	}
	for _, in := range snap.Insights {
		if _, err := tx.ExecContext(ctx, `UPDATE insights SET person_id = $1 WHERE id = $2 AND person_id IS NULL`, p.ID, in); err != nil {
			return err
		}
	}
	for _, pm := range snap.PlannedMoves {
		if ok, err := exists(ctx, tx, "companies", pm.CompanyID); err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO planned_moves (id, person_id, company_id, title, division, on_day, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, pm.ID, p.ID, pm.CompanyID, pm.Title, pm.Division, s.day(pm.On), pm.CreatedBy, s.stamp(pm.CreatedAt)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET current_company_id = (SELECT company_id FROM positions WHERE person_id = $1 AND to_day IS NULL) WHERE id = $1`, p.ID); err != nil {
		return err
	}
	if err := s.restoreRisks(ctx, tx, snap.Risks); err != nil {
		return err
	}
	for _, g := range snap.Events { // to the events still there
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_guests (event_id, person_id, key_guest, met, on_day) SELECT id, $1, $2, $3, on_day FROM events WHERE id = $4`,
			p.ID, g.Key, g.Met, g.EventID); err != nil {
			return err
		}
	}
	for _, a := range snap.ReviewAnswers { // to the reviews still there
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_answers (review_id, person_id, answer) SELECT id, $1, $2 FROM reviews WHERE id = $3`, p.ID, a.Answer, a.ReviewID); err != nil {
			return err
		}
	}
	if err := s.tagPerson(ctx, tx, p.ID, p.Name, p.Tags); err != nil {
		return err
	}
	return s.indexPerson(ctx, tx, p.ID)
}

func (s *DB) restoreCompany(ctx context.Context, tx *sql.Tx, snap *companySnapshot) error {
	c := snap.Company
	if _, err := tx.ExecContext(ctx, `INSERT INTO companies (id, name, story, key_customer, locations, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		c.ID, c.Name, c.Story, c.KeyCustomer, listValue(c.Locations), s.stamp(c.CreatedAt), s.stamp(c.UpdatedAt)); err != nil {
		return err
	}
	if err := s.restoreBuyingRoles(ctx, tx, snap.BuyingRoles, "people", func(b buyingRoleRow) int64 { return b.PersonID }); err != nil {
		return err
	}
	if err := s.restoreRisks(ctx, tx, snap.Risks); err != nil {
		return err
	}
	return s.indexCompany(ctx, tx, c.ID)
}

// restoreBuyingRoles puts back the buying roles whose other end (the
// company of a restored person, the person at a restored company) is
// still there.
func (s *DB) restoreBuyingRoles(ctx context.Context, tx *sql.Tx, roles []buyingRoleRow, otherTable string, other func(buyingRoleRow) int64) error {
	for _, b := range roles {
		ok, err := exists(ctx, tx, otherTable, other(b))
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO buying_roles (id, person_id, company_id, role, created_at, name) VALUES ($1, $2, $3, $4, $5, (SELECT name FROM people WHERE id = $2))`,
			b.ID, b.PersonID, b.CompanyID, b.Role, s.stamp(b.CreatedAt)); err != nil {
			return err
		}
	}
	return nil
}

// ErasePerson forgets a person now: their rows (or their trash item) go,
// and every audit entry that holds their data keeps who, what, when and
// which record, but not the values.
func (s *DB) ErasePerson(ctx context.Context, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		p, err := s.lockPerson(ctx, tx, id)
		switch {
		case err == nil:
			if err := s.rememberErased(ctx, tx, p.Emails); err != nil {
				return err
			}
			if err := s.removePerson(ctx, tx, p); err != nil {
				return err
			}
		case faces.ErrorCode(err) != faces.ENOTFOUND:
			return err
		default:
			emails, err := trashedEmails(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := s.rememberErased(ctx, tx, emails); err != nil {
				return err
			}
		}
		// A merge keeps the record of both people, to undo it: it goes.
		if _, err := tx.ExecContext(ctx, `DELETE FROM merges WHERE kept_id = $1 OR gone_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM not_duplicates WHERE a_id = $1 OR b_id = $1`, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM trash WHERE entity = 'person' AND entity_id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 && p == nil {
			return faces.Errorf(faces.ENOTFOUND, "Person not found.")
		}
		return s.scrubPerson(ctx, tx, id)
	})
	if err != nil {
		return err
	}
	return s.afterErasure(ctx)
}

// scrubPerson empties the values of every audit entry about the person,
// and notes the erasure.
func (s *DB) scrubPerson(ctx context.Context, tx *sql.Tx, id int64) error {
	if err := s.sweepDue(ctx, tx); err != nil {
		return err
	}
	args := []any{id}
	in := ""
	for i, e := range faces.PersonAuditEntities {
		args = append(args, e)
		if i > 0 {
			in += ", "
		}
		in += fmt.Sprintf("$%d", i+2)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET before_json = NULL, after_json = NULL
		WHERE (entity_id = $1 AND entity IN (`+in+`)) OR other_person_id = $1`, args...); err != nil {
		return err
	}
	// Uploaded contact files may hold the person too: they go (all but
	// one being imported, which is gone within a minute of its end).
	if _, err := tx.ExecContext(ctx, `DELETE FROM contact_uploads WHERE state <> $1`, faces.UploadRunning); err != nil {
		return err
	}
	// So may uploaded team calendars (attendees' addresses): those feeds
	// stop until the calendar is given again.
	if _, err := tx.ExecContext(ctx, `DELETE FROM team_feeds WHERE uploaded IS NOT NULL`); err != nil {
		return err
	}
	return s.audit(ctx, tx, faces.ActionErase, "person", id, nil, nil)
}

// EmptyTrash erases what was deleted before the time, a batch at a time.
func (s *DB) EmptyTrash(ctx context.Context, before time.Time) (int, error) {
	erased := 0
	for {
		type item struct {
			id, entityID int64
			entity       string
		}
		var batch []item
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id, entity, entity_id FROM trash WHERE deleted_at < $1 ORDER BY deleted_at LIMIT 100`, s.stamp(before))
			if err != nil {
				return err
			}
			for rows.Next() {
				var it item
				if err := rows.Scan(&it.id, &it.entity, &it.entityID); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, it)
			}
			if err := rows.Close(); err != nil {
				return err
			}
			for _, it := range batch {
				if it.entity == "person" {
					emails, err := trashedEmails(ctx, tx, it.entityID)
					if err != nil {
						return err
					}
					if err := s.rememberErased(ctx, tx, emails); err != nil {
						return err
					}
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM trash WHERE id = $1`, it.id); err != nil {
					return err
				}
				if it.entity == "person" {
					if err := s.scrubPerson(ctx, tx, it.entityID); err != nil {
						return err
					}
				} else if err := s.audit(ctx, tx, faces.ActionErase, it.entity, it.entityID, nil, nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return erased, err
		}
		erased += len(batch)
		if len(batch) < 100 {
			break
		}
	}
	if erased > 0 {
		return erased, s.afterErasure(ctx)
	}
	return 0, nil
}

// Keys of the settings that say an erasure sweep is due: since when (the
// first erasure not swept yet), and the last erasure.
const (
	sweepDueKey   = "erasure.sweep_due"
	lastErasedKey = "erasure.last"
)

// sweepDue notes, in the erasure's transaction, that a sweep is due.
func (s *DB) sweepDue(ctx context.Context, tx *sql.Tx) error {
	if !s.dialect.SweepAfterErasure {
		return nil
	}
	now := faces.Now().Format(time.RFC3339Nano)
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, sweepDueKey, now); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, lastErasedKey, now)
	return err
}

// ErasureSweepDue says since when a sweep has been due (the zero time when
// none is).
func (s *DB) ErasureSweepDue(ctx context.Context) (time.Time, error) {
	var v string
	err := s.q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, sweepDueKey).Scan(&v)
	if err == sql.ErrNoRows {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, v)
}

// ErrSweepWaits: a transaction older than the last erasure is still
// open; the sweep is still due, and runs once it has ended.
var ErrSweepWaits = faces.Errorf(faces.EUNAVAILABLE, "A transaction that began before the last erasure is still open (a long import?); the sweep waits for it to end.")

// SweepErasures rewrites every table of Faces' schema (PostgreSQL: VACUUM
// FULL, which writes each table and its indexes anew, without the old row
// versions an erasure left behind, and drops the old files), then asks for
// a checkpoint. It locks each table while it rewrites it — seconds for a
// table of a million rows — so the janitor runs it off-hours. Erasures
// made while it runs leave it due again.
func (s *DB) SweepErasures(ctx context.Context) error {
	var last string
	err := s.q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, lastErasedKey).Scan(&last)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	if s.dialect.SweepAfterErasure {
		// A transaction that began before the last erasure may still see
		// the erased rows, and VACUUM FULL keeps what someone may see:
		// the sweep waits for it to end (a long import, say).
		if last != "" {
			var older int
			if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
				AND pid <> pg_backend_pid() AND xact_start < $1::timestamptz + interval '5 seconds'`, last).Scan(&older); err != nil {
				return err
			}
			if older > 0 {
				return ErrSweepWaits
			}
		}
		swept, err := s.sweepTables(ctx)
		if err != nil || !swept {
			return err
		}
	}
	_, err = s.db.ExecContext(ctx, `DELETE FROM settings WHERE key = $1 AND NOT EXISTS (
		SELECT 1 FROM settings WHERE key = $2 AND value <> $3)`, sweepDueKey, lastErasedKey, last)
	return err
}

// sweepTables rewrites the schema's tables on one connection, holding an
// advisory lock so that of several servers sharing the database only one
// sweeps at a time; it says false when another server is sweeping.
func (s *DB) sweepTables(ctx context.Context) (bool, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var mine bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(7411204, hashtext(current_schema()))`).Scan(&mine); err != nil || !mine {
		return false, err
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(7411204, hashtext(current_schema()))`)
	rows, err := conn.QueryContext(ctx, `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
		WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil {
		return false, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return false, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	for _, t := range tables {
		if _, err := conn.ExecContext(ctx, `VACUUM (FULL) `+t); err != nil {
			return false, fmt.Errorf("sweeping %s: %w", t, err)
		}
	}
	// Only a superuser (or pg_checkpoint) may ask; otherwise the next
	// regular checkpoint writes the files.
	conn.ExecContext(ctx, `CHECKPOINT`)
	return true, nil
}

// afterErasure runs the dialect's statement that clears erased bytes out
// of the files (SQLite: moving the write-ahead log into the database, whose
// freed pages secure_delete has zeroed, and truncating the log).
func (s *DB) afterErasure(ctx context.Context) error {
	if s.dialect.AfterErasure == "" || s.tx != nil {
		return nil
	}
	_, err := s.q.ExecContext(ctx, s.dialect.AfterErasure)
	return err
}

// risksOf reads every at-risk flag of a person or company, cleared ones
// too, for the trash.
func (s *DB) risksOf(ctx context.Context, tx *sql.Tx, column string, id int64) ([]*faces.Risk, error) {
	return queryRisksOn(ctx, tx, `r.`+column+` = $1 ORDER BY r.id`, id)
}

// restoreRisks puts back flags from the trash, those whose person or
// company is there.
func (s *DB) restoreRisks(ctx context.Context, tx *sql.Tx, risks []*faces.Risk) error {
	for _, r := range risks {
		var cleared any
		if !r.ClearedAt.IsZero() {
			cleared = s.stamp(r.ClearedAt)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO risks (id, person_id, company_id, reason, since_day, flagged_by, created_at, cleared_at, cleared_by)
			SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE (CAST($2 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM people WHERE id = $2))
			AND (CAST($3 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM companies WHERE id = $3))`,
			r.ID, nullID(r.PersonID), nullID(r.CompanyID), r.Reason, s.day(r.Since), r.FlaggedBy, s.stamp(r.CreatedAt), cleared, nullID(r.ClearedBy)); err != nil {
			return err
		}
	}
	return nil
}
