package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/faces-org/faces"
)

var _ faces.OpenerService = (*DB)(nil)

// openerWindow is how many people with a story that match the topic are
// scored; the full-text index finds them, so a common word costs at most
// this many.
const openerWindow = 400

// Openers proposes stories to open a meeting with (see
// faces.OpenerService): the full-text index finds the people with a story
// whose record speaks of the topic; each is scored by where the topic's
// words appear (story, title, company, tags, what they said), then
// consent, a photo and the team's recent hearing weigh in. Candidates are
// scored from the few columns the score reads; only the chosen few are
// read whole.
func (s *DB) Openers(ctx context.Context, q faces.OpenerQuery, n int) ([]*faces.Opener, error) {
	terms := faces.OpenerTerms(q.Topic)
	ids, err := s.openerCandidates(ctx, terms)
	if err != nil {
		return nil, err
	}
	matched := len(ids) > 0
	if !matched {
		// Nothing speaks of the topic: the stories written last.
		if ids, err = scanIDs(s.q.QueryContext(ctx, `SELECT person_id FROM stories WHERE card <> '' ORDER BY updated_at DESC LIMIT 50`)); err != nil {
			return nil, err
		}
	}
	if len(ids) == 0 {
		return []*faces.Opener{}, nil
	}
	cands, err := s.openerDetails(ctx, ids, q.Team)
	if err != nil {
		return nil, err
	}
	attending := map[string]bool{}
	for _, a := range q.Attendees {
		attending[normalEmail(a)] = true
	}
	var out []*faces.Opener
	for _, c := range cands {
		if inRoom(c.emails, attending) {
			continue
		}
		o := &faces.Opener{Person: &faces.Person{ID: c.id}, Story: c.story}
		o.Score, o.Why = c.score(terms, matched)
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Person.ID < out[j].Person.ID
	})
	return s.readOpeners(ctx, out[:min(len(out), max(n, 1))])
}

// readOpeners reads the chosen openers' people whole, and their texts;
// one deleted meanwhile is left out.
func (s *DB) readOpeners(ctx context.Context, openers []*faces.Opener) ([]*faces.Opener, error) {
	ids := make([]int64, len(openers))
	for i, o := range openers {
		ids[i] = o.Person.ID
	}
	people, err := s.peopleInOrder(ctx, ids)
	if err != nil {
		return nil, err
	}
	kept := openers[:0]
	for _, o := range openers {
		if len(people) > 0 && people[0].ID == o.Person.ID {
			o.Person, people = people[0], people[1:]
			o.Text = faces.OpenerText(o.Person, o.Story)
			kept = append(kept, o)
		}
	}
	return kept, nil
}

func inRoom(emails []string, attending map[string]bool) bool {
	for _, e := range emails {
		if attending[normalEmail(e)] {
			return true
		}
	}
	return false
}

// openerCandidates finds people with a story whose record matches any of
// the terms (as a word's beginning), through the full-text index.
func (s *DB) openerCandidates(ctx context.Context, terms []string) ([]int64, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	quoted := make([]string, len(terms))
	if s.postgres() {
		for i, t := range terms {
			quoted[i] = strings.ReplaceAll(t, "'", "") + ":*"
		}
		return scanIDs(s.q.QueryContext(ctx, `SELECT p.id FROM people p JOIN stories st ON st.person_id = p.id
			WHERE p.search @@ (to_tsquery('simple', $1) && `+storyMark+`::tsquery) AND st.card <> '' LIMIT `+fmt.Sprint(openerWindow),
			strings.Join(quoted, " | ")))
	}
	for i, t := range terms {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, "") + `"*`
	}
	return scanIDs(s.q.QueryContext(ctx, `SELECT s.rowid FROM people_search s JOIN stories st ON st.person_id = s.rowid
		WHERE people_search MATCH $1 AND st.card <> '' LIMIT `+fmt.Sprint(openerWindow), strings.Join(quoted, " OR ")))
}

// openerCandidate is a person with a story: what is scored, and the
// addresses that tell whether they are in the room.
type openerCandidate struct {
	id             int64
	emails, tags   []string
	notes          string
	title, company string // of their current position
	story          *faces.Story
	said           []string // their insights; wishes count twice
	consent        bool
	heard          bool // by the team, recently
	hasPhoto       bool
}

