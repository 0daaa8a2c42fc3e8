package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// privatePostgres is a PostgreSQL server of the test's own, which it may
// stop and start: the shared test server cannot be restarted under the
// other packages' tests.
type privatePostgres struct {
	bin, dir string
	port     int
}

func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("PostgreSQL's programs are not installed; CI must test several servers on one PostgreSQL")
		}
		t.Skip("PostgreSQL's programs are not installed (apt-get install postgresql)")
	}
	sort.Strings(bins)
	dir, err := os.MkdirTemp("", "faces-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Getuid() == 0 { // PostgreSQL refuses to run as root
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root, and no postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		os.Chown(dir, uid, -1)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	pg := &privatePostgres{bin: filepath.Dir(bins[len(bins)-1]), dir: dir, port: port}
	pg.run(t, "initdb", "-D", dir+"/data", "-A", "trust", "-U", "postgres", "--no-sync")
	pg.start(t)
	t.Cleanup(func() { pg.pgctl(t, "stop", "-m", "immediate") })
	return pg
}

// run runs one of PostgreSQL's programs, as the postgres user when the
// test runs as root.
func (pg *privatePostgres) run(t *testing.T, program string, args ...string) {
	t.Helper()
	var cmd *exec.Cmd
	if os.Getuid() == 0 {
		line := filepath.Join(pg.bin, program)
		for _, a := range args {
			line += " '" + a + "'"
		}
		cmd = exec.Command("su", "postgres", "-s", "/bin/sh", "-c", line)
	} else {
		cmd = exec.Command(filepath.Join(pg.bin, program), args...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", program, args, err, out)
	}
}

func (pg *privatePostgres) pgctl(t *testing.T, args ...string) {
	pg.run(t, "pg_ctl", append([]string{"-D", pg.dir + "/data", "-w"}, args...)...)
}

func (pg *privatePostgres) start(t *testing.T) {
	pg.pgctl(t, "-l", pg.dir+"/log", "-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", pg.port, pg.dir), "start")
}

func (pg *privatePostgres) stop(t *testing.T) { pg.pgctl(t, "stop", "-m", "fast") }

func (pg *privatePostgres) dsn() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pg.port)
}

// tally counts answers by kind, for the test's report.
type tally struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *tally) add(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]int{}
	}
	c.m[kind]++
}

func (c *tally) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprint(c.m)
}

// loadClient sends the mixed load: sign-ins, people created and moved,
// photos uploaded, searches; it remembers every write that was
// acknowledged.
type loadClient struct {
	t       *testing.T
	http    *http.Client
	token   string
	company int64
	photo   []byte

	mu      sync.Mutex
	created map[string]int64 // name → id, acknowledged
	moved   map[int64]string // person → title, acknowledged
	photos  map[int64]bool   // person → photo acknowledged
}

// outcome is what one request got: its status, or that it got no answer.
type outcome struct {
	status int
	err    error
}

