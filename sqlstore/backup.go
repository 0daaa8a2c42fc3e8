package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of a running SQLite database to path,
// which must not exist: SQLite's VACUUM INTO reads one snapshot (a read
// transaction: writers carry on meanwhile) and writes it compacted. The
// copy is written under a temporary name beside path, checked with
// quick_check, and renamed into place only when whole, so a crash leaves
// no half copy under the name. PostgreSQL has pg_dump for this.
func (s *DB) Backup(ctx context.Context, path string) error {
	if s.dialect.Name != "sqlite" {
		return errors.New("faces backup copies SQLite databases; back PostgreSQL up with pg_dump (or its own tools)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists already; a backup never overwrites a file", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName) // VACUUM INTO wants to create the file itself
	defer os.Remove(tmpName)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO $1`, tmpName); err != nil {
		return err
	}
	if err := checkCopy(ctx, tmpName); err != nil {
		return err
	}
	return os.Rename(tmpName, path)
}

// checkCopy opens a copy just written and runs SQLite's quick_check on it.
func checkCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&result); err != nil {
		return fmt.Errorf("checking the copy: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("the copy failed its check: %s", result)
	}
	return nil
}
