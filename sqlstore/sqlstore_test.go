package sqlstore_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/postgres/postgrestest"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// Every test in this file runs against each database Faces supports: an
// SQLite file in a temporary folder, and PostgreSQL when FACES_TEST_POSTGRES
// names a server (scripts/postgres-test-server starts one). In CI a missing
// PostgreSQL is a failure, not a skip.
func forEachDB(t *testing.T, test func(t *testing.T, db *sqlstore.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "faces.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		test(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		test(t, postgrestest.Open(t))
	})
}

// at fixes the domain clock for a test.
func at(t *testing.T, when time.Time) {
	old := faces.Now
	faces.Now = func() time.Time { return when }
	t.Cleanup(func() { faces.Now = old })
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// asStaff adds an administrator, Ada, and returns a context that acts as
// her.
func asStaff(t *testing.T, db *sqlstore.DB) (context.Context, *faces.User) {
	t.Helper()
	staff := &faces.User{Name: "Ada", Email: "ada@faces.example", Role: faces.RoleAdmin, PasswordHash: "x"}
	if err := db.CreateUser(context.Background(), staff); err != nil {
		t.Fatal(err)
	}
	return faces.NewContextWithActor(context.Background(), staff.ID), staff
}

// throughTheTrash deletes a person and restores them from the trash.
func throughTheTrash(t *testing.T, ctx context.Context, db *sqlstore.DB, personID int64) {
	t.Helper()
	if err := db.DeletePerson(ctx, personID); err != nil {
		t.Fatal(err)
	}
	item, err := db.FindTrashItem(ctx, "person", personID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RestoreFromTrash(ctx, item.ID); err != nil {
		t.Fatal(err)
	}
}

func mustCompany(t *testing.T, db *sqlstore.DB, name string) *faces.Company {
	t.Helper()
	c := &faces.Company{Name: name}
	if err := db.CreateCompany(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPeople(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 7)
		now := time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC)
		at(t, now)

		p := &faces.Person{Name: "  Jill Okafor ", Pronouns: "she/her", Emails: []string{"jill@acme.example", " "},
			Links: []string{"https://acme.example/jill"}, Tags: []string{"champion"}, Notes: "Runs the night shift."}
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindPersonByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Jill Okafor" || len(got.Emails) != 1 || got.Tags[0] != "champion" || got.Phones == nil ||
			!got.CreatedAt.Equal(now) || got.Current != nil {
			t.Errorf("stored person %+v", got)
		}

		got.Name, got.Tags = "Jill Okafor-Reyes", []string{"champion", "night shift"}
		got.Addresses = []string{" 1 Dock Road, Leeds LS1 4AP, United Kingdom ", ""}
		at(t, now.Add(time.Hour))
		if err := db.UpdatePerson(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, _ := db.FindPersonByID(ctx, p.ID)
		if !slices.Equal(again.Addresses, []string{"1 Dock Road, Leeds LS1 4AP, United Kingdom"}) {
			t.Errorf("addresses %q", again.Addresses)
		}
		if again.Name != "Jill Okafor-Reyes" || len(again.Tags) != 2 || !again.UpdatedAt.Equal(now.Add(time.Hour)) || !again.CreatedAt.Equal(now) {
			t.Errorf("updated person %+v", again)
		}

		entries, total, err := db.FindAuditEntries(ctx, faces.AuditFilter{Entity: "person", EntityID: p.ID})
		if err != nil || total != 2 || entries[0].Action != faces.ActionUpdate || entries[0].ActorID != 7 {
			t.Fatalf("audit: %d entries, %v; first %+v", total, err, entries)
		}
		var before, after faces.Person
		json.Unmarshal(entries[0].Before, &before)
		json.Unmarshal(entries[0].After, &after)
		if before.Name != "Jill Okafor" || after.Name != "Jill Okafor-Reyes" {
			t.Errorf("audit before %q after %q", before.Name, after.Name)
		}

		if err := db.DeletePerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindPersonByID(ctx, p.ID); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
		if err := db.DeletePerson(ctx, p.ID); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("second delete: %v", err)
		}
	})
}

