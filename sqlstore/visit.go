package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

var _ faces.VisitService = (*DB)(nil)

const visitColumns = `v.id, v.on_day, v.company_id, co.name, v.kind, v.non_sales, v.notes, v.created_by, v.created_at, v.updated_at`

func scanVisit(r rowScanner) (*faces.Visit, error) {
	v := &faces.Visit{}
	err := r.Scan(&v.ID, timeScan{&v.On}, &v.CompanyID, &v.CompanyName, &v.Kind, &v.NonSales, &v.Notes, &v.CreatedBy,
		timeScan{&v.CreatedAt}, timeScan{&v.UpdatedAt})
	return v, err
}

// CreateVisit stores a visit with the people met and the staff who went;
// every one of them must exist.
func (s *DB) CreateVisit(ctx context.Context, v *faces.Visit) error {
	if err := v.Validate(); err != nil {
		return err
	}
	now := faces.Now()
	v.CreatedBy = faces.ActorFromContext(ctx)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := visitCompany(ctx, tx, v); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO visits (on_day, company_id, kind, non_sales, notes, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			s.day(v.On), v.CompanyID, v.Kind, v.NonSales, v.Notes, v.CreatedBy, s.stamp(now)).Scan(&v.ID); err != nil {
			return err
		}
		if err := s.linkVisitAll(ctx, tx, v); err != nil {
			return err
		}
		v.CreatedAt, v.UpdatedAt = now, now
		if err := s.fillVisits(ctx, tx, []*faces.Visit{v}); err != nil {
			return err
		}
		if err := s.noteWriting(ctx, tx, faces.WritingVisitNotes, v.ID, visitKnown(v), "", v.Notes); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "visit", v.ID, nil, visitAudit(v))
	})
}

// visitKnown is what Faces knows of a visit's notes: the company's name,
// whom the visit met and who went.
func visitKnown(v *faces.Visit) lens.Known {
	return lens.Known{Name: v.CompanyName, People: faces.NamesOf(v.People), Colleagues: faces.NamesOf(v.Staff)}
}

// visitCompany checks the visit's company and gives the visit its name.
func visitCompany(ctx context.Context, tx *sql.Tx, v *faces.Visit) error {
	co, err := findCompany(ctx, tx, v.CompanyID)
	if err != nil {
		return &faces.Error{Code: faces.EINVALID, Message: "Please correct the visit.", Fields: map[string]string{"company_id": "No such company."}}
	}
	v.CompanyName = co.Name
	return nil
}

// linkVisitAll links the visit to whom it met and who went; who went
// follows whom they met: they hear when those people move.
func (s *DB) linkVisitAll(ctx context.Context, tx *sql.Tx, v *faces.Visit) error {
	if err := s.linkVisit(ctx, tx, v, "visit_people", "person_id", "people", v.PersonIDs, "person_ids", "No person has the id %d."); err != nil {
		return err
	}
	if err := s.linkVisit(ctx, tx, v, "visit_staff", "user_id", "users", v.StaffIDs, "staff_ids", "No staff account has the id %d."); err != nil {
		return err
	}
	for _, staff := range v.StaffIDs {
		for _, person := range v.PersonIDs {
			if err := s.autoFollow(ctx, tx, staff, person); err != nil {
				return err
			}
		}
	}
	return nil
}

