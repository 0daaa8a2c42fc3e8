package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

var _ faces.CompanyService = (*DB)(nil)

const companyColumns = `id, name, story, key_customer, locations, created_at, updated_at`

func scanCompany(r rowScanner) (*faces.Company, error) {
	c := &faces.Company{}
	err := r.Scan(&c.ID, &c.Name, &c.Story, &c.KeyCustomer, listScan{&c.Locations}, timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt})
	return c, err
}

func findCompany(ctx context.Context, q querier, id int64) (*faces.Company, error) {
	c, err := scanCompany(q.QueryRowContext(ctx, `SELECT `+companyColumns+` FROM companies WHERE id = $1`, id))
	return c, notFound(err, "Company")
}

// FindCompanyByID returns one company.
func (s *DB) FindCompanyByID(ctx context.Context, id int64) (*faces.Company, error) {
	return findCompany(ctx, s.q, id)
}

// FindCompanies lists companies by name, with the total that match.
func (s *DB) FindCompanies(ctx context.Context, f faces.CompanyFilter) ([]*faces.Company, int, error) {
	cond := "1=1"
	if f.KeyCustomer {
		cond = "key_customer = TRUE"
	}
	total, err := s.count(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM companies WHERE %s LIMIT %d) matches`, cond, faces.CountCap+1))
	if err != nil {
		return nil, 0, err
	}
	args := []any{limit(f.Limit), max(f.Offset, 0)}
	if f.After != nil {
		cond += " AND (name, id) > ($3, $4)"
		args = append(args, f.After.Key, f.After.ID)
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+companyColumns+` FROM companies WHERE `+cond+` ORDER BY name, id LIMIT $1 OFFSET $2`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*faces.Company{}
	for rows.Next() {
		c, err := scanCompany(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// CreateCompany stores a new company and sets its ID and times.
func (s *DB) CreateCompany(ctx context.Context, c *faces.Company) error {
	if err := c.Validate(); err != nil {
		return err
	}
	now := faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO companies (name, story, key_customer, locations, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
			c.Name, c.Story, c.KeyCustomer, listValue(c.Locations), s.stamp(now)).Scan(&c.ID)
		if err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt = now, now
		if err := s.indexCompany(ctx, tx, c.ID); err != nil {
			return err
		}
		if err := s.noteWriting(ctx, tx, faces.WritingCompanyStory, c.ID, lens.Known{Name: c.Name}, "", c.Story); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "company", c.ID, nil, c)
	})
}

// UpdateCompany replaces a company's editable fields.
func (s *DB) UpdateCompany(ctx context.Context, c *faces.Company) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := findCompany(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		now := faces.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE companies SET name = $1, story = $2, key_customer = $3, locations = $4, updated_at = $5 WHERE id = $6`,
			c.Name, c.Story, c.KeyCustomer, listValue(c.Locations), s.stamp(now), c.ID); err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt = before.CreatedAt, now
		if err := s.indexCompany(ctx, tx, c.ID); err != nil {
			return err
		}
		if err := s.noteWriting(ctx, tx, faces.WritingCompanyStory, c.ID, lens.Known{Name: c.Name}, before.Story, c.Story); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "company", c.ID, before, c)
	})
}
