// Package sqlite opens Faces' embedded database: one SQLite file (with its
// write-ahead log beside it), through the pure-Go modernc.org/sqlite driver,
// so the faces binary needs no C library.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"io/fs"
	"net/url"

	"github.com/faces-org/faces/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open opens (creating if need be) the SQLite database at path and brings
// its schema up to date. ":memory:" opens a private in-memory database.
func Open(ctx context.Context, path string) (*sqlstore.DB, error) {
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(5000)", "synchronous(NORMAL)",
		// Deleted content is overwritten with zeros, not left in free pages:
		// an erased person must be gone from the file itself.
		"secure_delete(1)",
		// Statement journals and sorts stay in memory: a statement inside
		// a transaction otherwise writes its undo pages to a temporary
		// file, a third of an import's time.
		"temp_store(MEMORY)",
		// Reads come straight from the file's pages in the operating
		// system's cache, shared by every connection, instead of a copy
		// into each connection's own 2 MB cache by a system call per page:
		// at a million people (800 MB), a search for a name runs three
		// times as fast and the lists 40 % faster under load
		// (BENCHMARKS.md). Writes still go through the write-ahead log.
		// SQLite caps the mapping at 2 GB; past it, reads go as before.
		"mmap_size(2147483648)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1) // each connection would have its own database
	} else {
		// Readers run side by side on the write-ahead log; keep every
		// connection open (database/sql keeps only two idle by default, and
		// each new connection costs a file open, the pragmas, and fresh
		// prepared statements).
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	s, err := sqlstore.New(ctx, db, sqlstore.Dialect{Name: "sqlite", TimesAsText: true,
		BeforeMigrations: "PRAGMA foreign_keys = OFF", AfterMigrations: "PRAGMA foreign_keys = ON",
		ForeignKeyCheck: "PRAGMA foreign_key_check",
		// The write-ahead log still holds pages from before an erasure;
		// copying it into the database and truncating it leaves none.
		AfterErasure: "PRAGMA wal_checkpoint(TRUNCATE)",
		OneWriter:    true}, sub)
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := s.UpgradeSearchIndex(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.CheckStoriesOnce(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.ReadWritingsOnce(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}
