package sqlstore_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/faces-org/faces/postgres"
	"github.com/faces-org/faces/postgres/postgrestest"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

// A database that a newer Faces has migrated is refused with a clear
// message, and a running server stops saying it is ready once its
// database has moved on.
func TestNewerSchemaIsRefused(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		open func(t *testing.T) func() (*sqlstore.DB, error)
	}{
		{"sqlite", func(t *testing.T) func() (*sqlstore.DB, error) {
			file := filepath.Join(t.TempDir(), "faces.db")
			return func() (*sqlstore.DB, error) { return sqlite.Open(ctx, file) }
		}},
		{"postgres", func(t *testing.T) func() (*sqlstore.DB, error) {
			dsn := postgrestest.DSN(t)
			return func() (*sqlstore.DB, error) { return postgres.Open(ctx, dsn) }
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			open := tc.open(t)
			db, err := open()
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Ready(ctx); err != nil {
				t.Fatalf("a freshly migrated database is not ready: %v", err)
			}
			if _, err := db.SQL().Exec(`INSERT INTO schema_migrations (version) VALUES (9999)`); err != nil {
				t.Fatal(err)
			}
			if err := db.Ready(ctx); err == nil || !strings.Contains(err.Error(), "version 9999") {
				t.Errorf("ready on a newer schema: %v", err)
			}
			db.Close()
			db, err = open()
			if err == nil {
				db.Close()
				t.Fatal("an older Faces opened a newer schema")
			}
			if !strings.Contains(err.Error(), "newer than this build of Faces") || !strings.Contains(err.Error(), "9999") {
				t.Errorf("unclear refusal: %v", err)
			}
		})
	}
}

// Servers starting together on an empty PostgreSQL database migrate it
// once: each migration is applied by one of them, and all of them start.
func TestServersStartingTogetherMigrateOnce(t *testing.T) {
	dsn := postgrestest.DSN(t)
	const servers = 4
	var wg sync.WaitGroup
	errs := make([]error, servers)
	dbs := make([]*sqlstore.DB, servers)
	for i := range servers {
		wg.Go(func() { dbs[i], errs[i] = postgres.Open(context.Background(), dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("server %d: %v", i, err)
		}
		defer dbs[i].Close()
	}
	var rows, distinct int
	if err := dbs[0].SQL().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	migrations, _ := filepath.Glob("../postgres/migrations/*.sql")
	if rows != len(migrations) || distinct != rows {
		t.Errorf("schema_migrations has %d rows (%d distinct) for %d migrations", rows, distinct, len(migrations))
	}
	for i, db := range dbs {
		if err := db.Ready(context.Background()); err != nil {
			t.Errorf("server %d not ready: %v", i, err)
		}
	}
}