// UpdateVisit replaces what a visit records, its links included.
func (s *DB) UpdateVisit(ctx context.Context, v *faces.Visit) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanVisit(tx.QueryRowContext(ctx, `SELECT `+visitColumns+` FROM visits v JOIN companies co ON co.id = v.company_id WHERE v.id = $1`+s.forUpdate(), v.ID))
		if err != nil {
			return notFound(err, "Visit")
		}
		if err := s.fillVisits(ctx, tx, []*faces.Visit{before}); err != nil {
			return err
		}
		if err := visitCompany(ctx, tx, v); err != nil {
			return err
		}
		now := faces.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE visits SET on_day = $1, company_id = $2, kind = $3, non_sales = $4, notes = $5, updated_at = $6 WHERE id = $7`,
			s.day(v.On), v.CompanyID, v.Kind, v.NonSales, v.Notes, s.stamp(now), v.ID); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM visit_people WHERE visit_id = $1`, `DELETE FROM visit_staff WHERE visit_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, v.ID); err != nil {
				return err
			}
		}
		if err := s.linkVisitAll(ctx, tx, v); err != nil {
			return err
		}
		v.CreatedBy, v.CreatedAt, v.UpdatedAt = before.CreatedBy, before.CreatedAt, now
		if err := s.fillVisits(ctx, tx, []*faces.Visit{v}); err != nil {
			return err
		}
		if err := s.noteWriting(ctx, tx, faces.WritingVisitNotes, v.ID, visitKnown(v), before.Notes, v.Notes); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "visit", v.ID, visitAudit(before), visitAudit(v))
	})
}

// linkVisit links a visit to the records it names (the people met, the
// staff who went), refusing an id that names nothing.
func (s *DB) linkVisit(ctx context.Context, tx *sql.Tx, v *faces.Visit, table, column, records string, ids []int64, field, missing string) error {
	for _, id := range ids {
		res, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (visit_id, `+column+`, on_day) SELECT $1, id, $2 FROM `+records+` WHERE id = $3`,
			v.ID, s.day(v.On), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &faces.Error{Code: faces.EINVALID, Message: "Please correct the visit.", Fields: map[string]string{field: fmt.Sprintf(missing, id)}}
		}
	}
	return nil
}

// visitAudit is what the audit trail keeps of a visit: ids, not the names
// of the people met, so that erasing a person leaves no name behind in
// the visits' entries.
func visitAudit(v *faces.Visit) map[string]any {
	return map[string]any{"On": v.On.Format(time.DateOnly), "CompanyID": v.CompanyID, "Kind": v.Kind, "NonSales": v.NonSales,
		"Notes": v.Notes, "PersonIDs": v.PersonIDs, "StaffIDs": v.StaffIDs}
}

// DeleteVisit removes a visit.
func (s *DB) DeleteVisit(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanVisit(tx.QueryRowContext(ctx, `SELECT `+visitColumns+` FROM visits v JOIN companies co ON co.id = v.company_id WHERE v.id = $1`, id))
		if err != nil {
			return notFound(err, "Visit")
		}
		if err := s.fillVisits(ctx, tx, []*faces.Visit{before}); err != nil {
			return err
		}
		var photos []string
		prows, err := tx.QueryContext(ctx, `SELECT hash FROM visit_photos WHERE visit_id = $1`, id)
		if err != nil {
			return err
		}
		for prows.Next() {
			var h string
			if err := prows.Scan(&h); err != nil {
				prows.Close()
				return err
			}
			photos = append(photos, h)
		}
		prows.Close()
		if _, err := tx.ExecContext(ctx, `DELETE FROM visit_photos WHERE visit_id = $1`, id); err != nil {
			return err
		}
		if err := s.lockPictures(ctx, tx, photos...); err != nil {
			return err
		}
		for _, h := range photos {
			if err := s.dropUnusedRenditions(ctx, tx, h); err != nil {
				return err
			}
		}
		// Insights learned on the visit stay (their method still says
		// "visit"); only the link to the visit goes.
		for _, q := range []string{`UPDATE insights SET visit_id = NULL WHERE visit_id = $1`, `DELETE FROM visit_answers WHERE visit_id = $1`,
			`DELETE FROM visit_people WHERE visit_id = $1`,
			`DELETE FROM visit_staff WHERE visit_id = $1`, `DELETE FROM visits WHERE id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, faces.ActionDelete, "visit", id, visitAudit(before), nil)
	})
}

// FindVisitByID returns a visit with its people and staff, or ENOTFOUND.
func (s *DB) FindVisitByID(ctx context.Context, id int64) (*faces.Visit, error) {
	v, err := scanVisit(s.q.QueryRowContext(ctx, `SELECT `+visitColumns+` FROM visits v JOIN companies co ON co.id = v.company_id WHERE v.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "Visit")
	}
	return v, s.fillVisits(ctx, s.q, []*faces.Visit{v})
}

