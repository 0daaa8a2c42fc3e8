package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// Paging by cursor visits every person once, in order, by name and by
// most recent change, with or without a company filter.
func TestPeoplePagesByCursor(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
		acme := mustCompany(t, db, "Acme")
		names := []string{"Bo", "Ann", "Cy", "Ann", "Di", "Ed", "Ann", "Fay", "Gus"} // Ann three times: ties broken by id
		for i, n := range names {
			at(t, start.Add(time.Duration(i)*time.Minute))
			p := &faces.Person{Name: n}
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 {
				db.MovePerson(ctx, p.ID, faces.Move{CompanyID: acme.ID, Title: "Staff", On: day("2026-01-01")})
			}
		}
		walk := func(f faces.PersonFilter) []string {
			var seen []string
			f.Limit = 2
			for range 20 {
				page, total, err := db.FindPeople(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if f.CompanyID == 0 && total != len(names) {
					t.Errorf("total %d", total)
				}
				for _, p := range page {
					seen = append(seen, fmt.Sprintf("%s#%d", p.Name, p.ID))
				}
				if len(page) < f.Limit {
					return seen
				}
				c := f.Sort.CursorOf(page[len(page)-1])
				f.After = &c
			}
			t.Fatal("paging did not end")
			return nil
		}
		byName := walk(faces.PersonFilter{})
		want := []string{"Ann#2", "Ann#4", "Ann#7", "Bo#1", "Cy#3", "Di#5", "Ed#6", "Fay#8", "Gus#9"}
		if fmt.Sprint(byName) != fmt.Sprint(want) {
			t.Errorf("by name: %v", byName)
		}
		// Gus, created and moved last, is the most recently changed.
		byChanged := walk(faces.PersonFilter{Sort: faces.ByChanged})
		if len(byChanged) != len(names) || byChanged[0] != "Gus#9" {
			t.Errorf("by change: %v", byChanged)
		}
		atAcme := walk(faces.PersonFilter{CompanyID: acme.ID})
		if fmt.Sprint(atAcme) != fmt.Sprint([]string{"Ann#7", "Bo#1", "Cy#3", "Di#5", "Gus#9"}) {
			t.Errorf("at Acme: %v", atAcme)
		}
		if _, _, err := db.FindPeople(ctx, faces.PersonFilter{Sort: "shoe size"}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("an unknown order: %v", err)
		}
	})
}

