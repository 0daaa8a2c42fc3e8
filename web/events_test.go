package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

// A guest list read, matched and reviewed: nothing is added until every
// guest like a known person is confirmed; then all of it is, and the key
// guests' prep sheets and what was learned afterwards follow.
func TestEventGuestListFlow(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 2)
	acme, err := f.db.FindCompanyByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	john := &faces.Person{Name: "John Smith"}
	if err := f.db.CreatePersonAt(ctx, john, faces.Move{CompanyID: acme.ID, Title: "Buyer", On: faces.Today().AddDate(-2, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	list := "Name,Email,Company,Title,T-shirt\n" +
		"Jon Smith,,Acme,Buyer,L\n" +
		"Nadia Brown,nadia@initech.example,Initech,VP Ops,M\n" +
		"Nadia Brown,nadia@initech.example,Initech,VP Ops,M\n"
	resp := f.postFile("/events/1/guest-list", "list", "guests.csv", []byte(list))
	page := bodyOf(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Who are they?") || !strings.Contains(page, "John Smith") ||
		!strings.Contains(page, "Columns not read: T-shirt") || !strings.Contains(page, "listed twice") {
		t.Fatalf("the review: %d\n%s", resp.StatusCode, page)
	}
	file := regexp.MustCompile(`name="file" value="([^"]+)"`).FindStringSubmatch(page)
	if file == nil {
		t.Fatal("the review does not carry the file")
	}
	// No choice for Jon Smith: refused, nothing added, the file kept.
	resp = f.do(faces.RoleEditor, "POST", "/events/1/guest-list/add", url.Values{"file": {file[1]}, "name": {"guests.csv"}})
	page = bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Say who Jon Smith is.") || !strings.Contains(page, file[1]) {
		t.Fatalf("a review without a choice: %d\n%s", resp.StatusCode, page)
	}
	if g, _ := f.db.Guests(ctx, faces.GuestFilter{EventID: 1}); len(g) != 1 {
		t.Fatalf("guests after a refused list: %d", len(g))
	}
	resp = f.do(faces.RoleEditor, "POST", "/events/1/guest-list/add", url.Values{"file": {file[1]}, "line_2": {"2"}})
	page = bodyOf(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "<strong>2</strong> added") || !strings.Contains(page, "1 new to Faces") {
		t.Fatalf("the list added: %d\n%s", resp.StatusCode, page)
	}
	if resp := f.do(faces.RoleEditor, "POST", "/events/1/guests/2", url.Values{"key": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("marking a key guest: %d", resp.StatusCode)
	}
	page = bodyOf(t, f.do(faces.RoleViewer, "GET", "/events/1/prep", nil))
	if !strings.Contains(page, "John Smith") || !strings.Contains(page, "What made Acme choose us") || strings.Contains(page, "Nadia Brown") {
		t.Errorf("the prep sheets:\n%s", page)
	}
	// Afterwards, as any staff member: what John said.
	resp = f.do(faces.RoleViewer, "POST", "/events/1/debrief", url.Values{"text_2": {"Labels before the trucks."}, "type_2": {"wish"}, "verbatim_2": {"on"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the debrief: %d\n%s", resp.StatusCode, bodyOf(t, resp))
	}
	learned, err := f.db.FindInsights(ctx, faces.InsightFilter{EventID: 1})
	if err != nil || len(learned) != 1 || learned[0].PersonID != john.ID || learned[0].Method != "event" || !learned[0].Verbatim {
		t.Fatalf("what was learned: %+v, %v", learned, err)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/events/1", nil)); !strings.Contains(page, "Labels before the trucks.") || !strings.Contains(page, "✓ met") {
		t.Errorf("the event page after the debrief:\n%s", page)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/2", nil)); !strings.Contains(page, "At events") {
		t.Errorf("John's page does not list the event")
	}
	// A debrief with nothing to say about someone else found: refused,
	// what was typed kept.
	resp = f.do(faces.RoleViewer, "POST", "/events/1/debrief", url.Values{"other": {"Jill Okafor · #1"}, "text_2": {"Kept text"}})
	if page := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Say what you learned from them.") || !strings.Contains(page, "Kept text") {
		t.Errorf("a debrief naming someone without a word: %d", resp.StatusCode)
	}
	// A file that is not a guest list: said on the event page.
	resp = f.postFile("/events/1/guest-list", "list", "photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00"))
	if page := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "This is not a guest list") {
		t.Errorf("a file that is not a list: %d", resp.StatusCode)
	}
}

// Events through the API: created, a guest put on the list and marked
// key, the event read back with its guests, the guest taken off.
func TestEventsAPI(t *testing.T) {
	f := newFixture(t)
	resp, body := f.api(faces.RoleEditor, "POST", "/api/v1/events", `{"name":"Night shift meetup","on":"2027-01-14","place":"Leeds"}`)
	if resp.StatusCode != http.StatusCreated || body["name"] != "Night shift meetup" {
		t.Fatalf("create: %d %v", resp.StatusCode, body)
	}
	id := int64(body["id"].(float64))
	path := fmt.Sprintf("/api/v1/events/%d", id)
	if resp, body := f.api(faces.RoleEditor, "POST", path+"/guests", `{"person_id":1,"key":true}`); resp.StatusCode != http.StatusOK || body["key_guests"] != 1.0 {
		t.Fatalf("a key guest: %d %v", resp.StatusCode, body)
	}
	resp, body = f.api(faces.RoleViewer, "GET", path, "")
	guests, _ := body["guest_list"].([]any)
	if resp.StatusCode != http.StatusOK || len(guests) != 1 || guests[0].(map[string]any)["name"] != "Jill Okafor" {
		t.Fatalf("the event: %d %v", resp.StatusCode, body)
	}
	if resp, body := f.api(faces.RoleEditor, "POST", "/api/v1/events", `{"name":"","on":"someday"}`); resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad event: %d %v", resp.StatusCode, body)
	}
	if resp, _ := f.api(faces.RoleEditor, "DELETE", path+"/guests/1", ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("taking a guest off: %d", resp.StatusCode)
	}
	if resp, _ := f.api(faces.RoleEditor, "DELETE", path+"/guests/1", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("taking off someone not on the list: %d", resp.StatusCode)
	}
	if resp, body := f.api(faces.RoleViewer, "GET", "/api/v1/events?past=1", ""); resp.StatusCode != http.StatusOK || body["items"] == nil {
		t.Errorf("past events: %d %v", resp.StatusCode, body)
	}
}