func (c *loadClient) do(method, url string, body []byte, contentType string, cookie *http.Cookie) (outcome, []byte, *http.Response) {
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if cookie != nil {
		req.AddCookie(cookie)
	} else if strings.Contains(url, "/api/") {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return outcome{err: err}, nil, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return outcome{status: resp.StatusCode}, b, resp
}

// step sends request number i of worker w to base (and, for a sign-in,
// uses the session on other), checks the answer against want, and returns
// what it got.
func (c *loadClient) step(w, i int, base, other string) (outcome, string) {
	name := fmt.Sprintf("Load %d-%d", w, i)
	prev := fmt.Sprintf("Load %d-%d", w, i-1)
	switch i % 5 {
	case 0: // sign in here, use the session there
		form := url.Values{"email": {fmt.Sprintf("w%d@faces.example", w%8)}, "password": {"correct horse battery"}}.Encode()
		o, _, resp := c.do("POST", base+"/signin", []byte(form), "application/x-www-form-urlencoded", nil)
		if o.status != http.StatusSeeOther {
			return o, "sign-in"
		}
		var session *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == "faces_session" {
				session = ck
			}
		}
		if session == nil {
			c.t.Errorf("a sign-in set no session cookie: %v", resp.Cookies())
			return o, "sign-in"
		}
		o, _, _ = c.do("GET", other+"/people", nil, "", session)
		return o, "session elsewhere"
	case 1:
		body, _ := json.Marshal(map[string]any{"name": name, "tags": []string{"load"}})
		o, b, _ := c.do("POST", base+"/api/v1/people", body, "application/json", nil)
		if o.status == http.StatusCreated {
			var p struct{ ID int64 }
			json.Unmarshal(b, &p)
			c.mu.Lock()
			c.created[name] = p.ID
			c.mu.Unlock()
		}
		return o, "create"
	case 2, 3:
		c.mu.Lock()
		id, ok := c.created[prev]
		if i%5 == 3 {
			id, ok = c.created[fmt.Sprintf("Load %d-%d", w, i-2)]
		}
		c.mu.Unlock()
		if !ok { // its person was not acknowledged: search instead
			o, _, _ := c.do("GET", base+"/api/v1/search?q=load", nil, "", nil)
			return o, "search"
		}
		if i%5 == 2 {
			title := fmt.Sprintf("Title %d-%d", w, i)
			body, _ := json.Marshal(map[string]any{"company_id": c.company, "title": title, "on": "2026-01-05"})
			o, _, _ := c.do("POST", fmt.Sprintf("%s/api/v1/people/%d/moves", base, id), body, "application/json", nil)
			if o.status == http.StatusOK {
				c.mu.Lock()
				c.moved[id] = title
				c.mu.Unlock()
			}
			return o, "move"
		}
		o, _, _ := c.do("PUT", fmt.Sprintf("%s/api/v1/people/%d/photo", base, id), c.photo, "image/jpeg", nil)
		if o.status == http.StatusOK {
			c.mu.Lock()
			c.photos[id] = true
			c.mu.Unlock()
		}
		return o, "photo"
	default:
		o, _, _ := c.do("GET", base+"/search?q="+url.QueryEscape(name), nil, "", nil)
		if o.status == http.StatusSeeOther { // pages need a session; the API token is for the API
			o, _, _ = c.do("GET", base+"/api/v1/search?q="+url.QueryEscape(name), nil, "", nil)
		}
		return o, "search"
	}
}

// wants is the status each kind of request answers when all is well.
var wants = map[string]int{"sign-in": http.StatusSeeOther, "session elsewhere": http.StatusOK, "create": http.StatusCreated,
	"move": http.StatusOK, "photo": http.StatusOK, "search": http.StatusOK}

