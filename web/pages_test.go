package web

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/demo"
	"github.com/faces-org/faces/postgres"
	"github.com/faces-org/faces/sqlstore"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// Every page renders for every person and company of the demo
// organization, whose data enters every branch of the templates: people
// with photos, stories, consent, moves, relationships and buying roles;
// companies with current and former people.
func TestEveryPageRendersWithDemoData(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { everyPageRenders(t, newFixture(t)) })
	t.Run("postgres", func(t *testing.T) { everyPageRenders(t, newFixtureOn(t, openPostgres(t))) })
}

// openPostgres opens a fresh schema of the test server (FACES_TEST_POSTGRES),
// or skips; in CI a missing server is a failure.
func openPostgres(t *testing.T) *sqlstore.DB {
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
	schema := fmt.Sprintf("faces_web_test_%d", rand.Uint64()>>1)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(dsn)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := postgres.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	return db
}

func everyPageRenders(t *testing.T, f *fixture) {
	ctx := context.Background()
	// The fixture's own person and company would make the demo refuse.
	f.db.DeletePerson(ctx, 1)
	f.db.DeleteCompany(ctx, 1)
	if err := demo.Fill(ctx, f.db); err != nil {
		t.Fatal(err)
	}
	people, _, _ := f.db.FindPeople(ctx, faces.PersonFilter{Limit: 100})
	companies, _, _ := f.db.FindCompanies(ctx, faces.CompanyFilter{Limit: 100})
	paths := []string{"/people", "/companies", "/companies?key=1", "/changes", "/audit", "/audit?entity=person", "/accounts",
		"/tokens", "/search?q=night", "/search?q=northwind", "/people/new", "/companies/new"}
	for _, p := range people {
		paths = append(paths, fmt.Sprintf("/people/%d", p.ID), fmt.Sprintf("/people/%d/edit", p.ID),
			fmt.Sprintf("/people/%d/move", p.ID), fmt.Sprintf("/people/%d/story", p.ID))
	}
	for _, c := range companies {
		paths = append(paths, fmt.Sprintf("/companies/%d", c.ID), fmt.Sprintf("/companies/%d/edit", c.ID),
			fmt.Sprintf("/people?company=%d", c.ID))
	}
	for _, role := range []faces.Role{faces.RoleViewer, faces.RoleAdmin} {
		for _, path := range paths {
			resp := f.do(role, "GET", path, nil)
			body := bodyOf(t, resp)
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: %d", role, path, resp.StatusCode)
			}
			if strings.Contains(body, "Internal error") {
				t.Errorf("%s GET %s: internal error", role, path)
			}
		}
	}
}
