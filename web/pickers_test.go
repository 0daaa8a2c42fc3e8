package web

import (
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