// openerDetails reads what the candidates are scored by — their record's
// words, stories, insights, consent and the team's recent hearing — in
// four queries.
func (s *DB) openerDetails(ctx context.Context, ids []int64, team string) ([]*openerCandidate, error) {
	in, args := idsIn(ids)
	each := func(query string, extra []any, scan func(*sql.Rows) error) error {
		return eachRow(ctx, s.q, query, append(args, extra...), scan)
	}
	byID := map[int64]*openerCandidate{}
	var out []*openerCandidate
	if err := each(`SELECT p.id, p.emails, p.tags, p.notes, COALESCE(c.title, ''), COALESCE(co.name, ''), p.has_photo,
		st.card, st.body, st.source, st.source_of
		FROM people p JOIN stories st ON st.person_id = p.id
		LEFT JOIN positions c ON c.person_id = p.id AND c.to_day IS NULL
		LEFT JOIN companies co ON co.id = c.company_id
		WHERE p.id IN (`+in+`)`, nil, func(r *sql.Rows) error {
		c := &openerCandidate{story: &faces.Story{}}
		if err := r.Scan(&c.id, listScan{&c.emails}, listScan{&c.tags}, &c.notes, &c.title, &c.company, &c.hasPhoto,
			&c.story.Card, &c.story.Body, &c.story.Source, &c.story.SourceOf); err != nil {
			return err
		}
		c.story.PersonID = c.id
		byID[c.id] = c
		out = append(out, c)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(`SELECT person_id, type, text FROM insights WHERE person_id IN (`+in+`) ORDER BY id DESC`, nil, func(r *sql.Rows) error {
		var id int64
		var typ, text string
		if err := r.Scan(&id, &typ, &text); err != nil {
			return err
		}
		if c := byID[id]; c != nil && len(c.said) < 50 {
			c.said = append(c.said, text)
			if typ == "wish" {
				c.said = append(c.said, text)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	now, today := faces.Now(), faces.Today()
	n := len(args)
	if err := each(`SELECT DISTINCT k.person_id FROM consents k WHERE k.person_id IN (`+in+`) AND `+consentHoldsOn(fmt.Sprintf("$%d", n+1), fmt.Sprintf("$%d", n+2)),
		[]any{s.day(today), s.stamp(now)}, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			if c := byID[id]; c != nil {
				c.consent = true
			}
			return nil
		}); err != nil {
		return nil, err
	}
	if team != "" {
		if err := each(`SELECT DISTINCT person_id FROM opener_uses WHERE person_id IN (`+in+`) AND team = `+fmt.Sprintf("$%d AND used_at > $%d", n+1, n+2),
			[]any{team, s.stamp(now.Add(-faces.OpenerHeardFor))}, func(r *sql.Rows) error {
				var id int64
				if err := r.Scan(&id); err != nil {
					return err
				}
				if c := byID[id]; c != nil {
					c.heard = true
				}
				return nil
			}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// score weighs a candidate: each topic word found counts by where it is
// found (the story most, then their role, company and tags, then what
// they said, then notes), damped so that one word repeated does not
// outweigh several; then consent, a photo, and the team having heard it.
func (c *openerCandidate) score(terms []string, matched bool) (float64, []string) {
	var why []string
	score := 0.0
	if matched {
		fields := []struct {
			text   string
			weight float64
			where  string
		}{
			{c.story.Card + " " + c.story.Body, 3, "their story"},
			{c.title, 2, "their role"},
			{c.company, 2, "their company"},
			{strings.Join(c.tags, " "), 2, "their tags"},
			{strings.Join(c.said, " "), 1.5, "what they said"},
			{c.notes, 0.5, "the notes on them"},
		}
		for _, f := range fields {
			words := wordsOf(f.text)
			var found []string
			for _, t := range terms {
				hits := 0
				for _, w := range words {
					if strings.HasPrefix(w, t) {
						hits++
					}
				}
				if hits > 0 {
					score += f.weight * (1 + math.Log(float64(hits)))
					found = append(found, t)
				}
			}
			if len(found) > 0 {
				why = append(why, f.where+" speaks of "+strings.Join(found, ", "))
			}
		}
	} else {
		why = append(why, "no story speaks of the topic; one of the latest")
	}
	bonus := 1.0
	if c.consent {
		bonus += 0.25
		why = append(why, "consent to be shown")
	}
	if c.hasPhoto {
		bonus += 0.1
	}
	if c.heard {
		bonus *= 0.2
		why = append(why, "the team heard it lately")
	}
	return (score + 0.01) * bonus, why
}

// wordsOf splits a text into lower-case words.
func wordsOf(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// OpenerUsed notes that a team opened a meeting with a person's story.
func (s *DB) OpenerUsed(ctx context.Context, team string, personID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := findPerson(ctx, tx, personID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO opener_uses (team, person_id, used_at) VALUES ($1, $2, $3)`, team, personID, s.stamp(faces.Now()))
		return err
	})
}