// Bad input is refused with what is wrong per field, and nothing is
// written, not even to the audit trail.
func TestInvalidPersonChangesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		err := db.CreatePerson(ctx, &faces.Person{Name: " ", Emails: []string{"not an email"}, Links: []string{"ftp://x"}})
		var fe *faces.Error
		if faces.ErrorCode(err) != faces.EINVALID || !asError(err, &fe) || fe.Fields["name"] == "" || fe.Fields["emails"] == "" || fe.Fields["links"] == "" {
			t.Fatalf("got %v", err)
		}
		if _, n, _ := db.FindPeople(ctx, faces.PersonFilter{}); n != 0 {
			t.Errorf("%d people stored", n)
		}
		if _, n, _ := db.FindAuditEntries(ctx, faces.AuditFilter{}); n != 0 {
			t.Errorf("%d audit entries", n)
		}
	})
}

func asError(err error, target **faces.Error) bool {
	e, ok := err.(*faces.Error)
	*target = e
	return ok
}

// A move is one action: it closes the current position on the day,
// opens the new one, and shows in the person's history and the audit.
func TestMovePerson(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		at(t, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		p := &faces.Person{Name: "Bill Tran"}
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MovePerson(ctx, p.ID, faces.Move{CompanyID: acme.ID, Title: "Ops manager", Division: "Plant 2", On: day("2021-03-01")}); err != nil {
			t.Fatal(err)
		}
		moved, err := db.MovePerson(ctx, p.ID, faces.Move{CompanyID: globex.ID, Title: "VP Operations", On: day("2025-09-15")})
		if err != nil {
			t.Fatal(err)
		}
		if c := moved.Current; c == nil || c.CompanyName != "Globex" || c.Title != "VP Operations" || !c.From.Equal(day("2025-09-15")) {
			t.Fatalf("current position %+v", moved.Current)
		}
		history, err := db.Positions(ctx, p.ID)
		if err != nil || len(history) != 2 {
			t.Fatalf("history %v, %v", history, err)
		}
		if old := history[1]; old.CompanyName != "Acme" || old.Division != "Plant 2" || !old.To.Equal(day("2025-09-15")) || old.Current() {
			t.Errorf("closed position %+v", old)
		}
		atGlobex, n, _ := db.FindPeople(ctx, faces.PersonFilter{CompanyID: globex.ID})
		if n != 1 || atGlobex[0].ID != p.ID {
			t.Errorf("people at Globex: %d", n)
		}
		if _, n, _ := db.FindPeople(ctx, faces.PersonFilter{CompanyID: acme.ID}); n != 0 {
			t.Errorf("%d people still at Acme", n)
		}
		if former, n, _ := db.FindPeople(ctx, faces.PersonFilter{FormerlyAt: acme.ID}); n != 1 || former[0].ID != p.ID {
			t.Errorf("former people of Acme: %d", n)
		}
		if _, n, _ := db.FindPeople(ctx, faces.PersonFilter{FormerlyAt: globex.ID}); n != 0 {
			t.Errorf("%d former people at Globex, where Bill is now", n)
		}
		if _, n, _ := db.FindAuditEntries(ctx, faces.AuditFilter{Entity: "person", EntityID: p.ID}); n != 3 {
			t.Errorf("%d audit entries, want create and two moves", n)
		}

		// A move dated before the current position began changes nothing.
		_, err = db.MovePerson(ctx, p.ID, faces.Move{CompanyID: acme.ID, Title: "Advisor", On: day("2024-01-01")})
		if faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("backdated move: %v", err)
		}
		if h, _ := db.Positions(ctx, p.ID); len(h) != 2 {
			t.Errorf("backdated move wrote a position: %d", len(h))
		}
		// So does a move to a company that does not exist.
		if _, err := db.MovePerson(ctx, p.ID, faces.Move{CompanyID: 9999, Title: "X", On: day("2026-01-01")}); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("move to a missing company: %v", err)
		}
		// A company in someone's history cannot be deleted.
		if err := db.DeleteCompany(ctx, acme.ID); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("deleting Acme: %v", err)
		}
		// Deleting the person takes their history with them; then the
		// companies can go.
		if err := db.DeletePerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteCompany(ctx, acme.ID); err != nil {
			t.Errorf("deleting Acme after the person: %v", err)
		}
	})
}

