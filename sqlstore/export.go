package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/faces-org/faces"
)

var _ faces.ExportService = (*DB)(nil)

// exportPage is how many people an export reads at a time.
const exportPage = 500

// EachPersonRecord reads people with their role history, story,
// relationships and portrait, a page at a time by id, in one snapshot of
// the database: a read transaction that does not hold SQLite's writer
// (see faces.ExportService).
func (s *DB) EachPersonRecord(ctx context.Context, f faces.RecordFilter, fn func(*faces.PersonRecord) error) error {
	ids := f.IDs
	conn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	after := int64(0)
	for {
		var people []*faces.Person
		if ids == nil {
			people, err = queryPeopleOn(ctx, conn, `SELECT `+personColumns+` `+personFrom+` WHERE p.id > $1 ORDER BY p.id LIMIT `+strconv.Itoa(exportPage), after)
			if err == nil && len(people) == 0 {
				return nil
			}
		} else {
			if len(ids) == 0 {
				return nil
			}
			page := ids[:min(len(ids), exportPage)]
			ids = ids[len(page):]
			in, args := idsIn(page)
			people, err = queryPeopleOn(ctx, conn, `SELECT `+personColumns+` `+personFrom+` WHERE p.id IN (`+in+`) ORDER BY p.id`, args...)
		}
		if err != nil {
			return err
		}
		records, err := s.records(ctx, conn, people, f.Photos)
		if err != nil {
			return err
		}
		for _, r := range records {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(people) > 0 {
			after = people[len(people)-1].ID
		}
	}
}

// idsIn returns "$1, $2, …" and the ids as arguments, for IN (…).
func idsIn(ids []int64) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = "$"+strconv.Itoa(i+1), id
	}
	return strings.Join(marks, ", "), args
}

// records reads what a page of people's cards hold, in three queries and
// one for their portraits.
func (s *DB) records(ctx context.Context, q *sql.Conn, people []*faces.Person, photos bool) ([]*faces.PersonRecord, error) {
	if len(people) == 0 {
		return nil, nil
	}
	byID := map[int64]*faces.PersonRecord{}
	out := make([]*faces.PersonRecord, len(people))
	ids := make([]int64, len(people))
	for i, p := range people {
		out[i] = &faces.PersonRecord{Person: p, Positions: []*faces.Position{}, Relationships: []*faces.Relationship{}}
		byID[p.ID], ids[i] = out[i], p.ID
	}
	in, args := idsIn(ids)
	each := func(query string, scan func(*sql.Rows) error) error { return eachRow(ctx, q, query, args, scan) }
	err := each(`SELECT po.id, po.person_id, po.company_id, co.name, po.title, po.division, po.from_day, po.to_day
		FROM positions po JOIN companies co ON co.id = po.company_id
		WHERE po.person_id IN (`+in+`) ORDER BY po.person_id, po.from_day DESC, po.id DESC`, func(rows *sql.Rows) error {
		p := &faces.Position{}
		if err := rows.Scan(&p.ID, &p.PersonID, &p.CompanyID, &p.CompanyName, &p.Title, &p.Division, timeScan{&p.From}, timeScan{&p.To}); err != nil {
			return err
		}
		byID[p.PersonID].Positions = append(byID[p.PersonID].Positions, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT person_id, card, body, source, source_of, updated_at FROM stories WHERE person_id IN (`+in+`)`, func(rows *sql.Rows) error {
		st := &faces.Story{}
		if err := rows.Scan(&st.PersonID, &st.Card, &st.Body, &st.Source, &st.SourceOf, timeScan{&st.UpdatedAt}); err != nil {
			return err
		}
		byID[st.PersonID].Story = st
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT r.id, r.from_id, r.to_id, r.kind, r.note, a.name, b.name
		FROM relationships r JOIN people a ON a.id = r.from_id JOIN people b ON b.id = r.to_id
		WHERE r.from_id IN (`+in+`) OR r.to_id IN (`+in+`) ORDER BY r.id`, func(rows *sql.Rows) error {
		r := &faces.Relationship{}
		if err := rows.Scan(&r.ID, &r.FromID, &r.ToID, &r.Kind, &r.Note, &r.FromName, &r.ToName); err != nil {
			return err
		}
		if rec, ok := byID[r.FromID]; ok {
			rec.Relationships = append(rec.Relationships, r)
		}
		if rec, ok := byID[r.ToID]; ok && r.ToID != r.FromID {
			rec.Relationships = append(rec.Relationships, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !photos {
		return out, nil
	}
	err = each(`SELECT ph.person_id, r.bytes FROM photos ph JOIN photo_renditions r ON r.hash = ph.hash AND r.size = 'full'
		WHERE ph.person_id IN (`+in+`)`, func(rows *sql.Rows) error {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return err
		}
		byID[id].Photo = b
		return nil
	})
	return out, err
}
