package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/demo"
	"github.com/faces-org/faces/postgres/postgrestest"
)

// Every page renders for every person and company of the demo
// organization, whose data enters every branch of the templates: people
// with photos, stories, consent, moves, relationships and buying roles;
// companies with current and former people.
func TestEveryPageRendersWithDemoData(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { everyPageRenders(t, newFixture(t)) })
	t.Run("postgres", func(t *testing.T) { everyPageRenders(t, newFixtureOn(t, postgrestest.Open(t))) })
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
		"/tokens", "/search?q=night", "/search?q=northwind", "/people/new", "/companies/new",
		"/visits", "/visits/new", "/dashboard/visits", "/me", "/wall", "/wall/print", "/screens"}
	visits, _, _ := f.db.FindVisits(ctx, faces.VisitFilter{Limit: 100})
	if len(visits) == 0 {
		t.Fatal("the demo has no visits")
	}
	for _, v := range visits {
		paths = append(paths, fmt.Sprintf("/visits/%d", v.ID), fmt.Sprintf("/visits?company=%d", v.CompanyID))
		for _, s := range v.Staff {
			paths = append(paths, fmt.Sprintf("/visits?staff=%d", s.ID))
		}
		for _, p := range v.People {
			paths = append(paths, fmt.Sprintf("/visits?person=%d", p.ID))
		}
	}
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