func TestCompanies(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		c := &faces.Company{Name: "Initech", Story: "Makes TPS reports.", KeyCustomer: true, Locations: []string{"Austin", ""}}
		if err := db.CreateCompany(ctx, c); err != nil {
			t.Fatal(err)
		}
		mustCompany(t, db, "Hooli")
		keys, n, err := db.FindCompanies(ctx, faces.CompanyFilter{KeyCustomer: true})
		if err != nil || n != 1 || keys[0].Name != "Initech" || len(keys[0].Locations) != 1 {
			t.Fatalf("key customers %v (%d), %v", keys, n, err)
		}
		all, n, _ := db.FindCompanies(ctx, faces.CompanyFilter{Limit: 1, Offset: 1})
		if n != 2 || len(all) != 1 || all[0].Name != "Initech" {
			t.Errorf("second page: %v of %d", all, n)
		}
		c.KeyCustomer = false
		if err := db.UpdateCompany(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := db.FindCompanies(ctx, faces.CompanyFilter{KeyCustomer: true}); n != 0 {
			t.Errorf("%d key customers after the update", n)
		}
		if err := db.UpdateCompany(ctx, &faces.Company{ID: 424242, Name: "Ghost"}); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("updating a missing company: %v", err)
		}
		if err := db.CreateCompany(ctx, &faces.Company{}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("company without a name: %v", err)
		}
	})
}

func TestPagingPeople(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		for _, name := range []string{"Carla", "Amir", "Bea"} {
			if err := db.CreatePerson(ctx, &faces.Person{Name: name}); err != nil {
				t.Fatal(err)
			}
		}
		page, total, err := db.FindPeople(ctx, faces.PersonFilter{Limit: 2})
		if err != nil || total != 3 || len(page) != 2 || page[0].Name != "Amir" || page[1].Name != "Bea" {
			t.Fatalf("first page %v of %d, %v", page, total, err)
		}
		page, _, _ = db.FindPeople(ctx, faces.PersonFilter{Limit: 2, Offset: 2})
		if len(page) != 1 || page[0].Name != "Carla" {
			t.Errorf("second page %v", page)
		}
	})
}

func TestUsersAndSessions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		at(t, now)
		u := &faces.User{Name: "Ada", Email: " Ada@Faces.example ", Role: faces.RoleEditor, PasswordHash: "x"}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if got, err := db.FindUserByEmail(ctx, "ADA@faces.example"); err != nil || got.ID != u.ID || got.Email != "ada@faces.example" {
			t.Fatalf("by email: %+v, %v", got, err)
		}
		dup := &faces.User{Name: "Other", Email: "ada@faces.example", Role: faces.RoleViewer, PasswordHash: "y"}
		if err := db.CreateUser(ctx, dup); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("duplicate email: %v", err)
		}
		if err := db.CreateUser(ctx, &faces.User{Name: "X", Email: "x@y.example", Role: "boss", PasswordHash: "z"}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("unknown role: %v", err)
		}

		never := now.Add(-24 * time.Hour) // an idle limit no session reaches
		token, err := db.CreateSession(ctx, u.ID, now.Add(time.Hour))
		if err != nil || len(token) < 40 {
			t.Fatalf("session %q, %v", token, err)
		}
		if got, err := db.UserBySession(ctx, token, never); err != nil || got.ID != u.ID {
			t.Fatalf("user by session: %v", err)
		}
		if _, err := db.UserBySession(ctx, token+"x", never); faces.ErrorCode(err) != faces.EUNAUTHORIZED {
			t.Errorf("wrong token: %v", err)
		}
		at(t, now.Add(2*time.Hour))
		if _, err := db.UserBySession(ctx, token, never); faces.ErrorCode(err) != faces.EUNAUTHORIZED {
			t.Errorf("expired session: %v", err)
		}
		token, _ = db.CreateSession(ctx, u.ID, now.Add(3*time.Hour))
		if err := db.DeleteSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserBySession(ctx, token, never); faces.ErrorCode(err) != faces.EUNAUTHORIZED {
			t.Errorf("deleted session: %v", err)
		}
	})
}

