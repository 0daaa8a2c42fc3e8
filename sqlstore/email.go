package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// normalEmail is how an address is compared: trimmed and lower-cased.
func normalEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// setEmails keeps person_emails, the index imports match people by, in
// step with a person's addresses.
func (s *DB) setEmails(ctx context.Context, tx *sql.Tx, personID int64, emails []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_emails WHERE person_id = $1`, personID); err != nil {
		return err
	}
	return s.addEmails(ctx, tx, personID, emails)
}

// addEmails adds addresses to person_emails.
func (s *DB) addEmails(ctx context.Context, tx *sql.Tx, personID int64, emails []string) error {
	for _, e := range emails {
		if e = normalEmail(e); e == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_emails (email, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, e, personID); err != nil {
			return err
		}
	}
	return nil
}

// emailHash is what is kept of an erased person's address.
func emailHash(e string) string {
	sum := sha256.Sum256([]byte(normalEmail(e)))
	return hex.EncodeToString(sum[:])
}

// rememberErased keeps the hashes of an erased person's addresses, so
// that an import meeting one again asks a human.
func (s *DB) rememberErased(ctx context.Context, tx *sql.Tx, emails []string) error {
	for _, e := range emails {
		if normalEmail(e) == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO erased_emails (hash) VALUES ($1) ON CONFLICT DO NOTHING`, emailHash(e)); err != nil {
			return err
		}
	}
	return nil
}

// trashedEmails reads the addresses of a person in the trash.
func trashedEmails(ctx context.Context, tx *sql.Tx, personID int64) ([]string, error) {
	var snapshot string
	err := tx.QueryRowContext(ctx, `SELECT snapshot FROM trash WHERE entity = 'person' AND entity_id = $1`, personID).Scan(&snapshot)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var snap personSnapshot
	if err := json.Unmarshal([]byte(snapshot), &snap); err != nil || snap.Person == nil {
		return nil, err
	}
	return snap.Person.Emails, nil
}

// WasErased tells whether an address belonged to a person who was erased.
func (s *DB) WasErased(ctx context.Context, email string) (bool, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM erased_emails WHERE hash = $1`, emailHash(email)).Scan(&n)
	return n > 0, err
}
