package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

// Ensure the service implements its interface.
var _ faces.PersonService = (*DB)(nil)

const personColumns = `p.id, p.name, p.pronouns, p.emails, p.phones, p.links, p.tags, p.notes, p.created_at, p.updated_at,
	c.id, c.company_id, co.name, c.title, c.division, c.from_day, COALESCE(ph.hash, '')`

// personFrom joins each person with their current position, if any.
const personFrom = `FROM people p
	LEFT JOIN positions c ON c.person_id = p.id AND c.to_day IS NULL
	LEFT JOIN companies co ON co.id = c.company_id
	LEFT JOIN photos ph ON ph.person_id = p.id`

type rowScanner interface{ Scan(...any) error }

func scanPerson(r rowScanner) (*faces.Person, error) {
	p := &faces.Person{}
	var posID, companyID sql.NullInt64
	var companyName, title, division sql.NullString
	var from time.Time
	err := r.Scan(&p.ID, &p.Name, &p.Pronouns, listScan{&p.Emails}, listScan{&p.Phones}, listScan{&p.Links}, listScan{&p.Tags},
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
	return findPerson(ctx, s.db, id)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findPerson(ctx context.Context, q querier, id int64) (*faces.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+` `+personFrom+` WHERE p.id = $1`, id))
	return p, notFound(err, "Person")
}

// FindPeople lists people by name, with the total that match.
func (s *DB) FindPeople(ctx context.Context, f faces.PersonFilter) ([]*faces.Person, int, error) {
	where, args := []string{"1=1"}, []any{}
	if f.CompanyID != 0 {
		args = append(args, f.CompanyID)
		where = append(where, fmt.Sprintf("c.company_id = $%d", len(args)))
	}
	if f.FormerlyAt != 0 {
		args = append(args, f.FormerlyAt)
		n := len(args)
		where = append(where, fmt.Sprintf(`p.id IN (SELECT person_id FROM positions WHERE company_id = $%d AND to_day IS NOT NULL)
			AND (c.company_id IS NULL OR c.company_id <> $%d)`, n, n))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) `+personFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	args = append(args, limit(f.Limit), max(f.Offset, 0))
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT %s %s WHERE %s ORDER BY p.name, p.id LIMIT $%d OFFSET $%d`,
		personColumns, personFrom, cond, len(args)-1, len(args)), args...)
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

// CreatePerson stores a new person and sets its ID and times.
func (s *DB) CreatePerson(ctx context.Context, p *faces.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO people (name, pronouns, emails, phones, links, tags, notes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			p.Name, p.Pronouns, listValue(p.Emails), listValue(p.Phones), listValue(p.Links), listValue(p.Tags), p.Notes, s.stamp(now)).Scan(&p.ID)
		if err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = now, now
		if err := s.indexPeople(ctx, tx, `p.id = $1`, p.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "person", p.ID, nil, p)
	})
}

// UpdatePerson replaces a person's editable fields.
func (s *DB) UpdatePerson(ctx context.Context, p *faces.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := findPerson(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		now := faces.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE people SET name = $1, pronouns = $2, emails = $3, phones = $4, links = $5, tags = $6,
			notes = $7, updated_at = $8 WHERE id = $9`,
			p.Name, p.Pronouns, listValue(p.Emails), listValue(p.Phones), listValue(p.Links), listValue(p.Tags), p.Notes, s.stamp(now), p.ID); err != nil {
			return err
		}
		after, err := findPerson(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if err := s.indexPeople(ctx, tx, `p.id = $1`, p.ID); err != nil {
			return err
		}
		*p = *after
		return s.audit(ctx, tx, faces.ActionUpdate, "person", p.ID, before, after)
	})
}

// MovePerson closes the current position on the day of the move and opens
// the new one, in one transaction.
func (s *DB) MovePerson(ctx context.Context, personID int64, m faces.Move) (*faces.Person, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var moved *faces.Person
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := findPerson(ctx, tx, personID)
		if err != nil {
			return err
		}
		if _, err := findCompany(ctx, tx, m.CompanyID); err != nil {
			return err
		}
		if cur := before.Current; cur != nil {
			if m.On.Before(cur.From) {
				return &faces.Error{Code: faces.EINVALID, Message: "Please correct the move.",
					Fields: map[string]string{"on": "The move cannot come before the current position began (" + cur.From.Format("2 Jan 2006") + ")."}}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE positions SET to_day = $1 WHERE id = $2`, s.day(m.On), cur.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO positions (person_id, company_id, title, division, from_day) VALUES ($1, $2, $3, $4, $5)`,
			personID, m.CompanyID, m.Title, m.Division, s.day(m.On)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET updated_at = $1 WHERE id = $2`, s.stamp(faces.Now()), personID); err != nil {
			return err
		}
		if moved, err = findPerson(ctx, tx, personID); err != nil {
			return err
		}
		if err := s.indexPeople(ctx, tx, `p.id = $1`, personID); err != nil {
			return err
		}
		var from any // nil, not a typed nil, when there was no position
		if before.Current != nil {
			from = before.Current
		}
		return s.audit(ctx, tx, faces.ActionMove, "person", personID, from, moved.Current)
	})
	return moved, err
}

// Positions lists a person's role history, newest first.
func (s *DB) Positions(ctx context.Context, personID int64) ([]*faces.Position, error) {
	if _, err := s.FindPersonByID(ctx, personID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT po.id, po.person_id, po.company_id, co.name, po.title, po.division, po.from_day, po.to_day
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
