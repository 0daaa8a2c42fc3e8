package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/postgres/postgrestest"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
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

// BenchmarkMatchGuests matches a guest list of 500 against 100,000 people
// (twenty to a company): 200 known by e-mail, 100 by name at their
// company, 100 with a first name a letter off (left for a human, found
// through the search index), 100 no one knows. One op is one list.
func BenchmarkMatchGuests(b *testing.B) {
	for _, dbName := range []string{"sqlite", "postgres"} {
		b.Run(dbName, func(b *testing.B) {
			ctx := faces.NewContextWithActor(context.Background(), 1)
			db := benchDB(b, dbName)
			const people = 100_000
			name := func(i int) string {
				return fmt.Sprintf("%s Person%d", []string{"John", "Maria", "Katherine", "Ahmed"}[i%4], i)
			}
			importPeople(b, db, people, func(i int) *faces.Contact {
				return &faces.Contact{Name: name(i), Emails: []string{fmt.Sprintf("p%d@x%d.example", i, i/20)},
					Company: fmt.Sprintf("Company %d", i/20), Title: "Buyer"}
			})
			ev := &faces.Event{Name: "Summit", On: faces.Today()}
			if err := db.CreateEvent(ctx, ev); err != nil {
				b.Fatal(err)
			}
			var list []*faces.Contact
			for k := range 500 {
				i := k * 197 % people
				c := &faces.Contact{Line: k + 2, Name: name(i), Company: fmt.Sprintf("Company %d", i/20)}
				switch {
				case k < 200:
					c.Emails = []string{fmt.Sprintf("p%d@x%d.example", i, i/20)}
				case k < 300:
				case k < 400:
					c.Name = "Jon" + c.Name[strings.Index(c.Name, " "):] // "John" a letter off, or another first name
				default:
					c.Name, c.Company = fmt.Sprintf("Nadia Newcomer%d", k), "Initech"
				}
				list = append(list, c)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := db.MatchGuests(ctx, ev.ID, list); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(list)*b.N)/b.Elapsed().Seconds(), "guests/s")
		})
	}
}

// BenchmarkSearchFile searches a database made elsewhere (FACES_BENCH_DB,
// for example loadbench's million people), from as many goroutines as
// there are cores: what a busy server's searches cost, contention in the
// driver included. Skipped without the file.
func BenchmarkSearchFile(b *testing.B) {
	path := os.Getenv("FACES_BENCH_DB")
	if path == "" {
		b.Skip("FACES_BENCH_DB names no database")
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"champion", "aagneya", "ana", "head of"} {
		b.Run(q, func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := db.Search(context.Background(), q, faces.DefaultLimit); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkDuplicates reads the duplicates page's first 25 pairs among
// 100,000 people, of whom one in five hundred shares a name with another,
// and a hundred twins who share an address, from 32 clients at once.
func BenchmarkDuplicates(b *testing.B) {
	for _, dbName := range []string{"sqlite", "postgres"} {
		b.Run(dbName, func(b *testing.B) {
			ctx := faces.NewContextWithActor(context.Background(), 1)
			db := benchDB(b, dbName)
			const people = 100_000
			importPeople(b, db, people, func(i int) *faces.Contact {
				c := &faces.Contact{Name: fmt.Sprintf("Person %d", i), Emails: []string{fmt.Sprintf("p%d@x.example", i)}}
				if i%500 == 2 {
					c.Name = fmt.Sprintf("Person %d", i-2)
				}
				return c
			})
			// An import matches a known address instead of making a twin:
			// the twins by address are made one by one.
			for i := 0; i < people; i += 1000 {
				twin := &faces.Person{Name: fmt.Sprintf("Twin %d", i), Emails: []string{fmt.Sprintf("p%d@x.example", i)}}
				if err := db.CreatePerson(ctx, twin); err != nil {
					b.Fatal(err)
				}
			}
			b.SetParallelism(16) // 32 clients on 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					pairs, _, err := db.Duplicates(ctx, "", 25)
					if err != nil || len(pairs) != 25 {
						b.Errorf("%d pairs, %v", len(pairs), err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkOpeners proposes openers for a meeting's topic among 100,000
// people (twenty to a company), one in twenty with a story from five
// cards, so that a topic's words match about a thousand stories, from 32
// clients at once.
func BenchmarkOpeners(b *testing.B) {
	cards := []string{
		"Runs cold chain monitoring for forty clinics; lost a vaccine batch once and never again.",
		"Came to us for capital purchase planning; the payback came in seven months.",
		"Put tablets on the wards so nurses chart at the bedside.",
		"Her team moved the night shift's handover to a shared board.",
		"Weekly sync with the plant managers turned into a monthly review.",
	}
	for _, dbName := range []string{"sqlite", "postgres"} {
		b.Run(dbName, func(b *testing.B) {
			ctx := faces.NewContextWithActor(context.Background(), 1)
			db := benchDB(b, dbName)
			const people = 100_000
			importPeople(b, db, people, func(i int) *faces.Contact {
				return &faces.Contact{Name: fmt.Sprintf("Person %d", i), Emails: []string{fmt.Sprintf("p%d@x%d.example", i, i/20)},
					Company: fmt.Sprintf("Company %d", i/20), Title: "Operations manager", Tags: []string{"ops"}}
			})
			for id := int64(1); id <= people; id += 20 {
				if err := db.SaveStory(ctx, &faces.Story{PersonID: id, Card: cards[id/20%5]}); err != nil {
					b.Fatal(err)
				}
			}
			// "operations review": a word of everyone's title, and of no story.
			for _, topic := range []string{"cold chain monitoring", "capital purchase payback", "weekly sync", "operations review"} {
				b.Run(strings.ReplaceAll(topic, " ", "-"), func(b *testing.B) {
					b.SetParallelism(16) // 32 clients on 2 cores
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							if got, err := db.Openers(ctx, faces.OpenerQuery{Topic: topic}, 5); err != nil || len(got) != 5 {
								b.Errorf("%d openers, %v", len(got), err)
								return
							}
						}
					})
				})
			}
		})
	}
}

// benchDB opens an empty database of the name ("sqlite" or "postgres")
// for a benchmark, closed when it ends.
func benchDB(b *testing.B, name string) *sqlstore.DB {
	if name == "postgres" {
		return postgrestest.Open(b)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "faces.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// importPeople imports n contacts, the i-th made by contact(i), in one
// import.
func importPeople(b *testing.B, db *sqlstore.DB, n int, contact func(i int) *faces.Contact) {
	ctx := faces.NewContextWithActor(context.Background(), 1)
	if _, err := db.ImportContacts(ctx, func(yield func(*faces.Contact, error) bool) {
		for i := range n {
			c := contact(i)
			c.Line = i + 2
			if !yield(c, nil) {
				return
			}
		}
	}, faces.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
}
