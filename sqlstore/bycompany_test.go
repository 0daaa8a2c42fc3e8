package sqlstore_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// People by company: companies by name, each one's people by name, the
// people at no company last, page after page without a gap or a repeat,
// with filters, and at one company.
func TestPeopleByCompany(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := asStaff(t, db)
		// Thirty companies, some empty, so a page crosses many of them and
		// the walk goes past a batch of twenty.
		var want []string
		var company03 int64
		for i := 29; i >= 0; i-- {
			co := mustCompany(t, db, fmt.Sprintf("Company %02d", i))
			if i == 3 {
				company03 = co.ID
			}
			for j := 0; j < i%4; j++ {
				p := &faces.Person{Name: fmt.Sprintf("Person %02d-%d", i, j)}
				if err := db.CreatePersonAt(ctx, p, faces.Move{CompanyID: co.ID, Title: "Staff", On: day("2024-01-01")}); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i := 0; i < 30; i++ {
			for j := 0; j < i%4; j++ {
				want = append(want, fmt.Sprintf("Person %02d-%d", i, j))
			}
		}
		for _, name := range []string{"Zed Nowhere", "Abe Nowhere"} {
			if err := db.CreatePerson(ctx, &faces.Person{Name: name}); err != nil {
				t.Fatal(err)
			}
		}
		want = append(want, "Abe Nowhere", "Zed Nowhere")

		var got []string
		f := faces.PersonFilter{Sort: faces.ByCompany, Limit: 7}
		for pages := 0; pages < 20; pages++ {
			people, total, err := db.FindPeople(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(want) {
				t.Errorf("total %d, want %d", total, len(want))
			}
			for _, p := range people {
				got = append(got, p.Name)
			}
			if len(people) < f.Limit {
				break
			}
			c := f.Sort.CursorOf(people[len(people)-1])
			f.After = &c
		}
		if !slices.Equal(got, want) {
			t.Errorf("by company, page by page:\n got %q\nwant %q", got, want)
		}

		// At one company, by name; a cursor of another order is refused.
		people, _, err := db.FindPeople(ctx, faces.PersonFilter{Sort: faces.ByCompany, CompanyID: company03, Limit: 2})
		if err != nil || len(people) != 2 || people[0].Name != "Person 03-0" {
			t.Fatalf("at Company 03: %v, %v", people, err)
		}
		c := faces.ByCompany.CursorOf(people[1])
		people, _, err = db.FindPeople(ctx, faces.PersonFilter{Sort: faces.ByCompany, CompanyID: company03, Limit: 2, After: &c})
		if err != nil || len(people) != 1 || people[0].Name != "Person 03-2" {
			t.Errorf("the next page at Company 03: %v, %v", people, err)
		}
		if _, _, err := db.FindPeople(ctx, faces.PersonFilter{Sort: faces.ByCompany, After: &faces.Cursor{Key: "Abe", ID: 3}}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a cursor by name in a list by company: %v", err)
		}
		if _, _, err := db.FindPeople(ctx, faces.PersonFilter{Sort: faces.ByCompany, Tag: "x"}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a tag by company: %v", err)
		}
	})
}
