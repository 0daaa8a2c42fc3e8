package sqlstore_test

import (
	"slices"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// An account review shows the humans of an account — buyers first, with
// their roles, last contact and open wishes — keeps what each is
// thinking, and keeps it through the trash.
func TestAccountReviews(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, staff := asStaff(t, db)
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		susan := &faces.Person{Name: "Susan Achterberg"}
		jill := &faces.Person{Name: "Jill Okafor"}
		outside := &faces.Person{Name: "Zed Outside"} // a buyer at Acme who works at Globex
		for _, p := range []struct {
			p  *faces.Person
			at int64
		}{{susan, acme.ID}, {jill, acme.ID}, {outside, globex.ID}} {
			if err := db.CreatePersonAt(ctx, p.p, faces.Move{CompanyID: p.at, Title: "Staff", On: day("2024-01-01")}); err != nil {
				t.Fatal(err)
			}
		}
		for _, b := range []*faces.BuyingRole{{PersonID: outside.ID, CompanyID: acme.ID, Role: "economic buyer"}, {PersonID: susan.ID, CompanyID: acme.ID, Role: "decision maker"}} {
			if err := db.AddBuyingRole(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateVisit(ctx, &faces.Visit{On: day("2026-11-03"), CompanyID: acme.ID, Kind: "observe", NonSales: true, PersonIDs: []int64{jill.ID}, StaffIDs: []int64{staff.ID}}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateInsight(ctx, &faces.Insight{PersonID: jill.ID, Type: "wish", Text: "Labels before trucks.", Method: "visit"}); err != nil {
			t.Fatal(err)
		}
		people, err := db.ReviewPeople(ctx, acme.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, rp := range people {
			names = append(names, rp.Person.Name)
		}
		if !slices.Equal(names, []string{"Susan Achterberg", "Zed Outside", "Jill Okafor"}) {
			t.Errorf("the people of the account: %q", names)
		}
		if jp := people[2]; !jp.LastContact.Equal(day("2026-11-03")) || !slices.Equal(jp.OpenWishes, []string{"Labels before trucks."}) ||
			!slices.Equal(people[0].Roles, []string{"decision maker"}) {
			t.Errorf("what the review shows of them: %+v, %+v", jp, people[0])
		}
		if err := db.CreateReview(ctx, &faces.Review{CompanyID: acme.ID, Title: "Q4", Answers: []*faces.ReviewAnswer{{PersonID: jill.ID, Answer: "  "}}}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a review that says nothing: %v", err)
		}
		r := &faces.Review{CompanyID: acme.ID, Title: "Q4 review", Notes: "The account renews in March.", Answers: []*faces.ReviewAnswer{
			{PersonID: susan.ID, Answer: "Wants payback inside two years."}, {PersonID: jill.ID, Answer: "Worried the new labels slow her shift."}, {PersonID: outside.ID, Answer: ""}}}
		if err := db.CreateReview(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindReview(ctx, r.ID)
		if err != nil || got.Title != "Q4 review" || !got.Abstract || got.CompanyName != "Acme" || got.CreatedByName != "Ada" || len(got.Answers) != 2 ||
			got.Answers[0].PersonName != "Jill Okafor" {
			t.Fatalf("the review: %v %+v", err, got)
		}
		if list, _ := db.Reviews(ctx, acme.ID); len(list) != 1 || list[0].ID != r.ID {
			t.Errorf("the company's reviews: %+v", list)
		}
		if about, _ := db.AnswersAbout(ctx, jill.ID); len(about) != 1 || about[0].Answer != "Worried the new labels slow her shift." {
			t.Errorf("what reviews said of Jill: %+v", about)
		}
		if err := db.DeleteCompany(ctx, acme.ID); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("deleting a reviewed company: %v", err)
		}
		// Through the trash and back.
		if err := db.DeletePerson(ctx, jill.ID); err != nil {
			t.Fatal(err)
		}
		item, _ := db.FindTrashItem(ctx, "person", jill.ID)
		if _, err := db.RestoreFromTrash(ctx, item.ID); err != nil {
			t.Fatal(err)
		}
		if about, _ := db.AnswersAbout(ctx, jill.ID); len(about) != 1 {
			t.Errorf("after the trash: %+v", about)
		}
	})
}
