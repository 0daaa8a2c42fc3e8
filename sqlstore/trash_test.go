package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/postgres/postgrestest"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

// personal are the values of a person that an erasure must remove: none
// occurs anywhere else in the test database.
var personal = []string{"Quorble Zyxwvut", "Zyxwvut-Q", "quorble@zyx.example", "+44 7700 900461", "https://zyx.example/quorble",
	"nightjarwatcher", "Keeps the kiln logs by hand", "fired the first porcelain", "Potter-in-chief", "Glaze lab", "said yes at the kiln"}

// richPerson makes a person with every kind of personal data, changed
// once (so the audit trail holds old and new values), with relationships
// both ways and a buying role.
func richPerson(t *testing.T, ctx context.Context, db *sqlstore.DB) (*faces.Person, *faces.Person, *faces.Company) {
	t.Helper()
	co := mustCompany(t, db, "Kiln Works")
	other := &faces.Person{Name: "Ann Other"}
	p := &faces.Person{Name: "Quorble Zyxwvut", Emails: []string{"quorble@zyx.example"}, Phones: []string{"+44 7700 900461"},
		Links: []string{"https://zyx.example/quorble"}, Tags: []string{"nightjarwatcher"}, Notes: "Keeps the kiln logs by hand."}
	for _, x := range []*faces.Person{other, p} {
		if err := db.CreatePerson(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	p.Pronouns = "they/them"
	p.Name = "Zyxwvut-Q"
	if err := db.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := db.MovePerson(ctx, p.ID, faces.Move{CompanyID: co.ID, Title: "Potter-in-chief", Division: "Glaze lab", On: day("2025-03-01")})
	must(err)
	must(db.SaveStory(ctx, &faces.Story{PersonID: p.ID, Card: "She fired the first porcelain in the valley.", Source: "visit"}))
	must(db.GrantConsent(ctx, &faces.Consent{PersonID: p.ID, GrantedOn: day("2025-04-01"), Means: "verbal", Note: "said yes at the kiln"}))
	must(db.SavePhoto(ctx, p.ID, "feedface0000000000000000", map[string][]byte{"thumb": []byte("PHOTO-BYTES-QUORBLE")}))
	must(db.AddRelationship(ctx, &faces.Relationship{FromID: p.ID, ToID: other.ID, Kind: faces.ReportsTo}))
	must(db.AddRelationship(ctx, &faces.Relationship{FromID: other.ID, ToID: p.ID, Kind: faces.IntroducedBy}))
	must(db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: p.ID, CompanyID: co.ID, Role: "champion"}))
	p, err = db.FindPersonByID(ctx, p.ID)
	must(err)
	return p, other, co
}

// findEverywhere returns where any of the values occurs in any column of
// any table, read as text.
func findEverywhere(t *testing.T, db *sqlstore.DB, values []string) []string {
	t.Helper()
	var tables []string
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if !strings.HasPrefix(fmt.Sprintf("%T", db.SQL().Driver()), "*sqlite") {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	var found []string
	for _, table := range tables {
		rows, err := db.SQL().Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			for i, v := range vals {
				text := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					text = string(b)
				}
				for _, want := range values {
					if strings.Contains(strings.ToLower(text), strings.ToLower(want)) {
						found = append(found, fmt.Sprintf("%s.%s holds %q", table, cols[i], want))
					}
				}
			}
		}
		rows.Close()
	}
	return found
}

