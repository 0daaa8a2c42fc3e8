package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

// noteWriting records, for the leaders' view, that the context's actor
// wrote a text of a kind about a record this month, and how concretely it
// speaks of customers; known is what Faces knows of it (the name of whom
// it is about, the people it may name; whom it is about comes from its
// kind; our names and words for customers from the settings). An empty
// text, or one the change left as it was, is no writing.
func (s *DB) noteWriting(ctx context.Context, tx *sql.Tx, kind string, id int64, known lens.Known, before, after string) error {
	after = strings.TrimSpace(after)
	if after == "" || after == strings.TrimSpace(before) {
		return nil
	}
	words, err := s.lensWords(ctx, tx)
	if err != nil {
		return err
	}
	known.Ours, known.Customers = words.Ours, words.Customers
	return s.putWriting(ctx, tx, kind, id, faces.Now().UTC().Format("2006-01"), faces.ActorFromContext(ctx), known, after)
}

// writingAbout is whom each kind of text is about, as the lens is told:
// a person's notes and story speak of "her" without naming her again.
var writingAbout = map[string]lens.Subject{
	faces.WritingStory:        lens.AboutAPerson,
	faces.WritingPersonNotes:  lens.AboutAPerson,
	faces.WritingCompanyStory: lens.AboutACompany,
	faces.WritingVisitNotes:   lens.AboutACompany,
	faces.WritingReview:       lens.AboutACompany,
	faces.WritingInsight:      lens.AboutAPerson,
}

func (s *DB) putWriting(ctx context.Context, q queryer, kind string, id int64, month string, author int64, known lens.Known, text string) error {
	level := -1
	known.About = writingAbout[kind]
	if l, ok := lens.MostConcrete(text, known); ok {
		level = int(l)
	}
	var oldAuthor int64
	var oldLevel int
	err := q.QueryRowContext(ctx, `SELECT author_id, most_concrete FROM writings WHERE kind = $1 AND record_id = $2 AND month = $3`, kind, id, month).Scan(&oldAuthor, &oldLevel)
	switch {
	case err == nil:
		if oldAuthor == author && oldLevel == level {
			return nil
		}
		if err := addWritingTotal(ctx, q, month, kind, oldAuthor, oldLevel, -1); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE writings SET author_id = $1, most_concrete = $2 WHERE kind = $3 AND record_id = $4 AND month = $5`,
			author, level, kind, id, month); err != nil {
			return err
		}
	case errors.Is(err, sql.ErrNoRows):
		if _, err := q.ExecContext(ctx, `INSERT INTO writings (kind, record_id, month, author_id, most_concrete) VALUES ($1, $2, $3, $4, $5)`,
			kind, id, month, author, level); err != nil {
			return err
		}
	default:
		return err
	}
	return addWritingTotal(ctx, q, month, kind, author, level, 1)
}

// addWritingTotal adds delta to the sum of an author's texts of a kind in
// a month at a level.
func addWritingTotal(ctx context.Context, q queryer, month, kind string, author int64, level, delta int) error {
	_, err := q.ExecContext(ctx, `INSERT INTO writing_totals (month, kind, author_id, most_concrete, n) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (month, kind, author_id, most_concrete) DO UPDATE SET n = writing_totals.n + excluded.n`,
		month, kind, author, level, delta)
	return err
}

// forgetWritings removes what the leaders' view knows of a person's texts,
// when the person is removed, and takes them out of the sums.
func forgetWritings(ctx context.Context, tx *sql.Tx, personID int64) error {
	type row struct {
		kind, month string
		author      int64
		level       int
	}
	var rows []row
	err := eachRow(ctx, tx, `SELECT kind, month, author_id, most_concrete FROM writings WHERE kind IN ($1, $2) AND record_id = $3`,
		[]any{faces.WritingStory, faces.WritingPersonNotes, personID}, func(r *sql.Rows) error {
			var w row
			err := r.Scan(&w.kind, &w.month, &w.author, &w.level)
			rows = append(rows, w)
			return err
		})
	if err != nil {
		return err
	}
	for _, w := range rows {
		if err := addWritingTotal(ctx, tx, w.month, w.kind, w.author, w.level, -1); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM writings WHERE kind IN ($1, $2) AND record_id = $3`,
		faces.WritingStory, faces.WritingPersonNotes, personID)
	return err
}

