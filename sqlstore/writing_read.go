package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

// Writings are read from texts written before the leaders' view existed
// once, when a database from before it opens.
const (
	settingWritingsRead = "writings.version"
	writingsVersion     = "1"
	// Insights in our words, counted from the twelfth session on.
	settingInsightWritingsRead = "writings.insights.version"
	insightWritingsVersion     = "1"
	// settingRereadFrom is where the reading again of every story and
	// text with new names or words (ReadAgain) has got to: a step (0 the
	// stories' check, then each of writingSources) and the last id read
	// of it. None: nothing to read.
	settingRereadFrom = "writings.reread_from"
)

// writingSource is a kind of text and the query that reads a batch of
// them after an id ($1, at most $2 of them): the id, the text, when, by
// whom, and the name of whom it is about.
type writingSource struct{ kind, query string }

// writingSources are every kind of text the leaders' view counts.
var writingSources = []writingSource{
	// A story's card and body are read as one text, as when it is saved.
	{faces.WritingStory, `SELECT s.person_id, s.card || '` + "\n\n" + `' || s.body, s.updated_at, 0, COALESCE(p.name, '') FROM stories s
		LEFT JOIN people p ON p.id = s.person_id WHERE s.person_id > $1 ORDER BY s.person_id LIMIT $2`},
	{faces.WritingPersonNotes, `SELECT id, notes, updated_at, 0, name FROM people WHERE id > $1 AND notes <> '' ORDER BY id LIMIT $2`},
	{faces.WritingCompanyStory, `SELECT id, story, updated_at, 0, name FROM companies WHERE id > $1 AND story <> '' ORDER BY id LIMIT $2`},
	{faces.WritingVisitNotes, `SELECT v.id, v.notes, v.on_day, v.created_by, COALESCE(c.name, '') FROM visits v
		LEFT JOIN companies c ON c.id = v.company_id WHERE v.id > $1 AND v.notes <> '' ORDER BY v.id LIMIT $2`},
	{faces.WritingEventNotes, `SELECT id, notes, created_at, created_by, '' FROM events WHERE id > $1 AND notes <> '' ORDER BY id LIMIT $2`},
	{faces.WritingReview, `SELECT r.id, r.notes, r.created_at, r.created_by, COALESCE(c.name, '') FROM reviews r
		LEFT JOIN companies c ON c.id = r.company_id WHERE r.id > $1 ORDER BY r.id LIMIT $2`},
	{faces.WritingInsight, `SELECT i.id, i.text, i.created_at, i.created_by, COALESCE(p.name, '') FROM insights i
		LEFT JOIN people p ON p.id = i.person_id WHERE i.id > $1 AND NOT i.verbatim ORDER BY i.id LIMIT $2`},
}

// writingBatch is how many texts are read at a time.
const writingBatch = 500

// writingText is one text of a source as the leaders' view reads it.
type writingText struct {
	id, author int64
	body       string
	notes      string // a review's own notes, without its answers
	at         time.Time
	known      lens.Known
}

// readWritingBatch reads at most n texts of a source after the id after,
// each with what the lens is told of it, as when it is written: whom it is
// about (its kind), their name, our names and words for customers; a
// visit's notes whom it met and who went; a review's text goes on with
// its answers and names the people they are about.
func (s *DB) readWritingBatch(ctx context.Context, tx *sql.Tx, src writingSource, after int64, n int, words lens.Known) ([]writingText, error) {
	var texts []writingText
	err := eachRow(ctx, tx, src.query, []any{after, n}, func(r *sql.Rows) error {
		var t writingText
		if err := r.Scan(&t.id, &t.body, timeScan{&t.at}, &t.author, &t.known.Name); err != nil {
			return err
		}
		texts = append(texts, t)
		return nil
	})
	if err != nil || len(texts) == 0 {
		return nil, err
	}
	switch src.kind {
	case faces.WritingVisitNotes:
		visits := make([]*faces.Visit, len(texts))
		for i, t := range texts {
			visits[i] = &faces.Visit{ID: t.id, CompanyName: t.known.Name}
		}
		if err := s.fillVisits(ctx, tx, visits); err != nil {
			return nil, err
		}
		for i := range texts {
			texts[i].known = visitKnown(visits[i])
		}
	case faces.WritingReview:
		for i := range texts {
			texts[i].notes = texts[i].body
		}
		if err := s.addReviewAnswers(ctx, tx, texts); err != nil {
			return nil, err
		}
	}
	for i := range texts {
		texts[i].known.About = writingAbout[src.kind]
		texts[i].known.Ours, texts[i].known.Customers = words.Ours, words.Customers
	}
	return texts, nil
}

