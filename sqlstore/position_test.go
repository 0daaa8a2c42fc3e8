package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// Role history can be corrected: a position edited or deleted (both
// audited), an end never before its start, never two current positions.
func TestCorrectRoleHistory(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 5)
		at(t, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		p := &faces.Person{Name: "Jill"}
		db.CreatePerson(ctx, p)
		db.MovePerson(ctx, p.ID, faces.Move{CompanyID: acme.ID, Title: "Buyer", On: day("2020-01-06")})
		db.MovePerson(ctx, p.ID, faces.Move{CompanyID: globex.ID, Title: "Head of buying", On: day("2024-03-01")})
		history, _ := db.Positions(ctx, p.ID)
		old, cur := history[1], history[0]

		old.Title, old.Division, old.From = "Senior buyer", "Procurement", day("2019-11-04")
		if err := db.UpdatePosition(ctx, old); err != nil {
			t.Fatal(err)
		}
		if history, _ := db.Positions(ctx, p.ID); history[1].Title != "Senior buyer" || !history[1].From.Equal(day("2019-11-04")) || history[1].CompanyName != "Acme" {
			t.Errorf("corrected: %+v", history[1])
		}
		bad := *old
		bad.To = day("2019-01-01")
		if err := db.UpdatePosition(ctx, &bad); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("an end before the start: %v", err)
		}
		bad = *old
		bad.To = time.Time{}
		if err := db.UpdatePosition(ctx, &bad); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("a second current position: %v", err)
		}
		bad = *old
		bad.From = day("2027-01-01")
		if err := db.UpdatePosition(ctx, &bad); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a start in the future: %v", err)
		}
		// The current title is searchable as corrected.
		cur.Title = "Chief buyer"
		if err := db.UpdatePosition(ctx, cur); err != nil {
			t.Fatal(err)
		}
		if res, _ := db.Search(ctx, "chief", 10); len(res.People) != 1 {
			t.Error("the corrected title is not found by search")
		}
		if err := db.DeletePosition(ctx, p.ID, old.ID); err != nil {
			t.Fatal(err)
		}
		if history, _ := db.Positions(ctx, p.ID); len(history) != 1 {
			t.Errorf("after deleting: %d positions", len(history))
		}
		if err := db.DeletePosition(ctx, p.ID+1000, cur.ID); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("another person's position: %v", err)
		}
		entries, _, _ := db.FindAuditEntries(ctx, faces.AuditFilter{Entity: "person", EntityID: p.ID, Limit: 50})
		seen := map[string]int{}
		for _, e := range entries {
			seen[e.Action]++
		}
		if seen[faces.ActionUpdatePosition] != 2 || seen[faces.ActionDeletePosition] != 1 {
			t.Errorf("audited: %v", seen)
		}
	})
}

// The same move twice is refused; a move dated in the future waits for
// its day, then becomes the current position.
func TestPlannedAndDuplicateMoves(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 5)
		at(t, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		p := &faces.Person{Name: "Jill"}
		db.CreatePerson(ctx, p)
		m := faces.Move{CompanyID: acme.ID, Title: "Buyer", On: day("2026-01-05")}
		if _, err := db.MovePerson(ctx, p.ID, m); err != nil {
			t.Fatal(err)
		}
		m.On = day("2026-02-01")
		if _, err := db.MovePerson(ctx, p.ID, m); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("the same move twice: %v", err)
		}

		next := faces.Move{CompanyID: globex.ID, Title: "Head of buying", On: day("2027-01-04")}
		got, err := db.MovePerson(ctx, p.ID, next)
		if err != nil || got.Current == nil || got.Current.CompanyID != acme.ID {
			t.Fatalf("planning a move changed the current position: %+v, %v", got.Current, err)
		}
		if _, err := db.MovePerson(ctx, p.ID, next); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("the same planned move twice: %v", err)
		}
		planned, _ := db.PlannedMoves(ctx, p.ID)
		if len(planned) != 1 || planned[0].CompanyName != "Globex" || !planned[0].On.Equal(next.On) || planned[0].CreatedBy != 5 {
			t.Fatalf("planned: %+v", planned)
		}
		if n, err := db.ApplyPlannedMoves(ctx); err != nil || n != 0 {
			t.Errorf("applied before the day: %d, %v", n, err)
		}
		at(t, time.Date(2027, 1, 4, 0, 10, 0, 0, time.UTC))
		if n, err := db.ApplyPlannedMoves(ctx); err != nil || n != 1 {
			t.Fatalf("applied on the day: %d, %v", n, err)
		}
		got, _ = db.FindPersonByID(ctx, p.ID)
		if got.Current == nil || got.Current.CompanyID != globex.ID || !got.Current.From.Equal(next.On) {
			t.Errorf("after the day: %+v", got.Current)
		}
		history, _ := db.Positions(ctx, p.ID)
		if len(history) != 2 || !history[1].To.Equal(next.On) {
			t.Errorf("history: %+v", history)
		}
		if planned, _ := db.PlannedMoves(ctx, p.ID); len(planned) != 0 {
			t.Errorf("still planned: %+v", planned)
		}
		// Cancelling.
		db.MovePerson(ctx, p.ID, faces.Move{CompanyID: acme.ID, Title: "Advisor", On: day("2027-06-01")})
		planned, _ = db.PlannedMoves(ctx, p.ID)
		if err := db.CancelPlannedMove(ctx, p.ID, planned[0].ID); err != nil {
			t.Fatal(err)
		}
		if planned, _ := db.PlannedMoves(ctx, p.ID); len(planned) != 0 {
			t.Error("a cancelled move is still planned")
		}
	})
}