// A list counts its matches only up to CountCap.
func TestCountsAreCapped(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		stamp := any(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if fmt.Sprintf("%T", db.SQL().Driver()) == "*sqlite.Driver" {
			stamp = "2026-01-01T00:00:00.000000000Z"
		}
		_, err := db.SQL().Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10050)
			INSERT INTO people (name, created_at, updated_at) SELECT 'Person', $1, $1 FROM n`, stamp)
		if err != nil {
			t.Fatal(err)
		}
		page, total, err := db.FindPeople(context.Background(), faces.PersonFilter{Limit: 10})
		if err != nil || len(page) != 10 || total != faces.CountCap+1 {
			t.Errorf("%d on the page, total %d, %v", len(page), total, err)
		}
	})
}

// The changes feed lists moves by the day they took effect, latest first,
// a page after another; a first position is not a move.
func TestRecentChanges(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		at(t, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		moves := map[string][]string{ // name: first day at Acme, day of the move to Globex ("" for none)
			"Ann": {"2020-01-01", "2025-03-01"},
			"Bo":  {"2021-01-01", ""},
			"Cy":  {"2019-01-01", "2024-07-15"},
			"Di":  {"2022-01-01", "2026-10-01"},
		}
		for _, name := range []string{"Ann", "Bo", "Cy", "Di"} {
			p := &faces.Person{Name: name}
			db.CreatePerson(ctx, p)
			db.MovePerson(ctx, p.ID, faces.Move{CompanyID: acme.ID, Title: "Staff", On: day(moves[name][0])})
			if d := moves[name][1]; d != "" {
				db.MovePerson(ctx, p.ID, faces.Move{CompanyID: globex.ID, Title: "Lead", On: day(d)})
			}
		}
		var seen []string
		var after *faces.Cursor
		for range 5 {
			page, err := db.RecentChanges(ctx, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page {
				seen = append(seen, fmt.Sprintf("%s %s→%s %s", c.PersonName, c.PreviousCompany, c.CompanyName, c.From.Format(time.DateOnly)))
			}
			if len(page) < 2 {
				break
			}
			cur := page[len(page)-1].CursorOf()
			after = &cur
		}
		want := []string{"Di Acme→Globex 2026-10-01", "Ann Acme→Globex 2025-03-01", "Cy Acme→Globex 2024-07-15"}
		if fmt.Sprint(seen) != fmt.Sprint(want) {
			t.Errorf("changes: %v", seen)
		}
	})
}

// Everyone with a tag, by name, a page after another, in any case; the
// list follows renames, tag changes and deletions.
func TestPeopleByTag(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		acme := mustCompany(t, db, "Acme")
		var jill *faces.Person
		for _, p := range []*faces.Person{
			{Name: "Jill", Tags: []string{"Champion", "night shift"}},
			{Name: "Ann", Tags: []string{"champion"}},
			{Name: "Bo", Tags: []string{"blocker"}},
			{Name: "Cy", Tags: []string{"champion", "CHAMPION"}},
		} {
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			if p.Name == "Jill" {
				jill = p
			}
		}
		db.MovePerson(ctx, jill.ID, faces.Move{CompanyID: acme.ID, Title: "Lead", On: day("2024-01-01")})
		tagged := func(f faces.PersonFilter) string {
			var names []string
			f.Limit = 1
			for range 10 {
				page, _, err := db.FindPeople(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				names = append(names, page[0].Name)
				c := f.Sort.CursorOf(page[0])
				f.After = &c
			}
			return fmt.Sprint(names)
		}
		if got := tagged(faces.PersonFilter{Tag: "champion"}); got != "[Ann Cy Jill]" {
			t.Errorf("champions: %s", got)
		}
		if got := tagged(faces.PersonFilter{Tag: " Champion ", CompanyID: acme.ID}); got != "[Jill]" {
			t.Errorf("champions at Acme: %s", got)
		}
		jill.Name, jill.Tags = "Jill Okafor", []string{"blocker"}
		if err := db.UpdatePerson(ctx, jill); err != nil {
			t.Fatal(err)
		}
		if got := tagged(faces.PersonFilter{Tag: "blocker"}); got != "[Bo Jill Okafor]" {
			t.Errorf("blockers after the change: %s", got)
		}
		db.DeletePerson(ctx, jill.ID)
		if got := tagged(faces.PersonFilter{Tag: "blocker"}); got != "[Bo]" {
			t.Errorf("blockers after the deletion: %s", got)
		}
		items, _ := db.Trash(ctx, 1)
		db.RestoreFromTrash(ctx, items[0].ID)
		if got := tagged(faces.PersonFilter{Tag: "blocker"}); got != "[Bo Jill Okafor]" {
			t.Errorf("blockers after the restore: %s", got)
		}
		if _, _, err := db.FindPeople(ctx, faces.PersonFilter{Tag: "blocker", Sort: faces.ByChanged}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a tag by change: %v", err)
		}
	})
}

// A list's total past its time is served at once, and counted again in
// the background: the next reader gets the new total. One much older is
// counted before it is served.
func TestStaleTotalsAreServedWhileCounted(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := asStaff(t, db)
		for _, name := range []string{"Ann", "Bo"} {
			if err := db.CreatePerson(ctx, &faces.Person{Name: name}); err != nil {
				t.Fatal(err)
			}
		}
		total := unconsentedTotal(t, ctx, db)
		if n := total(); n != 2 {
			t.Fatalf("total %d", n)
		}
		// A person added behind the cache's back (no write through the
		// store, which would clear it).
		if _, err := db.SQL().ExecContext(ctx, `INSERT INTO people (name, created_at, updated_at) VALUES ('Cy', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`); err != nil {
			t.Fatal(err)
		}
		if n := total(); n != 2 {
			t.Errorf("a fresh total is served from the cache: %d", n)
		}
		db.AgeCountsForTest(time.Minute)
		if n := total(); n != 2 {
			t.Errorf("a stale total is served at once: %d", n)
		}
		waitForTotal(t, total, 3)
		db.SQL().ExecContext(ctx, `INSERT INTO people (name, created_at, updated_at) VALUES ('Di', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`)
		db.AgeCountsForTest(time.Hour)
		if n := total(); n != 4 {
			t.Errorf("a total an hour old is counted again first: %d, want 4", n)
		}
	})
}

// A write keeps a total past the cap ("10,000+"): it is counted again
// when its time is up, in the background. A smaller one that was quick to
// count is dropped, and the next reader counts it before it is served.
func TestWritesKeepTotalsPastTheCap(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := asStaff(t, db)
		db.KeepCountsSlowerThanForTest(time.Hour) // every count here is quick
		total := unconsentedTotal(t, ctx, db)
		if _, err := db.SQL().ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001)
			INSERT INTO people (name, created_at, updated_at) SELECT 'P' || i, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n`); err != nil {
			t.Fatal(err)
		}
		if n := total(); n != faces.CountCap+1 {
			t.Fatalf("total %d, want the cap and one", n)
		}
		// Most of them go behind the cache's back; then a write through
		// the store.
		if _, err := db.SQL().ExecContext(ctx, `DELETE FROM people WHERE id IN (SELECT id FROM people WHERE name LIKE 'P%' ORDER BY id LIMIT 9000)`); err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePerson(ctx, &faces.Person{Name: "Ann"}); err != nil {
			t.Fatal(err)
		}
		if n := total(); n != faces.CountCap+1 {
			t.Errorf("after a write, a total past the cap is kept: %d", n)
		}
		db.AgeCountsForTest(time.Minute)
		waitForTotal(t, total, 1002)
		if err := db.CreatePerson(ctx, &faces.Person{Name: "Bo"}); err != nil {
			t.Fatal(err)
		}
		if n := total(); n != 1003 {
			t.Errorf("after a write, a total under the cap is counted first: %d, want 1003", n)
		}
	})
}