// FindVisits lists visits latest first. Each filter reads its own index
// in (day, id) order: a person's or a staff member's visits through the
// link table, which keeps the day.
func (s *DB) FindVisits(ctx context.Context, f faces.VisitFilter) ([]*faces.Visit, int, error) {
	from, cond, args := `visits v`, "1=1", []any{}
	arg := func(a any) string { args = append(args, a); return "$" + strconv.Itoa(len(args)) }
	day, id := "v.on_day", "v.id"
	switch {
	case f.PersonID != 0:
		from, day, id = `visit_people l JOIN visits v ON v.id = l.visit_id`, "l.on_day", "l.visit_id"
		cond = "l.person_id = " + arg(f.PersonID)
	case f.StaffID != 0:
		from, day, id = `visit_staff l JOIN visits v ON v.id = l.visit_id`, "l.on_day", "l.visit_id"
		cond = "l.user_id = " + arg(f.StaffID)
	case f.CompanyID != 0:
		cond = "v.company_id = " + arg(f.CompanyID)
	}
	if f.PersonID != 0 && f.CompanyID != 0 {
		cond += " AND v.company_id = " + arg(f.CompanyID)
	}
	total, err := s.count(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM %s WHERE %s LIMIT %d) matches`, from, cond, faces.CountCap+1), args...)
	if err != nil {
		return nil, 0, err
	}
	if f.Before != nil {
		d, err := time.Parse(time.DateOnly, f.Before.Key)
		if err != nil {
			return nil, 0, &faces.Error{Code: faces.EINVALID, Message: "The page cannot be found.", Fields: map[string]string{"before": "Not a cursor from a previous page."}}
		}
		cond += fmt.Sprintf(" AND (%s < %s OR (%s = %s AND %s < %s))", day, arg(s.day(d)), day, arg(s.day(d)), id, arg(f.Before.ID))
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+visitColumns+` FROM `+from+` JOIN companies co ON co.id = v.company_id
		WHERE `+cond+` ORDER BY `+day+` DESC, `+id+` DESC LIMIT `+arg(limit(f.Limit)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*faces.Visit{}
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.fillVisits(ctx, s.q, out)
}

// fillVisits reads the people and staff of a page of visits in two
// queries, not two per visit.
func (s *DB) fillVisits(ctx context.Context, q queryer, visits []*faces.Visit) error {
	if len(visits) == 0 {
		return nil
	}
	byID := map[int64]*faces.Visit{}
	marks := make([]string, len(visits))
	args := make([]any, len(visits))
	for i, v := range visits {
		byID[v.ID] = v
		v.PersonIDs, v.StaffIDs, v.People, v.Staff = []int64{}, []int64{}, []faces.Named{}, []faces.Named{}
		marks[i], args[i] = "$"+strconv.Itoa(i+1), v.ID
	}
	in := strings.Join(marks, ", ")
	rows, err := q.QueryContext(ctx, `SELECT l.visit_id, p.id, p.name, COALESCE(c.title, '') FROM visit_people l JOIN people p ON p.id = l.person_id
		LEFT JOIN positions c ON c.person_id = p.id AND c.to_day IS NULL WHERE l.visit_id IN (`+in+`) ORDER BY p.name, p.id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var vid int64
		var n faces.Named
		if err := rows.Scan(&vid, &n.ID, &n.Name, &n.Detail); err != nil {
			rows.Close()
			return err
		}
		byID[vid].People = append(byID[vid].People, n)
		byID[vid].PersonIDs = append(byID[vid].PersonIDs, n.ID)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT l.visit_id, u.id, u.name, u.team FROM visit_staff l JOIN users u ON u.id = l.user_id
		WHERE l.visit_id IN (`+in+`) ORDER BY u.name, u.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var vid int64
		var n faces.Named
		if err := rows.Scan(&vid, &n.ID, &n.Name, &n.Detail); err != nil {
			return err
		}
		byID[vid].Staff = append(byID[vid].Staff, n)
		byID[vid].StaffIDs = append(byID[vid].StaffIDs, n.ID)
	}
	return rows.Err()
}