// WritingStats sums up the texts staff wrote in the filter's months, by
// month, by kind and by team of the author. Each is one grouped query over
// the sums kept as texts are written (writing_totals: a row per month,
// kind, author and level, however many texts); teams are the authors'
// current ones.
func (s *DB) WritingStats(ctx context.Context, f faces.WritingFilter) (*faces.WritingStats, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	where := `w.month >= $1 AND w.month <= $2`
	args := []any{f.From, f.To}
	if f.Kind != "" {
		args = append(args, f.Kind)
		where += ` AND w.kind = $3`
	}
	if f.Team != "" {
		team := f.Team
		if team == "-" {
			team = ""
		}
		args = append(args, team)
		where += ` AND COALESCE(u.team, '') = $` + strconv.Itoa(len(args))
	}
	from := ` FROM writing_totals w LEFT JOIN users u ON u.id = w.author_id WHERE ` + where
	st := &faces.WritingStats{}
	byMonth, err := s.writingRows(ctx, `SELECT w.month, w.most_concrete, SUM(w.n)`+from+` GROUP BY w.month, w.most_concrete`, args)
	if err != nil {
		return nil, err
	}
	for _, m := range monthsBetween(f.From, f.To) {
		row := faces.WritingRow{Key: m}
		if r, ok := byMonth[m]; ok {
			row = *r
		}
		st.Months = append(st.Months, row)
		st.Total.Texts += row.Texts
		st.Total.Mentioning += row.Mentioning
		for i := range row.At {
			st.Total.At[i] += row.At[i]
		}
	}
	byKind, err := s.writingRows(ctx, `SELECT w.kind, w.most_concrete, SUM(w.n)`+from+` GROUP BY w.kind, w.most_concrete`, args)
	if err != nil {
		return nil, err
	}
	for _, k := range faces.WritingKinds {
		if r, ok := byKind[k.Kind]; ok && r.Texts > 0 {
			st.Kinds = append(st.Kinds, *r)
		}
	}
	byTeam, err := s.writingRows(ctx, `SELECT COALESCE(u.team, ''), w.most_concrete, SUM(w.n)`+from+` GROUP BY COALESCE(u.team, ''), w.most_concrete`, args)
	if err != nil {
		return nil, err
	}
	for _, r := range byTeam {
		if r.Texts > 0 {
			st.Teams = append(st.Teams, *r)
		}
	}
	slices.SortFunc(st.Teams, func(a, b faces.WritingRow) int { return strings.Compare(a.Key, b.Key) })
	return st, nil
}

// writingRows runs a query of (key, most concrete level, count) and sums
// its rows up by key.
func (s *DB) writingRows(ctx context.Context, query string, args []any) (map[string]*faces.WritingRow, error) {
	out := map[string]*faces.WritingRow{}
	err := eachRow(ctx, s.q, query, args, func(r *sql.Rows) error {
		var key string
		var level, n int
		if err := r.Scan(&key, &level, &n); err != nil {
			return err
		}
		row := out[key]
		if row == nil {
			row = &faces.WritingRow{Key: key}
			out[key] = row
		}
		row.Texts += n
		if level >= 0 && level < len(row.At) {
			row.Mentioning += n
			row.At[level] += n
		}
		return nil
	})
	return out, err
}

// monthsBetween lists the months from one to another, both included
// (bounded: a filter spans at most ten years of months).
func monthsBetween(from, to string) []string {
	f, err1 := time.Parse("2006-01", from)
	t, err2 := time.Parse("2006-01", to)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []string
	for m := f; !m.After(t) && len(out) < 120; m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}