func testJPEG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 96, 96))
	for y := range 96 {
		for x := range 96 {
			img.Set(x, y, color.RGBA{uint8(x * 2), uint8(y * 2), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Two faces serve processes on one PostgreSQL, under a mixed load of reads
// and writes: one is killed (SIGKILL) mid-run, and the other keeps
// answering, with the sessions made on the dead one; then, with a new
// second server, PostgreSQL itself restarts: both answer 503 while it is
// down — not 500, not a hang — and serve again on their own when it is
// back. The test runs a PostgreSQL of its own (with the programs CI
// installs) because it restarts it. At the
// end every acknowledged write is in the database exactly once and every
// audit entry matches a change.
func TestTwoServersOnOnePostgreSQL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and two servers")
	}
	pg := startPrivatePostgres(t)
	dsn := pg.dsn()
	facesBinary(t)

	// Both start at the same moment on the empty database: it is
	// migrated once, and both serve.
	var a, b *process
	var wg sync.WaitGroup
	wg.Go(func() { a = startServe(t, nil, "--db", dsn) })
	wg.Go(func() { b = startServe(t, nil, "--db", dsn) })
	wg.Wait()
	if t.Failed() {
		return
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var migrations, distinct int
	db.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&migrations, &distinct)
	files, _ := filepath.Glob("../../postgres/migrations/*.sql")
	if migrations != len(files) || distinct != migrations {
		t.Fatalf("schema_migrations: %d rows, %d distinct, for %d migrations", migrations, distinct, len(files))
	}

	if code, _, errOut := runFaces(t, "correct horse battery\n", "user", "add", "--admin", "--db", dsn, "ada@faces.example"); code != 0 {
		t.Fatal(errOut)
	}
	const workers = 8
	// An account per worker: sign-ins of one account at once are limited.
	for w := range workers {
		if code, _, errOut := runFaces(t, "correct horse battery\n", "user", "add", "--role", "viewer", "--db", dsn, fmt.Sprintf("w%d@faces.example", w)); code != 0 {
			t.Fatal(errOut)
		}
	}
	code, token, errOut := runFaces(t, "", "token", "add", "--db", dsn, "ada@faces.example")
	if code != 0 {
		t.Fatal(errOut)
	}
	c := &loadClient{t: t, token: strings.TrimSpace(token), photo: testJPEG(t),
		http:    &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		created: map[string]int64{}, moved: map[int64]string{}, photos: map[int64]bool{}}
	o, body, _ := c.do("POST", a.url+"/api/v1/companies", []byte(`{"name":"Acme"}`), "application/json", nil)
	if o.status != http.StatusCreated {
		t.Fatalf("company: %v %s", o, body)
	}
	var company struct{ ID int64 }
	json.Unmarshal(body, &company)
	c.company = company.ID

	// Phase 1: both servers, then A is killed.
	var aDead atomic.Bool
	var live, onDead tally
	var next atomic.Int64
	deadline := time.Now().Add(4 * time.Second)
	killAt := time.Now().Add(1500 * time.Millisecond)
	wg = sync.WaitGroup{}
	for w := range workers {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				next.Add(1)
				base, other := a.url, b.url
				if (w+i)%2 == 1 || aDead.Load() {
					base, other = b.url, a.url
				}
				if aDead.Load() {
					other = b.url
				}
				o, kind := c.step(w, i, base, other)
				switch {
				case base == a.url && aDead.Load(), other == a.url && aDead.Load():
					onDead.add(kind) // A may be gone: any outcome
				case o.err != nil || o.status != wants[kind]:
					t.Errorf("%s on the live server: %v", kind, o)
				default:
					live.add(kind)
				}
			}
		})
	}
	// A session made on A, to use on B once A is gone.
	form := url.Values{"email": {"ada@faces.example"}, "password": {"correct horse battery"}}.Encode()
	o, _, resp := c.do("POST", a.url+"/signin", []byte(form), "application/x-www-form-urlencoded", nil)
	if o.status != http.StatusSeeOther || len(resp.Cookies()) == 0 {
		t.Fatalf("sign-in on A: %v", o)
	}
	madeOnA := resp.Cookies()[0]
	time.Sleep(time.Until(killAt))
	aDead.Store(true)
	a.cmd.Process.Signal(syscall.SIGKILL)
	if o, _, _ := c.do("GET", b.url+"/people", nil, "", madeOnA); o.status != http.StatusOK {
		t.Errorf("a session made on the killed server, on the live one: %v", o)
	}
	wg.Wait()
	for _, line := range strings.Split(b.stderr.String(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			t.Log(line)
		}
	}
	t.Logf("phase 1 (two servers, one killed after 1.5 s): %d requests; live server answered %s; around the dead one %s", next.Load(), &live, &onDead)
	if live.m["session elsewhere"] == 0 || live.m["create"] == 0 || live.m["move"] == 0 || live.m["photo"] == 0 {
		t.Errorf("the load lacked a kind of request: %s", &live)
	}

	// Phase 2: A's replacement starts beside B, and PostgreSQL restarts
	// under load on both.
	a2 := startServe(t, nil, "--db", dsn)
	servers := []*process{b, a2}
	var during, after tally
	var down, back atomic.Bool
	stopLoad := make(chan struct{})
	var slowest atomic.Int64
	wg = sync.WaitGroup{}
	for w := range 4 {
		wg.Go(func() {
			for i := 1000; ; i++ {
				select {
				case <-stopLoad:
					return
				default:
				}
				wasDown, wasBack := down.Load(), back.Load()
				start := time.Now()
				o, kind := c.step(w+100, i, servers[(w+i)%2].url, servers[(w+i+1)%2].url)
				if d := time.Since(start); d > time.Duration(slowest.Load()) {
					slowest.Store(int64(d))
				}
				switch {
				case o.err != nil:
					t.Errorf("%s while PostgreSQL restarts: no answer: %v", kind, o.err)
				case wasDown && !wasBack:
					if o.status != wants[kind] && o.status != http.StatusServiceUnavailable {
						t.Errorf("%s while PostgreSQL is down: %d, want 503", kind, o.status)
					}
					during.add(fmt.Sprintf("%s %d", kind, o.status))
				case wasBack:
					after.add(fmt.Sprintf("%s %d", kind, o.status))
				}
				if wasDown && !wasBack {
					time.Sleep(20 * time.Millisecond)
				}
			}
		})
	}
	time.Sleep(500 * time.Millisecond)
	down.Store(true)
	pg.stop(t)
	time.Sleep(300 * time.Millisecond)
	for _, srv := range servers {
		if ready, _, _ := c.do("GET", srv.url+"/readyz", nil, "", nil); ready.status != http.StatusServiceUnavailable {
			t.Errorf("/readyz with PostgreSQL down: %v", ready)
		}
		if h, _, _ := c.do("GET", srv.url+"/healthz", nil, "", nil); h.status != http.StatusOK {
			t.Errorf("/healthz with PostgreSQL down: %v", h)
		}
	}
	time.Sleep(1500 * time.Millisecond)
	pg.start(t)
	// Back on its own: ready again within seconds, with no restart.
	var readyAfter time.Duration
	restarted := time.Now()
	for {
		o1, _, _ := c.do("GET", b.url+"/readyz", nil, "", nil)
		o2, _, _ := c.do("GET", a2.url+"/readyz", nil, "", nil)
		if o1.status == http.StatusOK && o2.status == http.StatusOK {
			readyAfter = time.Since(restarted)
			break
		}
		if time.Since(restarted) > 30*time.Second {
			t.Fatal("not ready 30 s after PostgreSQL came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	back.Store(true)
	time.Sleep(time.Second)
	close(stopLoad)
	wg.Wait()
	t.Logf("phase 2 (PostgreSQL restarted): while down %s; after %s; ready %s after the restart; slowest answer %s",
		&during, &after, readyAfter.Round(time.Millisecond), time.Duration(slowest.Load()).Round(time.Millisecond))
	if during.m == nil {
		t.Error("no request was sent while PostgreSQL was down")
	}
	unavailable := 0
	for k, n := range during.m {
		if strings.HasSuffix(k, " 503") {
			unavailable += n
		}
	}
	if unavailable == 0 {
		t.Errorf("no 503 while PostgreSQL was down: %s", &during)
	}
	for k := range after.m {
		i := strings.LastIndex(k, " ")
		if status, _ := strconv.Atoi(k[i+1:]); status != wants[k[:i]] {
			t.Errorf("after PostgreSQL came back: %s", k)
		}
	}

	// Every acknowledged write is there exactly once.
	checkWrites(t, db, c)
	// Every audit entry of these people matches a change.
	checkAudit(t, db)
	for _, srv := range servers {
		srv.cmd.Process.Signal(syscall.SIGTERM)
		if code := srv.wait(t, 15*time.Second); code != 0 {
			t.Errorf("a live server's exit status: %d", code)
		}
	}
}

func checkWrites(t *testing.T, db *sql.DB, c *loadClient) {
	t.Helper()
	ctx := context.Background()
	var twins int
	db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT name FROM people WHERE name LIKE 'Load %' GROUP BY name HAVING COUNT(*) > 1) t`).Scan(&twins)
	if twins > 0 {
		t.Errorf("%d people were created twice", twins)
	}
	for name, id := range c.created {
		var n int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM people WHERE name = $1 AND id = $2`, name, id).Scan(&n)
		if n != 1 {
			t.Errorf("acknowledged person %s (%d) found %d times", name, id, n)
		}
	}
	for id, title := range c.moved {
		var n int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM positions WHERE person_id = $1 AND title = $2`, id, title).Scan(&n)
		if n != 1 {
			t.Errorf("acknowledged move of %d to %q found %d times", id, title, n)
		}
	}
	for id := range c.photos {
		var n int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM photos ph JOIN photo_renditions r ON r.hash = ph.hash WHERE ph.person_id = $1`, id).Scan(&n)
		if n == 0 {
			t.Errorf("acknowledged photo of %d is not there", id)
		}
	}
	t.Logf("acknowledged: %d people, %d moves, %d photos", len(c.created), len(c.moved), len(c.photos))
}

