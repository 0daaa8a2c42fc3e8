package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/faces-org/faces"
)

var _ faces.UploadService = (*DB)(nil)

const uploadColumns = `id, user_id, name, fields, skip_invalid, state, dry_run, read_count, report, error, created_at, updated_at`

func scanUpload(r rowScanner) (*faces.ContactUpload, error) {
	u := &faces.ContactUpload{}
	var fields string
	var report sql.NullString
	err := r.Scan(&u.ID, &u.UserID, &u.Name, &fields, &u.SkipInvalid, &u.State, &u.DryRun, &u.Read, &report, &u.Error,
		timeScan{&u.CreatedAt}, timeScan{&u.UpdatedAt})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(fields), &u.Fields); err != nil {
		return nil, err
	}
	if report.Valid {
		u.Report = &faces.ImportReport{}
		if err := json.Unmarshal([]byte(report.String), u.Report); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// CreateUpload keeps an uploaded contact file.
func (s *DB) CreateUpload(ctx context.Context, u *faces.ContactUpload, data []byte) error {
	now := faces.Now()
	fields, _ := json.Marshal(u.Fields)
	u.State, u.CreatedAt, u.UpdatedAt = faces.UploadUploaded, now, now
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO contact_uploads (user_id, name, data, fields, skip_invalid, state, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, u.UserID, u.Name, data, string(fields), u.SkipInvalid, u.State, s.stamp(now)).Scan(&u.ID)
	})
}

// FindUpload reads an upload, without its file. A run whose server has
// given no sign for faces.UploadStale is reported failed: its transaction
// ended with the server, and nothing was imported.
func (s *DB) FindUpload(ctx context.Context, id int64) (*faces.ContactUpload, error) {
	u, err := scanUpload(s.q.QueryRowContext(ctx, `SELECT `+uploadColumns+` FROM contact_uploads WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "Upload")
	}
	if u.State == faces.UploadRunning && faces.Now().Sub(u.UpdatedAt) > faces.UploadStale {
		u.State, u.Error = faces.UploadFailed, "The server running the import stopped; nothing was imported. Run it again."
	}
	return u, nil
}

// UploadData reads an upload's file.
func (s *DB) UploadData(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := s.q.QueryRowContext(ctx, `SELECT data FROM contact_uploads WHERE id = $1`, id).Scan(&data)
	return data, notFound(err, "Upload")
}

// UpdateUpload saves an upload's progress and outcome, and tells whether
// someone asked to cancel it.
func (s *DB) UpdateUpload(ctx context.Context, u *faces.ContactUpload) (bool, error) {
	fields, _ := json.Marshal(u.Fields)
	var report any
	if u.Report != nil {
		b, err := json.Marshal(u.Report)
		if err != nil {
			return false, err
		}
		report = string(b)
	}
	u.UpdatedAt = faces.Now()
	var cancel bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE contact_uploads SET fields = $1, skip_invalid = $2, state = $3, dry_run = $4, read_count = $5,
			report = $6, error = $7, updated_at = $8 WHERE id = $9 RETURNING cancel`,
			string(fields), u.SkipInvalid, u.State, u.DryRun, u.Read, report, u.Error, s.stamp(u.UpdatedAt), u.ID).Scan(&cancel)
	})
	return cancel, notFound(err, "Upload")
}

// StartUpload marks an upload running, unless a run is under way.
func (s *DB) StartUpload(ctx context.Context, u *faces.ContactUpload) error {
	fields, _ := json.Marshal(u.Fields)
	now := faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE contact_uploads SET state = $1, dry_run = $2, fields = $3, skip_invalid = $4, read_count = 0,
			report = NULL, error = '', cancel = $5, updated_at = $6 WHERE id = $7 AND (state <> $1 OR updated_at < $8)`,
			faces.UploadRunning, u.DryRun, string(fields), u.SkipInvalid, false, s.stamp(now), u.ID, s.stamp(now.Add(-faces.UploadStale)))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return faces.Errorf(faces.ECONFLICT, "This file is being imported already.")
		}
		u.State, u.Read, u.Report, u.Error, u.UpdatedAt = faces.UploadRunning, 0, nil, "", now
		return nil
	})
}

// CancelUpload asks the run under way to stop; it stops at its next
// sign of progress, and changes nothing.
func (s *DB) CancelUpload(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE contact_uploads SET cancel = $1 WHERE id = $2`, true, id)
		return err
	})
}

// PurgeUploads forgets the uploads made before the time, files and all.
func (s *DB) PurgeUploads(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM contact_uploads WHERE created_at < $1 AND state <> $2`, s.stamp(before), faces.UploadRunning)
		if err == nil {
			n, _ = res.RowsAffected()
		}
		return err
	})
	return int(n), err
}
