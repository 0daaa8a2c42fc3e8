package sqlstore_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/photo"
	"github.com/faces-org/faces/sqlstore"
)

// A merge gives the one who stays everything of the one who goes, and is
// undone whole; the duplicates page finds the pair first, and stops once
// they are said to be different people.
func TestMergeAndUndo(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, staff := asStaff(t, db)
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		kept := &faces.Person{Name: "Jill Okafor", Emails: []string{"jill@acme.example"}, Phones: []string{"+44 7700 900461"}, Notes: "Runs nights."}
		gone := &faces.Person{Name: "Jill Okafor", Emails: []string{"jill@home.example"}, Phones: []string{"07700 900461"}, Tags: []string{"champion"}, Notes: "Met at the fair."}
		bob := &faces.Person{Name: "Bob Stone"}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(db.CreatePersonAt(ctx, kept, faces.Move{CompanyID: acme.ID, Title: "Buyer", On: day("2024-01-01")}))
		must(db.CreatePersonAt(ctx, gone, faces.Move{CompanyID: globex.ID, Title: "Analyst", On: day("2019-01-01")}))
		_, err := db.MovePerson(ctx, gone.ID, faces.Move{CompanyID: acme.ID, Title: "Head of Buying", On: day("2025-01-01")})
		must(err)
		must(db.CreatePerson(ctx, bob))
		must(db.SaveStory(ctx, &faces.Story{PersonID: kept.ID, Card: "Kept's card."}))
		must(db.SaveStory(ctx, &faces.Story{PersonID: gone.ID, Card: "Gone's card.", Body: "Gone's body."}))
		must(db.GrantConsent(ctx, &faces.Consent{PersonID: gone.ID, GrantedOn: day("2026-01-05"), Means: "signed form", RecordedBy: staff.ID}))
		must(db.AddRelationship(ctx, &faces.Relationship{FromID: gone.ID, ToID: bob.ID, Kind: faces.ReportsTo}))
		must(db.AddRelationship(ctx, &faces.Relationship{FromID: bob.ID, ToID: gone.ID, Kind: faces.IntroducedBy}))
		must(db.AddRelationship(ctx, &faces.Relationship{FromID: gone.ID, ToID: kept.ID, Kind: faces.WorksWith}))
		must(db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: gone.ID, CompanyID: acme.ID, Role: "champion"}))
		visit := &faces.Visit{On: day("2026-11-03"), CompanyID: acme.ID, Kind: "observe", NonSales: true, PersonIDs: []int64{gone.ID}, StaffIDs: []int64{staff.ID}}
		must(db.CreateVisit(ctx, visit))
		must(db.CreateInsight(ctx, &faces.Insight{PersonID: gone.ID, Type: "wish", Text: "Labels before trucks.", Method: "visit"}))
		review := &faces.Review{CompanyID: acme.ID, Title: "Q4", Answers: []*faces.ReviewAnswer{{PersonID: gone.ID, Answer: "Wants the labels first."}}}
		must(db.CreateReview(ctx, review))
		img := image.NewRGBA(image.Rect(0, 0, 64, 64))
		var pic bytes.Buffer
		png.Encode(&pic, img)
		processed, err := photo.NewPipeline(photo.DefaultBudget).Process(ctx, &pic)
		must(err)
		must(db.SavePhoto(ctx, gone.ID, processed.Hash, processed.Renditions))

		pairs, _, err := db.Duplicates(ctx, "", 50)
		must(err)
		if len(pairs) != 1 || pairs[0].A.ID != kept.ID || pairs[0].B.ID != gone.ID ||
			!slices.Equal(pairs[0].Evidence, []string{"the same name", "the same phone number +44 7700 900461", "both at Acme"}) {
			t.Fatalf("duplicates %+v %q", pairs[0], pairs[0].Evidence)
		}

		m, err := db.MergePeople(ctx, kept.ID, gone.ID)
		must(err)
		if _, err := db.FindPersonByID(ctx, gone.ID); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("the one who went is still there: %v", err)
		}
		after := records(t, db)["Jill Okafor"]
		p := after.Person
		if !slices.Equal(p.Emails, []string{"jill@acme.example", "jill@home.example"}) || !slices.Equal(p.Tags, []string{"champion"}) ||
			p.Notes != "Runs nights.\n\nMet at the fair." || p.PhotoHash == "" {
			t.Errorf("after the merge: %+v", p)
		}
		var titles []string
		for _, po := range after.Positions {
			titles = append(titles, po.Title+" "+po.From.Format("2006-01-02")+" "+po.To.Format("2006-01-02"))
		}
		if !slices.Equal(titles, []string{"Head of Buying 2025-01-01 0001-01-01", "Buyer 2024-01-01 2024-12-31", "Analyst 2019-01-01 2025-01-01"}) {
			t.Errorf("role history %q", titles)
		}
		if p.Current == nil || p.Current.Title != "Head of Buying" {
			t.Errorf("current %+v", p.Current)
		}
		if after.Story.Card != "Kept's card." || !strings.Contains(after.Story.Body, "Gone's card.") {
			t.Errorf("story %+v", after.Story)
		}
		var rels []string
		for _, r := range after.Relationships {
			rels = append(rels, r.FromName+" "+string(r.Kind)+" "+r.ToName)
		}
		slices.Sort(rels)
		if !slices.Equal(rels, []string{"Bob Stone introduced_by Jill Okafor", "Jill Okafor reports_to Bob Stone"}) {
			t.Errorf("relationships %q", rels)
		}
		consents, _ := db.Consents(ctx, kept.ID)
		roles, _ := db.BuyingRolesOf(ctx, kept.ID)
		visits, _, _ := db.FindVisits(ctx, faces.VisitFilter{PersonID: kept.ID})
		insights, _ := db.FindInsights(ctx, faces.InsightFilter{PersonID: kept.ID})
		if len(consents) != 1 || len(roles) != 1 || len(visits) != 1 || len(insights) != 1 {
			t.Errorf("after the merge: %d consents, %d buying roles, %d visits, %d insights", len(consents), len(roles), len(visits), len(insights))
		}
		if rv, _ := db.FindReview(ctx, review.ID); len(rv.Answers) != 1 || rv.Answers[0].PersonID != kept.ID {
			t.Errorf("the review's answer after the merge: %+v", rv.Answers)
		}
		entries, _, _ := db.FindAuditEntries(ctx, faces.AuditFilter{Action: faces.ActionMerge})
		if len(entries) != 1 || entries[0].EntityID != kept.ID {
			t.Errorf("audit %+v", entries)
		}
		recent, _ := db.RecentMerges(ctx, 10)
		if len(recent) != 1 || recent[0].GoneName != "Jill Okafor" || !recent[0].Undoable(faces.Now()) {
			t.Errorf("recent merges %+v", recent)
		}

		item, err := db.FindTrashItem(ctx, "person", gone.ID)
		must(err)
		if _, err := db.RestoreFromTrash(ctx, item.ID); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("restoring a merged person on their own: %v", err)
		}
		must(db.UndoMerge(ctx, m.ID))
		if n := countPeople(t, db); n != 3 {
			t.Fatalf("after the undo: %d people", n)
		}
		var keptBack, goneBack *faces.PersonRecord
		must(db.EachPersonRecord(ctx, faces.RecordFilter{IDs: []int64{kept.ID, gone.ID}}, func(r *faces.PersonRecord) error {
			if r.Person.ID == kept.ID {
				keptBack = r
			} else {
				goneBack = r
			}
			return nil
		}))
		if kp := keptBack.Person; !slices.Equal(kp.Emails, []string{"jill@acme.example"}) || kp.Notes != "Runs nights." || kp.PhotoHash != "" ||
			len(keptBack.Positions) != 1 || !keptBack.Positions[0].Current() || keptBack.Story.Card != "Kept's card." || keptBack.Story.Body != "" {
			t.Errorf("the one who stayed, after the undo: %+v %+v %+v", kp, keptBack.Positions, keptBack.Story)
		}
		if len(keptBack.Relationships) != 1 || keptBack.Relationships[0].FromID != gone.ID {
			t.Errorf("the one who stayed's relationships after the undo: %+v", keptBack.Relationships)
		}
		if gp := goneBack.Person; gp.PhotoHash == "" || len(goneBack.Positions) != 2 || goneBack.Story.Card != "Gone's card." || len(goneBack.Relationships) != 3 {
			t.Errorf("the one who went, after the undo: %+v %d positions %+v %d relationships", gp, len(goneBack.Positions), goneBack.Story, len(goneBack.Relationships))
		}
		consents, _ = db.Consents(ctx, gone.ID)
		roles, _ = db.BuyingRolesOf(ctx, gone.ID)
		visits, _, _ = db.FindVisits(ctx, faces.VisitFilter{PersonID: gone.ID})
		insights, _ = db.FindInsights(ctx, faces.InsightFilter{PersonID: gone.ID})
		keptInsights, _ := db.FindInsights(ctx, faces.InsightFilter{PersonID: kept.ID})
		keptVisits, _, _ := db.FindVisits(ctx, faces.VisitFilter{PersonID: kept.ID})
		if len(consents) != 1 || len(roles) != 1 || len(visits) != 1 || len(insights) != 1 || len(keptInsights) != 0 || len(keptVisits) != 0 {
			t.Errorf("after the undo: %d consents, %d buying roles, %d visits, %d insights; the one who stayed %d insights, %d visits",
				len(consents), len(roles), len(visits), len(insights), len(keptInsights), len(keptVisits))
		}
		if err := db.UndoMerge(ctx, m.ID); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("a second undo: %v", err)
		}
		if rv, _ := db.FindReview(ctx, review.ID); len(rv.Answers) != 1 || rv.Answers[0].PersonID != gone.ID {
			t.Errorf("the review's answer after the undo: %+v", rv.Answers)
		}

		must(db.NotDuplicates(ctx, gone.ID, kept.ID))
		if pairs, _, _ := db.Duplicates(ctx, "", 50); len(pairs) != 0 {
			t.Errorf("pairs said to be different are still proposed: %+v", pairs)
		}
		// Merged again, then the one who went is erased: the merge, which
		// holds them, goes, and the audit trail forgets their values.
		m, err = db.MergePeople(ctx, kept.ID, gone.ID)
		must(err)
		must(db.ErasePerson(ctx, gone.ID))
		if recent, _ := db.RecentMerges(ctx, 10); len(recent) != 0 {
			t.Errorf("merges after the erasure: %+v", recent)
		}
		if err := db.UndoMerge(ctx, m.ID); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("undoing a merge with an erased person: %v", err)
		}
		entries, _, _ = db.FindAuditEntries(ctx, faces.AuditFilter{Action: faces.ActionMerge})
		if len(entries) != 2 || entries[0].After != nil {
			t.Errorf("the merge's audit entry after the erasure: %s", entries[0].After)
		}
		if _, err := db.MergePeople(ctx, kept.ID, kept.ID); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a merge with oneself: %v", err)
		}
	})
}