func TestDeleteGoesToTrashAndRestores(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 3)
		at(t, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
		p, other, co := richPerson(t, ctx, db)
		if err := db.DeletePerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindPersonByID(ctx, p.ID); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Fatalf("deleted person still found: %v", err)
		}
		if res, _ := db.Search(ctx, "nightjarwatcher", 10); len(res.People) != 0 {
			t.Error("a deleted person is found by search")
		}
		items, err := db.Trash(ctx, 10)
		if err != nil || len(items) != 1 || items[0].EntityID != p.ID || items[0].Name != "Zyxwvut-Q" || items[0].DeletedBy != 3 {
			t.Fatalf("trash: %+v, %v", items, err)
		}
		if !items[0].ErasesAt().Equal(items[0].DeletedAt.AddDate(0, 0, 30)) {
			t.Errorf("erases at %v", items[0].ErasesAt())
		}
		restored, err := db.RestoreFromTrash(ctx, items[0].ID)
		if err != nil || restored.EntityID != p.ID {
			t.Fatalf("restore: %+v, %v", restored, err)
		}
		got, err := db.FindPersonByID(ctx, p.ID)
		if err != nil || got.Name != p.Name || got.Current == nil || got.Current.Title != "Potter-in-chief" || got.PhotoHash != p.PhotoHash ||
			len(got.Emails) != 1 || !got.CreatedAt.Equal(p.CreatedAt) {
			t.Fatalf("restored person: %+v, %v", got, err)
		}
		if st, _ := db.FindStory(ctx, p.ID); !strings.Contains(st.Card, "porcelain") {
			t.Errorf("restored story: %+v", st)
		}
		if cs, _ := db.Consents(ctx, p.ID); len(cs) != 1 || cs[0].Note != "said yes at the kiln" {
			t.Errorf("restored consent: %+v", cs)
		}
		if rels, _ := db.Relationships(ctx, other.ID); len(rels) != 2 {
			t.Errorf("restored relationships: %d", len(rels))
		}
		if roles, _ := db.BuyingRolesAt(ctx, co.ID); len(roles) != 1 {
			t.Errorf("restored buying roles: %d", len(roles))
		}
		if b, err := db.PhotoRendition(ctx, p.PhotoHash, "thumb"); err != nil || string(b) != "PHOTO-BYTES-QUORBLE" {
			t.Errorf("restored photo: %q, %v", b, err)
		}
		if res, _ := db.Search(ctx, "nightjarwatcher", 10); len(res.People) != 1 {
			t.Error("a restored person is not found by search")
		}
		if items, _ := db.Trash(ctx, 10); len(items) != 0 {
			t.Errorf("the trash after restoring: %d", len(items))
		}

		// A company too, with its buying roles.
		acme := mustCompany(t, db, "Acme Anvils")
		db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: other.ID, CompanyID: acme.ID, Role: "user"})
		if err := db.DeleteCompany(ctx, acme.ID); err != nil {
			t.Fatal(err)
		}
		items, _ = db.Trash(ctx, 10)
		if _, err := db.RestoreFromTrash(ctx, items[0].ID); err != nil {
			t.Fatal(err)
		}
		if roles, _ := db.BuyingRolesAt(ctx, acme.ID); len(roles) != 1 {
			t.Errorf("restored company's buying roles: %d", len(roles))
		}
		if res, _ := db.Search(ctx, "anvils", 10); len(res.Companies) != 1 {
			t.Error("a restored company is not found by search")
		}
	})
}

// After an erasure, none of the person's values remains in any column of
// any table: not in the audit trail, the trash, the search index or the
// photos. The audit trail still says who did what, when, on which record.
func TestErasureLeavesNoPersonalData(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 3)
		p, _, _ := richPerson(t, ctx, db)
		if found := findEverywhere(t, db, personal); len(found) == 0 {
			t.Fatal("the test finds nothing even before the erasure")
		}
		// Through the trash, then erased; and a second person erased live.
		if err := db.DeletePerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.ErasePerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if found := findEverywhere(t, db, personal); len(found) > 0 {
			t.Errorf("after erasure:\n%s", strings.Join(found, "\n"))
		}
		entries, _, _ := db.FindAuditEntries(ctx, faces.AuditFilter{Entity: "person", EntityID: p.ID, Limit: 100})
		actions := map[string]bool{}
		for _, e := range entries {
			actions[e.Action] = true
			if e.ActorID != 3 {
				t.Errorf("an entry lost its actor: %+v", e)
			}
		}
		for _, a := range []string{faces.ActionCreate, faces.ActionUpdate, faces.ActionMove, faces.ActionDelete, faces.ActionErase} {
			if !actions[a] {
				t.Errorf("the audit trail lost the %s entry", a)
			}
		}
		if err := db.ErasePerson(ctx, p.ID); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("erasing twice: %v", err)
		}
		if _, err := db.RestoreFromTrash(ctx, 1); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("restoring an erased person: %v", err)
		}
	})
}

