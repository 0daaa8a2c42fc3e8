package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/faces-org/faces"
)

var _ faces.MergeService = (*DB)(nil)

// mergeUndo is what a merge gave the one who stayed, and what they were
// before: enough to take it back.
type mergeUndo struct {
	Before        *faces.Person
	StoryBefore   *faces.Story // nil: they had none
	HadPhoto      bool
	TrashID       int64
	Positions     []int64 // added
	ClosedOpen    int64   // their open position, closed by the merge (0: none)
	Consents      []int64
	Relationships []int64
	BuyingRoles   []int64
	PlannedMoves  []int64
	Visits        []int64 // visits they were added to
	Followers     []int64 // users who follow them because they followed the one who went
	Insights      []int64 // moved from the one who went
	Answers       []int64 // visit answers by the one who went
	Named         []int64 // visit answers that named the one who went
	Risks         []int64 // at-risk flags moved from the one who went
	Reviews       []int64 // reviews whose answer about the one who went moved
	Events        []int64 // events they were added to as a guest
}

// MergePeople gives everything of gone to kept, and puts gone in the trash
// (see faces.MergeService).
func (s *DB) MergePeople(ctx context.Context, keptID, goneID int64) (*faces.Merge, error) {
	if keptID == goneID {
		return nil, faces.Errorf(faces.EINVALID, "A person cannot be merged with themself.")
	}
	var m *faces.Merge
	err := s.WithinTx(ctx, func(t *DB) error {
		tx := t.tx
		kept, err := t.lockPerson(ctx, tx, keptID)
		if err != nil {
			return err
		}
		gone, err := t.lockPerson(ctx, tx, goneID)
		if err != nil {
			return err
		}
		u := &mergeUndo{Before: kept, HadPhoto: kept.PhotoHash != ""}
		if err := t.mergeFields(ctx, kept, gone); err != nil {
			return err
		}
		steps := []func(context.Context, *sql.Tx, *faces.Person, *faces.Person, *mergeUndo) error{
			t.mergePositions, t.mergeStory, t.mergeRows, t.mergePhoto,
		}
		for _, step := range steps {
			if err := step(ctx, tx, kept, gone, u); err != nil {
				return err
			}
		}
		if err := t.DeletePerson(ctx, goneID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM trash WHERE entity = 'person' AND entity_id = $1`, goneID).Scan(&u.TrashID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET current_company_id = (SELECT company_id FROM positions WHERE person_id = $1 AND to_day IS NULL) WHERE id = $1`, keptID); err != nil {
			return err
		}
		if err := t.indexPerson(ctx, tx, keptID); err != nil {
			return err
		}
		undo, err := json.Marshal(u)
		if err != nil {
			return err
		}
		m = &faces.Merge{KeptID: keptID, GoneID: goneID, KeptName: kept.Name, GoneName: gone.Name, MergedBy: faces.ActorFromContext(ctx), MergedAt: faces.Now()}
		if err := tx.QueryRowContext(ctx, `INSERT INTO merges (kept_id, gone_id, kept_name, gone_name, undo_json, merged_by, merged_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			keptID, goneID, kept.Name, gone.Name, string(undo), m.MergedBy, t.stamp(m.MergedAt)).Scan(&m.ID); err != nil {
			return err
		}
		return t.audit(ctx, tx, faces.ActionMerge, "person", keptID, nil, m)
	})
	return m, err
}

// mergeFields gives kept the addresses, phones, links and tags of gone
// they lack, pronouns if they have none, and gone's notes after theirs.
func (s *DB) mergeFields(ctx context.Context, kept, gone *faces.Person) error {
	p := *kept
	union := func(have, add []string) []string {
		out := slices.Clone(have)
		for _, a := range add {
			if len(out) < faces.MaxListLen && !slices.ContainsFunc(out, func(h string) bool { return strings.EqualFold(h, a) }) {
				out = append(out, a)
			}
		}
		return out
	}
	p.Emails, p.Phones, p.Addresses = union(p.Emails, gone.Emails), union(p.Phones, gone.Phones), union(p.Addresses, gone.Addresses)
	p.Links, p.Tags = union(p.Links, gone.Links), union(p.Tags, gone.Tags)
	if p.Pronouns == "" {
		p.Pronouns = gone.Pronouns
	}
	if n := strings.TrimSpace(gone.Notes); n != "" && !strings.Contains(p.Notes, n) {
		if strings.TrimSpace(p.Notes) != "" {
			p.Notes += "\n\n"
		}
		p.Notes += n
		if len([]rune(p.Notes)) > faces.MaxNotesLen {
			p.Notes = string([]rune(p.Notes)[:faces.MaxNotesLen])
		}
	}
	return s.UpdatePerson(ctx, &p)
}

// mergePositions gives kept gone's role history. When both hold a
// position now, the one begun later stays open and the other ends the day
// before it began (or the day it began, if that is the same day).
func (s *DB) mergePositions(ctx context.Context, tx *sql.Tx, kept, gone *faces.Person, u *mergeUndo) error {
	positions, err := positionsOf(ctx, tx, gone.ID)
	if err != nil {
		return err
	}
	keptOpen := kept.Current
	for _, po := range positions {
		to := po.To
		if po.Current() && keptOpen != nil {
			if po.From.After(keptOpen.From) {
				end := po.From.AddDate(0, 0, -1)
				if end.Before(keptOpen.From) {
					end = keptOpen.From
				}
				if _, err := tx.ExecContext(ctx, `UPDATE positions SET to_day = $1 WHERE id = $2`, s.day(end), keptOpen.ID); err != nil {
					return err
				}
				u.ClosedOpen = keptOpen.ID
			} else {
				to = keptOpen.From.AddDate(0, 0, -1)
				if to.Before(po.From) {
					to = po.From
				}
			}
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO positions (person_id, company_id, title, division, from_day, to_day, previous_company_id)
			SELECT $1, company_id, title, division, from_day, $2, previous_company_id FROM positions WHERE id = $3 RETURNING id`,
			kept.ID, s.day(to), po.ID).Scan(&id); err != nil {
			return err
		}
		u.Positions = append(u.Positions, id)
	}
	return nil
}

// mergeStory gives kept gone's story when they have none, or adds it
// after theirs.
func (s *DB) mergeStory(ctx context.Context, tx *sql.Tx, kept, gone *faces.Person, u *mergeUndo) error {
	theirs, err := findStory(ctx, tx, gone.ID)
	if err != nil || theirs.Card == "" {
		return err
	}
	mine, err := findStory(ctx, tx, kept.ID)
	if err != nil {
		return err
	}
	st := *theirs
	st.PersonID = kept.ID
	if mine.Card != "" {
		saved := *mine
		u.StoryBefore = &saved
		st = *mine
		st.Body = strings.TrimSpace(strings.TrimSpace(mine.Body) + "\n\n" + theirs.Card + "\n\n" + theirs.Body)
		if len([]rune(st.Body)) > faces.MaxNotesLen {
			st.Body = string([]rune(st.Body)[:faces.MaxNotesLen])
		}
	}
	return s.SaveStory(ctx, &st)
}

// mergeRows copies or moves the rows that hang on gone to kept: consent,
// relationships, buying roles, planned moves, visits, followers, insights
// and visit answers; the ids go in u.
func (s *DB) mergeRows(ctx context.Context, tx *sql.Tx, kept, gone *faces.Person, u *mergeUndo) error {
	k, g := kept.ID, gone.ID
	copies := []struct {
		into  *[]int64
		query string
		args  []any
	}{
		{&u.Consents, `INSERT INTO consents (person_id, granted_on, means, until_day, revoked_at, note, recorded_by, created_at)
			SELECT $1, granted_on, means, until_day, revoked_at, note, recorded_by, created_at FROM consents WHERE person_id = $2 RETURNING id`, []any{k, g}},
		{&u.Relationships, `INSERT INTO relationships (from_id, to_id, kind, note, created_at)
			SELECT CASE WHEN r.from_id = $2 THEN $1 ELSE r.from_id END, CASE WHEN r.to_id = $2 THEN $1 ELSE r.to_id END, r.kind, r.note, r.created_at
			FROM relationships r WHERE (r.from_id = $2 AND r.to_id <> $1 OR r.to_id = $2 AND r.from_id <> $1)
			AND NOT EXISTS (SELECT 1 FROM relationships x WHERE x.kind = r.kind
				AND x.from_id = CASE WHEN r.from_id = $2 THEN $1 ELSE r.from_id END AND x.to_id = CASE WHEN r.to_id = $2 THEN $1 ELSE r.to_id END)
			RETURNING id`, []any{k, g}},
		{&u.BuyingRoles, `INSERT INTO buying_roles (person_id, company_id, role, created_at, name)
			SELECT $1, b.company_id, b.role, b.created_at, (SELECT name FROM people WHERE id = $1) FROM buying_roles b WHERE b.person_id = $2
			AND NOT EXISTS (SELECT 1 FROM buying_roles x WHERE x.person_id = $1 AND x.company_id = b.company_id AND x.role = b.role) RETURNING id`, []any{k, g}},
		{&u.PlannedMoves, `INSERT INTO planned_moves (person_id, company_id, title, division, on_day, created_by, created_at)
			SELECT $1, company_id, title, division, on_day, created_by, created_at FROM planned_moves WHERE person_id = $2 RETURNING id`, []any{k, g}},
		{&u.Visits, `INSERT INTO visit_people (visit_id, person_id, on_day) SELECT v.visit_id, $1, v.on_day FROM visit_people v
			WHERE v.person_id = $2 AND NOT EXISTS (SELECT 1 FROM visit_people x WHERE x.visit_id = v.visit_id AND x.person_id = $1) RETURNING visit_id`, []any{k, g}},
		{&u.Events, `INSERT INTO event_guests (event_id, person_id, key_guest, met, on_day) SELECT g.event_id, $1, g.key_guest, g.met, g.on_day FROM event_guests g
			WHERE g.person_id = $2 AND NOT EXISTS (SELECT 1 FROM event_guests x WHERE x.event_id = g.event_id AND x.person_id = $1) RETURNING event_id`, []any{k, g}},
		{&u.Followers, `INSERT INTO follows (person_id, user_id, auto, created_at) SELECT $1, f.user_id, f.auto, f.created_at FROM follows f
			WHERE f.person_id = $2 AND NOT EXISTS (SELECT 1 FROM follows x WHERE x.person_id = $1 AND x.user_id = f.user_id) RETURNING user_id`, []any{k, g}},
		{&u.Insights, `UPDATE insights SET person_id = $1 WHERE person_id = $2 RETURNING id`, []any{k, g}},
		{&u.Answers, `UPDATE visit_answers SET person_id = $1 WHERE person_id = $2 RETURNING id`, []any{k, g}},
		{&u.Named, `UPDATE visit_answers SET named_person_id = $1 WHERE named_person_id = $2 RETURNING id`, []any{k, g}},
		{&u.Risks, `UPDATE risks SET person_id = $1 WHERE person_id = $2 RETURNING id`, []any{k, g}},
		// An answer about both in one review stays with the one who went
		// (and goes to the trash with them, and back with an undo).
		{&u.Reviews, `UPDATE review_answers SET person_id = $1 WHERE person_id = $2
			AND review_id NOT IN (SELECT review_id FROM review_answers WHERE person_id = $1) RETURNING review_id`, []any{k, g}},
	}
	for _, c := range copies {
		ids, err := scanIDs(tx.QueryContext(ctx, c.query, c.args...))
		if err != nil {
			return err
		}
		*c.into = ids
	}
	return nil
}

// mergePhoto gives kept gone's portrait when they have none.
func (s *DB) mergePhoto(ctx context.Context, tx *sql.Tx, kept, gone *faces.Person, u *mergeUndo) error {
	if kept.PhotoHash != "" || gone.PhotoHash == "" {
		return nil
	}
	return s.setPhoto(ctx, tx, kept.ID, gone.PhotoHash, faces.Now())
}

// UndoMerge takes back what a merge gave the one who stayed and puts the
// one who went back from the trash, as both were.
func (s *DB) UndoMerge(ctx context.Context, mergeID int64) error {
	return s.WithinTx(ctx, func(t *DB) error {
		tx := t.tx
		m, undoJSON, err := findMerge(ctx, tx, mergeID, t.dialect.Name == "postgres")
		if err != nil {
			return err
		}
		if !m.UndoneAt.IsZero() {
			return faces.Errorf(faces.ECONFLICT, "This merge was undone already.")
		}
		var u mergeUndo
		if err := json.Unmarshal([]byte(undoJSON), &u); err != nil {
			return err
		}
		var inTrash int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM trash WHERE id = $1`, u.TrashID).Scan(&inTrash); err != nil {
			return err
		}
		if inTrash == 0 {
			return faces.Errorf(faces.ECONFLICT, "%s has left the trash for good; the merge can no longer be undone.", m.GoneName)
		}
		if _, err := t.lockPerson(ctx, tx, m.KeptID); err != nil {
			return err
		}
		if err := t.takeBack(ctx, tx, m, &u); err != nil {
			return err
		}
		// Undone first: the trash keeps a merged person from being
		// restored on their own.
		if _, err := tx.ExecContext(ctx, `UPDATE merges SET undone_at = $1 WHERE id = $2`, t.stamp(faces.Now()), m.ID); err != nil {
			return err
		}
		if _, err := t.RestoreFromTrash(ctx, u.TrashID); err != nil {
			return err
		}
		for _, q := range []struct {
			query string
			ids   []int64
		}{
			{`UPDATE insights SET person_id = $1 WHERE id = $2`, u.Insights},
			{`UPDATE visit_answers SET person_id = $1 WHERE id = $2`, u.Answers},
			{`UPDATE visit_answers SET named_person_id = $1 WHERE id = $2`, u.Named},
			{`UPDATE risks SET person_id = $1 WHERE id = $2`, u.Risks},
		} {
			for _, id := range q.ids {
				if _, err := tx.ExecContext(ctx, q.query, m.GoneID, id); err != nil {
					return err
				}
			}
		}
		for _, rid := range u.Reviews {
			if _, err := tx.ExecContext(ctx, `UPDATE review_answers SET person_id = $1 WHERE review_id = $2 AND person_id = $3`, m.GoneID, rid, m.KeptID); err != nil {
				return err
			}
		}
		return t.audit(ctx, tx, faces.ActionUnmerge, "person", m.KeptID, m, nil)
	})
}

// takeBack removes from the one who stayed what the merge gave them, and
// puts back their record, story and photo as they were.
func (s *DB) takeBack(ctx context.Context, tx *sql.Tx, m *faces.Merge, u *mergeUndo) error {
	k := m.KeptID
	for _, d := range []struct {
		query string
		ids   []int64
	}{
		{`DELETE FROM positions WHERE id = $1 AND person_id = $2`, u.Positions},
		{`DELETE FROM consents WHERE id = $1 AND person_id = $2`, u.Consents},
		{`DELETE FROM relationships WHERE id = $1 AND (from_id = $2 OR to_id = $2)`, u.Relationships},
		{`DELETE FROM buying_roles WHERE id = $1 AND person_id = $2`, u.BuyingRoles},
		{`DELETE FROM planned_moves WHERE id = $1 AND person_id = $2`, u.PlannedMoves},
		{`DELETE FROM visit_people WHERE visit_id = $1 AND person_id = $2`, u.Visits},
		{`DELETE FROM event_guests WHERE event_id = $1 AND person_id = $2`, u.Events},
		{`DELETE FROM follows WHERE user_id = $1 AND person_id = $2`, u.Followers},
	} {
		for _, id := range d.ids {
			if _, err := tx.ExecContext(ctx, d.query, id, k); err != nil {
				return err
			}
		}
	}
	if u.ClosedOpen != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE positions SET to_day = NULL WHERE id = $1`, u.ClosedOpen); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET current_company_id = (SELECT company_id FROM positions WHERE person_id = $1 AND to_day IS NULL) WHERE id = $1`, k); err != nil {
		return err
	}
	if !u.HadPhoto {
		if err := s.removePhoto(ctx, tx, k); err != nil {
			return err
		}
	}
	if u.StoryBefore != nil {
		if err := s.SaveStory(ctx, u.StoryBefore); err != nil {
			return err
		}
	} else if _, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE person_id = $1`, k); err != nil {
		return err
	}
	before := *u.Before
	return s.UpdatePerson(ctx, &before)
}

const mergeColumns = `id, kept_id, gone_id, kept_name, gone_name, merged_by, merged_at, undone_at`

func scanMerge(r rowScanner, extra ...any) (*faces.Merge, error) {
	m := &faces.Merge{}
	err := r.Scan(append([]any{&m.ID, &m.KeptID, &m.GoneID, &m.KeptName, &m.GoneName, &m.MergedBy, timeScan{&m.MergedAt}, timeScan{&m.UndoneAt}}, extra...)...)
	return m, err
}

// findMerge reads a merge with what it takes to undo it, locked on
// PostgreSQL.
func findMerge(ctx context.Context, tx *sql.Tx, id int64, lock bool) (*faces.Merge, string, error) {
	var undo string
	q := `SELECT ` + mergeColumns + `, undo_json FROM merges WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	m, err := scanMerge(tx.QueryRowContext(ctx, q, id), &undo)
	return m, undo, notFound(err, "Merge")
}

// FindMerge returns a merge.
func (s *DB) FindMerge(ctx context.Context, id int64) (*faces.Merge, error) {
	m, err := scanMerge(s.q.QueryRowContext(ctx, `SELECT `+mergeColumns+` FROM merges WHERE id = $1`, id))
	return m, notFound(err, "Merge")
}

// RecentMerges lists the latest merges, newest first.
func (s *DB) RecentMerges(ctx context.Context, n int) ([]*faces.Merge, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+mergeColumns+` FROM merges ORDER BY merged_at DESC, id DESC LIMIT $1`, limit(n))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Merge{}
	for rows.Next() {
		m, err := scanMerge(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// NotDuplicates records that two people are different people.
func (s *DB) NotDuplicates(ctx context.Context, a, b int64) error {
	a, b = min(a, b), max(a, b)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO not_duplicates (a_id, b_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, a, b)
		return err
	})
}

// Duplicates proposes people who may be one (see faces.MergeService):
// people who share an e-mail address, then people of the same name, in
// the order of the address or the name. Only what is shared is read:
// duplicate_keys holds the addresses and names of two people or more,
// kept by triggers (migration 038). The cursor is "e:" and an address, or
// "n:" and a name.
func (s *DB) Duplicates(ctx context.Context, after string, n int) ([]*faces.DuplicatePair, string, error) {
	// A page whose pairs were all left out (marked different, or shown
	// among shared addresses) is not shown empty: the next is read, a few
	// times at most.
	for range 10 {
		pairs, next, err := s.duplicatesPage(ctx, after, n)
		if err != nil || len(pairs) > 0 || next == "" {
			return pairs, next, err
		}
		after = next
	}
	return nil, after, nil
}

func (s *DB) duplicatesPage(ctx context.Context, after string, n int) ([]*faces.DuplicatePair, string, error) {
	n = limit(n)
	var out []*faces.DuplicatePair
	seen := map[[2]int64]bool{}
	kind, key, _ := strings.Cut(after, ":")
	if after == "" {
		kind = "e"
	}
	if kind == "e" {
		pairs, last, err := s.duplicateGroups(ctx, `SELECT k.key, MIN(e.person_id), MAX(e.person_id) FROM duplicate_keys k JOIN person_emails e ON e.email = k.key
			WHERE k.kind = 'e' AND k.key > $1 GROUP BY k.key HAVING COUNT(*) > 1 ORDER BY k.key LIMIT $2`, key, n)
		if err != nil {
			return nil, "", err
		}
		if out, err = s.duplicatePairs(ctx, pairs, false, seen, out); err != nil {
			return nil, "", err
		}
		if len(pairs) == n {
			return out, "e:" + last, nil
		}
		kind, key = "n", ""
	}
	want := n - len(out)
	pairs, last, err := s.duplicateGroups(ctx, `SELECT k.key, MIN(p.id), MAX(p.id) FROM duplicate_keys k JOIN people p ON p.name = k.key
		WHERE k.kind = 'n' AND k.key > $1 GROUP BY k.key HAVING COUNT(*) > 1 ORDER BY k.key LIMIT $2`, key, want)
	if err != nil {
		return nil, "", err
	}
	if out, err = s.duplicatePairs(ctx, pairs, true, seen, out); err != nil {
		return nil, "", err
	}
	next := ""
	if want > 0 && len(pairs) == want {
		next = "n:" + last
	}
	return out, next, nil
}

// duplicateGroups reads groups of people who share a key: the first and
// last of each, and the last key read.
func (s *DB) duplicateGroups(ctx context.Context, query, after string, n int) ([][2]int64, string, error) {
	if n <= 0 {
		return nil, after, nil
	}
	rows, err := s.q.QueryContext(ctx, query, after, n)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var pairs [][2]int64
	last := after
	for rows.Next() {
		var pair [2]int64
		if err := rows.Scan(&last, &pair[0], &pair[1]); err != nil {
			return nil, "", err
		}
		pairs = append(pairs, pair)
	}
	return pairs, last, rows.Err()
}

// duplicatePairs reads the people of each pair and the evidence that they
// are one, leaving out pairs seen already and pairs marked as different.
func (s *DB) duplicatePairs(ctx context.Context, pairs [][2]int64, name bool, seen map[[2]int64]bool, out []*faces.DuplicatePair) ([]*faces.DuplicatePair, error) {
	if len(pairs) == 0 {
		return out, nil
	}
	var ids []any
	var marks []string
	for _, p := range pairs {
		for _, id := range p {
			ids = append(ids, id)
			marks = append(marks, fmt.Sprintf("$%d", len(ids)))
		}
	}
	people, err := s.queryPeople(ctx, `SELECT `+personColumns+` `+personFrom+` WHERE p.id IN (`+strings.Join(marks, ", ")+`)`, ids...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*faces.Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	different := map[[2]int64]bool{}
	rows, err := s.q.QueryContext(ctx, `SELECT a_id, b_id FROM not_duplicates WHERE a_id IN (`+strings.Join(marks, ", ")+`)`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k [2]int64
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			return nil, err
		}
		different[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, pair := range pairs {
		a, b := byID[pair[0]], byID[pair[1]]
		if a == nil || b == nil || seen[pair] || different[pair] {
			continue
		}
		ev := evidence(a, b)
		if name && slices.ContainsFunc(ev, func(e string) bool { return strings.HasPrefix(e, sameEmail) }) {
			continue // proposed already, among those who share an address
		}
		seen[pair] = true
		out = append(out, &faces.DuplicatePair{A: a, B: b, Evidence: ev})
	}
	return out, nil
}

// sameEmail starts the evidence of a shared address.
const sameEmail = "the same e-mail address "

// evidence says what two people have in common.
func evidence(a, b *faces.Person) []string {
	var out []string
	if strings.EqualFold(a.Name, b.Name) {
		out = append(out, "the same name")
	}
	for _, e := range a.Emails {
		if slices.ContainsFunc(b.Emails, func(f string) bool { return strings.EqualFold(e, f) }) {
			out = append(out, sameEmail+e)
		}
	}
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
	}
	// The same number written nationally and internationally ("07700
	// 900461", "+44 7700 900461") ends the same.
	samePhone := func(p, q string) bool {
		p, q = digits(p), digits(q)
		return p != "" && (p == q || len(p) >= 9 && len(q) >= 9 && p[len(p)-9:] == q[len(q)-9:])
	}
	for _, p := range a.Phones {
		if slices.ContainsFunc(b.Phones, func(q string) bool { return samePhone(p, q) }) {
			out = append(out, "the same phone number "+p)
		}
	}
	if a.Current != nil && b.Current != nil && a.Current.CompanyID == b.Current.CompanyID {
		out = append(out, "both at "+a.Current.CompanyName)
	}
	return out
}