// addReviewAnswers adds to a batch of reviews, in order of id, their
// answers and the names of the people they are about.
func (s *DB) addReviewAnswers(ctx context.Context, tx *sql.Tx, reviews []writingText) error {
	at := make(map[int64]*writingText, len(reviews))
	for i := range reviews {
		at[reviews[i].id] = &reviews[i]
	}
	return eachRow(ctx, tx, `SELECT a.review_id, a.answer, COALESCE(p.name, '') FROM review_answers a LEFT JOIN people p ON p.id = a.person_id
		WHERE a.review_id >= $1 AND a.review_id <= $2 ORDER BY a.review_id, a.person_id`,
		[]any{reviews[0].id, reviews[len(reviews)-1].id}, func(r *sql.Rows) error {
			var id int64
			var answer, name string
			if err := r.Scan(&id, &answer, &name); err != nil {
				return err
			}
			if t := at[id]; t != nil {
				t.body += "\n\n" + answer
				t.known.People = append(t.known.People, name)
			}
			return nil
		})
}

// ReadWritingsOnce fills the leaders' view from the texts already held,
// when the database has never been read for it: each text counts in the
// month it was last changed (a visit in its month), by its author where
// Faces knows one (visits, reviews, events, insights). Insights in our
// words were counted later than the rest, so a database read before then
// is read once more for them alone.
func (s *DB) ReadWritingsOnce(ctx context.Context) error {
	insights := writingSources[len(writingSources)-1:]
	err := s.onceAt(ctx, settingWritingsRead, writingsVersion, func(tx *sql.Tx) error {
		return s.readWritings(ctx, tx, writingSources[:len(writingSources)-1])
	})
	if err != nil {
		return err
	}
	return s.onceAt(ctx, settingInsightWritingsRead, insightWritingsVersion, func(tx *sql.Tx) error {
		return s.readWritings(ctx, tx, insights)
	})
}

// readWritings puts every text of the sources in the leaders' view, a
// batch at a time after the last id read, so that neither memory nor an
// open cursor grows with the database.
func (s *DB) readWritings(ctx context.Context, tx *sql.Tx, sources []writingSource) error {
	words, err := s.lensWords(ctx, tx)
	if err != nil {
		return err
	}
	for _, src := range sources {
		for after := int64(0); ; {
			texts, err := s.readWritingBatch(ctx, tx, src, after, writingBatch, words)
			if err != nil {
				return err
			}
			if len(texts) == 0 {
				break
			}
			for _, t := range texts {
				if strings.TrimSpace(t.body) == "" {
					continue
				}
				if err := s.putWriting(ctx, tx, src.kind, t.id, t.at.UTC().Format("2006-01"), t.author, t.known, t.body); err != nil {
					return err
				}
			}
			after = texts[len(texts)-1].id
		}
	}
	return nil
}

// startReadingAgain has every story checked again and every text the
// leaders' view counts read again (ReadAgain), from the first, as part of
// tx: our names or words for customers have changed.
func (s *DB) startReadingAgain(ctx context.Context, tx *sql.Tx) error {
	return s.setSetting(ctx, tx, settingRereadFrom, "0:0")
}

