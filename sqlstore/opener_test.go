package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// On a constructed population, the right story wins each topic; a team
// that heard a story lately hears another first; a customer in the room
// is not told about; without a matching story, the latest come.
func TestOpenersRanking(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 0)
		northwind, contoso, fabrikam := mustCompany(t, db, "Northwind Foods"), mustCompany(t, db, "Contoso"), mustCompany(t, db, "Fabrikam Logistics")
		type person struct {
			name, email, title string
			company            int64
			tags               []string
			card               string
			wish               string
		}
		ids := map[string]int64{}
		for _, p := range []person{
			{"Jill Okafor", "jill@northwind.example", "Operations manager", northwind.ID, nil, "Keeps 40 refrigerated trucks moving through the night; the cold chain is her whole job.", ""},
			{"Bill Tran", "bill@contoso.example", "CFO", contoso.ID, nil, "Signs off every capital purchase and wants payback inside two years.", ""},
			{"Priya Raman", "priya@contoso.example", "Head of nursing", contoso.ID, nil, "Runs three wards; her nurses chart on paper when the tablets die.", "I wish the tablets lasted a whole shift."},
			{"Tomás Ibarra", "tomas@fabrikam.example", "Dispatcher", fabrikam.ID, []string{"cold chain"}, "Routes 200 deliveries a day by phone.", ""},
			{"Ana Lima", "ana@northwind.example", "Cold chain analyst", northwind.ID, nil, "", ""},
		} {
			pp := &faces.Person{Name: p.name, Emails: []string{p.email}, Tags: p.tags}
			if err := db.CreatePersonAt(ctx, pp, faces.Move{CompanyID: p.company, Title: p.title, On: day("2024-01-01")}); err != nil {
				t.Fatal(err)
			}
			ids[p.name] = pp.ID
			if p.card != "" {
				if err := db.SaveStory(ctx, &faces.Story{PersonID: pp.ID, Card: p.card}); err != nil {
					t.Fatal(err)
				}
			}
			if p.wish != "" {
				if err := db.CreateInsight(ctx, &faces.Insight{PersonID: pp.ID, Type: "wish", Text: p.wish, Verbatim: true, Method: "visit"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		first := func(q faces.OpenerQuery) []*faces.Opener {
			t.Helper()
			o, err := db.Openers(ctx, q, 3)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range o {
				if x.Person.Name == "Ana Lima" {
					t.Errorf("%q: Ana has no story, yet she is proposed", q.Topic)
				}
			}
			return o
		}
		for topic, want := range map[string]string{
			"Cold chain monitoring roadmap":         "Jill Okafor",
			"Tablet battery life on the wards":      "Priya Raman",
			"Q3 review: capital purchases, payback": "Bill Tran",
			"Dispatch and deliveries":               "Tomás Ibarra",
		} {
			o := first(faces.OpenerQuery{Topic: topic})
			if len(o) == 0 || o[0].Person.Name != want {
				var got []string
				for _, x := range o {
					got = append(got, x.Person.Name)
				}
				t.Errorf("%q: %q first, want %s", topic, got, want)
			}
		}
		cold := first(faces.OpenerQuery{Topic: "Cold chain monitoring", Team: "Product"})
		if len(cold) < 2 || cold[1].Person.Name != "Tomás Ibarra" || !strings.Contains(strings.Join(cold[0].Why, "; "), "their story speaks of cold, chain") ||
			!strings.HasPrefix(cold[0].Text, "Jill Okafor, an operations manager at Northwind Foods, is the kind of person we are building this for: Keeps 40") {
			t.Errorf("cold chain: %+v", cold)
		}
		if err := db.OpenerUsed(ctx, "Product", ids["Jill Okafor"]); err != nil {
			t.Fatal(err)
		}
		if o := first(faces.OpenerQuery{Topic: "Cold chain monitoring", Team: "Product"}); o[0].Person.Name != "Tomás Ibarra" ||
			!strings.Contains(strings.Join(o[1].Why, "; "), "the team heard it lately") {
			t.Errorf("after the team heard Jill: %s first, %q", o[0].Person.Name, o[1].Why)
		}
		if o := first(faces.OpenerQuery{Topic: "Cold chain monitoring", Team: "Sales"}); o[0].Person.Name != "Jill Okafor" {
			t.Errorf("another team: %s first", o[0].Person.Name)
		}
		if o := first(faces.OpenerQuery{Topic: "Cold chain monitoring", Attendees: []string{"JILL@northwind.example"}}); o[0].Person.Name == "Jill Okafor" {
			t.Error("Jill is in the meeting, yet her story opens it")
		}
		if o := first(faces.OpenerQuery{Topic: "Weekly sync"}); len(o) != 3 || !strings.Contains(o[0].Why[0], "no story speaks of the topic") {
			t.Errorf("no topic: %+v", o)
		}
	})
}

// A database whose search index an older version built is indexed again
// at start; the people with a story are then found as openers by a word
// of their title alone, and someone without one is not (on PostgreSQL
// the index marks who has a story, and the openers match the mark).
func TestOpenersAfterTheSearchIndexIsUpgraded(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 0)
		acme := mustCompany(t, db, "Acme")
		var withStory int64
		for i, name := range []string{"Ann Lee", "Bo Chen"} {
			p := &faces.Person{Name: name}
			if err := db.CreatePersonAt(ctx, p, faces.Move{CompanyID: acme.ID, Title: "Logistics lead", On: faces.Today()}); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				withStory = p.ID
				if err := db.SaveStory(ctx, &faces.Story{PersonID: p.ID, Card: "Moved the warehouse in a weekend."}); err != nil {
					t.Fatal(err)
				}
			}
		}
		// Version 2 on PostgreSQL: an index from before the mark.
		forget, version := `DELETE FROM people_search`, `UPDATE search_index_version SET version = 1`
		if strings.HasSuffix(t.Name(), "postgres") {
			forget, version = `UPDATE people SET search = ''::tsvector`, `UPDATE search_index_version SET version = 2`
		}
		for _, q := range []string{forget, version} {
			if _, err := db.SQL().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := db.Openers(ctx, faces.OpenerQuery{Topic: "logistics"}, 5); err != nil || len(got) != 1 || !strings.HasPrefix(got[0].Why[0], "no story speaks of the topic") {
			t.Fatalf("openers through an emptied index: %+v, %v", got, err)
		}
		if err := db.UpgradeSearchIndex(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := db.Openers(ctx, faces.OpenerQuery{Topic: "logistics"}, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Person.ID != withStory || !strings.Contains(strings.Join(got[0].Why, "; "), "their role speaks of logistics") {
			t.Errorf("openers for a word of the title: %d, %+v", len(got), got)
		}
	})
}
