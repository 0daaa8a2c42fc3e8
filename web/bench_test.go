package web

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlite"
)

// benchServer is a server over n generated people (at 20 companies), and
// an editor's session: go test -bench . -cpuprofile shows where a page's
// time goes, without the network.
func benchServer(b *testing.B, n int) (http.Handler, string) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "faces.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	tx, _ := db.SQL().Begin()
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z")
	for i := 1; i <= 20; i++ {
		tx.Exec(`INSERT INTO companies (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)`, i, fmt.Sprintf("Company %d", i), now)
	}
	for i := 1; i <= n; i++ {
		tx.Exec(`INSERT INTO people (id, name, tags, created_at, updated_at, current_company_id) VALUES ($1, $2, '["champion"]', $3, $3, $4)`,
			i, fmt.Sprintf("Person %06d", i), now, 1+i%20)
		tx.Exec(`INSERT INTO positions (person_id, company_id, title, from_day) VALUES ($1, $2, 'Operations manager', '2024-01-01')`, i, 1+i%20)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := db.RebuildSearchIndex(ctx); err != nil {
		b.Fatal(err)
	}
	benchDB = db.SQL()
	u := &faces.User{Name: "Ed", Email: "ed@faces.example", Role: faces.RoleEditor, PasswordHash: cheapHash}
	db.CreateUser(ctx, u)
	token, _ := db.CreateSession(ctx, u.ID, time.Now().Add(time.Hour))
	return NewServer(db, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler(), token
}

// benchDB is the last bench server's database, for a benchmark to add
// what it draws.
var benchDB *sql.DB

func BenchmarkPages(b *testing.B) {
	h, token := benchServer(b, 20000)
	benchPaths(b, h, token, "/people", "/api/v1/people", "/people/10000", "/companies/1", "/changes", "/search?q=champion", "/search?q=person+0100")
}

// benchPaths draws each page in a sub-benchmark, with its size.
func benchPaths(b *testing.B, h http.Handler, token string, paths ...string) {
	for _, path := range paths {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("GET", path, nil)
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, rec.Code)
				}
				b.SetBytes(int64(rec.Body.Len()))
			}
		})
	}
}

// BenchmarkEventPages draws an event's pages at their bounds: 2,000
// guests, 100 of them key guests with a prep sheet each.
func BenchmarkEventPages(b *testing.B) {
	h, token := benchServer(b, 20000)
	db := benchDB
	tx, _ := db.Begin()
	tx.Exec(`INSERT INTO events (id, name, on_day, place, created_by, created_at, updated_at) VALUES (1, 'Summit', '2027-01-14', 'Leeds', 1, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')`)
	for i := 1; i <= faces.MaxGuests; i++ {
		tx.Exec(`INSERT INTO event_guests (event_id, person_id, key_guest, on_day) VALUES (1, $1, $2, '2027-01-14')`, i*7, i <= faces.MaxKeyGuests)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	benchPaths(b, h, token, "/events", "/events/1", "/events/1/prep", "/events/1/debrief")
}
