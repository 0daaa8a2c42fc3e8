package sqlstore

import (
	"context"
	"database/sql"

	"github.com/faces-org/faces"
)

var _ faces.RelationshipService = (*DB)(nil)

// Relationships lists the relationships a person is in, on either side.
func (s *DB) Relationships(ctx context.Context, personID int64) ([]*faces.Relationship, error) {
	if _, err := s.FindPersonByID(ctx, personID); err != nil {
		return nil, err
	}
	rows, err := s.q.QueryContext(ctx, `SELECT r.id, r.from_id, r.to_id, r.kind, r.note, a.name, b.name
		FROM relationships r JOIN people a ON a.id = r.from_id JOIN people b ON b.id = r.to_id
		WHERE r.from_id = $1 OR r.to_id = $1 ORDER BY r.kind, r.id`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Relationship{}
	for rows.Next() {
		r := &faces.Relationship{}
		if err := rows.Scan(&r.ID, &r.FromID, &r.ToID, &r.Kind, &r.Note, &r.FromName, &r.ToName); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddRelationship links two people; the same link twice is ECONFLICT.
func (s *DB) AddRelationship(ctx context.Context, r *faces.Relationship) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		from, err := findPerson(ctx, tx, r.FromID)
		if err != nil {
			return err
		}
		to, err := findPerson(ctx, tx, r.ToID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM relationships WHERE from_id = $1 AND to_id = $2 AND kind = $3`,
			r.FromID, r.ToID, string(r.Kind)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return faces.Errorf(faces.ECONFLICT, "%s already %s %s.", from.Name, r.Kind.Wording(false), to.Name)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO relationships (from_id, to_id, kind, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			r.FromID, r.ToID, string(r.Kind), r.Note, s.stamp(faces.Now())).Scan(&r.ID); err != nil {
			return err
		}
		r.FromName, r.ToName = from.Name, to.Name
		// Whoever records how two people relate holds a relationship to
		// them: they follow both from then on.
		for _, id := range []int64{r.FromID, r.ToID} {
			if err := s.autoFollow(ctx, tx, faces.ActorFromContext(ctx), id); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, faces.ActionCreate, "relationship", r.FromID, nil, r)
	})
}

// DeleteRelationship removes a link.
func (s *DB) DeleteRelationship(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r := &faces.Relationship{}
		err := tx.QueryRowContext(ctx, `SELECT id, from_id, to_id, kind, note FROM relationships WHERE id = $1`, id).
			Scan(&r.ID, &r.FromID, &r.ToID, &r.Kind, &r.Note)
		if err != nil {
			return notFound(err, "Relationship")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM relationships WHERE id = $1`, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDelete, "relationship", r.FromID, r, nil)
	})
}

const buyingRoleSelect = `SELECT b.id, b.person_id, b.company_id, b.role, p.name, c.name
	FROM buying_roles b JOIN people p ON p.id = b.person_id JOIN companies c ON c.id = b.company_id `

func (s *DB) buyingRoles(ctx context.Context, where string, id int64) ([]*faces.BuyingRole, error) {
	rows, err := s.q.QueryContext(ctx, buyingRoleSelect+where+` ORDER BY c.name, p.name, b.role`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.BuyingRole{}
	for rows.Next() {
		b := &faces.BuyingRole{}
		if err := rows.Scan(&b.ID, &b.PersonID, &b.CompanyID, &b.Role, &b.PersonName, &b.CompanyName); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BuyingRolesOf lists a person's buying roles.
func (s *DB) BuyingRolesOf(ctx context.Context, personID int64) ([]*faces.BuyingRole, error) {
	if _, err := s.FindPersonByID(ctx, personID); err != nil {
		return nil, err
	}
	return s.buyingRoles(ctx, `WHERE b.person_id = $1`, personID)
}

// BuyingRolesAt lists the buying roles at a company.
func (s *DB) BuyingRolesAt(ctx context.Context, companyID int64) ([]*faces.BuyingRole, error) {
	if _, err := s.FindCompanyByID(ctx, companyID); err != nil {
		return nil, err
	}
	return s.buyingRoles(ctx, `WHERE b.company_id = $1`, companyID)
}

// AddBuyingRole records a buying role; the same one twice is ECONFLICT.
func (s *DB) AddBuyingRole(ctx context.Context, b *faces.BuyingRole) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		p, err := findPerson(ctx, tx, b.PersonID)
		if err != nil {
			return err
		}
		c, err := findCompany(ctx, tx, b.CompanyID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM buying_roles WHERE person_id = $1 AND company_id = $2 AND role = $3`,
			b.PersonID, b.CompanyID, b.Role).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return faces.Errorf(faces.ECONFLICT, "%s is already recorded as %s at %s.", p.Name, b.Role, c.Name)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO buying_roles (person_id, company_id, role, created_at, name) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			b.PersonID, b.CompanyID, b.Role, s.stamp(faces.Now()), p.Name).Scan(&b.ID); err != nil {
			return err
		}
		b.PersonName, b.CompanyName = p.Name, c.Name
		return s.audit(ctx, tx, faces.ActionCreate, "buying_role", b.PersonID, nil, b)
	})
}

// DeleteBuyingRole removes a buying role.
func (s *DB) DeleteBuyingRole(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		b := &faces.BuyingRole{}
		err := tx.QueryRowContext(ctx, `SELECT id, person_id, company_id, role FROM buying_roles WHERE id = $1`, id).
			Scan(&b.ID, &b.PersonID, &b.CompanyID, &b.Role)
		if err != nil {
			return notFound(err, "Buying role")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM buying_roles WHERE id = $1`, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDelete, "buying_role", b.PersonID, b, nil)
	})
}
