package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlite"
)

// BenchmarkCreateAndMove is the write every import and every new contact
// makes: a person, then their first position (audit entries and search
// index included), one transaction each, on SQLite.
func BenchmarkCreateAndMove(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "faces.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	co := &faces.Company{Name: "Acme"}
	db.CreateCompany(ctx, co)
	i := 0
	for b.Loop() {
		i++
		p := &faces.Person{Name: fmt.Sprintf("Person %d", i), Emails: []string{fmt.Sprintf("p%d@acme.example", i)}, Tags: []string{"ops"}}
		if err := db.CreatePerson(ctx, p); err != nil {
			b.Fatal(err)
		}
		if _, err := db.MovePerson(ctx, p.ID, faces.Move{CompanyID: co.ID, Title: "Operations manager", On: faces.Today()}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateParallel is many staff (or an import with workers)
// creating people at once: SQLite takes one writer at a time.
func BenchmarkCreateParallel(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "faces.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.SetParallelism(16) // 32 writers on 2 cores
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			if err := db.CreatePerson(ctx, &faces.Person{Name: fmt.Sprintf("Person %d", i)}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkImportContacts imports contacts into SQLite, in one
// transaction, twenty people to a company; b.N contacts per run.
func BenchmarkImportContacts(b *testing.B) {
	ctx := faces.NewContextWithActor(context.Background(), 1)
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "faces.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	rep, err := db.ImportContacts(ctx, func(yield func(*faces.Contact, error) bool) {
		for i := range b.N {
			c := &faces.Contact{Line: i + 2, Name: fmt.Sprintf("Person %d", i), Emails: []string{fmt.Sprintf("p%d@x%d.example", i, i/20)},
				Phones: []string{"+1 555 0100"}, Company: fmt.Sprintf("Company %d", i/20), Title: "Operations manager", Tags: []string{"ops"}}
			if !yield(c, nil) {
				return
			}
		}
	}, faces.ImportOptions{})
	if err != nil || rep.Created != b.N {
		b.Fatal(rep, err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "people/s")
}
