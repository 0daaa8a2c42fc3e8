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
	// Rows as the code of that time wrote them: Acme; Jill there, Bill
	// reporting to her; Gone, the newest person, deleted (the next person
	// would have got id 3 again).
	for _, q := range []string{
		`INSERT INTO companies (id, name, created_at, updated_at) VALUES (1, 'Acme', '2026-01-01', '2026-01-01')`,
		`INSERT INTO people (id, name, emails, created_at, updated_at) VALUES (1, 'Jill', '["jill@old.example"]', '2026-01-01', '2026-01-01'), (2, 'Bill', '[]', '2026-01-01', '2026-01-01')`,
		`INSERT INTO positions (person_id, company_id, title, from_day) VALUES (1, 1, 'Ops manager', '2026-01-01')`,
		`INSERT INTO relationships (from_id, to_id, kind, created_at) VALUES (2, 1, 'reports_to', '2026-01-01')`,
		`INSERT INTO audit_log (action, entity, entity_id, after_json, at) VALUES ('create', 'person', 3, '{"Name":"Gone"}', '2026-01-01'),
			('delete', 'person', 3, NULL, '2026-01-02'),
			('create', 'relationship', 2, '{"FromID":2,"ToID":1}', '2026-01-02')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	const jillID, goneID = 1, 3

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.FindPersonByID(ctx, jillID)
	if err != nil || got.Current == nil || got.Current.CompanyName != "Acme" {
		t.Fatalf("Jill after the upgrade: %+v, %v", got, err)
	}
	if rels, err := db.Relationships(ctx, jillID); err != nil || len(rels) != 1 {
		t.Errorf("relationships after the upgrade: %v, %v", rels, err)
	}
	next := &faces.Person{Name: "New"}
	if err := db.CreatePerson(ctx, next); err != nil {
		t.Fatal(err)
	}
	if next.ID <= goneID {
		t.Errorf("a new person got id %d; %d was deleted before the upgrade", next.ID, goneID)
	}
	// The search index is rebuilt once for what the code indexes now:
	// emails too.
	if res, err := db.Search(ctx, "jill@old.example", 10); err != nil || len(res.People) != 1 {
		t.Errorf("search by email after the upgrade: %v, %v", res, err)
	}
	// The relationship's second person is known to the audit trail.
	var other int64
	db.SQL().QueryRow(`SELECT other_person_id FROM audit_log WHERE entity = 'relationship'`).Scan(&other)
	if other != jillID {
		t.Errorf("other_person_id %d, want %d", other, jillID)
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

// Every connection of the pool reads the file through a memory map, keeps
// erased content overwritten, and writes through the write-ahead log.
func TestConnectionSettings(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Several connections at once, so that more than the first is asked.
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range 3 {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var mmap, secure int64
		var journal string
		if err := c.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&mmap); err != nil {
			t.Fatal(err)
		}
		c.QueryRowContext(ctx, `PRAGMA secure_delete`).Scan(&secure)
		c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&journal)
		if mmap < 1<<30 || secure != 1 || journal != "wal" {
			t.Errorf("connection %d: mmap_size %d, secure_delete %d, journal %q", len(conns), mmap, secure, journal)
		}
	}
}
