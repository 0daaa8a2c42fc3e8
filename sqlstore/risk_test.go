package sqlstore_test

import (
	"context"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// At-risk flags: raised on a person and a company, found for a page of
// them, cleared; kept through the trash and back; gone with an erasure.
func TestRisks(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 0)
		acme := mustCompany(t, db, "Acme")
		jill, bob := &faces.Person{Name: "Jill Okafor"}, &faces.Person{Name: "Bob Stone"}
		for _, p := range []*faces.Person{jill, bob} {
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.FlagRisk(ctx, &faces.Risk{PersonID: jill.ID, Reason: "  ", Since: day("2026-11-01")}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a flag without a reason: %v", err)
		}
		older := &faces.Risk{PersonID: jill.ID, Reason: "Her project lost its budget.", Since: day("2026-10-01")}
		newer := &faces.Risk{PersonID: jill.ID, Reason: "Talking to a competitor.", Since: day("2026-11-20")}
		account := &faces.Risk{CompanyID: acme.ID, Reason: "Renewal in doubt.", Since: day("2026-11-15")}
		for _, r := range []*faces.Risk{older, newer, account} {
			if err := db.FlagRisk(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		at, err := db.PeopleAtRisk(ctx, []int64{jill.ID, bob.ID})
		if err != nil || len(at) != 1 || at[jill.ID].ID != newer.ID {
			t.Errorf("people at risk: %v %+v", err, at)
		}
		if co, _ := db.CompaniesAtRisk(ctx, []int64{acme.ID}); co[acme.ID] == nil || co[acme.ID].Reason != "Renewal in doubt." {
			t.Errorf("companies at risk: %+v", co)
		}
		if _, err := db.ClearRisk(ctx, newer.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ClearRisk(ctx, newer.ID); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("clearing twice: %v", err)
		}
		open, _ := db.OpenRisks(ctx, jill.ID, 0)
		if len(open) != 1 || open[0].ID != older.ID {
			t.Errorf("open flags after clearing one: %+v", open)
		}
		// Through the trash and back.
		throughTheTrash(t, ctx, db, jill.ID)
		if open, _ := db.OpenRisks(ctx, jill.ID, 0); len(open) != 1 || open[0].Reason != older.Reason {
			t.Errorf("after the trash: %+v", open)
		}
		if err := db.DeleteCompany(ctx, acme.ID); err != nil {
			t.Fatalf("deleting a company with a flag: %v", err)
		}
		// Erased: the flags go, and the audit trail forgets their reasons.
		if err := db.ErasePerson(ctx, jill.ID); err != nil {
			t.Fatal(err)
		}
		entries, _, _ := db.FindAuditEntries(ctx, faces.AuditFilter{Entity: "risk", EntityID: older.ID})
		for _, e := range entries {
			if e.After != nil || e.Before != nil {
				t.Errorf("an audit entry of an erased person's flag keeps %s %s", e.Before, e.After)
			}
		}
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM risks WHERE person_id IS NOT NULL`).Scan(&n)
		if n != 0 {
			t.Errorf("%d flags left after the erasure", n)
		}
	})
}