// A session ends after an idle period, and its use keeps it alive.
func TestSessionIdleExpiry(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		at(t, now)
		u := &faces.User{Name: "Ada", Email: "ada@faces.example", Role: faces.RoleEditor, PasswordHash: "x"}
		db.CreateUser(ctx, u)
		token, _ := db.CreateSession(ctx, u.ID, now.Add(14*24*time.Hour))
		idle := 30 * time.Minute
		use := func(when time.Time) error {
			at(t, when)
			_, err := db.UserBySession(ctx, token, when.Add(-idle))
			return err
		}
		// Used every 20 minutes for two hours: alive.
		for m := 20; m <= 120; m += 20 {
			if err := use(now.Add(time.Duration(m) * time.Minute)); err != nil {
				t.Fatalf("after %d minutes of use: %v", m, err)
			}
		}
		// Then 31 minutes unused: ended.
		if err := use(now.Add(151 * time.Minute)); faces.ErrorCode(err) != faces.EUNAUTHORIZED {
			t.Errorf("idle session: %v", err)
		}
		// The purge removes it (and expired ones) from the table.
		if err := db.PurgeSignIns(ctx, now.Add(151*time.Minute).Add(-idle), now); err != nil {
			t.Fatal(err)
		}
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&n)
		if n != 0 {
			t.Errorf("%d sessions left after the purge", n)
		}
	})
}

// Changing a password or role, or disabling the account, ends every
// session of that account (and a disabled account's API tokens stop
// working); a change of name does not.
func TestAccountChangesEndSessions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		at(t, now)
		never := now.Add(-24 * time.Hour)
		admin := &faces.User{Name: "Root", Email: "root@faces.example", Role: faces.RoleAdmin, PasswordHash: "r"}
		db.CreateUser(ctx, admin)
		for _, change := range []struct {
			name string
			edit func(u *faces.User)
			ends bool
		}{
			{"name", func(u *faces.User) { u.Name = "Ada L." }, false},
			{"password", func(u *faces.User) { u.PasswordHash = "new" }, true},
			{"role", func(u *faces.User) { u.Role = faces.RoleViewer }, true},
			{"disabled", func(u *faces.User) { u.Disabled = true }, true},
		} {
			u := &faces.User{Name: "Ada", Email: change.name + "@faces.example", Role: faces.RoleEditor, PasswordHash: "x"}
			if err := db.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			phone, _ := db.CreateSession(ctx, u.ID, now.Add(time.Hour))
			laptop, _ := db.CreateSession(ctx, u.ID, now.Add(time.Hour))
			other, _ := db.CreateSession(ctx, admin.ID, now.Add(time.Hour))
			_, secret, _ := db.CreateAPIToken(ctx, u.ID, "script")
			change.edit(u)
			if err := db.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			for _, tok := range []string{phone, laptop} {
				_, err := db.UserBySession(ctx, tok, never)
				if ended := faces.ErrorCode(err) == faces.EUNAUTHORIZED; ended != change.ends {
					t.Errorf("%s changed: session ended %v, want %v", change.name, ended, change.ends)
				}
			}
			if _, err := db.UserBySession(ctx, other, never); err != nil {
				t.Errorf("%s changed: another account's session ended: %v", change.name, err)
			}
			_, err := db.UserByAPIToken(ctx, secret)
			if refused := err != nil; refused != (change.name == "disabled") {
				t.Errorf("%s changed: API token refused: %v", change.name, err)
			}
		}
	})
}

