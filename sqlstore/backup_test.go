package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/postgres/postgrestest"
	"github.com/faces-org/faces/sqlite"
)

// A backup of a running SQLite database, taken while people are being
// added, is a whole, consistent database: some snapshot between the
// first and the last addition.
func TestBackupWhileWriting(t *testing.T) {
	ctx := faces.NewContextWithActor(context.Background(), 0)
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 200 {
		if err := db.CreatePerson(ctx, &faces.Person{Name: fmt.Sprintf("Person %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := db.CreatePerson(ctx, &faces.Person{Name: fmt.Sprintf("Later %d", i)}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	copyPath := filepath.Join(dir, "backup.db")
	err = db.Backup(ctx, copyPath)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	total := countPeople(t, db)
	backup, err := sqlite.Open(ctx, copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer backup.Close()
	if n := countPeople(t, backup); n < 200 || n > total {
		t.Errorf("the backup holds %d people; the database had 200 before and %d after", n, total)
	}
	if p, err := backup.FindPersonByID(ctx, 1); err != nil || p.Name != "Person 0" {
		t.Errorf("the backup's first person: %v %v", p, err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, ".backup.db.*"))
	if len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
	if err := db.Backup(ctx, copyPath); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("a backup over an existing file: %v", err)
	}
	if st, _ := os.Stat(copyPath); st.Size() == 0 {
		t.Error("the existing backup was touched")
	}
}

func TestBackupOfPostgreSQLSaysPgDump(t *testing.T) {
	db := postgrestest.Open(t)
	if err := db.Backup(context.Background(), filepath.Join(t.TempDir(), "x.db")); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("%v", err)
	}
}