// The trash empties itself of what is older than 30 days.
func TestEmptyTrash(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		start := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
		at(t, start)
		p, _, _ := richPerson(t, ctx, db)
		db.DeletePerson(ctx, p.ID)
		at(t, start.AddDate(0, 0, 20))
		recent := &faces.Person{Name: "Recently Deleted"}
		db.CreatePerson(ctx, recent)
		db.DeletePerson(ctx, recent.ID)
		at(t, start.AddDate(0, 0, 31))
		n, err := db.EmptyTrash(ctx, faces.Now().AddDate(0, 0, -faces.TrashDays))
		if err != nil || n != 1 {
			t.Fatalf("emptied %d, %v", n, err)
		}
		items, _ := db.Trash(ctx, 10)
		if len(items) != 1 || items[0].EntityID != recent.ID {
			t.Errorf("left in the trash: %+v", items)
		}
		if found := findEverywhere(t, db, personal); len(found) > 0 {
			t.Errorf("after the trash emptied:\n%s", strings.Join(found, "\n"))
		}
	})
}

// On SQLite the erased values are gone from the files themselves: the
// database (secure_delete zeroes freed pages, FTS5's secure-delete rewrites
// the index) and the write-ahead log (truncated after an erasure).
func TestErasureLeavesNothingInSQLiteFiles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "faces.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, _, _ := richPerson(t, ctx, db)
	// Enough other people that the search index has real segments.
	for i := range 200 {
		db.CreatePerson(ctx, &faces.Person{Name: fmt.Sprintf("Person %d", i), Notes: "an ordinary note"})
	}
	fileHolds := func() []string {
		var found []string
		for _, f := range []string{path, path + "-wal"} {
			b, _ := os.ReadFile(f)
			for _, v := range personal {
				if bytes.Contains(bytes.ToLower(b), bytes.ToLower([]byte(v))) {
					found = append(found, filepath.Base(f)+" holds "+v)
				}
			}
		}
		return found
	}
	if len(fileHolds()) == 0 {
		t.Fatal("the files hold nothing even before the erasure")
	}
	if err := db.ErasePerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if found := fileHolds(); len(found) > 0 {
		t.Errorf("after erasure:\n%s", strings.Join(found, "\n"))
	}
}

// On PostgreSQL an erasure leaves a sweep due, and the sweep leaves the
// erased values in none of the files of Faces' tables, their indexes and
// their TOAST tables: the old row versions an erasure left are gone with
// the old files. (The write-ahead log keeps them until its segments are
// reused, as backups do; README says so.)
func TestErasureSweptOutOfPostgreSQLFiles(t *testing.T) {
	ctx := context.Background()
	db := postgrestest.Open(t)
	var dataDir string
	if err := db.SQL().QueryRow(`SHOW data_directory`).Scan(&dataDir); err != nil {
		t.Skipf("cannot ask where the server keeps its files: %v", err)
	}
	if _, err := os.Stat(dataDir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI's PostgreSQL must run on this machine: %v", err)
		}
		t.Skipf("the PostgreSQL server's files are not on this machine: %v", err)
	}
	p, _, _ := richPerson(t, ctx, db)
	files := func() []string {
		rows, err := db.SQL().Query(`SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')
			UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.reltoastrelid <> 0`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var f sql.NullString
			rows.Scan(&f)
			if f.Valid {
				out = append(out, filepath.Join(dataDir, f.String))
			}
		}
		return out
	}
	holds := func() []string {
		if _, err := db.SQL().Exec(`CHECKPOINT`); err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, f := range files() {
			b, _ := os.ReadFile(f)
			for _, v := range personal {
				if bytes.Contains(b, []byte(v)) {
					found = append(found, filepath.Base(f)+" holds "+v)
				}
			}
		}
		return found
	}
	if len(holds()) == 0 {
		t.Fatal("the files hold nothing even before the erasure")
	}
	if due, _ := db.ErasureSweepDue(ctx); !due.IsZero() {
		t.Fatal("a sweep is due before any erasure")
	}
	if err := db.ErasePerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if len(holds()) == 0 {
		t.Log("the erased values left the files without a sweep")
	}
	due, err := db.ErasureSweepDue(ctx)
	if err != nil || due.IsZero() {
		t.Fatalf("no sweep due after an erasure: %v", err)
	}
	// Another test's transaction on the same server may make it wait.
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		err := db.SweepErasures(ctx)
		if err == nil {
			break
		}
		if !errors.Is(err, sqlstore.ErrSweepWaits) || time.Now().After(deadline) {
			t.Fatal(err)
		}
	}
	if found := holds(); len(found) > 0 {
		t.Errorf("after the sweep:\n%s", strings.Join(found, "\n"))
	}
	if due, _ := db.ErasureSweepDue(ctx); !due.IsZero() {
		t.Error("the sweep is still due after it ran")
	}
}
