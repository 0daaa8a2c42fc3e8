package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/postgres/postgrestest"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

// BenchmarkWritingStats sums up a year of a million texts by fifty
// authors (the leaders' view), on SQLite.
func BenchmarkWritingStats(b *testing.B) {
	ctx, db := context.Background(), benchSQLite(b)
	tx, _ := db.SQL().BeginTx(ctx, nil)
	kinds := []string{faces.WritingVisitNotes, faces.WritingReview, faces.WritingStory, faces.WritingPersonNotes}
	for i := 0; i < 1_000_000; i++ {
		month := fmt.Sprintf("2026-%02d", i%12+1)
		if _, err := tx.ExecContext(ctx, `INSERT INTO writings (kind, record_id, month, author_id, most_concrete) VALUES ($1, $2, $3, $4, $5)`,
			kinds[i%4], i, month, i%50, i%5-1); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO writing_totals (month, kind, author_id, most_concrete, n)
		SELECT month, kind, author_id, most_concrete, COUNT(*) FROM writings GROUP BY month, kind, author_id, most_concrete`); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	f := faces.WritingFilter{From: "2026-01", To: "2026-12"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.WritingStats(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegulars finds who keeps coming among a year of 1,000 events
// of 500 guests each, drawn from 100,000 people (the events page), on
// SQLite.
func BenchmarkRegulars(b *testing.B) {
	ctx, db := context.Background(), benchSQLite(b)
	tx, _ := db.SQL().BeginTx(ctx, nil)
	for i := 1; i <= 100_000; i++ {
		tx.ExecContext(ctx, `INSERT INTO people (id, name, created_at, updated_at) VALUES ($1, $2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, i, fmt.Sprint("P", i))
	}
	for e := 1; e <= 1000; e++ {
		on := fmt.Sprintf("2026-%02d-%02d", e%12+1, e%28+1)
		tx.ExecContext(ctx, `INSERT INTO events (id, name, on_day, place, notes, created_by, created_at, updated_at) VALUES ($1, 'E', $2, '', '', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, e, on)
		for g := 0; g < 500; g++ {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_guests (event_id, person_id, on_day) VALUES ($1, $2, $3)`, e, (e*7919+g*104729)%100_000+1, on); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.Regulars(ctx, day("2026-01-01"), 12); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSQLite opens a new SQLite database for a benchmark.
func benchSQLite(b *testing.B) *sqlstore.DB {
	b.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "faces.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkReadAgain reads again the notes on 100,000 people, as
// when our words for customers change (ReadAgain, in batches of
// 500), on SQLite and PostgreSQL. Every round changes the words, so every
// text moves.
func BenchmarkReadAgain(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchReadAgain(b, benchSQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchReadAgain(b, postgrestest.Open(b)) })
}

func benchReadAgain(b *testing.B, db *sqlstore.DB) {
	ctx := context.Background()
	const people = 100_000
	tx, _ := db.SQL().BeginTx(ctx, nil)
	notes := []string{
		"Patients ask for the evening slots; the front desk closes at six on Tuesdays.",
		"Prefers calls before noon. Patients wait three weeks for a slot, and the ward wants a second nurse.",
		"Moved from the Leeds clinic in March. Patients like the new rota; the board does not yet.",
	}
	for i := 1; i <= people; i++ {
		if _, err := tx.ExecContext(ctx, `INSERT INTO people (id, name, notes, created_at, updated_at) VALUES ($1, $2, $3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
			i, fmt.Sprint("Person ", i), notes[i%len(notes)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := db.ForgetWritingsForTest(ctx, true); err != nil {
		b.Fatal(err)
	}
	if err := db.ReadWritingsOnce(ctx); err != nil {
		b.Fatal(err)
	}
	words := [][]string{{"patients"}, {}}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := db.SaveStoryCheck(ctx, faces.StoryCheck{CustomerWords: words[i%2]}); err != nil {
			b.Fatal(err)
		}
		for left := true; left; {
			var err error
			if left, err = db.ReadAgain(ctx, 500); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	st, err := db.WritingStats(ctx, faces.WritingFilter{From: "2026-01", To: "2026-01"})
	if want := people * (b.N % 2); err != nil || st.Total.Texts != people || st.Total.Mentioning != want {
		b.Fatalf("after %d rounds: %+v, want %d texts mentioning customers (%v)", b.N, st.Total, want, err)
	}
	b.ReportMetric(float64(people)*float64(b.N)/b.Elapsed().Seconds(), "texts/s")
}