// ReadAgain does the next batch of at most n of what new names or words
// for customers call for (SaveStoryCheck): first every story is checked
// again (its flag, that it is about us), then every text the leaders' view
// counts is read again, each as it is now, in the last month it counts in,
// by its author then. It tells whether anything is left to read.
//
// Each batch is a transaction that holds where the reading has got to, so
// the reading survives a restart, and two servers never read the same
// batch twice: the second waits for the first and goes on from where it
// left off.
func (s *DB) ReadAgain(ctx context.Context, n int) (left bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var from string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`+s.forUpdate(), settingRereadFrom).Scan(&from)
		if errors.Is(err, sql.ErrNoRows) || err == nil && from == "" {
			return nil
		}
		if err != nil {
			return err
		}
		// The steps: 0 checks the stories, 1 onwards read the sources
		// of the leaders' view in turn.
		var step int
		var after int64
		if _, err := fmt.Sscanf(from, "%d:%d", &step, &after); err != nil || step < 0 || step > len(writingSources) {
			return s.setSetting(ctx, tx, settingRereadFrom, "") // a place this version does not know: stop
		}
		words, err := s.lensWords(ctx, tx)
		if err != nil {
			return err
		}
		var last int64
		var read int
		if step == 0 {
			last, read, err = checkStoryBatch(ctx, tx, words.Ours, after, n)
		} else {
			last, read, err = s.rereadWritingBatch(ctx, tx, writingSources[step-1], after, n, words)
		}
		if err != nil {
			return err
		}
		next := fmt.Sprintf("%d:0", step+1)
		if read == n {
			next = fmt.Sprintf("%d:%d", step, last)
		} else if step == len(writingSources) {
			next = ""
		}
		left = next != ""
		return s.setSetting(ctx, tx, settingRereadFrom, next)
	})
	return left && err == nil, err
}

// rereadWritingBatch reads again at most n texts of a source after the id
// after, and returns the last id read and how many were read.
func (s *DB) rereadWritingBatch(ctx context.Context, tx *sql.Tx, src writingSource, after int64, n int, words lens.Known) (last int64, read int, err error) {
	texts, err := s.readWritingBatch(ctx, tx, src, after, n, words)
	if err != nil || len(texts) == 0 {
		return 0, 0, err
	}
	rows, err := lastWritings(ctx, tx, src.kind, after, texts)
	if err != nil {
		return 0, 0, err
	}
	moved := map[writingTotal]int{} // the sums' changes, added once a batch
	for _, t := range texts {
		if w, ok := rows[t.id]; ok { // a text the view does not count stays out of it
			if err := rereadWriting(ctx, tx, src.kind, t, w, moved); err != nil {
				return 0, 0, err
			}
		}
		if src.kind == faces.WritingReview {
			if err := rereadReviewFlag(ctx, tx, t); err != nil {
				return 0, 0, err
			}
		}
	}
	// In order, so that two transactions take the sums' rows in the same
	// order.
	for _, k := range slices.SortedFunc(maps.Keys(moved), compareTotals) {
		if moved[k] == 0 {
			continue
		}
		if err := addWritingTotal(ctx, tx, k.month, src.kind, k.author, k.level, moved[k]); err != nil {
			return 0, 0, err
		}
	}
	return texts[len(texts)-1].id, len(texts), nil
}

// lastWritings returns the row of the last month each text of a batch
// (after the id after, in order of id) counts in, in one query.
func lastWritings(ctx context.Context, tx *sql.Tx, kind string, after int64, texts []writingText) (map[int64]writingTotal, error) {
	if len(texts) == 0 {
		return nil, nil
	}
	last := make(map[int64]writingTotal, len(texts))
	err := eachRow(ctx, tx, `SELECT record_id, month, author_id, most_concrete FROM writings
		WHERE kind = $1 AND record_id > $2 AND record_id <= $3 ORDER BY record_id, month`,
		[]any{kind, after, texts[len(texts)-1].id}, func(r *sql.Rows) error {
			var id int64
			var w writingTotal
			if err := r.Scan(&id, &w.month, &w.author, &w.level); err != nil {
				return err
			}
			last[id] = w // months in order: the last one stays
			return nil
		})
	return last, err
}

// writingTotal is a month, an author and a level of a kind of text: the
// row a text counts in (writings), and the sum it is counted in
// (writing_totals).
type writingTotal struct {
	month  string
	author int64
	level  int
}

func compareTotals(a, b writingTotal) int {
	return cmp.Or(strings.Compare(a.month, b.month), cmp.Compare(a.author, b.author), cmp.Compare(a.level, b.level))
}

// rereadWriting reads one text again and, when it now reaches another
// level, moves its last month's row w to it and notes the sums' change in
// moved. An empty text stays as it was.
func rereadWriting(ctx context.Context, tx *sql.Tx, kind string, t writingText, w writingTotal, moved map[writingTotal]int) error {
	if strings.TrimSpace(t.body) == "" {
		return nil
	}
	level := -1
	if l, ok := lens.MostConcrete(strings.TrimSpace(t.body), t.known); ok {
		level = int(l)
	}
	if level == w.level {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE writings SET most_concrete = $1 WHERE kind = $2 AND record_id = $3 AND month = $4`, level, kind, t.id, w.month); err != nil {
		return err
	}
	moved[w]--
	w.level = level
	moved[w]++
	return nil
}

// rereadReviewFlag reads a review's notes again for their flag: they speak
// of the company only in the abstract (see CreateReview).
func rereadReviewFlag(ctx context.Context, tx *sql.Tx, t writingText) error {
	known := t.known
	known.About = lens.AboutACompany
	abstract := t.notes != "" && lens.OnlyAbstract(t.notes, known)
	_, err := tx.ExecContext(ctx, `UPDATE reviews SET abstract = $1 WHERE id = $2 AND abstract <> $1`, abstract, t.id)
	return err
}

// BeingReadAgain tells whether stories and texts are being read again with
// new names or words for customers (ReadAgain).
func (s *DB) BeingReadAgain(ctx context.Context) (bool, error) {
	var from string
	err := s.q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, settingRereadFrom).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return from != "", err
}