// The last enabled administrator can be neither demoted nor disabled.
func TestLastAdministratorStays(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := &faces.User{Name: "A", Email: "a@faces.example", Role: faces.RoleAdmin, PasswordHash: "x"}
		b := &faces.User{Name: "B", Email: "b@faces.example", Role: faces.RoleAdmin, PasswordHash: "x"}
		db.CreateUser(ctx, a)
		db.CreateUser(ctx, b)
		b.Disabled = true
		if err := db.UpdateUser(ctx, b); err != nil {
			t.Fatalf("disabling one of two admins: %v", err)
		}
		a.Role = faces.RoleEditor
		if err := db.UpdateUser(ctx, a); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("demoting the last enabled admin: %v", err)
		}
		a.Role, a.Disabled = faces.RoleAdmin, true
		if err := db.UpdateUser(ctx, a); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("disabling the last enabled admin: %v", err)
		}
		if got, _ := db.FindUserByID(ctx, a.ID); got.Role != faces.RoleAdmin || got.Disabled {
			t.Errorf("the refused change was written: %+v", got)
		}
	})
}

// Sign-in attempts are counted by one atomic statement: of 40 attempts
// at once, each sees a different count, 1 to 40.
func TestSignInAttemptsAreCountedAtomically(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		at(t, start)
		window := start.Add(-15 * time.Minute)
		counts := make(chan int, 40)
		var wg sync.WaitGroup
		for range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := db.CountSignInAttempt(ctx, "email:ada@faces.example", window)
				if err != nil {
					t.Error(err)
				}
				counts <- n
			}()
		}
		wg.Wait()
		close(counts)
		seen := map[int]bool{}
		for n := range counts {
			seen[n] = true
		}
		for i := 1; i <= 40; i++ {
			if !seen[i] {
				t.Fatalf("no attempt saw count %d: %v", i, seen)
			}
		}
		// Forgetting one takes one off; another key is its own.
		db.ForgetSignInAttempt(ctx, "email:ada@faces.example")
		if n, _ := db.CountSignInAttempt(ctx, "email:ada@faces.example", window); n != 40 {
			t.Errorf("after forgetting one: %d, want 40", n)
		}
		if n, _ := db.CountSignInAttempt(ctx, "addr:192.0.2.1", window); n != 1 {
			t.Errorf("another key: %d", n)
		}
		// A new window starts over.
		at(t, start.Add(16*time.Minute))
		if n, _ := db.CountSignInAttempt(ctx, "email:ada@faces.example", start.Add(time.Minute)); n != 1 {
			t.Errorf("a new window: %d, want 1", n)
		}
		db.ClearSignInAttempts(ctx, "email:ada@faces.example")
		if n, _ := db.CountSignInAttempt(ctx, "email:ada@faces.example", start.Add(time.Minute)); n != 1 {
			t.Errorf("after clearing: %d, want 1", n)
		}
		// The purge drops counters of past windows.
		if err := db.PurgeSignIns(ctx, start, start.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		var left int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM login_attempts`).Scan(&left)
		if left != 0 {
			t.Errorf("%d counters left after the purge", left)
		}
	})
}

func TestSearch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		acme := &faces.Company{Name: "Acme Anvils", Locations: []string{"Leeds"}, Story: "Forges anvils for cartoon coyotes."}
		if err := db.CreateCompany(ctx, acme); err != nil {
			t.Fatal(err)
		}
		jill := &faces.Person{Name: "Jill Okafor", Tags: []string{"champion"}, Notes: "Loves the night shift.",
			Emails: []string{"j.okafor@forge.example"}, Phones: []string{"+44 (0)7700-900461", "0113 496 0123"}}
		bill := &faces.Person{Name: "Bill Tran", Notes: "Asked about Jill's dashboards."}
		tranquil := &faces.Person{Name: "Tranquil Ade"}
		for _, p := range []*faces.Person{jill, bill, tranquil} {
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.MovePerson(ctx, jill.ID, faces.Move{CompanyID: acme.ID, Title: "Operations Manager", On: day("2024-01-01")}); err != nil {
			t.Fatal(err)
		}
		names := func(q string) []string {
			t.Helper()
			res, err := db.Search(ctx, q, 10)
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			var out []string
			for _, p := range res.People {
				out = append(out, p.Name)
			}
			for _, c := range res.Companies {
				out = append(out, "company:"+c.Name)
			}
			return out
		}
		tests := map[string]string{
			"jill":                      "Jill Okafor,Bill Tran", // the name counts more than a note
			"JIL":                       "Jill Okafor,Bill Tran",
			"operations":                "Jill Okafor",                     // current title
			"acme":                      "Jill Okafor,company:Acme Anvils", // current company
			"champion night":            "Jill Okafor",                     // tags and notes, every term
			"leeds":                     "company:Acme Anvils",             // locations
			"coyote":                    "company:Acme Anvils",             // story
			"nobody":                    "",
			"tran":                      "Bill Tran,Tranquil Ade", // a whole word, and a word it begins
			"j.okafor@forge.example":    "Jill Okafor",            // an email, as typed
			"okafor@forge":              "Jill Okafor",            // part of one
			"+44 (0)7700-900461":        "Jill Okafor",            // a phone number, as stored
			"44 0 7700 900461":          "Jill Okafor",            // formatted otherwise
			"0113-496-0123":             "Jill Okafor",            // the other number
			"01134960":                  "Jill Okafor",            // its start
			"0113 496 9999":             "",                       // another number
			`"); DROP TABLE people; --`: "",
			"":                          "",
		}
		for q, want := range tests {
			if got := strings.Join(names(q), ","); got != want {
				t.Errorf("search %q: %q, want %q", q, got, want)
			}
		}
		// The index follows renames and deletions.
		acme.Name = "Roadrunner Supplies"
		if err := db.UpdateCompany(ctx, acme); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(names("roadrunner"), ","); got != "Jill Okafor,company:Roadrunner Supplies" {
			t.Errorf("after the rename: %q", got)
		}
		if got := names("acme"); len(got) != 0 {
			t.Errorf("the old name still finds %v", got)
		}
		if err := db.DeletePerson(ctx, bill.ID); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(names("jill"), ","); got != "Jill Okafor" {
			t.Errorf("after deleting Bill: %q", got)
		}
		if err := db.RebuildSearchIndex(ctx); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(names("roadrunner"), ","); got != "Jill Okafor,company:Roadrunner Supplies" {
			t.Errorf("after a rebuild: %q", got)
		}
	})
}