// checkAudit matches the audit log with the records: each person created
// once, with one creation entry; one move entry per position; one photo
// entry per photo; and no entry for a change that is not there.
func checkAudit(t *testing.T, db *sql.DB) {
	t.Helper()
	for _, q := range []struct{ what, query string }{
		{"people without exactly one creation entry", `SELECT COUNT(*) FROM people p WHERE p.name LIKE 'Load %' AND
			(SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'person' AND a.entity_id = p.id AND a.action = 'create') <> 1`},
		{"creation entries of people who are not there", `SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'person' AND a.action = 'create'
			AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = a.entity_id)`},
		{"people whose positions and move entries differ", `SELECT COUNT(*) FROM people p WHERE p.name LIKE 'Load %' AND
			(SELECT COUNT(*) FROM positions x WHERE x.person_id = p.id) <>
			(SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'person' AND a.entity_id = p.id AND a.action = 'move')`},
		{"people whose photo and photo entries differ", `SELECT COUNT(*) FROM people p WHERE p.name LIKE 'Load %' AND
			(SELECT COUNT(*) FROM photos x WHERE x.person_id = p.id) <>
			(SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'photo' AND a.entity_id = p.id)`},
	} {
		var n int
		if err := db.QueryRow(q.query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d %s", n, q.what)
		}
	}
}
