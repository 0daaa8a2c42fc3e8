// Command loadbench measures Faces' everyday pages under load: it
// generates an organization of N people (with companies, role histories
// where one person in ten has moved, consent for two in five, stories,
// photos' absence, and an audit entry each) straight into the tables, starts the real `faces
// serve` on it (SQLite, or PostgreSQL with -db), signs in an editor and an
// admin, lets the server settle (its start-up work, the wall's draws, runs
// in the background), and for each page runs C concurrent clients for a
// while, then one client alone. It prints a Markdown table: requests per second, p50 and
// p99 latency, errors.
//
//	cd bench && go run ./loadbench -people 1000000 -clients 32 -duration 10s
//	cd bench && go run ./loadbench -people 100000 -db postgres://…
//
// Timing is reported, never asserted: CI runs it small so it cannot rot.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
	"github.com/faces-org/faces/postgres"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"

	"github.com/faces-org/faces/bench/internal/org"
)

func main() {
	people := flag.Int("people", 100000, "how many people to generate")
	clients := flag.Int("clients", 32, "concurrent clients")
	duration := flag.Duration("duration", 5*time.Second, "how long each page is loaded")
	dsn := flag.String("db", "", "a postgres:// URL of an empty database, or an SQLite file's path, to use instead of a fresh SQLite file")
	facesBin := flag.String("faces", "", "the faces binary to serve with (built from ../cmd/faces when empty)")
	lexicon := flag.String("lexicon", "../lens/lexicon", "folder with first_names.txt and last_names.txt")
	only := flag.String("only", "", "load only the pages whose path matches this `regexp`")
	keep := flag.Bool("keep", false, "keep the generated SQLite database and print where it is, to look into")
	writes := flag.Float64("writes", 0, "people created a second through the API while each page is loaded, as by an organization at work (each write changes what lists count)")
	settle := flag.Duration("settle", 5*time.Second, "how long the server runs before the first page is loaded: its start-up work in the background (drawing the wall's sets ahead) is not what a running server answers with")
	reuse := flag.Bool("reuse", false, "with -db: load the organization an earlier run generated there, instead of generating one (a million people take minutes)")
	flag.Parse()
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "loadbench-")
	check(err)
	if *keep {
		defer fmt.Fprintf(os.Stderr, "kept %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}

	target, kind := *dsn, "PostgreSQL"
	var db *sqlstore.DB
	switch {
	case strings.HasPrefix(target, "postgres://"):
		db, err = postgres.Open(ctx, target)
	case target == "":
		target = filepath.Join(dir, "faces.db")
		fallthrough
	default:
		kind = "SQLite"
		db, err = sqlite.Open(ctx, target)
	}
	check(err)
	first, last := readLines(filepath.Join(*lexicon, "first_names.txt")), readLines(filepath.Join(*lexicon, "last_names.txt"))
	start := time.Now()
	var companies int
	if *reuse {
		check(db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM companies`).Scan(&companies))
		check(db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM people`).Scan(people))
	} else {
		companies = generate(ctx, db, *people, first, last)
		check(db.RebuildSearchIndex(ctx))
	}
	if kind == "PostgreSQL" {
		// A server that has run a while has its tables' statistics from
		// autovacuum; a bulk load has none until it gets round to them.
		_, err = db.SQL().ExecContext(ctx, `ANALYZE`)
		check(err)
		// The people and companies were written with their ids: the
		// sequences that number new ones start after them.
		for _, table := range []string{"people", "companies"} {
			_, err = db.SQL().ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), (SELECT MAX(id) FROM `+table+`))`)
			check(err)
		}
	}
	sessions := map[faces.Role]string{}
	run := time.Now().UnixNano() // each run's users are its own
	for _, role := range []faces.Role{faces.RoleEditor, faces.RoleAdmin} {
		u := &faces.User{Name: string(role), Email: fmt.Sprintf("%s-%d@bench.example", role, run), Role: role, PasswordHash: password.Hash("benchmark password")}
		check(db.CreateUser(ctx, u))
		sessions[role], err = db.CreateSession(ctx, u.ID, time.Now().Add(24*time.Hour))
		check(err)
	}
	screen := &faces.Screen{Name: fmt.Sprintf("Bench lobby %d", run), FacesAtOnce: 3, SecondsPerCard: 10}
	check(db.CreateScreen(ctx, screen))
	sessions["screen"], err = db.IssueScreenToken(ctx, screen.ID)
	check(err)
	db.Close()
	fmt.Fprintf(os.Stderr, "generated %d people at %d companies in %.1f s\n", *people, companies, time.Since(start).Seconds())

	base := serve(dir, *facesBin, target)
	time.Sleep(*settle)
	defer func() {
		for _, s := range servers {
			s.Process.Kill()
		}
	}()
	mid := *people / 2
	pages := []struct{ path, who string }{
		{"/people", "editor"},
		{"/people?sort=changed", "editor"},
		{"/people?sort=company", "editor"},
		{"/people?sort=company&photo=yes", "editor"},
		{"/api/v1/people", "editor"},
		{fmt.Sprintf("/people/%d", mid), "editor"},
		{"/companies", "editor"},
		{"/companies/1", "editor"},
		{"/people?company=1", "editor"},
		{"/people?role=champion", "editor"},
		{"/people?consent=yes&photo=yes", "editor"},
		{"/people?consent=no&view=table", "editor"},
		{"/search?q=champion", "editor"},
		{"/search?q=" + strings.ToLower(first[7]), "editor"},
		{"/changes", "editor"},
		{"/audit", "admin"},
		{"/audit?entity=person", "admin"},
		{"/wall", "editor"},
		{"/screen/manifest", "screen"},
	}
	// A deep page: follow the cursor chain a few hundred pages in.
	for _, list := range []string{"/people", "/people?sort=company"} {
		if deep := deepPage(base, sessions[faces.RoleEditor], list, 200); deep != "" {
			pages = append(pages, struct{ path, who string }{deep, "editor"})
		}
	}
	fmt.Printf("%d people, %s, %d clients, %s a page; then one client", *people, kind, *clients, *duration)
	if *writes > 0 {
		fmt.Printf("; %g people created a second meanwhile", *writes)
	}
	fmt.Print("\n\n")
	fmt.Println("| page | req/s | p50 ms | p99 ms | errors | one client p50 ms |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	for _, p := range pages {
		if *only != "" && !regexp.MustCompile(*only).MatchString(p.path) {
			continue
		}
		token := sessions[faces.Role(p.who)]
		stop := write(base, sessions[faces.RoleEditor], *writes)
		many := load(base+p.path, token, *clients, *duration)
		one := load(base+p.path, token, 1, min(*duration, 2*time.Second))
		if failed := stop(); failed > 0 {
			fmt.Fprintf(os.Stderr, "%s: %d writes failed\n", p.path, failed)
		}
		label := p.path
		if len(label) > 48 {
			label = label[:45] + "…"
		}
		fmt.Printf("| `%s` | %.0f | %.1f | %.1f | %d | %.2f |\n", label, many.rate, many.p50, many.p99, many.errors, one.p50)
	}
}

// generate writes companies, people, their positions (one in ten has
// moved from another company), and an audit entry per person straight
// into the tables, in large transactions: the services would take hours
// for a million people.
func generate(ctx context.Context, db *sqlstore.DB, n int, first, last []string) int {
	r := rand.New(rand.NewPCG(1, 2))
	sqlDB := db.SQL()
	when := func(daysAgo int) string {
		return time.Now().UTC().AddDate(0, 0, -daysAgo).Format("2006-01-02T15:04:05.000000000Z")
	}
	companies := max(2, n/500)
	tx, err := sqlDB.BeginTx(ctx, nil)
	check(err)
	stmt, err := tx.Prepare(`INSERT INTO companies (id, name, locations, story, key_customer, created_at, updated_at) VALUES ($1, $2, '["Leeds"]', '', $3, $4, $4)`)
	check(err)
	for i := 1; i <= companies; i++ {
		_, err := stmt.Exec(i, fmt.Sprintf("%s %s %d", last[r.IntN(len(last))], []string{"Industries", "Foods", "Health", "Logistics", "Labs"}[i%5], i), i%10 == 0, when(900))
		check(err)
	}
	check(tx.Commit())
	for b := 0; b < n; b += 20000 {
		tx, err := sqlDB.BeginTx(ctx, nil)
		check(err)
		ps, err := tx.Prepare(`INSERT INTO people (id, name, tags, notes, created_at, updated_at, current_company_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`)
		check(err)
		pos, err := tx.Prepare(`INSERT INTO positions (person_id, company_id, title, from_day, to_day, previous_company_id) VALUES ($1, $2, $3, $4, $5, $6)`)
		check(err)
		audit, err := tx.Prepare(`INSERT INTO audit_log (actor_id, action, entity, entity_id, after_json, at) VALUES (0, 'create', 'person', $1, $2, $3)`)
		check(err)
		consent, err := tx.Prepare(`INSERT INTO consents (person_id, granted_on, means, revoked_at, created_at) VALUES ($1, $2, 'signed form', $3, $4)`)
		check(err)
		role, err := tx.Prepare(`INSERT INTO buying_roles (person_id, company_id, role, created_at, name) VALUES ($1, $2, $3, $4, $5)`)
		check(err)
		photo, err := tx.Prepare(`INSERT INTO photos (person_id, hash, created_at) VALUES ($1, $2, $3)`)
		check(err)
		for i := b + 1; i <= min(n, b+20000); i++ {
			name := first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
			// Company 1 holds a fifth of everyone: the big customer.
			company := 1 + r.IntN(companies)
			if i%5 == 0 {
				company = 1
			}
			changed := when(r.IntN(700))
			_, err := ps.Exec(i, name, `["`+org.Tags[r.IntN(len(org.Tags))]+`"]`, org.Words[r.IntN(len(org.Words))]+" "+org.Words[r.IntN(len(org.Words))], when(800), changed, company)
			check(err)
			title := org.Titles[r.IntN(len(org.Titles))]
			if i%10 == 0 {
				prev := 1 + r.IntN(companies)
				moved := time.Now().UTC().AddDate(0, 0, -r.IntN(600)).Format(time.DateOnly)
				_, err = pos.Exec(i, prev, title, "2019-01-01", moved, nil)
				check(err)
				_, err = pos.Exec(i, company, org.Titles[r.IntN(len(org.Titles))], moved, nil, prev)
			} else {
				_, err = pos.Exec(i, company, title, "2022-01-01", nil, nil)
			}
			check(err)
			_, err = audit.Exec(i, `{"Name":"`+name+`"}`, changed)
			check(err)
			// Two in five consent to be on the wall; one in twenty of
			// them has revoked it since.
			if r.IntN(5) < 2 {
				var revoked any
				if r.IntN(20) == 0 {
					revoked = when(r.IntN(100))
				}
				_, err = consent.Exec(i, time.Now().UTC().AddDate(0, 0, -1-r.IntN(700)).Format(time.DateOnly), revoked, changed)
				check(err)
			}
			// One in fifty has a buying role at their company; one in
			// ten a portrait (its row: lists read only that).
			if i%50 == 7 {
				_, err = role.Exec(i, company, buyingRoles[r.IntN(len(buyingRoles))], changed, name)
				check(err)
			}
			if i%10 == 3 {
				_, err = photo.Exec(i, fmt.Sprintf("%064x", i), changed)
				check(err)
				_, err = tx.Exec(`UPDATE people SET has_photo = TRUE WHERE id = $1`, i)
				check(err)
			}
		}
		check(tx.Commit())
	}
	return companies
}

var buyingRoles = []string{"champion", "decision maker", "economic buyer", "influencer", "evaluator", "blocker", "user"}

// serve starts `faces serve` on the database and returns its URL.
func serve(dir, bin, target string) string {
	if bin == "" {
		var err error
		bin, err = org.BuildFaces(dir)
		check(err)
	}
	url, srv, err := org.Serve(bin, target)
	check(err)
	stopOnExit(srv)
	return url
}

var servers []*exec.Cmd

func stopOnExit(c *exec.Cmd) { servers = append(servers, c) }

// deepPage follows a list's next links n pages in and returns that page's
// path, or "".
func deepPage(base, token, path string, n int) string {
	next := regexp.MustCompile(`href="\?([^"]*after=[^"]*)">Next`)
	for range n {
		body, _ := get(base+path, token)
		m := next.FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		path = "/people?" + strings.ReplaceAll(m[1], "&amp;", "&")
	}
	return path
}

func get(url, token string) (string, int) {
	req, _ := http.NewRequest("GET", url, nil)
	req.AddCookie(&http.Cookie{Name: "faces_session", Value: token})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode
}

// write creates people through the API at the rate (a second) until the
// function it returns is called, which says how many writes failed.
func write(base, token string, rate float64) func() int64 {
	if rate <= 0 {
		return func() int64 { return 0 }
	}
	done := make(chan struct{})
	var failed atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			body := fmt.Sprintf(`{"name": "Bench Writer %d", "company_id": 1, "title": "Buyer"}`, n)
			req, _ := http.NewRequest("POST", base+"/api/v1/people", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(&http.Cookie{Name: "faces_session", Value: token})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				failed.Add(1)
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				if failed.Add(1) == 1 {
					fmt.Fprintf(os.Stderr, "a write failed: %d %s\n", resp.StatusCode, b)
				}
			}
		}
	})
	return func() int64 {
		close(done)
		wg.Wait()
		return failed.Load()
	}
}

type result struct {
	rate, p50, p99 float64
	errors         int64
}

// load sends requests from c clients, each one after the other, for d.
func load(url, token string, c int, d time.Duration) result {
	transport := &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	defer transport.CloseIdleConnections()
	var mu sync.Mutex
	var lat []time.Duration
	var errs atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest("GET", url, nil)
				if strings.HasPrefix(token, faces.ScreenTokenPrefix) {
					req.Header.Set("Authorization", "Bearer "+token)
				} else {
					req.AddCookie(&http.Cookie{Name: "faces_session", Value: token})
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs.Add(1)
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(lat) == 0 {
		return result{errors: errs.Load()}
	}
	slices.Sort(lat)
	return result{rate: float64(len(lat)) / d.Seconds(), p50: org.MS(lat[len(lat)/2]), p99: org.MS(lat[len(lat)*99/100]), errors: errs.Load()}
}

func readLines(path string) []string {
	lines, err := org.ReadLines(path)
	check(err)
	return lines
}

func check(err error) {
	if err != nil {
		for _, s := range servers {
			s.Process.Kill()
		}
		log.Fatal(err)
	}
}
