package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

var _ faces.StoryService = (*DB)(nil)

// FindStory returns a person's story, empty when none was written.
func (s *DB) FindStory(ctx context.Context, personID int64) (*faces.Story, error) {
	if _, err := s.FindPersonByID(ctx, personID); err != nil {
		return nil, err
	}
	return findStory(ctx, s.q, personID)
}

func findStory(ctx context.Context, q querier, personID int64) (*faces.Story, error) {
	st := &faces.Story{PersonID: personID}
	err := q.QueryRowContext(ctx, `SELECT card, body, source, source_of, updated_at, about_us FROM stories WHERE person_id = $1`, personID).
		Scan(&st.Card, &st.Body, &st.Source, &st.SourceOf, timeScan{&st.UpdatedAt}, listScan{&st.AboutUs})
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	return st, err
}

// SaveStory writes a person's story, replacing the previous one.
func (s *DB) SaveStory(ctx context.Context, st *faces.Story) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockPerson(ctx, tx, st.PersonID); err != nil {
			return err
		}
		before, err := findStory(ctx, tx, st.PersonID)
		if err != nil {
			return err
		}
		st.UpdatedAt = faces.Now()
		check, err := s.storyCheck(ctx, tx)
		if err != nil {
			return err
		}
		st.AboutUs = aboutUs(st, check.OurNames)
		beforeText := ""
		if before != nil {
			beforeText = before.Card + "\n\n" + before.Body
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM people WHERE id = $1`, st.PersonID).Scan(&name); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := s.noteWriting(ctx, tx, faces.WritingStory, st.PersonID, lens.Known{Name: name}, beforeText, st.Card+"\n\n"+st.Body); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE person_id = $1`, st.PersonID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stories (person_id, card, body, source, source_of, updated_at, about_us) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			st.PersonID, st.Card, st.Body, st.Source, st.SourceOf, s.stamp(st.UpdatedAt), listValue(st.AboutUs)); err != nil {
			return err
		}
		if err := s.indexPerson(ctx, tx, st.PersonID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "story", st.PersonID, before, st)
	})
}

const consentColumns = `id, person_id, granted_on, means, until_day, revoked_at, note, recorded_by, created_at`

func scanConsent(r rowScanner) (*faces.Consent, error) {
	c := &faces.Consent{}
	err := r.Scan(&c.ID, &c.PersonID, timeScan{&c.GrantedOn}, &c.Means, timeScan{&c.Until}, timeScan{&c.RevokedAt}, &c.Note, &c.RecordedBy, timeScan{&c.CreatedAt})
	return c, err
}

// Consents lists a person's consent records, newest first.
func (s *DB) Consents(ctx context.Context, personID int64) ([]*faces.Consent, error) {
	if _, err := s.FindPersonByID(ctx, personID); err != nil {
		return nil, err
	}
	return consentsOf(ctx, s.q, personID, "granted_on DESC, id DESC")
}

// GrantConsent records a new consent.
func (s *DB) GrantConsent(ctx context.Context, c *faces.Consent) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockPerson(ctx, tx, c.PersonID); err != nil {
			return err
		}
		c.RecordedBy, c.CreatedAt = faces.ActorFromContext(ctx), faces.Now()
		err := tx.QueryRowContext(ctx, `INSERT INTO consents (person_id, granted_on, means, until_day, note, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			c.PersonID, s.day(c.GrantedOn), c.Means, s.day(c.Until), c.Note, c.RecordedBy, s.stamp(c.CreatedAt)).Scan(&c.ID)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "consent", c.PersonID, nil, c)
	})
}

// RevokeConsent ends a consent now; revoking twice changes nothing.
func (s *DB) RevokeConsent(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanConsent(tx.QueryRowContext(ctx, `SELECT `+consentColumns+` FROM consents WHERE id = $1`, id))
		if err != nil {
			return notFound(err, "Consent")
		}
		if !before.RevokedAt.IsZero() {
			return nil
		}
		now := faces.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE consents SET revoked_at = $1 WHERE id = $2`, s.stamp(now), id); err != nil {
			return err
		}
		after := *before
		after.RevokedAt = now
		return s.audit(ctx, tx, "revoke", "consent", before.PersonID, before, &after)
	})
}
