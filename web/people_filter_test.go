package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

// The people list filtered by buying role, consent and photo, as cards or
// as a table with its tags as links — and the same filters in the API.
func TestPeopleListFilters(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 2)
	bo := &faces.Person{Name: "Bo Champion", Emails: []string{"bo@acme.example"}, Tags: []string{"night shift"}}
	if err := f.db.CreatePerson(ctx, bo); err != nil {
		t.Fatal(err)
	}
	if err := f.db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: bo.ID, CompanyID: 1, Role: "champion"}); err != nil {
		t.Fatal(err)
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people?role=champion&view=table", nil))
	if !strings.Contains(page, "Bo Champion") || strings.Contains(page, "Jill Okafor") || !strings.Contains(page, `<table class="people-table">`) ||
		!strings.Contains(page, `href="/people?tag=night%20shift"`) || !strings.Contains(page, "mailto:bo@acme.example") {
		t.Errorf("champions as a table:\n%s", page)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people?photo=yes", nil)); !strings.Contains(page, "No one matches.") {
		t.Errorf("no one with a photo:\n%s", page)
	}
	if resp := f.do(faces.RoleViewer, "GET", "/people?consent=perhaps", nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an unknown filter value: %d", resp.StatusCode)
	}
	resp, body := f.api(faces.RoleViewer, "GET", "/api/v1/people?consent=no&role=champion", "")
	if items, _ := body["items"].([]any); resp.StatusCode != http.StatusOK || len(items) != 1 {
		t.Errorf("the API's champions without consent: %d %v", resp.StatusCode, body)
	}
}
