package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

// A position corrected on its own form: a wrong end keeps what was typed
// and says what is wrong; a right one shows on the person's page.
func TestCorrectAPosition(t *testing.T) {
	f := newFixture(t)
	f.do(faces.RoleEditor, "POST", "/people/1/move", url.Values{"company": {"#1"}, "title": {"Buyer"}, "on": {"2024-02-01"}})
	history, _ := f.db.Positions(t.Context(), 1)
	path := "/people/1/positions/" + itoa(history[0].ID)
	if body := bodyOf(t, f.do(faces.RoleEditor, "GET", path+"/edit", nil)); !strings.Contains(body, `value="Buyer"`) || !strings.Contains(body, `value="2024-02-01"`) {
		t.Fatalf("the form:\n%s", body)
	}
	resp := f.do(faces.RoleEditor, "POST", path, url.Values{"title": {"Senior buyer"}, "from": {"2024-02-01"}, "to": {"2023-01-01"}})
	body := bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot come before") || !strings.Contains(body, `value="Senior buyer"`) {
		t.Errorf("an end before the start: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleEditor, "POST", path, url.Values{"title": {"Senior buyer"}, "division": {"Procurement"}, "from": {"2024-01-15"}})
	if loc := resp.Header.Get("Location"); loc != "/people/1?done=corrected" {
		t.Fatalf("correction: %d to %q", resp.StatusCode, loc)
	}
	body = bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1?done=corrected", nil))
	if !strings.Contains(body, "Senior buyer, Procurement") || !strings.Contains(body, "15 Jan 2024 – now") || !strings.Contains(body, "corrected") {
		t.Errorf("the person's page after the correction:\n%s", body)
	}
}

// A move dated after today is planned: the page says so, and the current
// position stays until the day.
func TestPlanAMove(t *testing.T) {
	f := newFixture(t)
	f.do(faces.RoleEditor, "POST", "/people/1/move", url.Values{"company": {"#1"}, "title": {"Buyer"}, "on": {"2024-02-01"}})
	resp := f.do(faces.RoleEditor, "POST", "/people/1/move", url.Values{"company": {"#1"}, "title": {"Head of buying"}, "on": {"2099-03-01"}})
	if loc := resp.Header.Get("Location"); loc != "/people/1?done=planned" {
		t.Fatalf("planning: %d to %q", resp.StatusCode, loc)
	}
	body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1?done=planned", nil))
	if !strings.Contains(body, "Planned: moves to") || !strings.Contains(body, "1 Mar 2099") || !strings.Contains(body, "1 Feb 2024 – now") {
		t.Errorf("the person's page with a planned move:\n%s", body)
	}
	// The same move again is refused on the form, with what was typed.
	resp = f.do(faces.RoleEditor, "POST", "/people/1/move", url.Values{"company": {"#1"}, "title": {"Buyer"}, "on": {"2025-01-01"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "already Buyer at Acme") {
		t.Errorf("the same move twice: %d", resp.StatusCode)
	}
}
