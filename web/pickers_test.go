package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

// Without the script, a picker searches what was typed: one match is
// taken; several come back as the list to choose from, with what was
// typed kept; a chosen "… · #id" names the record.
func TestPickersSearchWhatWasTyped(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	for _, name := range []string{"Ann Lee", "Ann Lindqvist", "Bo Tanaka"} {
		f.db.CreatePerson(ctx, &faces.Person{Name: name})
	}
	resp := f.do(faces.RoleEditor, "POST", "/people/1/relationships", url.Values{"kind": {"works_with"}, "to": {"ann"}})
	body := bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Several match") ||
		!strings.Contains(body, `<option value="Ann Lee · #`) || !strings.Contains(body, `<option value="Ann Lindqvist · #`) || !strings.Contains(body, `value="ann"`) {
		t.Errorf("an ambiguous name: %d\n%s", resp.StatusCode, body)
	}
	resp = f.do(faces.RoleEditor, "POST", "/people/1/relationships", url.Values{"kind": {"works_with"}, "to": {"tanaka"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a single match: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleEditor, "POST", "/people/1/relationships", url.Values{"kind": {"reports_to"}, "to": {"Ann Lee · #2"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a chosen option: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleEditor, "POST", "/people/1/relationships", url.Values{"kind": {"works_with"}, "to": {"nobody at all"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "No person matches") {
		t.Errorf("no match: %d", resp.StatusCode)
	}
	rels, _ := f.db.Relationships(ctx, 1)
	if len(rels) != 2 {
		t.Errorf("%d relationships, want 2", len(rels))
	}
	// The editor's page offers no list of everyone: it stays small.
	if body := bodyOf(t, f.do(faces.RoleEditor, "GET", "/people/1", nil)); strings.Contains(body, "<select name=\"to\"") || len(body) > 40_000 {
		t.Errorf("the editor's person page is %d bytes", len(body))
	}
}

// One step to add someone at a company: the new-person form (and the API)
// take the company and title and record the first position; bad input
// keeps what was typed and creates no one.
func TestCreatePersonAtACompany(t *testing.T) {
	f := newFixture(t)
	if body := bodyOf(t, f.do(faces.RoleEditor, "GET", "/people/new?company=1", nil)); !strings.Contains(body, `value="Acme · #1"`) {
		t.Errorf("the form from a company page does not name the company:\n%s", body)
	}
	resp := f.do(faces.RoleEditor, "POST", "/people", url.Values{"name": {"Bill Tran"}, "company": {"Acme · #1"}, "title": {""}, "since": {"2025-04-01"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "A title is required") || !strings.Contains(body, `value="Bill Tran"`) {
		t.Errorf("no title: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleEditor, "POST", "/people", url.Values{"name": {"Bill Tran"}, "company": {"acme"}, "title": {"Ops manager"}, "since": {"2025-04-01"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	people, _, _ := f.db.FindPeople(t.Context(), faces.PersonFilter{CompanyID: 1})
	if len(people) != 1 || people[0].Name != "Bill Tran" || people[0].Current.Title != "Ops manager" {
		t.Errorf("at Acme: %+v", people)
	}
	resp, doc := f.api(faces.RoleEditor, "POST", "/api/v1/people", `{"name":"Cy Moss","company_id":1,"title":"Buyer","since":"2024-01-08"}`)
	if cur, _ := doc["current"].(map[string]any); resp.StatusCode != http.StatusCreated || cur["title"] != "Buyer" || cur["from"] != "2024-01-08" {
		t.Errorf("API create at a company: %d %v", resp.StatusCode, doc)
	}
	resp, doc = f.api(faces.RoleEditor, "POST", "/api/v1/people", `{"name":"Di Nolan","company_id":999,"title":"Buyer"}`)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown company: %d %v", resp.StatusCode, doc)
	}
	if _, n, _ := f.db.FindPeople(t.Context(), faces.PersonFilter{}); n != 3 {
		t.Errorf("%d people: a failed one-step create left someone", n)
	}
	// What GET returns, PUT accepts.
	_, got := f.api(faces.RoleEditor, "GET", "/api/v1/people/1", "")
	got["notes"] = "Changed through PUT."
	body, _ := json.Marshal(got)
	if resp, doc := f.api(faces.RoleEditor, "PUT", "/api/v1/people/1", string(body)); resp.StatusCode != http.StatusOK || doc["notes"] != "Changed through PUT." {
		t.Errorf("PUT of what GET returned: %d %v", resp.StatusCode, doc)
	}
}

// Tags are links to everyone with the tag.
func TestTagsAreLinks(t *testing.T) {
	f := newFixture(t)
	f.do(faces.RoleEditor, "POST", "/people/1", url.Values{"name": {"Jill Okafor"}, "tags": {"champion, night shift"}})
	f.db.CreatePerson(t.Context(), &faces.Person{Name: "Ann Lee", Tags: []string{"Champion"}})
	f.db.CreatePerson(t.Context(), &faces.Person{Name: "Bo Tanaka", Tags: []string{"blocker"}})
	if body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1", nil)); !strings.Contains(body, `href="/people?tag=night%20shift"`) {
		t.Error("the person's tags are not links")
	}
	body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people?tag=champion", nil))
	if !strings.Contains(body, "tagged “champion”") || !strings.Contains(body, "Ann Lee") || !strings.Contains(body, "Jill Okafor") || strings.Contains(body, "Bo Tanaka") {
		t.Errorf("everyone tagged champion:\n%s", body)
	}
	if resp, doc := f.api(faces.RoleViewer, "GET", "/api/v1/people?tag=blocker", ""); resp.StatusCode != 200 || doc["total"] != float64(1) {
		t.Errorf("API by tag: %d %v", resp.StatusCode, doc)
	}
}
