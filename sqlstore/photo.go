package sqlstore

import (
	"context"
	"database/sql"

	"github.com/faces-org/faces"
)

var _ faces.PhotoService = (*DB)(nil)

// SavePhoto sets a person's portrait, in one transaction with its
// renditions; renditions no photo uses any more are removed.
func (s *DB) SavePhoto(ctx context.Context, personID int64, hash string, renditions map[string][]byte) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := findPerson(ctx, tx, personID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM photo_renditions WHERE hash = $1`, hash).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			for size, b := range renditions {
				if _, err := tx.ExecContext(ctx, `INSERT INTO photo_renditions (hash, size, bytes) VALUES ($1, $2, $3)`, hash, size, b); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM photos WHERE person_id = $1`, personID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO photos (person_id, hash, created_at) VALUES ($1, $2, $3)`, personID, hash, s.stamp(faces.Now())); err != nil {
			return err
		}
		if err := s.dropUnusedRenditions(ctx, tx, before.PhotoHash); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "photo", personID, map[string]string{"hash": before.PhotoHash}, map[string]string{"hash": hash})
	})
}

// DeletePhoto removes a person's portrait.
func (s *DB) DeletePhoto(ctx context.Context, personID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := findPerson(ctx, tx, personID)
		if err != nil {
			return err
		}
		if before.PhotoHash == "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM photos WHERE person_id = $1`, personID); err != nil {
			return err
		}
		if err := s.dropUnusedRenditions(ctx, tx, before.PhotoHash); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDelete, "photo", personID, map[string]string{"hash": before.PhotoHash}, nil)
	})
}

func (s *DB) dropUnusedRenditions(ctx context.Context, tx *sql.Tx, hash string) error {
	if hash == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM photo_renditions WHERE hash = $1 AND NOT EXISTS (SELECT 1 FROM photos WHERE hash = $1)`, hash)
	return err
}

// PhotoRendition returns one rendition, or ENOTFOUND.
func (s *DB) PhotoRendition(ctx context.Context, hash, size string) ([]byte, error) {
	var b []byte
	err := s.q.QueryRowContext(ctx, `SELECT bytes FROM photo_renditions WHERE hash = $1 AND size = $2`, hash, size).Scan(&b)
	return b, notFound(err, "Photo")
}
