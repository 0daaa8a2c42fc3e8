package sqlstore

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"time"

	"github.com/faces-org/faces"
)

var _ faces.PhotoService = (*DB)(nil)

// SavePhoto sets a person's portrait, in one transaction with its
// renditions; renditions no photo uses any more are removed.
func (s *DB) SavePhoto(ctx context.Context, personID int64, hash string, renditions map[string][]byte) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockPerson(ctx, tx, personID)
		if err != nil {
			return err
		}
		if err := s.lockPictures(ctx, tx, hash, before.PhotoHash); err != nil {
			return err
		}
		if err := s.keepRenditions(ctx, tx, hash, renditions); err != nil {
			return err
		}
		if err := s.setPhoto(ctx, tx, personID, hash, faces.Now()); err != nil {
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
		before, err := s.lockPerson(ctx, tx, personID)
		if err != nil {
			return err
		}
		if before.PhotoHash == "" {
			return nil
		}
		if err := s.lockPictures(ctx, tx, before.PhotoHash); err != nil {
			return err
		}
		if err := s.removePhoto(ctx, tx, personID); err != nil {
			return err
		}
		if err := s.dropUnusedRenditions(ctx, tx, before.PhotoHash); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDelete, "photo", personID, map[string]string{"hash": before.PhotoHash}, nil)
	})
}

// lockPictures serializes, across servers, the transactions that store or
// drop the same pictures: without it, on PostgreSQL, two uploads of one
// picture insert its renditions twice, and a portrait replaced elsewhere
// can drop the renditions another transaction is about to use. The locks
// are taken in one order, so that they cannot deadlock, and held until
// the transaction ends. SQLite's transactions already run one at a time.
func (s *DB) lockPictures(ctx context.Context, tx *sql.Tx, hashes ...string) error {
	if s.dialect.Name != "postgres" {
		return nil
	}
	hashes = slices.DeleteFunc(slices.Clone(hashes), func(h string) bool { return h == "" })
	slices.Sort(hashes)
	for _, h := range slices.Compact(hashes) {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 7411204))`, h); err != nil {
			return err
		}
	}
	return nil
}

// keepRenditions stores a picture's renditions unless they are stored.
func (s *DB) keepRenditions(ctx context.Context, tx *sql.Tx, hash string, renditions map[string][]byte) error {
	if err := s.lockPictures(ctx, tx, hash); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM photo_renditions WHERE hash = $1`, hash).Scan(&n); err != nil || n > 0 {
		return err
	}
	for _, size := range slices.Sorted(maps.Keys(renditions)) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO photo_renditions (hash, size, bytes) VALUES ($1, $2, $3)`, hash, size, renditions[size]); err != nil {
			return err
		}
	}
	return nil
}

// dropUnusedRenditions removes a picture that no portrait and no visit
// uses any more.
func (s *DB) dropUnusedRenditions(ctx context.Context, tx *sql.Tx, hash string) error {
	if hash == "" {
		return nil
	}
	if err := s.lockPictures(ctx, tx, hash); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM photo_renditions WHERE hash = $1 AND NOT EXISTS (SELECT 1 FROM photos WHERE hash = $1)
		AND NOT EXISTS (SELECT 1 FROM visit_photos WHERE hash = $1)`, hash)
	return err
}

// MaxVisitPhotos bounds the photos of one visit.
const MaxVisitPhotos = 20

// AddVisitPhoto adds a photo to a visit.
func (s *DB) AddVisitPhoto(ctx context.Context, visitID int64, hash string, renditions map[string][]byte) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM visit_photos WHERE visit_id = $1`, visitID).Scan(&n); err != nil {
			return err
		}
		if ok, err := exists(ctx, tx, "visits", visitID); err != nil || !ok {
			if err != nil {
				return err
			}
			return faces.Errorf(faces.ENOTFOUND, "Visit not found.")
		}
		if n >= MaxVisitPhotos {
			return faces.Errorf(faces.EINVALID, "A visit holds at most %d photos.", MaxVisitPhotos)
		}
		if err := s.keepRenditions(ctx, tx, hash, renditions); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_photos (visit_id, hash, created_by, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
			visitID, hash, faces.ActorFromContext(ctx), s.stamp(faces.Now())); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "visit_photo", visitID, nil, map[string]string{"hash": hash})
	})
}

// RemoveVisitPhoto removes a photo from a visit.
func (s *DB) RemoveVisitPhoto(ctx context.Context, visitID int64, hash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM visit_photos WHERE visit_id = $1 AND hash = $2`, visitID, hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return faces.Errorf(faces.ENOTFOUND, "Photo not found.")
		}
		if err := s.dropUnusedRenditions(ctx, tx, hash); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDelete, "visit_photo", visitID, map[string]string{"hash": hash}, nil)
	})
}

// VisitPhotos lists a visit's photos' hashes, oldest first.
func (s *DB) VisitPhotos(ctx context.Context, visitID int64) ([]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT hash FROM visit_photos WHERE visit_id = $1 ORDER BY created_at, hash LIMIT $2`, visitID, MaxVisitPhotos)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// PhotoRendition returns one rendition, or ENOTFOUND.
func (s *DB) PhotoRendition(ctx context.Context, hash, size string) ([]byte, error) {
	var b []byte
	err := s.q.QueryRowContext(ctx, `SELECT bytes FROM photo_renditions WHERE hash = $1 AND size = $2`, hash, size).Scan(&b)
	return b, notFound(err, "Photo")
}

// setPhoto makes hash the person's portrait, and says so on their row
// (people.has_photo: the lists filtered by a photo walk its index).
func (s *DB) setPhoto(ctx context.Context, tx *sql.Tx, personID int64, hash string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM photos WHERE person_id = $1`, personID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO photos (person_id, hash, created_at) VALUES ($1, $2, $3)`, personID, hash, s.stamp(at)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE people SET has_photo = TRUE WHERE id = $1`, personID)
	return err
}

// removePhoto takes the person's portrait away, and says so on their row.
func (s *DB) removePhoto(ctx context.Context, tx *sql.Tx, personID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM photos WHERE person_id = $1`, personID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE people SET has_photo = FALSE WHERE id = $1`, personID)
	return err
}