// A write keeps a total that was slow to count: its readers get it at
// once, and it is counted again when its time is up.
func TestWritesKeepSlowTotals(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := asStaff(t, db)
		db.KeepCountsSlowerThanForTest(0) // every count here is slow
		total := unconsentedTotal(t, ctx, db)
		if err := db.CreatePerson(ctx, &faces.Person{Name: "Ann"}); err != nil {
			t.Fatal(err)
		}
		if n := total(); n != 1 {
			t.Fatalf("total %d", n)
		}
		if err := db.CreatePerson(ctx, &faces.Person{Name: "Bo"}); err != nil {
			t.Fatal(err)
		}
		if n := total(); n != 1 {
			t.Errorf("after a write, a slow total is kept: %d", n)
		}
		db.AgeCountsForTest(time.Minute)
		waitForTotal(t, total, 2)
	})
}

// unconsentedTotal returns a function that reads the total of the list of
// people without consent.
func unconsentedTotal(t *testing.T, ctx context.Context, db *sqlstore.DB) func() int {
	return func() int {
		t.Helper()
		_, n, err := db.FindPeople(ctx, faces.PersonFilter{Consent: "no"})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
}

// waitForTotal waits up to five seconds for a background count to bring
// the total to want.
func waitForTotal(t *testing.T, total func() int, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for total() != want && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := total(); n != want {
		t.Errorf("after the background count: %d, want %d", n, want)
	}
}
