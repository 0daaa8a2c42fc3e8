package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

// The leaders' view counts what staff wrote this month by kind and team,
// and a wrong month is said, kept in its field, with the last twelve
// months shown instead.
func TestFocusPage(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 2) // the editor
	p := &faces.Person{Name: "Sam Whitaker", Notes: "Sam fixes the oldest oven by ear."}
	if err := f.db.CreatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	c, _ := f.db.FindCompanyByID(ctx, 1)
	c.Story = "A bakery chain; the release shipped in May." // no customer in it ("them" would be the company)
	if err := f.db.UpdateCompany(ctx, c); err != nil {
		t.Fatal(err)
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/focus", nil))
	for _, want := range []string{
		`<a href="/focus" aria-current="page">Focus</a>`,
		`<div class="big">2</div><p>texts written</p>`,
		`<div class="big">50%</div><p>mention customers at all</p>`,
		`>Notes on people</a></td>`,
		`>Companies&#39; stories</a></td>`,
		`>No team</a></td>`,
		faces.Now().Format("2006-01"),
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Log(page)
	}
	month := faces.Now().Format("2006-01")
	page = bodyOf(t, f.do(faces.RoleViewer, "GET", "/focus?from="+month+"&to="+month+"&kind="+faces.WritingPersonNotes, nil))
	if !strings.Contains(page, `<div class="big">1</div><p>texts written (as filtered)</p>`) || !strings.Contains(page, `<div class="big">100%</div><p>of those reach one person</p>`) {
		t.Errorf("filtered by kind:\n%s", page)
	}
	resp := f.do(faces.RoleViewer, "GET", "/focus?from=2026-13&to="+month, nil)
	page = bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "A month is written 2026-01.") ||
		!strings.Contains(page, `value="2026-13"`) || !strings.Contains(page, "The last twelve months are shown instead.") {
		t.Errorf("a wrong month: %d\n%s", resp.StatusCode, page)
	}
}

// The leaders' view as data, and a wrong month as a problem document.
func TestFocusAPI(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 2)
	if err := f.db.CreatePerson(ctx, &faces.Person{Name: "Sam Whitaker", Notes: "Sam fixes the oldest oven by ear."}); err != nil {
		t.Fatal(err)
	}
	month := faces.Now().Format("2006-01")
	resp, body := f.api(faces.RoleViewer, "GET", "/api/v1/focus?from="+month+"&to="+month, "")
	total, _ := body["total"].(map[string]any)
	months, _ := body["months"].([]any)
	kinds, _ := body["kinds"].([]any)
	if resp.StatusCode != http.StatusOK || total["texts"] != 1.0 || total["mention_customers"] != 1.0 || len(months) != 1 || len(kinds) != 1 {
		t.Fatalf("%d %v", resp.StatusCode, body)
	}
	if level, _ := total["most_concrete"].(map[string]any); level["person"] != 1.0 {
		t.Errorf("most concrete: %v", total["most_concrete"])
	}
	if kind, _ := kinds[0].(map[string]any); kind["key"] != faces.WritingPersonNotes {
		t.Errorf("kinds: %v", kinds)
	}
	resp, body = f.api(faces.RoleViewer, "GET", "/api/v1/focus?from=2026-13", "")
	if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnprocessableEntity || body["title"] == nil {
		t.Errorf("a wrong month: %d %v", resp.StatusCode, body)
	}
}
