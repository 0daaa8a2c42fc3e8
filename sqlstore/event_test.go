package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// A guest list is matched to the people Faces knows — by e-mail, by name
// at their company — with near-duplicates left for a human, and added in
// one transaction: all of it, or nothing when a choice is missing.
func TestGuestListMatching(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := asStaff(t, db)
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		at := func(name, email string, company int64, title string) *faces.Person {
			p := &faces.Person{Name: name}
			if email != "" {
				p.Emails = []string{email}
			}
			if err := db.CreatePersonAt(ctx, p, faces.Move{CompanyID: company, Title: title, On: day("2024-01-01")}); err != nil {
				t.Fatal(err)
			}
			return p
		}
		susan := at("Susan Achterberg", "susan@acme.example", acme.ID, "COO")
		john := at("John Smith", "", acme.ID, "Buyer")
		jose := at("José García", "", globex.ID, "CTO")
		moved := at("Lily Chen", "", globex.ID, "Analyst")
		if _, err := db.MovePerson(ctx, moved.ID, faces.Move{CompanyID: acme.ID, Title: "Head of data", On: day("2025-06-01")}); err != nil {
			t.Fatal(err)
		}
		ev := &faces.Event{Name: "Supply chain summit", On: day("2026-12-10"), Place: "Rotterdam"}
		if err := db.CreateEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
		list := []*faces.Contact{
			{Line: 2, Name: "Sue Achterberg", Emails: []string{"SUSAN@acme.example"}}, // e-mail, any case
			{Line: 3, Name: "Jon Smith", Company: "Acme", Title: "Buyer"},             // a letter off, same company
			{Line: 4, Name: "Jose García", Company: "Initech", Title: "CTO"},          // an accent off, another company
			{Line: 5, Name: "Lily Chen", Company: "Globex", Title: "Analyst"},         // at Globex before
			{Line: 6, Name: "Nadia Brown", Company: "Initech", Title: "VP Ops"},       // no one like her
			{Line: 7, Name: "Nadia Brown", Company: "initech"},                        // the same row again
			{Line: 8, Emails: []string{"nobody@else.example"}},                        // no name, no match
			{Line: 9, Name: "Susan Achterberg", Company: "Acme"},                      // by name at her company: on the list already by line 2
		}
		rows, err := db.MatchGuests(ctx, ev.ID, list)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Status)
		}
		want := []string{faces.GuestKnown, faces.GuestUnsure, faces.GuestUnsure, faces.GuestUnsure, faces.GuestNew, faces.GuestRepeat, faces.GuestUnnamed, faces.GuestKnown}
		if !slices.Equal(got, want) {
			t.Fatalf("statuses: %q, want %q", got, want)
		}
		if rows[0].PersonID != susan.ID || rows[0].How != faces.MatchEmail || rows[7].PersonID != susan.ID {
			t.Errorf("Susan: %+v / %+v", rows[0], rows[7])
		}
		if c := rows[1].Candidates; len(c) != 1 || c[0].PersonID != john.ID || c[0].Name != "John Smith" || c[0].Where != "Buyer at Acme" || !strings.Contains(c[0].Why, "similar") {
			t.Errorf("Jon Smith's candidates: %+v", c)
		}
		if c := rows[2].Candidates; len(c) != 1 || c[0].PersonID != jose.ID {
			t.Errorf("Jose Garcia's candidates: %+v", c)
		}
		if c := rows[3].Candidates; len(c) != 1 || c[0].PersonID != moved.ID || !strings.Contains(c[0].Why, "before") {
			t.Errorf("Lily Chen's candidates: %+v", c)
		}
		if rows[5].RepeatOf != 6 {
			t.Errorf("the repeated row: %+v", rows[5])
		}

		// A choice missing: nothing is added.
		_, err = db.AddGuests(ctx, ev.ID, list, faces.GuestChoices{3: john.ID, 4: faces.ChooseNew})
		if faces.ErrorCode(err) != faces.EINVALID || faces.ErrorFields(err)["line_5"] == "" {
			t.Fatalf("a list with a choice missing: %v", err)
		}
		if g, _ := db.Guests(ctx, faces.GuestFilter{EventID: ev.ID}); len(g) != 0 {
			t.Fatalf("guests after a refused list: %d", len(g))
		}
		if _, err := db.AddGuests(ctx, ev.ID, list, faces.GuestChoices{3: jose.ID + 1000, 4: 0, 5: -1}); faces.ErrorCode(err) != faces.EINVALID {
			t.Fatalf("a choice that is not a candidate: %v", err)
		}
		rep, err := db.AddGuests(ctx, ev.ID, list, faces.GuestChoices{3: john.ID, 4: jose.ID, 5: faces.ChooseNew})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Added != 5 || rep.Known != 1 || rep.Confirmed != 2 || rep.Created != 2 || rep.Left != 0 || rep.Repeats != 1 || rep.Already != 1 || len(rep.Problems) != 1 {
			t.Errorf("report: %+v", rep)
		}
		guests, err := db.Guests(ctx, faces.GuestFilter{EventID: ev.ID})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range guests {
			names = append(names, g.Person.Name)
			if g.Person.Name == "Nadia Brown" && (g.Person.Current == nil || g.Person.Current.CompanyName != "Initech" || g.Person.Current.Title != "VP Ops") {
				t.Errorf("the new guest: %+v", g.Person.Current)
			}
		}
		if !slices.Equal(names, []string{"John Smith", "José García", "Lily Chen", "Nadia Brown", "Susan Achterberg"}) {
			t.Errorf("guests: %q", names)
		}
		// A page at a time, after a cursor.
		page, err := db.Guests(ctx, faces.GuestFilter{EventID: ev.ID, Limit: 2})
		if err != nil || len(page) != 2 {
			t.Fatalf("the first page: %d, %v", len(page), err)
		}
		c := faces.GuestCursor(page[1])
		rest, err := db.Guests(ctx, faces.GuestFilter{EventID: ev.ID, After: &c, Limit: 2})
		if err != nil || len(rest) != 2 || rest[0].Person.Name != names[2] || rest[1].Person.Name != names[3] {
			t.Errorf("the second page: %v, %v", rest, err)
		}
		if _, err := db.Guests(ctx, faces.GuestFilter{EventID: ev.ID, After: &faces.Cursor{Key: "x", ID: 1}}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a cursor of another list: %v", err)
		}
		// The same list again adds no one.
		again, err := db.MatchGuests(ctx, ev.ID, list[:1])
		if err != nil || again[0].Status != faces.GuestAlready {
			t.Errorf("a guest already on the list: %+v, %v", again[0], err)
		}

		// Key guests, prep sheets, and what moves with a merge and the trash.
		if err := db.SetGuest(ctx, &faces.Guest{EventID: ev.ID, PersonID: john.ID, Key: true}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateInsight(ctx, &faces.Insight{PersonID: john.ID, Type: "wish", Text: "Labels printed before the trucks arrive.", Method: "visit"}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateInsight(ctx, &faces.Insight{PersonID: john.ID, Type: "threat", Text: "A retailer that ships in a day.", Method: "interview", EventID: ev.ID}); err != nil {
			t.Fatal(err)
		}
		if err := db.FlagRisk(ctx, &faces.Risk{CompanyID: acme.ID, Reason: "Renewal in doubt", Since: day("2026-11-01")}); err != nil {
			t.Fatal(err)
		}
		// Key guests come first, on every page.
		if c := faces.GuestCursor(&faces.Guest{Key: true, PersonID: john.ID, Person: john}); true {
			after, _ := db.Guests(ctx, faces.GuestFilter{EventID: ev.ID, After: &c})
			if len(after) != 4 || after[0].Key {
				t.Errorf("after the one key guest: %d guests", len(after))
			}
		}
		if km, _ := db.Guests(ctx, faces.GuestFilter{EventID: ev.ID, KeyOrMet: true}); len(km) != 1 || km[0].PersonID != john.ID {
			t.Errorf("key or met: %v", km)
		}
		sheets, err := db.PrepSheets(ctx, ev.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(sheets) != 1 || sheets[0].Person.ID != john.ID {
			t.Fatalf("sheets: %+v", sheets)
		}
		sh := sheets[0]
		if sh.Company == nil || sh.Company.Name != "Acme" || len(sh.Wishes) != 1 || len(sh.Insights) != 1 || len(sh.Risks) != 1 || len(sh.KnownBy) != 1 || sh.KnownBy[0].Name != "Ada" {
			t.Errorf("John's sheet: %+v", sh)
		}
		if q := strings.Join(sh.Questions, "\n"); !strings.Contains(q, "Labels printed before the trucks arrive") || !strings.Contains(q, "A retailer that ships in a day") {
			t.Errorf("John's questions:\n%s", q)
		}
		if learned, err := db.FindInsights(ctx, faces.InsightFilter{EventID: ev.ID}); err != nil || len(learned) != 1 {
			t.Errorf("what was learned at the event: %d, %v", len(learned), err)
		}
		if _, err := db.MergePeople(ctx, susan.ID, john.ID); err != nil {
			t.Fatal(err)
		}
		if evs, err := db.EventsOf(ctx, susan.ID, 10); err != nil || len(evs) != 1 {
			t.Errorf("Susan's events after the merge: %d, %v", len(evs), err)
		}
		if err := db.DeletePerson(ctx, jose.ID); err != nil {
			t.Fatal(err)
		}
		if g, _ := db.Guests(ctx, faces.GuestFilter{EventID: ev.ID}); len(g) != 3 {
			t.Errorf("guests with Jose in the trash and John merged: %d", len(g))
		}
		item, err := db.FindTrashItem(ctx, "person", jose.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.RestoreFromTrash(ctx, item.ID); err != nil {
			t.Fatal(err)
		}
		if evs, err := db.EventsOf(ctx, jose.ID, 10); err != nil || len(evs) != 1 {
			t.Errorf("Jose's events after the restore: %d, %v", len(evs), err)
		}
	})
}

// Events page by day, upcoming soonest first and past latest first, and
// people who keep coming are found.
func TestEventsAndRegulars(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := asStaff(t, db)
		p := &faces.Person{Name: "Maya Regular"}
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, d := range []string{"2026-01-10", "2026-03-10", "2026-03-10", "2027-01-10"} {
			e := &faces.Event{Name: "Meetup " + d, On: day(d)}
			if err := db.CreateEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		if err := db.CreateEvent(context.Background(), &faces.Event{Name: " "}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("an event with no name or day: %v", err)
		}
		past, err := db.FindEvents(ctx, faces.EventFilter{From: day("2026-12-01"), Past: true, Limit: 2})
		if err != nil || len(past) != 2 || past[0].ID != ids[2] || past[1].ID != ids[1] {
			t.Fatalf("past events, first page: %+v, %v", past, err)
		}
		more, err := db.FindEvents(ctx, faces.EventFilter{From: day("2026-12-01"), Past: true, AfterOn: past[1].On, AfterID: past[1].ID, Limit: 2})
		if err != nil || len(more) != 1 || more[0].ID != ids[0] {
			t.Fatalf("past events, next page: %+v, %v", more, err)
		}
		if next, err := db.FindEvents(ctx, faces.EventFilter{From: day("2026-12-01")}); err != nil || len(next) != 1 || next[0].ID != ids[3] {
			t.Fatalf("coming events: %+v, %v", next, err)
		}
		for _, id := range ids[:2] {
			if err := db.AddGuest(ctx, id, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.AddGuest(ctx, ids[0], p.ID); err != nil {
			t.Errorf("adding a guest twice: %v", err)
		}
		regs, err := db.Regulars(ctx, day("2025-12-01"), 10)
		if err != nil || len(regs) != 1 || regs[0].Person.ID != p.ID || regs[0].Events != 2 {
			t.Fatalf("regulars: %+v, %v", regs, err)
		}
		if err := db.RemoveGuest(ctx, ids[0], p.ID); err != nil {
			t.Fatal(err)
		}
		if regs, _ := db.Regulars(ctx, day("2025-12-01"), 10); len(regs) != 0 {
			t.Errorf("regulars after one is taken off: %+v", regs)
		}
	})
}
