package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

var _ faces.InsightService = (*DB)(nil)

const insightColumns = `i.id, COALESCE(i.person_id, 0), COALESCE(p.name, ''), i.type, i.text, i.verbatim, i.method, COALESCE(i.visit_id, 0),
	COALESCE(i.event_id, 0), COALESCE(i.theme_id, 0), COALESCE(t.name, ''), COALESCE(i.company_id, 0), COALESCE(co.name, ''), i.role, i.created_by, i.created_at, i.done_at`

const insightFrom = `FROM insights i LEFT JOIN people p ON p.id = i.person_id LEFT JOIN companies co ON co.id = i.company_id
	LEFT JOIN themes t ON t.id = i.theme_id`

func scanInsight(r rowScanner) (*faces.Insight, error) {
	in := &faces.Insight{}
	err := r.Scan(&in.ID, &in.PersonID, &in.PersonName, &in.Type, &in.Text, &in.Verbatim, &in.Method, &in.VisitID,
		&in.EventID, &in.ThemeID, &in.ThemeName, &in.CompanyID, &in.CompanyName, &in.Role, &in.CreatedBy, timeScan{&in.CreatedAt}, timeScan{&in.DoneAt})
	return in, err
}

// insightAudit is what the audit trail keeps of an insight: ids, not the
// person's name.
func insightAudit(in *faces.Insight) map[string]any {
	return map[string]any{"PersonID": in.PersonID, "Type": in.Type, "Text": in.Text, "Verbatim": in.Verbatim,
		"Method": in.Method, "VisitID": in.VisitID, "EventID": in.EventID, "ThemeID": in.ThemeID}
}

// CreateInsight stores an insight with the person's company and role of
// the moment, so that the evidence keeps what was true when it was said.
func (s *DB) CreateInsight(ctx context.Context, in *faces.Insight) error {
	if err := in.Validate(); err != nil {
		return err
	}
	in.CreatedBy, in.CreatedAt = faces.ActorFromContext(ctx), faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		p, err := findPerson(ctx, tx, in.PersonID)
		if err != nil {
			return &faces.Error{Code: faces.EINVALID, Message: "Please correct the insight.", Fields: map[string]string{"person_id": "No such person."}}
		}
		in.PersonName = p.Name
		if p.Current != nil {
			in.CompanyID, in.CompanyName, in.Role = p.Current.CompanyID, p.Current.CompanyName, p.Current.Title
		}
		if in.VisitID != 0 {
			if ok, err := exists(ctx, tx, "visits", in.VisitID); err != nil || !ok {
				if err != nil {
					return err
				}
				return &faces.Error{Code: faces.EINVALID, Message: "Please correct the insight.", Fields: map[string]string{"visit_id": "No such visit."}}
			}
		}
		if in.EventID != 0 {
			if ok, err := exists(ctx, tx, "events", in.EventID); err != nil || !ok {
				if err != nil {
					return err
				}
				return &faces.Error{Code: faces.EINVALID, Message: "Please correct the insight.", Fields: map[string]string{"event_id": "No such event."}}
			}
		}
		if in.ThemeID != 0 {
			if ok, err := exists(ctx, tx, "themes", in.ThemeID); err != nil || !ok {
				if err != nil {
					return err
				}
				return &faces.Error{Code: faces.EINVALID, Message: "Please correct the insight.", Fields: map[string]string{"theme_id": "No such theme."}}
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO insights (person_id, company_id, role, type, text, verbatim, method, visit_id, event_id, theme_id, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			in.PersonID, nullID(in.CompanyID), in.Role, in.Type, in.Text, in.Verbatim, in.Method, nullID(in.VisitID), nullID(in.EventID), nullID(in.ThemeID),
			in.CreatedBy, s.stamp(in.CreatedAt)).Scan(&in.ID); err != nil {
			return err
		}
		if err := s.autoFollow(ctx, tx, in.CreatedBy, in.PersonID); err != nil {
			return err
		}
		if !in.Verbatim { // what they said in their own words is theirs, not our writing
			if err := s.noteWriting(ctx, tx, faces.WritingInsight, in.ID, lens.Known{Name: p.Name}, "", in.Text); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, faces.ActionCreate, "insight", in.ID, nil, insightAudit(in))
	})
}

