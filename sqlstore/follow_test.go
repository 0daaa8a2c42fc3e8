package sqlstore_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

func TestFollowersHearOfMoves(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		at(t, time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
		ana, bo, cy, di := staffMember(t, db, "Ana Lind", "Product"), staffMember(t, db, "Bo Sato", "Sales"),
			staffMember(t, db, "Cy Wolfe", "Finance"), staffMember(t, db, "Di Ford", "Support")
		ctx := faces.NewContextWithActor(context.Background(), di.ID)
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		jill := &faces.Person{Name: "Jill Okafor"}
		if err := db.CreatePersonAt(ctx, jill, faces.Move{CompanyID: acme.ID, Title: "Ops Manager", On: day("2024-01-01")}); err != nil {
			t.Fatal(err)
		}
		// Ana visited her; Bo recorded her words; Cy follows by choice;
		// Di records the move and is not told of her own doing.
		if err := db.CreateVisit(ctx, &faces.Visit{On: day("2026-11-01"), CompanyID: acme.ID, Kind: "observe", NonSales: true,
			PersonIDs: []int64{jill.ID}, StaffIDs: []int64{ana.ID, di.ID}}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateInsight(faces.NewContextWithActor(ctx, bo.ID), &faces.Insight{PersonID: jill.ID, Type: "wish", Text: "x", Method: "interview"}); err != nil {
			t.Fatal(err)
		}
		if err := db.Follow(ctx, cy.ID, jill.ID); err != nil {
			t.Fatal(err)
		}
		// Whoever records a relationship follows both people.
		susan := &faces.Person{Name: "Susan Achterberg"}
		if err := db.CreatePerson(ctx, susan); err != nil {
			t.Fatal(err)
		}
		if err := db.AddRelationship(faces.NewContextWithActor(ctx, bo.ID), &faces.Relationship{FromID: susan.ID, ToID: jill.ID, Kind: faces.DecidesFor}); err != nil {
			t.Fatal(err)
		}
		if f, _ := db.Following(ctx, bo.ID, susan.ID); !f.Follows || !f.Auto {
			t.Errorf("Bo recorded Susan's relationship and should follow her: %+v", f)
		}
		for who, want := range map[*faces.User]faces.Following{ana: {Follows: true, Auto: true}, bo: {Follows: true, Auto: true}, cy: {Follows: true}} {
			if got, err := db.Following(ctx, who.ID, jill.ID); err != nil || got != want {
				t.Errorf("%s follows Jill: %+v %v, want %+v", who.Name, got, err, want)
			}
		}
		if _, err := db.MovePerson(ctx, jill.ID, faces.Move{CompanyID: globex.ID, Title: "COO", On: day("2026-12-01")}); err != nil {
			t.Fatal(err)
		}
		for _, who := range []*faces.User{ana, bo, cy} {
			ns, _ := db.Notifications(ctx, who.ID, 10)
			if len(ns) != 1 || !strings.Contains(ns[0].Text, "Jill Okafor moved from Acme to Globex as COO") {
				t.Errorf("%s's notifications %+v", who.Name, ns)
			}
			if n, _ := db.UnreadCount(ctx, who.ID); n != 1 {
				t.Errorf("%s: %d unread", who.Name, n)
			}
		}
		if ns, _ := db.Notifications(ctx, di.ID, 10); len(ns) != 0 {
			t.Errorf("the one who recorded the move was told: %+v", ns)
		}
		digests, err := db.PendingDigests(ctx)
		if err != nil || len(digests) != 3 || len(digests[0].Notifications) != 1 || digests[0].User.ID != ana.ID {
			t.Fatalf("digests %+v %v", digests, err)
		}
		if err := db.MarkEmailed(ctx, []int64{digests[0].Notifications[0].ID}); err != nil {
			t.Fatal(err)
		}
		if digests, _ := db.PendingDigests(ctx); len(digests) != 2 {
			t.Errorf("after e-mailing Ana: %d digests", len(digests))
		}
		if err := db.MarkNotificationsRead(ctx, ana.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.UnreadCount(ctx, ana.ID); n != 0 {
			t.Errorf("after reading: %d unread", n)
		}
		if err := db.Unfollow(ctx, cy.ID, jill.ID); err != nil {
			t.Fatal(err)
		}
		if f, _ := db.Following(ctx, cy.ID, jill.ID); f.Follows {
			t.Error("Cy still follows")
		}
		// To the trash and back: the followers come back; erased: gone,
		// with the notifications that named her.
		if err := db.DeletePerson(ctx, jill.ID); err != nil {
			t.Fatal(err)
		}
		items, _ := db.Trash(ctx, 1)
		if _, err := db.RestoreFromTrash(ctx, items[0].ID); err != nil {
			t.Fatal(err)
		}
		if f, _ := db.Following(ctx, ana.ID, jill.ID); !f.Follows || !f.Auto {
			t.Errorf("Ana's follow after restoring: %+v", f)
		}
		if err := db.ErasePerson(ctx, jill.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"follows", "notifications"} {
			var n int
			db.SQL().QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE person_id = $1`, jill.ID).Scan(&n)
			if n != 0 {
				t.Errorf("%d rows of the erased person in %s", n, table)
			}
		}
	})
}

// The unread badge, on every page, reads only unread notifications
// through their own index, however many read ones there are.
func TestUnreadCountUsesItsIndex(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.SQL().Query(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = 1 AND read_at IS NULL LIMIT 100) unread`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		rows.Scan(&id, &parent, &unused, &detail)
		plan = append(plan, detail)
	}
	if !strings.Contains(strings.Join(plan, "; "), "USING INDEX notifications_unread") {
		t.Errorf("the unread count's plan: %q", plan)
	}
}
