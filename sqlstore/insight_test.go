package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

func TestInsightsThemesAndTriangulation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		at(t, time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		person := func(name string, co *faces.Company, title string) *faces.Person {
			p := &faces.Person{Name: name}
			if err := db.CreatePersonAt(ctx, p, faces.Move{CompanyID: co.ID, Title: title, On: day("2024-01-01")}); err != nil {
				t.Fatal(err)
			}
			return p
		}
		jill, bill, ann := person("Jill Okafor", acme, "Ops Manager"), person("Bill Tran", acme, "ops manager"), person("Ann Lee", globex, "CFO")
		theme := &faces.Theme{Name: "  Paper logs beat screens on the night shift "}
		if err := db.CreateTheme(ctx, theme); err != nil || theme.Name != "Paper logs beat screens on the night shift" {
			t.Fatalf("theme %+v %v", theme, err)
		}
		if err := db.CreateTheme(ctx, &faces.Theme{Name: " "}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("an unnamed theme: %v", err)
		}
		add := func(p *faces.Person, method, text string) *faces.Insight {
			in := &faces.Insight{PersonID: p.ID, Type: "language", Text: text, Verbatim: true, Method: method, ThemeID: theme.ID}
			if err := db.CreateInsight(ctx, in); err != nil {
				t.Fatal(err)
			}
			return in
		}
		// One voice first: it says so.
		first := add(jill, "visit", "I trust the paper log more than any screen.")
		if first.CompanyID != acme.ID || first.Role != "Ops Manager" {
			t.Errorf("the company and role of the moment: %+v", first)
		}
		tr, err := db.Triangulate(ctx, theme.ID)
		if err != nil || tr.Insights != 1 || tr.People != 1 || !tr.OneVoice() || tr.Latest.IsZero() {
			t.Fatalf("one voice %+v %v", tr, err)
		}
		add(jill, "interview", "The log is on the clipboard, the screen is in the office.")
		add(bill, "interview", "Nobody walks to the office at 3am.")
		add(ann, "survey", "Our night staff print the dashboard.")
		tr, _ = db.Triangulate(ctx, theme.ID)
		// Roles compare in any case: "Ops Manager" and "ops manager" are one.
		if tr.Insights != 4 || tr.People != 3 || tr.Companies != 2 || tr.Roles != 2 || tr.Methods != 3 || tr.OneVoice() {
			t.Errorf("triangulation %+v", tr)
		}
		// Bad input changes nothing.
		for field, bad := range map[string]*faces.Insight{
			"type":      {PersonID: jill.ID, Type: "gossip", Text: "x", Method: "visit"},
			"method":    {PersonID: jill.ID, Type: "wish", Text: "x", Method: "rumour"},
			"text":      {PersonID: jill.ID, Type: "wish", Text: " ", Method: "visit"},
			"person_id": {PersonID: 999, Type: "wish", Text: "x", Method: "visit"},
			"visit_id":  {PersonID: jill.ID, Type: "wish", Text: "x", Method: "visit", VisitID: 999},
		} {
			var fe *faces.Error
			if err := db.CreateInsight(ctx, bad); !asError(err, &fe) || fe.Fields[field] == "" {
				t.Errorf("%s: %v", field, err)
			}
		}
		// Erasing Jill: her two insights stay, unattributed, and count as
		// two anonymous voices; the theme is still backed by four.
		if err := db.ErasePerson(ctx, jill.ID); err != nil {
			t.Fatal(err)
		}
		ins, _ := db.FindInsights(ctx, faces.InsightFilter{ThemeID: theme.ID})
		anonymous := 0
		for _, in := range ins {
			if in.PersonID == 0 {
				anonymous++
				if in.PersonName != "" {
					t.Errorf("an erased person's name: %+v", in)
				}
			}
		}
		tr, _ = db.Triangulate(ctx, theme.ID)
		if anonymous != 2 || tr.Insights != 4 || tr.People != 4 {
			t.Errorf("after erasure: %d anonymous, %+v", anonymous, tr)
		}
		// Moving Bill to the trash unattributes his insight; restoring him
		// gives it back.
		if err := db.DeletePerson(ctx, bill.ID); err != nil {
			t.Fatal(err)
		}
		if mine, _ := db.FindInsights(ctx, faces.InsightFilter{PersonID: bill.ID}); len(mine) != 0 {
			t.Errorf("Bill's insights while he is in the trash: %d", len(mine))
		}
		items, _ := db.Trash(ctx, 10)
		if _, err := db.RestoreFromTrash(ctx, items[0].ID); err != nil {
			t.Fatal(err)
		}
		if mine, _ := db.FindInsights(ctx, faces.InsightFilter{PersonID: bill.ID}); len(mine) != 1 {
			t.Errorf("Bill's insights after restoring: %d", len(mine))
		}
		// Out of the theme and back.
		if err := db.SetInsightTheme(ctx, ins[0].ID, 0); err != nil {
			t.Fatal(err)
		}
		if tr, _ := db.Triangulate(ctx, theme.ID); tr.Insights != 3 {
			t.Errorf("after taking one out: %+v", tr)
		}
		if err := db.SetInsightTheme(ctx, ins[0].ID, 999); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("an unknown theme: %v", err)
		}
		if themes, _ := db.FindThemes(ctx); len(themes) != 1 {
			t.Errorf("themes %v", themes)
		}
		all, err := db.TriangulateAll(ctx)
		one, _ := db.Triangulate(ctx, theme.ID)
		if err != nil || len(all) != 1 || all[theme.ID] != one {
			t.Errorf("all at once %+v %v, one by one %+v", all, err, one)
		}
	})
}

func TestWishes(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		acme := mustCompany(t, db, "Acme")
		jill := &faces.Person{Name: "Jill Okafor"}
		if err := db.CreatePersonAt(ctx, jill, faces.Move{CompanyID: acme.ID, Title: "Ops Manager", On: day("2024-01-01")}); err != nil {
			t.Fatal(err)
		}
		wish := &faces.Insight{PersonID: jill.ID, Type: "wish", Text: "One page each morning of what broke overnight.", Method: "visit"}
		quote := &faces.Insight{PersonID: jill.ID, Type: "language", Text: "the log", Method: "visit"}
		for _, in := range []*faces.Insight{wish, quote} {
			if err := db.CreateInsight(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		open, err := db.FindInsights(ctx, faces.InsightFilter{CompanyID: acme.ID, Type: "wish", Open: true})
		if err != nil || len(open) != 1 || open[0].ID != wish.ID {
			t.Fatalf("Acme's open wishes %v %v", open, err)
		}
		if err := db.MarkWish(ctx, quote.ID, true); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("marking a quote done: %v", err)
		}
		if err := db.MarkWish(ctx, wish.ID, true); err != nil {
			t.Fatal(err)
		}
		if open, _ := db.FindInsights(ctx, faces.InsightFilter{PersonID: jill.ID, Type: "wish", Open: true}); len(open) != 0 {
			t.Errorf("a done wish still open: %v", open)
		}
		all, _ := db.FindInsights(ctx, faces.InsightFilter{PersonID: jill.ID, Type: "wish"})
		if len(all) != 1 || all[0].DoneAt.IsZero() {
			t.Errorf("the done wish %+v", all)
		}
		if err := db.MarkWish(ctx, wish.ID, false); err != nil {
			t.Fatal(err)
		}
		if open, _ := db.FindInsights(ctx, faces.InsightFilter{Type: "wish", Open: true}); len(open) != 1 {
			t.Errorf("reopened: %v", open)
		}
	})
}
