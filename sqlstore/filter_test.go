package sqlstore_test

import (
	"slices"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// People lists filter by buying role, by whether consent holds and by
// whether there is a photo — alone, together, with a tag, and page by
// page.
func TestPeopleFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, staff := asStaff(t, db)
		acme := mustCompany(t, db, "Acme")
		people := map[string]*faces.Person{}
		for _, name := range []string{"Ann", "Bea", "Cal", "Dee", "Eve"} {
			p := &faces.Person{Name: name, Tags: []string{"ops"}}
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			people[name] = p
		}
		steps := []error{
			db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: people["Ann"].ID, CompanyID: acme.ID, Role: "champion"}),
			db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: people["Cal"].ID, CompanyID: acme.ID, Role: "champion"}),
			db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: people["Dee"].ID, CompanyID: acme.ID, Role: "blocker"}),
			db.GrantConsent(ctx, &faces.Consent{PersonID: people["Ann"].ID, GrantedOn: day("2026-01-01"), Means: "signed form", RecordedBy: staff.ID}),
			db.GrantConsent(ctx, &faces.Consent{PersonID: people["Bea"].ID, GrantedOn: day("2024-01-01"), Until: day("2025-01-01"), Means: "signed form", RecordedBy: staff.ID}),
			db.GrantConsent(ctx, &faces.Consent{PersonID: people["Cal"].ID, GrantedOn: day("2026-01-01"), Means: "signed form", RecordedBy: staff.ID}),
			db.SavePhoto(ctx, people["Cal"].ID, "abc", map[string][]byte{"thumb": []byte("x")}),
		}
		for _, err := range steps {
			if err != nil {
				t.Fatal(err)
			}
		}
		names := func(f faces.PersonFilter) []string {
			t.Helper()
			list, _, err := db.FindPeople(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range list {
				out = append(out, p.Name)
			}
			return out
		}
		for _, tc := range []struct {
			f    faces.PersonFilter
			want []string
		}{
			{faces.PersonFilter{Role: "champion"}, []string{"Ann", "Cal"}},
			{faces.PersonFilter{Consent: "yes"}, []string{"Ann", "Cal"}},
			{faces.PersonFilter{Consent: "no"}, []string{"Bea", "Dee", "Eve"}},
			{faces.PersonFilter{Photo: "yes"}, []string{"Cal"}},
			{faces.PersonFilter{Photo: "no", Consent: "yes"}, []string{"Ann"}},
			{faces.PersonFilter{Role: "champion", Tag: "ops", Photo: "no"}, []string{"Ann"}},
			{faces.PersonFilter{Consent: "no", Limit: 2, After: &faces.Cursor{Key: "Bea", ID: people["Bea"].ID}}, []string{"Dee", "Eve"}},
			{faces.PersonFilter{Role: "blocker", Sort: faces.ByChanged}, []string{"Dee"}},
		} {
			if got := names(tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("%+v: %q, want %q", tc.f, got, tc.want)
			}
		}
		// Someone with the role at two companies is listed once; a new
		// name moves them in the role's list.
		globex := mustCompany(t, db, "Globex")
		if err := db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: people["Ann"].ID, CompanyID: globex.ID, Role: "champion"}); err != nil {
			t.Fatal(err)
		}
		cal := people["Cal"]
		cal.Name = "Aaron"
		if err := db.UpdatePerson(ctx, cal); err != nil {
			t.Fatal(err)
		}
		if got := names(faces.PersonFilter{Role: "champion"}); !slices.Equal(got, []string{"Aaron", "Ann"}) {
			t.Errorf("champions after a rename: %q", got)
		}
		if got := names(faces.PersonFilter{Role: "champion", Limit: 1, After: &faces.Cursor{Key: "Aaron", ID: cal.ID}}); !slices.Equal(got, []string{"Ann"}) {
			t.Errorf("champions, second page: %q", got)
		}
		// The photo is noted on the person's row: through the trash, and
		// when it is taken away.
		throughTheTrash(t, ctx, db, cal.ID)
		if got := names(faces.PersonFilter{Photo: "yes"}); !slices.Equal(got, []string{"Aaron"}) {
			t.Errorf("with a photo after the trash: %q", got)
		}
		if err := db.DeletePhoto(ctx, cal.ID); err != nil {
			t.Fatal(err)
		}
		if got := names(faces.PersonFilter{Photo: "yes"}); len(got) != 0 {
			t.Errorf("with a photo after it was taken away: %q", got)
		}
		for _, bad := range []faces.PersonFilter{{Role: "owner"}, {Consent: "maybe"}, {Photo: "1"}} {
			if _, _, err := db.FindPeople(ctx, bad); faces.ErrorCode(err) != faces.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}
	})
}