// LastVisitsOf returns a staff member's last visit and last non-sales
// visit that have happened by the time.
func (s *DB) LastVisitsOf(ctx context.Context, userID int64, now time.Time) (faces.LastVisits, error) {
	var last faces.LastVisits
	err := s.q.QueryRowContext(ctx, `SELECT (SELECT MAX(on_day) FROM visit_staff WHERE user_id = $1 AND on_day <= $2),
		(SELECT MAX(l.on_day) FROM visit_staff l JOIN visits v ON v.id = l.visit_id WHERE l.user_id = $1 AND l.on_day <= $2 AND v.non_sales)`,
		userID, s.day(now)).Scan(timeScan{&last.Visit}, timeScan{&last.NonSales})
	return last, err
}

// VisitDashboard counts, by team, the enabled staff, those with a
// non-sales visit in the twelve months to the time and those who never
// made one; and by month, the visits of those twelve months.
func (s *DB) VisitDashboard(ctx context.Context, now time.Time) (*faces.VisitDashboard, error) {
	yearAgo := now.AddDate(-1, 0, 0)
	rows, err := s.q.QueryContext(ctx, `SELECT u.name, u.team,
		(SELECT MAX(l.on_day) FROM visit_staff l JOIN visits v ON v.id = l.visit_id WHERE l.user_id = u.id AND l.on_day <= $1 AND v.non_sales)
		FROM users u WHERE NOT u.disabled ORDER BY u.team, u.name`, s.day(now))
	if err != nil {
		return nil, err
	}
	teams := map[string]*faces.TeamVisits{}
	for rows.Next() {
		var name, team string
		var last time.Time
		if err := rows.Scan(&name, &team, timeScan{&last}); err != nil {
			rows.Close()
			return nil, err
		}
		if team == "" {
			team = "No team"
		}
		tv := teams[team]
		if tv == nil {
			tv = &faces.TeamVisits{Team: team, Never: []string{}}
			teams[team] = tv
		}
		tv.Staff++
		switch {
		case last.IsZero():
			tv.Never = append(tv.Never, name)
		case !last.Before(yearAgo.Truncate(24 * time.Hour)):
			tv.Visited++
		}
	}
	rows.Close()
	d := &faces.VisitDashboard{Teams: []faces.TeamVisits{}}
	for _, tv := range teams {
		d.Teams = append(d.Teams, *tv)
	}
	sort.Slice(d.Teams, func(i, j int) bool { return d.Teams[i].Team < d.Teams[j].Team })

	// By month: each visit of the twelve months once, with who went.
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	months := map[string]*faces.MonthVisits{}
	visitors := map[string]map[int64]bool{}
	for m := first; !m.After(now); m = m.AddDate(0, 1, 0) {
		key := m.Format("2006-01")
		months[key], visitors[key] = &faces.MonthVisits{Month: key}, map[int64]bool{}
		d.ByMonth = append(d.ByMonth, faces.MonthVisits{Month: key})
	}
	rows, err = s.q.QueryContext(ctx, `SELECT v.id, v.on_day, v.non_sales, l.user_id FROM visits v JOIN visit_staff l ON l.visit_id = v.id
		WHERE v.on_day >= $1 AND v.on_day <= $2 ORDER BY v.id`, s.day(first), s.day(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counted := map[int64]bool{}
	for rows.Next() {
		var id, user int64
		var on time.Time
		var nonSales bool
		if err := rows.Scan(&id, timeScan{&on}, &nonSales, &user); err != nil {
			return nil, err
		}
		key := on.Format("2006-01")
		m := months[key]
		if m == nil {
			continue
		}
		if !counted[id] {
			counted[id] = true
			m.Visits++
			if nonSales {
				m.NonSales++
			}
		}
		if nonSales {
			visitors[key][user] = true
		}
	}
	for i := range d.ByMonth {
		m := months[d.ByMonth[i].Month]
		m.Visitors = len(visitors[m.Month])
		d.ByMonth[i] = *m
	}
	return d, rows.Err()
}
