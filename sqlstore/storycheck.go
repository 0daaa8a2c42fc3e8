package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

// The story check's settings, and the version of the check the stored
// flags were made by (stories are checked again when it changes).
const (
	settingOurNames = "story_check.our_names"
	// Our words for our customers, which the lens reads as "customers".
	settingCustomerWords = "lens.customer_words"
	settingWallSkips     = "story_check.wall_skips"
	settingCheckedBy     = "story_check.version"
	storyCheckVersion    = "1"
)

// aboutUs runs the story check on a story's card and body.
func aboutUs(st *faces.Story, ours []string) []string {
	found := lens.AboutUs(st.Card+"\n\n"+st.Body, ours)
	if found == nil {
		found = []string{}
	}
	return found
}

// StoryCheck returns the story check's settings.
func (s *DB) StoryCheck(ctx context.Context) (faces.StoryCheck, error) {
	return s.storyCheck(ctx, s.q)
}

func (s *DB) storyCheck(ctx context.Context, q queryer) (faces.StoryCheck, error) {
	c := faces.StoryCheck{OurNames: []string{}, CustomerWords: []string{}}
	err := eachRow(ctx, q, `SELECT key, value FROM settings WHERE key IN ($1, $2, $3)`, []any{settingOurNames, settingCustomerWords, settingWallSkips}, func(r *sql.Rows) error {
		var key, value string
		if err := r.Scan(&key, &value); err != nil {
			return err
		}
		switch key {
		case settingWallSkips:
			c.WallSkips = value == "true"
			return nil
		case settingCustomerWords:
			return json.Unmarshal([]byte(value), &c.CustomerWords)
		}
		return json.Unmarshal([]byte(value), &c.OurNames)
	})
	return c, err
}

// lensWords returns what the lens is told of every text Faces holds: our
// own names and our words for our customers (the story check's settings).
func (s *DB) lensWords(ctx context.Context, q queryer) (lens.Known, error) {
	c, err := s.storyCheck(ctx, q)
	return lens.Known{Ours: c.OurNames, Customers: c.CustomerWords}, err
}

// SaveStoryCheck stores the settings. When our names or words for
// customers change, every story is checked again and every text the
// leaders' view counts is read again with them, in the background
// (ReadAgain): at a million stories that is seconds of work, too long to
// hold the database for in a request.
func (s *DB) SaveStoryCheck(ctx context.Context, c faces.StoryCheck) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.storyCheck(ctx, tx)
		if err != nil {
			return err
		}
		skips := "false"
		if c.WallSkips {
			skips = "true"
		}
		for key, value := range map[string]string{settingOurNames: listValue(c.OurNames), settingCustomerWords: listValue(c.CustomerWords), settingWallSkips: skips} {
			if err := s.setSetting(ctx, tx, key, value); err != nil {
				return err
			}
		}
		if !slices.Equal(before.OurNames, c.OurNames) || !slices.Equal(before.CustomerWords, c.CustomerWords) {
			if err := s.startReadingAgain(ctx, tx); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "story_check", 0, before, c)
	})
}

func (s *DB) setSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// checkStories checks every story again, a batch at a time, and writes
// the flags that changed.
func (s *DB) checkStories(ctx context.Context, tx *sql.Tx, ours []string) error {
	for after := int64(0); ; {
		last, n, err := checkStoryBatch(ctx, tx, ours, after, writingBatch)
		if err != nil || n < writingBatch {
			return err
		}
		after = last
	}
}

// checkStoryBatch checks again at most n stories after the person after,
// writes the flags that changed, and returns the last person read and how
// many were read.
func checkStoryBatch(ctx context.Context, tx *sql.Tx, ours []string, after int64, n int) (last int64, read int, err error) {
	type change struct {
		id      int64
		aboutUs string
	}
	var changes []change
	err = eachRow(ctx, tx, `SELECT person_id, card, body, about_us FROM stories WHERE person_id > $1 ORDER BY person_id LIMIT $2`, []any{after, n}, func(r *sql.Rows) error {
		st := &faces.Story{}
		var stored string
		if err := r.Scan(&st.PersonID, &st.Card, &st.Body, &stored); err != nil {
			return err
		}
		read++
		last = st.PersonID
		if v := listValue(aboutUs(st, ours)); v != stored {
			changes = append(changes, change{st.PersonID, v})
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET about_us = $1 WHERE person_id = $2`, c.aboutUs, c.id); err != nil {
			return 0, 0, err
		}
	}
	return last, read, nil
}

// CheckStoriesOnce checks every story when the stored flags were made by
// another version of the check (or none: a database from before it);
// Open calls it after the migrations.
func (s *DB) CheckStoriesOnce(ctx context.Context) error {
	return s.onceAt(ctx, settingCheckedBy, storyCheckVersion, func(tx *sql.Tx) error {
		c, err := s.storyCheck(ctx, tx)
		if err != nil {
			return err
		}
		return s.checkStories(ctx, tx, c.OurNames)
	})
}

// onceAt runs f in a transaction unless the setting key already holds
// version, and then sets it: work a database needs once, when one from
// before it opens (and again when the version changes).
func (s *DB) onceAt(ctx context.Context, key, version string, f func(*sql.Tx) error) error {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if err == nil && v == version {
		return nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := f(tx); err != nil {
			return err
		}
		return s.setSetting(ctx, tx, key, version)
	})
}

// StoriesAboutUs lists the people whose story is about us, by name (from
// the index of flagged stories).
func (s *DB) StoriesAboutUs(ctx context.Context, n int) ([]*faces.Person, error) {
	return s.queryPeople(ctx, `SELECT `+personColumns+` FROM stories st JOIN people p ON p.id = st.person_id `+personJoins+`
		WHERE st.about_us <> '[]' ORDER BY p.name, p.id LIMIT $1`, limit(n))
}
