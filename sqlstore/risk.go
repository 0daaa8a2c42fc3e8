package sqlstore

import (
	"context"
	"database/sql"

	"github.com/faces-org/faces"
)

var _ faces.RiskService = (*DB)(nil)

// FlagRisk raises an at-risk flag on a person or a company.
func (s *DB) FlagRisk(ctx context.Context, r *faces.Risk) error {
	if err := r.Validate(); err != nil {
		return err
	}
	r.FlaggedBy, r.CreatedAt = faces.ActorFromContext(ctx), faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if r.PersonID > 0 {
			if _, err := s.lockPerson(ctx, tx, r.PersonID); err != nil {
				return err
			}
		} else if ok, err := exists(ctx, tx, "companies", r.CompanyID); err != nil || !ok {
			if err == nil {
				err = faces.Errorf(faces.ENOTFOUND, "Company not found.")
			}
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO risks (person_id, company_id, reason, since_day, flagged_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			nullID(r.PersonID), nullID(r.CompanyID), r.Reason, s.day(r.Since), r.FlaggedBy, s.stamp(r.CreatedAt)).Scan(&r.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "risk", r.ID, nil, r)
	})
}

// ClearRisk clears a flag.
func (s *DB) ClearRisk(ctx context.Context, id int64) (*faces.Risk, error) {
	var r *faces.Risk
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = scanRisk(tx.QueryRowContext(ctx, `SELECT `+riskColumns+` FROM risks r LEFT JOIN users u ON u.id = r.flagged_by WHERE r.id = $1`+s.forUpdateOf("r"), id)); err != nil {
			return notFound(err, "Flag")
		}
		if !r.ClearedAt.IsZero() {
			return faces.Errorf(faces.ECONFLICT, "The flag was cleared already.")
		}
		before := *r
		r.ClearedAt, r.ClearedBy = faces.Now(), faces.ActorFromContext(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE risks SET cleared_at = $1, cleared_by = $2 WHERE id = $3`, s.stamp(r.ClearedAt), r.ClearedBy, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "risk", r.ID, &before, r)
	})
	return r, err
}

const riskColumns = `r.id, COALESCE(r.person_id, 0), COALESCE(r.company_id, 0), r.reason, r.since_day, r.flagged_by, r.created_at, r.cleared_at, COALESCE(r.cleared_by, 0), COALESCE(u.name, '')`

func scanRisk(row rowScanner) (*faces.Risk, error) {
	r := &faces.Risk{}
	err := row.Scan(&r.ID, &r.PersonID, &r.CompanyID, &r.Reason, timeScan{&r.Since}, &r.FlaggedBy, timeScan{&r.CreatedAt}, timeScan{&r.ClearedAt}, &r.ClearedBy, &r.FlaggedByName)
	return r, err
}

func (s *DB) queryRisks(ctx context.Context, where string, args ...any) ([]*faces.Risk, error) {
	return queryRisksOn(ctx, s.q, where, args...)
}

// queryRisksOn reads the flags a condition on r selects.
func queryRisksOn(ctx context.Context, q queryer, where string, args ...any) ([]*faces.Risk, error) {
	out := []*faces.Risk{}
	err := eachRow(ctx, q, `SELECT `+riskColumns+` FROM risks r LEFT JOIN users u ON u.id = r.flagged_by WHERE `+where, args, func(rows *sql.Rows) error {
		r, err := scanRisk(rows)
		if err == nil {
			out = append(out, r)
		}
		return err
	})
	return out, err
}

// OpenRisks lists the flags that hold on a person or a company, newest
// first.
func (s *DB) OpenRisks(ctx context.Context, personID, companyID int64) ([]*faces.Risk, error) {
	if personID > 0 {
		return s.queryRisks(ctx, `r.person_id = $1 AND r.cleared_at IS NULL ORDER BY r.since_day DESC, r.id DESC`, personID)
	}
	return s.queryRisks(ctx, `r.company_id = $1 AND r.cleared_at IS NULL ORDER BY r.since_day DESC, r.id DESC`, companyID)
}

// PeopleAtRisk returns the newest flag that holds on each of the people
// who have one, in one query.
func (s *DB) PeopleAtRisk(ctx context.Context, ids []int64) (map[int64]*faces.Risk, error) {
	return s.atRisk(ctx, "person_id", ids, func(r *faces.Risk) int64 { return r.PersonID })
}

// CompaniesAtRisk is PeopleAtRisk for companies.
func (s *DB) CompaniesAtRisk(ctx context.Context, ids []int64) (map[int64]*faces.Risk, error) {
	return s.atRisk(ctx, "company_id", ids, func(r *faces.Risk) int64 { return r.CompanyID })
}

func (s *DB) atRisk(ctx context.Context, column string, ids []int64, key func(*faces.Risk) int64) (map[int64]*faces.Risk, error) {
	out := map[int64]*faces.Risk{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idsIn(ids)
	risks, err := s.queryRisks(ctx, `r.`+column+` IN (`+in+`) AND r.cleared_at IS NULL ORDER BY r.since_day, r.id`, args...)
	for _, r := range risks {
		out[key(r)] = r // the newest last
	}
	return out, err
}
