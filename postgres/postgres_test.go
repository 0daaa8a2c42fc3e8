package postgres_test

import (
	"context"
	"testing"

	"github.com/faces-org/faces/postgres"
	"github.com/faces-org/faces/postgres/postgrestest"
)

// Faces' connections compile no query just in time, unless the URL asks
// for it.
func TestNoJIT(t *testing.T) {
	dsn := postgrestest.DSN(t)
	for _, c := range []struct{ dsn, want string }{{dsn, "off"}, {dsn + "&jit=on", "on"}} {
		db, err := postgres.Open(context.Background(), c.dsn)
		if err != nil {
			t.Fatal(err)
		}
		var jit string
		if err := db.SQL().QueryRow(`SHOW jit`).Scan(&jit); err != nil {
			t.Fatal(err)
		}
		if jit != c.want {
			t.Errorf("%s: jit = %s, want %s", c.dsn, jit, c.want)
		}
		db.Close()
	}
}