// The duplicates are paged: shared addresses first, then names, each
// pair once.
func TestDuplicatesPaged(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		for _, p := range []*faces.Person{
			{Name: "Ann Lee", Emails: []string{"ann@x.example"}}, {Name: "Ann Lee", Emails: []string{"ann@x.example"}},
			{Name: "Bo Chen"}, {Name: "Bo Chen"}, {Name: "Cy Dee"}, {Name: "Cy Dee"}, {Name: "Di Eve"},
		} {
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		var names []string
		after := ""
		for range 3 { // a page a pair: none empty
			pairs, next, err := db.Duplicates(ctx, after, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pairs {
				names = append(names, p.A.Name)
			}
			if after = next; after == "" {
				break
			}
		}
		if !slices.Equal(names, []string{"Ann Lee", "Bo Chen", "Cy Dee"}) {
			t.Errorf("pairs page by page: %q", names)
		}
	})
}

// The duplicates page reads only the addresses and names people share,
// which triggers keep as people change by any path: a form, an import,
// the trash and back, an erasure, a merge.
func TestDuplicatesFollowEveryChange(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		proposed := func() []string {
			t.Helper()
			var got []string
			after := ""
			for {
				pairs, next, err := db.Duplicates(ctx, after, 2)
				must(err)
				for _, p := range pairs {
					got = append(got, p.A.Name+" / "+p.B.Name+": "+strings.Join(p.Evidence, ", "))
				}
				if after = next; after == "" {
					return got
				}
			}
		}
		step := func(what string, want ...string) {
			t.Helper()
			if got := proposed(); !slices.Equal(got, want) {
				t.Errorf("%s: proposed %q, want %q", what, got, want)
			}
		}
		ann := &faces.Person{Name: "Ann Lee", Emails: []string{"ann@x.example"}}
		bea := &faces.Person{Name: "Bea Ray", Emails: []string{"bea@x.example"}}
		must(db.CreatePerson(ctx, ann))
		must(db.CreatePerson(ctx, bea))
		step("two people")

		bea.Emails = []string{"bea@x.example", " ANN@x.example"}
		must(db.UpdatePerson(ctx, bea))
		step("an address given to a second person", "Ann Lee / Bea Ray: the same e-mail address ann@x.example")
		bea.Emails = []string{"bea@x.example"}
		must(db.UpdatePerson(ctx, bea))
		step("the address taken back")

		bea.Name = "Ann Lee"
		must(db.UpdatePerson(ctx, bea))
		step("renamed to the same name", "Ann Lee / Ann Lee: the same name")
		bea.Name = "Bea Ray"
		must(db.UpdatePerson(ctx, bea))
		step("renamed back")

		_, err := db.ImportContacts(ctx, contactsOf(
			&faces.Contact{Name: "Cy Dee", Emails: []string{"cy@x.example"}},
			&faces.Contact{Name: "Cy Dee", Emails: []string{"cy.dee@y.example"}},
		), faces.ImportOptions{})
		must(err)
		step("an import of two people of one name", "Cy Dee / Cy Dee: the same name")

		pairs, _, err := db.Duplicates(ctx, "", 50)
		must(err)
		cy := pairs[0].B
		must(db.DeletePerson(ctx, cy.ID))
		step("one of them deleted")
		item, err := db.FindTrashItem(ctx, "person", cy.ID)
		must(err)
		_, err = db.RestoreFromTrash(ctx, item.ID)
		must(err)
		step("and restored", "Cy Dee / Cy Dee: the same name")
		must(db.ErasePerson(ctx, cy.ID))
		step("and erased")

		twin := &faces.Person{Name: "Bea R.", Emails: []string{"bea@x.example"}}
		must(db.CreatePerson(ctx, twin))
		step("a twin by address", "Bea Ray / Bea R.: the same e-mail address bea@x.example")
		_, err = db.MergePeople(ctx, bea.ID, twin.ID)
		must(err)
		step("the twin merged")
	})
}
