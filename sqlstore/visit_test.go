package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

func staffMember(t *testing.T, db *sqlstore.DB, name, team string) *faces.User {
	t.Helper()
	u := &faces.User{Name: name, Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@us.example", Team: team, Role: faces.RoleViewer, PasswordHash: "x"}
	if err := db.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestVisitsAndTheDashboard(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
		at(t, now)
		ana, bo, cy, di := staffMember(t, db, "Ana Lind", "Product"), staffMember(t, db, "Bo Sato", "Product"),
			staffMember(t, db, "Cy Wolfe", "Finance"), staffMember(t, db, "Di Ford", "")
		ctx := faces.NewContextWithActor(context.Background(), ana.ID)
		acme := mustCompany(t, db, "Acme")
		jill := &faces.Person{Name: "Jill Okafor"}
		bill := &faces.Person{Name: "Bill Tran"}
		for _, p := range []*faces.Person{jill, bill} {
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		visit := func(on string, kind string, nonSales bool, people []int64, staff ...int64) *faces.Visit {
			t.Helper()
			v := &faces.Visit{On: day(on), CompanyID: acme.ID, Kind: kind, NonSales: nonSales, PersonIDs: people, StaffIDs: staff,
				Notes: "Watched the night shift load the trucks."}
			if err := db.CreateVisit(ctx, v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		v1 := visit("2026-03-10", "observe", true, []int64{jill.ID, bill.ID, jill.ID}, ana.ID, bo.ID)
		visit("2026-11-20", "sales", false, []int64{bill.ID}, cy.ID)
		visit("2025-06-01", "interview", true, []int64{jill.ID}, cy.ID) // more than a year ago
		planned := visit("2027-01-15", "council", true, nil, di.ID)     // a plan, and no customer named
		visit("2026-11-28", "product_review", true, []int64{jill.ID}, ana.ID)

		if len(v1.People) != 2 || v1.People[0].Name != "Bill Tran" || len(v1.Staff) != 2 || v1.CompanyName != "Acme" {
			t.Errorf("stored visit %+v", v1)
		}
		if !planned.Planned(now) || !planned.Unattributed() || v1.Planned(now) {
			t.Error("planned and unattributed visits")
		}
		// Bad input changes nothing.
		for field, bad := range map[string]*faces.Visit{
			"non_sales":  {On: day("2026-11-01"), CompanyID: acme.ID, Kind: "sales", NonSales: true, StaffIDs: []int64{ana.ID}},
			"kind":       {On: day("2026-11-01"), CompanyID: acme.ID, Kind: "lunch", StaffIDs: []int64{ana.ID}},
			"staff_ids":  {On: day("2026-11-01"), CompanyID: acme.ID, Kind: "observe"},
			"person_ids": {On: day("2026-11-01"), CompanyID: acme.ID, Kind: "observe", StaffIDs: []int64{ana.ID}, PersonIDs: []int64{999}},
			"company_id": {On: day("2026-11-01"), CompanyID: 999, Kind: "observe", StaffIDs: []int64{ana.ID}},
		} {
			err := db.CreateVisit(ctx, bad)
			var fe *faces.Error
			if !asError(err, &fe) || fe.Fields[field] == "" {
				t.Errorf("%s: %v", field, err)
			}
		}
		if _, total, _ := db.FindVisits(ctx, faces.VisitFilter{}); total != 5 {
			t.Errorf("%d visits after refused ones, want 5", total)
		}

		// Lists: by person, staff and company, latest first, a page at a time.
		byJill, total, err := db.FindVisits(ctx, faces.VisitFilter{PersonID: jill.ID, Limit: 2})
		if err != nil || total != 3 || len(byJill) != 2 || byJill[0].On.Format(time.DateOnly) != "2026-11-28" || byJill[1].ID != v1.ID {
			t.Fatalf("Jill's visits %v %d %v", byJill, total, err)
		}
		rest, _, err := db.FindVisits(ctx, faces.VisitFilter{PersonID: jill.ID, Limit: 2,
			Before: &faces.Cursor{Key: byJill[1].On.Format(time.DateOnly), ID: byJill[1].ID}})
		if err != nil || len(rest) != 1 || rest[0].On.Year() != 2025 {
			t.Errorf("Jill's next page %v %v", rest, err)
		}
		if mine, _, _ := db.FindVisits(ctx, faces.VisitFilter{StaffID: ana.ID}); len(mine) != 2 {
			t.Errorf("Ana's visits: %d", len(mine))
		}
		if atAcme, total, _ := db.FindVisits(ctx, faces.VisitFilter{CompanyID: acme.ID}); total != 5 || atAcme[0].ID != planned.ID {
			t.Errorf("Acme's visits, the plan first: %d", total)
		}

		// "When did you last visit a customer?"
		last, err := db.LastVisitsOf(ctx, cy.ID, now)
		if err != nil || last.Visit.Format(time.DateOnly) != "2026-11-20" || last.NonSales.Format(time.DateOnly) != "2025-06-01" {
			t.Errorf("Cy's last visits %+v %v", last, err)
		}
		if last, _ := db.LastVisitsOf(ctx, di.ID, now); !last.Visit.IsZero() {
			t.Errorf("Di's only visit is a plan: %+v", last)
		}

		d, err := db.VisitDashboard(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		teams := map[string]faces.TeamVisits{}
		for _, tv := range d.Teams {
			teams[tv.Team] = tv
		}
		if p := teams["Product"]; p.Staff != 2 || p.Visited != 2 || len(p.Never) != 0 {
			t.Errorf("Product %+v", p)
		}
		// Cy's last non-sales visit is older than a year: not visited, but
		// not "never" either.
		if f := teams["Finance"]; f.Staff != 1 || f.Visited != 0 || len(f.Never) != 0 {
			t.Errorf("Finance %+v", f)
		}
		if n := teams["No team"]; n.Staff != 1 || len(n.Never) != 1 || n.Never[0] != "Di Ford" {
			t.Errorf("no team %+v", n)
		}
		if len(d.ByMonth) != 12 || d.ByMonth[0].Month != "2026-01" || d.ByMonth[11].Month != "2026-12" {
			t.Fatalf("months %+v", d.ByMonth)
		}
		march, nov := d.ByMonth[2], d.ByMonth[10]
		if march.Visits != 1 || march.NonSales != 1 || march.Visitors != 2 || nov.Visits != 2 || nov.NonSales != 1 || nov.Visitors != 1 {
			t.Errorf("March %+v, November %+v", march, nov)
		}

		// Erasing Jill takes her off the visits; the visits stay, and the
		// audit trail never held her name.
		if err := db.ErasePerson(ctx, jill.ID); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.FindVisitByID(ctx, v1.ID); len(v.People) != 1 || v.People[0].Name != "Bill Tran" {
			t.Errorf("after erasing Jill: %+v", v.People)
		}
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE before_json LIKE '%Jill%' OR after_json LIKE '%Jill%'`).Scan(&n)
		if n != 0 {
			t.Errorf("%d audit entries still name Jill", n)
		}
		if err := db.DeleteCompany(ctx, acme.ID); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("deleting a company with visits: %v", err)
		}
		if err := db.DeleteVisit(ctx, planned.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindVisitByID(ctx, planned.ID); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("deleted visit: %v", err)
		}
	})
}