func TestStoriesAndConsent(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 3)
		now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
		at(t, now)
		p := &faces.Person{Name: "Liz Moreau"}
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if st, err := db.FindStory(ctx, p.ID); err != nil || st.Card != "" {
			t.Fatalf("no story yet: %+v, %v", st, err)
		}
		st := &faces.Story{PersonID: p.ID, Card: "Rebuilt the cold chain in six weeks.", Body: "Liz runs logistics for forty stores…", Source: "visit", SourceOf: "Plant tour, May"}
		if err := db.SaveStory(ctx, st); err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindStory(ctx, p.ID)
		if got.Card != st.Card || got.Source != "visit" || !got.UpdatedAt.Equal(now) {
			t.Errorf("story %+v", got)
		}
		// The story is searchable.
		if res, _ := db.Search(ctx, "cold chain", 10); len(res.People) != 1 {
			t.Errorf("searching the story found %d people", len(res.People))
		}
		if err := db.SaveStory(ctx, &faces.Story{PersonID: 9999, Card: "x"}); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("story of nobody: %v", err)
		}

		c := &faces.Consent{PersonID: p.ID, GrantedOn: day("2026-06-01"), Means: "signed form", Until: day("2027-06-01")}
		if err := db.GrantConsent(ctx, c); err != nil {
			t.Fatal(err)
		}
		consents, err := db.Consents(ctx, p.ID)
		if err != nil || len(consents) != 1 || !consents[0].CurrentAt(now) || consents[0].RecordedBy != 3 || !consents[0].Until.Equal(day("2027-06-01")) {
			t.Fatalf("consents %+v, %v", consents, err)
		}
		at(t, now.Add(time.Hour))
		if err := db.RevokeConsent(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		consents, _ = db.Consents(ctx, p.ID)
		if consents[0].CurrentAt(now.Add(2*time.Hour)) || !consents[0].RevokedAt.Equal(now.Add(time.Hour)) {
			t.Errorf("after revoking: %+v", consents[0])
		}
		if err := db.GrantConsent(ctx, &faces.Consent{PersonID: p.ID, Means: "rumour"}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("bad consent: %v", err)
		}
		// Erasing the person takes story and consent with them.
		if err := db.DeletePerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		var n int
		db.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM stories) + (SELECT COUNT(*) FROM consents)`).Scan(&n)
		if n != 0 {
			t.Errorf("%d story and consent rows left after erasure", n)
		}
	})
}

func TestAPITokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		u := &faces.User{Name: "Script", Email: "script@faces.example", Role: faces.RoleViewer, PasswordHash: "x"}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		tok, secret, err := db.CreateAPIToken(ctx, u.ID, "nightly export")
		if err != nil || !strings.HasPrefix(secret, "faces_") || len(secret) < 40 {
			t.Fatalf("token %+v %q %v", tok, secret, err)
		}
		if got, err := db.UserByAPIToken(ctx, secret); err != nil || got.ID != u.ID {
			t.Fatalf("user by token: %v", err)
		}
		if _, err := db.UserByAPIToken(ctx, secret+"x"); faces.ErrorCode(err) != faces.EUNAUTHORIZED {
			t.Errorf("wrong token: %v", err)
		}
		list, _ := db.APITokens(ctx)
		if len(list) != 1 || list[0].Name != "nightly export" || list[0].LastUsed.IsZero() {
			t.Errorf("tokens %+v", list)
		}
		if err := db.DeleteAPIToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserByAPIToken(ctx, secret); faces.ErrorCode(err) != faces.EUNAUTHORIZED {
			t.Errorf("revoked token: %v", err)
		}
		if _, _, err := db.CreateAPIToken(ctx, 999, "x"); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("token for nobody: %v", err)
		}
	})
}

func TestPhotos(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		p := &faces.Person{Name: "Owen Clarke"}
		q := &faces.Person{Name: "Twin"}
		db.CreatePerson(ctx, p)
		db.CreatePerson(ctx, q)
		r := map[string][]byte{"thumb": {1, 2, 3}, "full": {4, 5, 6, 0, 255}}
		if err := db.SavePhoto(ctx, p.ID, "abc123", r); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindPersonByID(ctx, p.ID); got.PhotoHash != "abc123" {
			t.Errorf("photo hash %q", got.PhotoHash)
		}
		if b, err := db.PhotoRendition(ctx, "abc123", "full"); err != nil || string(b) != string(r["full"]) {
			t.Errorf("rendition %v, %v", b, err)
		}
		// The same picture for another person is stored once.
		if err := db.SavePhoto(ctx, q.ID, "abc123", r); err != nil {
			t.Fatal(err)
		}
		if err := db.SavePhoto(ctx, p.ID, "def456", map[string][]byte{"full": {9}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PhotoRendition(ctx, "abc123", "thumb"); err != nil {
			t.Errorf("a photo still in use lost its renditions: %v", err)
		}
		if err := db.DeletePerson(ctx, q.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PhotoRendition(ctx, "abc123", "thumb"); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("an unused photo was kept: %v", err)
		}
		if err := db.DeletePhoto(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindPersonByID(ctx, p.ID); got.PhotoHash != "" {
			t.Errorf("after delete: %q", got.PhotoHash)
		}
		if _, err := db.PhotoRendition(ctx, "def456", "full"); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("deleted photo still served: %v", err)
		}
	})
}

func TestRelationshipsAndBuyingRoles(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		acme := mustCompany(t, db, "Acme")
		jill, bill, liz := &faces.Person{Name: "Jill"}, &faces.Person{Name: "Bill"}, &faces.Person{Name: "Liz"}
		for _, p := range []*faces.Person{jill, bill, liz} {
			db.CreatePerson(ctx, p)
		}
		r := &faces.Relationship{FromID: bill.ID, ToID: jill.ID, Kind: faces.ReportsTo}
		if err := db.AddRelationship(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := db.AddRelationship(ctx, &faces.Relationship{FromID: bill.ID, ToID: jill.ID, Kind: faces.ReportsTo}); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("the same link twice: %v", err)
		}
		for name, bad := range map[string]*faces.Relationship{
			"self":    {FromID: jill.ID, ToID: jill.ID, Kind: faces.WorksWith},
			"kind":    {FromID: jill.ID, ToID: bill.ID, Kind: "loves"},
			"nobody":  {FromID: jill.ID, ToID: 0, Kind: faces.WorksWith},
			"missing": {FromID: jill.ID, ToID: 999, Kind: faces.WorksWith},
		} {
			if err := db.AddRelationship(ctx, bad); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		db.AddRelationship(ctx, &faces.Relationship{FromID: liz.ID, ToID: jill.ID, Kind: faces.IntroducedBy})
		rels, _ := db.Relationships(ctx, jill.ID)
		if len(rels) != 2 || rels[0].FromName == "" || rels[0].ToName != "Jill" {
			t.Errorf("Jill's relationships %+v", rels)
		}
		if err := db.DeleteRelationship(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if rels, _ := db.Relationships(ctx, bill.ID); len(rels) != 0 {
			t.Errorf("after deleting: %d", len(rels))
		}

		b := &faces.BuyingRole{PersonID: jill.ID, CompanyID: acme.ID, Role: "champion"}
		if err := db.AddBuyingRole(ctx, b); err != nil {
			t.Fatal(err)
		}
		db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: bill.ID, CompanyID: acme.ID, Role: "blocker"})
		if err := db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: jill.ID, CompanyID: acme.ID, Role: "champion"}); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("duplicate buying role: %v", err)
		}
		if err := db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: jill.ID, CompanyID: acme.ID, Role: "friend"}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("unknown buying role: %v", err)
		}
		at, _ := db.BuyingRolesAt(ctx, acme.ID)
		if len(at) != 2 || at[0].PersonName != "Bill" || at[0].Role != "blocker" {
			t.Errorf("buying roles at Acme %+v", at)
		}
		// Erasing Jill removes her links and roles.
		if err := db.DeletePerson(ctx, jill.ID); err != nil {
			t.Fatal(err)
		}
		if rels, _ := db.Relationships(ctx, liz.ID); len(rels) != 0 {
			t.Errorf("Liz still linked to an erased person")
		}
		if at, _ := db.BuyingRolesAt(ctx, acme.ID); len(at) != 1 {
			t.Errorf("buying roles after erasure: %d", len(at))
		}
	})
}

// Ids never come back: after the newest person, company, relationship,
// consent and token are deleted, new ones get new ids.
func TestIDsAreNeverReused(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a, b := &faces.Person{Name: "A"}, &faces.Person{Name: "B"}
		db.CreatePerson(ctx, a)
		db.CreatePerson(ctx, b)
		rel := &faces.Relationship{FromID: a.ID, ToID: b.ID, Kind: faces.WorksWith}
		if err := db.AddRelationship(ctx, rel); err != nil {
			t.Fatal(err)
		}
		db.DeleteRelationship(ctx, rel.ID)
		rel2 := &faces.Relationship{FromID: a.ID, ToID: b.ID, Kind: faces.WorksWith}
		db.AddRelationship(ctx, rel2)
		if rel2.ID <= rel.ID {
			t.Errorf("relationship id %d given again", rel2.ID)
		}
		if err := db.DeletePerson(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		c := &faces.Person{Name: "C"}
		db.CreatePerson(ctx, c)
		if c.ID <= b.ID {
			t.Errorf("person id %d given again (B had %d)", c.ID, b.ID)
		}
		co := mustCompany(t, db, "Acme")
		if err := db.DeleteCompany(ctx, co.ID); err != nil {
			t.Fatal(err)
		}
		if co2 := mustCompany(t, db, "Acme again"); co2.ID <= co.ID {
			t.Errorf("company id %d given again", co2.ID)
		}
		u := &faces.User{Name: "U", Email: "u@faces.example", Role: faces.RoleViewer, PasswordHash: "x"}
		db.CreateUser(ctx, u)
		tok, _, _ := db.CreateAPIToken(ctx, u.ID, "one")
		db.DeleteAPIToken(ctx, tok.ID)
		if tok2, _, _ := db.CreateAPIToken(ctx, u.ID, "two"); tok2.ID <= tok.ID {
			t.Errorf("token id %d given again", tok2.ID)
		}
	})
}
