// Package postgrestest gives tests a fresh PostgreSQL database: a schema of
// its own on the server FACES_TEST_POSTGRES names (scripts/postgres-test-server
// starts one), dropped when the test ends. Without a server the test is
// skipped, except in CI, where it fails.
package postgrestest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"

	"github.com/faces-org/faces/postgres"
	"github.com/faces-org/faces/sqlstore"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the admin connection
)

// Open returns a migrated database in a new schema, for one test.
func Open(t testing.TB) *sqlstore.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// DSN returns the connection string of a new, empty schema, for a test
// that opens the database itself (or runs servers on it); the schema is
// dropped when the test ends.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("FACES_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("FACES_TEST_POSTGRES is not set; CI must test PostgreSQL")
		}
		t.Skip("FACES_TEST_POSTGRES not set")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := fmt.Sprintf("faces_test_%d", rand.Uint64()>>1)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	return u.String()
}