// FindInsights lists insights newest first, by person, visit or theme.
func (s *DB) FindInsights(ctx context.Context, f faces.InsightFilter) ([]*faces.Insight, error) {
	cond, args := "1=1", []any{}
	add := func(col string, v int64) {
		if v != 0 {
			args = append(args, v)
			cond += " AND i." + col + " = $" + strconv.Itoa(len(args))
		}
	}
	add("person_id", f.PersonID)
	add("visit_id", f.VisitID)
	add("event_id", f.EventID)
	add("theme_id", f.ThemeID)
	add("company_id", f.CompanyID)
	if f.Type != "" {
		args = append(args, f.Type)
		cond += " AND i.type = $" + strconv.Itoa(len(args))
	}
	if f.Open {
		cond += " AND i.done_at IS NULL"
	}
	if f.Unthemed {
		cond += " AND i.theme_id IS NULL"
	}
	args = append(args, limit(f.Limit))
	rows, err := s.q.QueryContext(ctx, `SELECT `+insightColumns+` `+insightFrom+` WHERE `+cond+` ORDER BY i.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Insight{}
	for rows.Next() {
		in, err := scanInsight(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// MarkWish marks a wish done or open again.
func (s *DB) MarkWish(ctx context.Context, insightID int64, done bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var typ string
		if err := tx.QueryRowContext(ctx, `SELECT type FROM insights WHERE id = $1`, insightID).Scan(&typ); err != nil {
			return notFound(err, "Insight")
		}
		if typ != "wish" {
			return faces.Errorf(faces.EINVALID, "Only a wish can be marked done.")
		}
		var at any
		if done {
			at = s.stamp(faces.Now())
		}
		if _, err := tx.ExecContext(ctx, `UPDATE insights SET done_at = $1 WHERE id = $2`, at, insightID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "insight", insightID, nil, map[string]any{"Done": done})
	})
}

// SetInsightTheme moves an insight into a theme, or out of any (0).
func (s *DB) SetInsightTheme(ctx context.Context, insightID, themeID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var before sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT theme_id FROM insights WHERE id = $1`, insightID).Scan(&before); err != nil {
			return notFound(err, "Insight")
		}
		if themeID != 0 {
			if ok, err := exists(ctx, tx, "themes", themeID); err != nil || !ok {
				if err != nil {
					return err
				}
				return faces.Errorf(faces.ENOTFOUND, "Theme not found.")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE insights SET theme_id = $1 WHERE id = $2`, nullID(themeID), insightID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "insight", insightID, map[string]any{"ThemeID": before.Int64}, map[string]any{"ThemeID": themeID})
	})
}

// CreateTheme stores a theme.
func (s *DB) CreateTheme(ctx context.Context, t *faces.Theme) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.CreatedAt = faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO themes (name, created_at) VALUES ($1, $2) RETURNING id`, t.Name, s.stamp(t.CreatedAt)).Scan(&t.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "theme", t.ID, nil, t)
	})
}

// FindThemeByID returns a theme, or ENOTFOUND.
func (s *DB) FindThemeByID(ctx context.Context, id int64) (*faces.Theme, error) {
	t := &faces.Theme{}
	err := s.q.QueryRowContext(ctx, `SELECT id, name, created_at FROM themes WHERE id = $1`, id).Scan(&t.ID, &t.Name, timeScan{&t.CreatedAt})
	return t, notFound(err, "Theme")
}

// FindThemes lists themes by name.
func (s *DB) FindThemes(ctx context.Context) ([]*faces.Theme, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, name, created_at FROM themes ORDER BY name, id LIMIT $1`, faces.MaxThemes)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Theme{}
	for rows.Next() {
		t := &faces.Theme{}
		if err := rows.Scan(&t.ID, &t.Name, timeScan{&t.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// triangulationColumns count what backs the insights grouped.
const triangulationColumns = `COUNT(*), COUNT(DISTINCT person_id) + COUNT(*) - COUNT(person_id), COUNT(DISTINCT company_id),
	COUNT(DISTINCT CASE WHEN role <> '' THEN lower(role) END), COUNT(DISTINCT method), MAX(created_at)`

// TriangulateAll triangulates every theme in one grouped query.
func (s *DB) TriangulateAll(ctx context.Context) (map[int64]faces.Triangulation, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT theme_id, `+triangulationColumns+` FROM insights WHERE theme_id IS NOT NULL GROUP BY theme_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]faces.Triangulation{}
	for rows.Next() {
		var id int64
		var tr faces.Triangulation
		if err := rows.Scan(&id, &tr.Insights, &tr.People, &tr.Companies, &tr.Roles, &tr.Methods, timeScan{&tr.Latest}); err != nil {
			return nil, err
		}
		out[id] = tr
	}
	return out, rows.Err()
}

// Triangulate counts what backs a theme: distinct people (each insight of
// an erased person counts as its own anonymous voice), companies, roles
// (as written, in any case) and methods, and the latest insight.
func (s *DB) Triangulate(ctx context.Context, themeID int64) (faces.Triangulation, error) {
	var tr faces.Triangulation
	err := s.q.QueryRowContext(ctx, `SELECT `+triangulationColumns+` FROM insights WHERE theme_id = $1`, themeID).Scan(&tr.Insights, &tr.People, &tr.Companies, &tr.Roles, &tr.Methods, timeScan{&tr.Latest})
	return tr, err
}
