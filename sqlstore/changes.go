package sqlstore

import (
	"context"
	"fmt"

	"github.com/faces-org/faces"
)

var _ faces.ChangeService = (*DB)(nil)

// RecentChanges lists moves, latest first, from the partial index of
// positions opened by a move (positions_moves): a page is one index range,
// however many first positions there are.
func (s *DB) RecentChanges(ctx context.Context, after *faces.Cursor, n int) ([]*faces.Change, error) {
	cond, args := "", []any{limit(n)}
	if after != nil {
		t, err := after.Time()
		if err != nil {
			return nil, &faces.Error{Code: faces.EINVALID, Message: "The page cannot be found.", Fields: map[string]string{"after": "Not a cursor of this list."}}
		}
		cond = " AND (po.from_day, po.id) < ($2, $3)"
		args = append(args, s.day(t), after.ID)
	}
	rows, err := s.q.QueryContext(ctx, fmt.Sprintf(`SELECT po.id, po.person_id, po.company_id, co.name, po.title, po.division, po.from_day, po.to_day,
			po.previous_company_id, pco.name, p.name, COALESCE(ph.hash, '')
		FROM positions po
		JOIN people p ON p.id = po.person_id
		JOIN companies co ON co.id = po.company_id
		JOIN companies pco ON pco.id = po.previous_company_id
		LEFT JOIN photos ph ON ph.person_id = po.person_id
		WHERE po.previous_company_id IS NOT NULL%s
		ORDER BY po.from_day DESC, po.id DESC LIMIT $1`, cond), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Change{}
	for rows.Next() {
		c := &faces.Change{}
		if err := rows.Scan(&c.ID, &c.PersonID, &c.CompanyID, &c.CompanyName, &c.Title, &c.Division, timeScan{&c.From}, timeScan{&c.To},
			&c.PreviousCompanyID, &c.PreviousCompany, &c.PersonName, &c.PhotoHash); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
