package sqlstore_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/demo"
	"github.com/faces-org/faces/postgres"
	"github.com/faces-org/faces/postgres/postgrestest"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

// archiveTables reads an archive's rows by table, each row as JSON with
// its times to the microsecond (what PostgreSQL keeps), sorted.
func archiveTables(t *testing.T, b []byte) map[string][]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, f := range z.File {
		name, ok := strings.CutPrefix(f.Name, "tables/")
		if !ok {
			continue
		}
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		table := strings.TrimSuffix(name, ".jsonl")
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if line == "" {
				continue
			}
			var row []any
			if err := json.Unmarshal([]byte(line), &row); err != nil {
				t.Fatal(err)
			}
			for i, v := range row {
				if s, ok := v.(string); ok {
					if tm, err := time.Parse(time.RFC3339Nano, s); err == nil && strings.Contains(s, "T") {
						row[i] = tm.Truncate(time.Microsecond).Format(time.RFC3339Nano)
					}
				}
			}
			norm, _ := json.Marshal(row)
			if table == "audit_log" && strings.Contains(string(norm), `"restore","database"`) {
				continue
			}
			out[table] = append(out[table], string(norm))
		}
		slices.Sort(out[table])
	}
	return out
}

// A full archive of one database restores into an empty database of the
// other kind, and the restored one's archive holds the same rows.
func TestArchiveAcrossDatabases(t *testing.T) {
	schema, err := sqlstore.ParseSchema(postgres.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	forEachDB(t, func(t *testing.T, src *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 0)
		if err := demo.FillAtomically(ctx, src); err != nil {
			t.Fatal(err)
		}
		if err := src.CreateUser(ctx, &faces.User{Name: "Ada", Email: "ada@faces.example", Role: faces.RoleAdmin, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		var first bytes.Buffer
		m, err := src.WriteArchive(ctx, &first, schema)
		if err != nil {
			t.Fatal(err)
		}
		var dst *sqlstore.DB
		if strings.HasSuffix(t.Name(), "sqlite") {
			dst = postgrestest.Open(t)
		} else if dst, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "faces.db")); err != nil {
			t.Fatal(err)
		} else {
			defer dst.Close()
		}
		if _, err := dst.RestoreArchive(ctx, bytes.NewReader(first.Bytes()), int64(first.Len()), schema, nil); err != nil {
			t.Fatal(err)
		}
		var second bytes.Buffer
		if _, err := dst.WriteArchive(ctx, &second, schema); err != nil {
			t.Fatal(err)
		}
		want, got := archiveTables(t, first.Bytes()), archiveTables(t, second.Bytes())
		for _, tm := range m.Tables {
			if len(want[tm.Name]) != tm.Rows {
				t.Errorf("%s: the manifest says %d rows, the file has %d", tm.Name, tm.Rows, len(want[tm.Name]))
			}
			if !slices.Equal(want[tm.Name], got[tm.Name]) {
				t.Errorf("%s differs after the restore: %d rows, were %d", tm.Name, len(got[tm.Name]), len(want[tm.Name]))
			}
		}
		if len(want["people"]) == 0 || len(want["photo_renditions"]) == 0 || len(want["audit_log"]) == 0 || len(want["visits"]) == 0 {
			t.Errorf("the demo should fill people, photos, visits and the audit log: %d, %d, %d, %d",
				len(want["people"]), len(want["photo_renditions"]), len(want["visits"]), len(want["audit_log"]))
		}
		// The restored database works: search finds, new records take
		// new ids.
		res, err := dst.Search(ctx, "Okafor", 10)
		if err != nil || len(res.People) == 0 {
			t.Errorf("search after the restore: %v %+v", err, res)
		}
		p := &faces.Person{Name: "After Restore"}
		if err := dst.CreatePerson(ctx, p); err != nil {
			t.Fatalf("a new person after the restore: %v", err)
		}
		// A second restore, into a database that is not empty, is refused.
		if _, err := dst.RestoreArchive(ctx, bytes.NewReader(first.Bytes()), int64(first.Len()), schema, nil); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("a restore into a used database: %v", err)
		}
	})
}

// A damaged archive restores nothing, and says where it is damaged.
func TestDamagedArchiveRestoresNothing(t *testing.T) {
	schema, err := sqlstore.ParseSchema(postgres.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	ctx := faces.NewContextWithActor(context.Background(), 0)
	src, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "src.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := demo.FillAtomically(ctx, src); err != nil {
		t.Fatal(err)
	}
	var good bytes.Buffer
	if _, err := src.WriteArchive(ctx, &good, schema); err != nil {
		t.Fatal(err)
	}
	// Rewrite the archive with one row of visits cut short.
	z, _ := zip.NewReader(bytes.NewReader(good.Bytes()), int64(good.Len()))
	var bad bytes.Buffer
	zw := zip.NewWriter(&bad)
	for _, f := range z.File {
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		if f.Name == "tables/visits.jsonl" {
			data = append([]byte(`[1, "x"]`+"\n"), data...)
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	dst, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "dst.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	_, err = dst.RestoreArchive(ctx, bytes.NewReader(bad.Bytes()), int64(bad.Len()), schema, nil)
	if faces.ErrorCode(err) != faces.EINVALID || !strings.Contains(faces.ErrorMessage(err), "tables/visits.jsonl, line 1") {
		t.Errorf("a damaged archive: %v", err)
	}
	if n := countPeople(t, dst); n != 0 {
		t.Errorf("%d people after a failed restore", n)
	}
	if _, err := dst.RestoreArchive(ctx, strings.NewReader("not a zip"), 9, schema, nil); faces.ErrorCode(err) != faces.EINVALID {
		t.Errorf("not a zip: %v", err)
	}
}
