package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// migrationsUpTo returns the embedded migrations numbered up to n.
func migrationsUpTo(t *testing.T, n string) fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	out := fstest.MapFS{}
	names, _ := fs.Glob(sub, "*.sql")
	for _, name := range names {
		if name[:3] <= n {
			b, _ := fs.ReadFile(sub, name)
			out[name] = &fstest.MapFile{Data: b}
		}
	}
	return out
}

// A database made before ids were kept from coming back keeps its rows,
// ids and links through the rebuild, and gives no id again — not even
// those of records deleted before the upgrade, known from the audit trail.
func TestUpgradeKeepsRowsAndRetiresIDs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "faces.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	old, err := sqlstore.New(ctx, raw, sqlstore.Dialect{Name: "sqlite", TimesAsText: true}, migrationsUpTo(t, "008"))
	if err != nil {
		t.Fatal(err)
	}
	acme := &faces.Company{Name: "Acme"}
	old.CreateCompany(ctx, acme)
	jill, bill, gone := &faces.Person{Name: "Jill"}, &faces.Person{Name: "Bill"}, &faces.Person{Name: "Gone"}
	for _, p := range []*faces.Person{jill, bill, gone} {
		if err := old.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.MovePerson(ctx, jill.ID, faces.Move{CompanyID: acme.ID, Title: "Ops manager", On: faces.Now()}); err != nil {
		t.Fatal(err)
	}
	old.AddRelationship(ctx, &faces.Relationship{FromID: bill.ID, ToID: jill.ID, Kind: faces.ReportsTo})
	old.DeletePerson(ctx, gone.ID) // the highest id: before the upgrade, the next person got it
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.FindPersonByID(ctx, jill.ID)
	if err != nil || got.Current == nil || got.Current.CompanyName != "Acme" {
		t.Fatalf("Jill after the upgrade: %+v, %v", got, err)
	}
	if rels, err := db.Relationships(ctx, jill.ID); err != nil || len(rels) != 1 {
		t.Errorf("relationships after the upgrade: %v, %v", rels, err)
	}
	next := &faces.Person{Name: "New"}
	if err := db.CreatePerson(ctx, next); err != nil {
		t.Fatal(err)
	}
	if next.ID <= gone.ID {
		t.Errorf("a new person got id %d; %d was deleted before the upgrade", next.ID, gone.ID)
	}
	var schema string
	db.SQL().QueryRow(`SELECT sql FROM sqlite_master WHERE name = 'people'`).Scan(&schema)
	if !strings.Contains(schema, "AUTOINCREMENT") {
		t.Errorf("people: %s", schema)
	}
	// Foreign keys are on again: a position for no one is refused.
	if _, err := db.SQL().Exec(`INSERT INTO positions (person_id, company_id, title, from_day) VALUES (9999, 1, 'x', '2026-01-01')`); err == nil {
		t.Error("foreign keys are off after the migrations")
	}
}
