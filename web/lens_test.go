package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

// A person's and a company's texts through the lens: counts by level, and
// each text with its references marked.
func TestTextsThroughTheLens(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 2)
	p := &faces.Person{Name: "Sam Whitaker", Notes: "Sam fixes the oldest oven by ear. Plant managers like him are rare.\n\nPrefers calls before noon.\n\nDo not send him slide decks."}
	if err := f.db.CreatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	// Their insights: one in their own words, one in ours.
	for _, in := range []*faces.Insight{
		{PersonID: p.ID, Type: "language", Text: "We bake at night; I check every oven by ear.", Verbatim: true, Method: "visit"},
		{PersonID: p.ID, Type: "wish", Text: "Wants an alarm when an oven drifts.", Method: "visit"},
	} {
		if err := f.db.CreateInsight(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/2", nil))
	if !strings.Contains(page, "In their words") || !strings.Contains(page, `<mark class="lv-enterprise" title="enterprise">We</mark> bake at night; <mark class="lv-person" title="person">I</mark> check`) ||
		!strings.Contains(page, "What they said or did, in our words") {
		t.Errorf("the person's insights through the lens:\n%s", page)
	}
	if !strings.Contains(page, "Through the lens") || !strings.Contains(page, `<mark class="lv-person" title="person">Sam</mark>`) ||
		!strings.Contains(page, `<mark class="lv-role" title="role">managers</mark>`) ||
		// The notes are about Sam: "him" points to him even where the
		// sentence before names no one.
		!strings.Contains(page, `send <mark class="lv-person" title="person">him</mark> slide decks`) {
		t.Errorf("the person's page:\n%s", page)
	}
	c, _ := f.db.FindCompanyByID(ctx, 1)
	c.Story = "Acme's buyers order labels a week ahead.\n\nFounded in 1952.\n\nToday they run two plants."
	if err := f.db.UpdateCompany(ctx, c); err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/companies/1", nil)); !strings.Contains(page, "Through the lens") ||
		!strings.Contains(page, `Today <mark class="lv-enterprise" title="enterprise">they</mark> run`) {
		t.Errorf("the company's page:\n%s", page)
	}
	// A visit's notes too; they may name the company without
	// introducing it.
	v := &faces.Visit{On: faces.Today(), CompanyID: 1, Kind: "observe", NonSales: true, Notes: "Sam showed us the oven log.\n\nAcme bakes at night.", PersonIDs: []int64{p.ID}, StaffIDs: []int64{2}}
	if err := f.db.CreateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", fmt.Sprintf("/visits/%d", v.ID), nil)); !strings.Contains(page, `<mark class="lv-person" title="person">Sam</mark> showed us`) ||
		!strings.Contains(page, `<mark class="lv-enterprise" title="enterprise">Acme</mark> bakes`) {
		t.Errorf("the visit's page:\n%s", page)
	}
	// An event's notes too.
	ev := &faces.Event{Name: "Retail Ops Forum", On: faces.Today(), Notes: "Ruth Adeyemi from Greenfield Dairy is coming; ask her about offline alerts."}
	if err := f.db.CreateEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", fmt.Sprintf("/events/%d", ev.ID), nil)); !strings.Contains(page, "Through the lens") ||
		!strings.Contains(page, `ask <mark class="lv-person" title="person">her</mark> about`) {
		t.Errorf("the event's page:\n%s", page)
	}
	// A text that is empty is not shown.
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1", nil)); strings.Contains(page, "Through the lens") {
		t.Error("a person without texts shows the lens")
	}
}
