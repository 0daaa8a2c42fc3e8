package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

// cheapHash keeps tests fast; production hashes use password.Default.
var cheapHash = password.HashWith("correct horse battery", password.Params{Memory: 1024, Time: 1, Threads: 1})

// fixture is a server over a fresh database with one person, one company
// and an account of each role.
type fixture struct {
	t      *testing.T
	db     *sqlstore.DB
	server *Server
	srv    *httptest.Server
	tokens map[faces.Role]string
	log    *syncBuffer // what the server logged
}

// syncBuffer is a buffer the server's goroutines write and a test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return newFixtureOn(t, db)
}

// newFixtureOn is newFixture over a database of the caller's.
func newFixtureOn(t *testing.T, db *sqlstore.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	log := &syncBuffer{}
	s := NewServer(db, slog.New(slog.NewTextHandler(log, nil)))
	s.MetricsToken = fixtureMetricsToken
	f := &fixture{t: t, db: db, server: s, srv: httptest.NewServer(s.Handler()), tokens: map[faces.Role]string{}, log: log}
	t.Cleanup(f.srv.Close)
	t.Cleanup(func() { s.stopJanitor(); s.background.Wait() }) // before the database closes
	for _, role := range []faces.Role{faces.RoleViewer, faces.RoleEditor, faces.RoleAdmin} {
		u := &faces.User{Name: string(role), Email: string(role) + "@faces.example", Role: role, PasswordHash: cheapHash}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		token, err := db.CreateSession(ctx, u.ID, faces.Now().Add(sessionLifetime))
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = token
	}
	c := &faces.Company{Name: "Acme"}
	p := &faces.Person{Name: "Jill Okafor"}
	if db.CreateCompany(ctx, c) != nil || db.CreatePerson(ctx, p) != nil {
		t.Fatal("fixtures")
	}
	ev := &faces.Event{Name: "Summit", On: faces.Today()}
	if db.CreateEvent(ctx, ev) != nil || db.AddGuest(ctx, ev.ID, p.ID) != nil {
		t.Fatal("event fixture")
	}
	lobby := &faces.Screen{Name: "Lobby", FacesAtOnce: 2, SecondsPerCard: 10}
	if err := db.CreateScreen(ctx, lobby); err != nil {
		t.Fatal(err)
	}
	token, err := db.IssueScreenToken(ctx, lobby.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens[screenRole] = token
	return f
}

// fixtureMetricsToken opens the fixture's /metrics.
const fixtureMetricsToken = "metrics-secret-for-tests"

// do sends a request as a role ("" for anonymous), without following
// redirects.
func (f *fixture) do(role faces.Role, method, path string, form url.Values) *http.Response {
	f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	switch role {
	case "":
	case screenRole:
		req.AddCookie(&http.Cookie{Name: screenCookie, Value: f.tokens[role]})
	default:
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.tokens[role]})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func bodyOf(t *testing.T, resp *http.Response) string {
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// access is who may reach a route.
type access int

const (
	public access = iota
	staffOnly
	editorsOnly
	adminsOnly
	// screenOnly routes answer a paired screen's token, and nobody else:
	// staff sessions do not reach them either.
	screenOnly
	// metricsOnly routes answer the metrics bearer token, and no session
	// or screen.
	metricsOnly
)

// screenRole is the pseudo-role of requests that carry a screen's token.
const screenRole faces.Role = "screen"

// routeTable is every route with who may reach it; TestEveryRouteIsChecked
// keeps it in step with routes.go.
var routeTable = []struct {
	method, pattern, path string
	who                   access
	form                  url.Values
}{
	{"GET", "/healthz", "/healthz", public, nil},
	{"GET", "/readyz", "/readyz", public, nil},
	{"GET", "/metrics", "/metrics", metricsOnly, nil},
	{"GET", "/static/{file}", "/static/" + cssName, public, nil},
	{"GET", "/signin", "/signin", public, nil},
	{"GET", "/screen", "/screen", public, nil},
	{"GET", "/screen/{$}", "/screen/", public, nil},
	{"GET", "/screen/worker.js", "/screen/worker.js", public, nil},
	{"POST", "/screen/pair", "/screen/pair", public, url.Values{}},
	{"POST", "/screen/pair/claim", "/screen/pair/claim", public, url.Values{"secret": {"x"}}},
	{"POST", "/screen/token", "/screen/token", public, url.Values{"token": {"x"}}},
	{"GET", "/screen/manifest", "/screen/manifest", screenOnly, nil},
	{"GET", "/screen/photos/{hash}/{size}", "/screen/photos/none/full.jpg", screenOnly, nil},
	{"GET", "/visits", "/visits", staffOnly, nil},
	{"GET", "/visits/new", "/visits/new?company=1&person=1", staffOnly, nil},
	{"POST", "/visits", "/visits", staffOnly, url.Values{"on": {"2026-11-30"}, "company": {"#1"}, "person_1": {"#1"}, "kind": {"observe"}, "non_sales": {"on"}}},
	{"GET", "/visits/{id}/guide", "/visits/1/guide?guide=1&person=1", staffOnly, nil},
	{"GET", "/visits/{id}/edit", "/visits/1/edit", staffOnly, nil},
	{"POST", "/visits/{id}/photos", "/visits/1/photos", staffOnly, url.Values{}},
	{"POST", "/visits/{id}/photos/{hash}/delete", "/visits/1/photos/none/delete", staffOnly, url.Values{}},
	{"POST", "/visits/{id}", "/visits/1", staffOnly, url.Values{"on": {"2026-11-29"}, "company": {"#1"}, "person_1": {"#1"}, "kind": {"interview"}, "others": {"viewer@faces.example"}}},
	{"POST", "/visits/{id}/answers", "/visits/1/answers", staffOnly, url.Values{"guide": {"1"}, "person": {"1"}, "answer_3": {"More people."}}},
	{"GET", "/guides", "/guides", staffOnly, nil},
	{"POST", "/guides", "/guides", staffOnly, url.Values{"name": {"Night shift"}, "questions": {"What breaks first?"}}},
	{"GET", "/visits/{id}", "/visits/1", staffOnly, nil},
	{"POST", "/visits/{id}/delete", "/visits/1/delete", staffOnly, url.Values{}},
	{"GET", "/dashboard/visits", "/dashboard/visits", staffOnly, nil},
	{"POST", "/themes", "/themes", staffOnly, url.Values{"name": {"Paper beats screens"}}},
	{"GET", "/themes", "/themes", staffOnly, nil},
	{"GET", "/themes/{id}", "/themes/1", staffOnly, nil},
	{"POST", "/insights", "/insights", staffOnly, url.Values{"person": {"1"}, "type": {"wish"}, "method": {"interview"}, "text": {"A faster report."}}},
	{"POST", "/insights/{id}/theme", "/insights/1/theme", staffOnly, url.Values{"theme": {"1"}}},
	{"GET", "/wishes", "/wishes?company=1", staffOnly, nil},
	{"POST", "/people/{id}/follow", "/people/1/follow", staffOnly, url.Values{"follow": {"yes"}}},
	{"GET", "/notifications", "/notifications", staffOnly, nil},
	{"POST", "/notifications/read", "/notifications/read", staffOnly, url.Values{}},
	{"POST", "/wishes/{id}/done", "/wishes/1/done", staffOnly, url.Values{"done": {"yes"}}},
	{"GET", "/wall", "/wall", staffOnly, nil},
	{"GET", "/wall/print", "/wall/print?paper=letter", staffOnly, nil},
	{"POST", "/wall/lock", "/wall/lock", editorsOnly, url.Values{}},
	{"POST", "/wall/unlock", "/wall/unlock", editorsOnly, url.Values{}},
	{"POST", "/wall/settings", "/wall/settings", adminsOnly, url.Values{"period_months": {"3"}, "set_size": {"12"}}},
	{"POST", "/people/{id}/wall", "/people/1/wall", editorsOnly, url.Values{"mode": {"pin"}}},
	{"GET", "/screens", "/screens", adminsOnly, nil},
	{"POST", "/screens", "/screens", adminsOnly, url.Values{"name": {"Hall"}, "faces_at_once": {"2"}, "seconds_per_card": {"10"}}},
	{"GET", "/screens/{id}", "/screens/1", adminsOnly, nil},
	{"POST", "/screens/{id}", "/screens/1", adminsOnly, url.Values{"name": {"Lobby"}, "faces_at_once": {"2"}, "seconds_per_card": {"10"}}},
	{"POST", "/screens/{id}/pair", "/screens/1/pair", adminsOnly, url.Values{"code": {"WRONGCODE"}}},
	{"POST", "/signin", "/signin", public, url.Values{"email": {"x@y.example"}, "password": {"nope"}}},
	{"GET", "/{$}", "/", staffOnly, nil},
	{"GET", "/search", "/search?q=jill", staffOnly, nil},
	{"GET", "/changes", "/changes", staffOnly, nil},
	{"GET", "/me", "/me", staffOnly, nil},
	{"POST", "/me/password", "/me/password", staffOnly, url.Values{"current": {"wrong"}, "password": {"x"}}},
	{"GET", "/people", "/people", staffOnly, nil},
	{"GET", "/people/new", "/people/new", editorsOnly, nil},
	{"POST", "/people", "/people", editorsOnly, url.Values{"name": {"Bill Tran"}}},
	{"GET", "/people/{id}", "/people/1", staffOnly, nil},
	{"GET", "/people/{id}/vcard", "/people/1/vcard", staffOnly, nil},
	{"GET", "/people/{id}/subject-access", "/people/1/subject-access", adminsOnly, nil},
	{"GET", "/openers", "/openers?topic=night+shift", staffOnly, nil},
	{"POST", "/openers/calendar", "/openers/calendar", staffOnly, nil},
	{"POST", "/openers/used", "/openers/used", staffOnly, url.Values{"person": {"1"}}},
	{"POST", "/openers/feed", "/openers/feed", staffOnly, url.Values{"source_url": {"https://calendar.example/x.ics"}}},
	{"POST", "/openers/feed/delete", "/openers/feed/delete", staffOnly, nil},
	{"GET", "/feeds/{token}/openers.ics", "/feeds/faces_feed_nope/openers.ics", public, nil},
	{"GET", "/companies/{id}/reviews/new", "/companies/1/reviews/new", editorsOnly, nil},
	{"POST", "/companies/{id}/reviews", "/companies/1/reviews", editorsOnly, url.Values{"title": {"Q4"}, "answer_1": {"Wants payback."}}},
	{"GET", "/reviews/{id}", "/reviews/1", staffOnly, nil},
	{"GET", "/focus", "/focus", staffOnly, nil},
	{"GET", "/story-check", "/story-check", adminsOnly, nil},
	{"POST", "/story-check", "/story-check", adminsOnly, url.Values{"our_names": {"LabelFlow"}}},
	{"GET", "/events", "/events", staffOnly, nil},
	{"GET", "/events/new", "/events/new", editorsOnly, nil},
	{"POST", "/events", "/events", editorsOnly, url.Values{"name": {"Meetup"}, "on": {"2026-12-20"}}},
	{"GET", "/events/{id}", "/events/1", staffOnly, nil},
	{"GET", "/events/{id}/edit", "/events/1/edit", editorsOnly, nil},
	{"POST", "/events/{id}", "/events/1", editorsOnly, url.Values{"name": {"Summit"}, "on": {"2026-12-20"}}},
	{"POST", "/events/{id}/guests", "/events/1/guests", editorsOnly, url.Values{"person": {"Jill Okafor · #1"}}},
	{"POST", "/events/{id}/guests/{person}", "/events/1/guests/1", editorsOnly, url.Values{"key": {"1"}}},
	{"POST", "/events/{id}/guest-list", "/events/1/guest-list", editorsOnly, nil},
	{"POST", "/events/{id}/guest-list/add", "/events/1/guest-list/add", editorsOnly, url.Values{"file": {"bmFtZQpBbm4gTGVlCg=="}}},
	{"GET", "/events/{id}/prep", "/events/1/prep", staffOnly, nil},
	{"GET", "/events/{id}/debrief", "/events/1/debrief", staffOnly, nil},
	{"POST", "/events/{id}/debrief", "/events/1/debrief", staffOnly, url.Values{"met_1": {"on"}, "text_1": {"Wants labels."}, "type_1": {"wish"}}},
	{"POST", "/people/{id}/risks", "/people/1/risks", editorsOnly, url.Values{"reason": {"Quiet since the reorg."}, "since": {"2026-11-01"}}},
	{"POST", "/companies/{id}/risks", "/companies/1/risks", editorsOnly, url.Values{"reason": {"Renewal in doubt."}, "since": {"2026-11-01"}}},
	{"POST", "/risks/{id}/clear", "/risks/1/clear", editorsOnly, nil},
	{"GET", "/duplicates", "/duplicates", editorsOnly, nil},
	{"POST", "/duplicates/merge", "/duplicates/merge", editorsOnly, url.Values{"kept": {"1"}, "gone": {"1"}}},
	{"POST", "/duplicates/different", "/duplicates/different", editorsOnly, url.Values{"a": {"1"}, "b": {"2"}}},
	{"POST", "/merges/{id}/undo", "/merges/1/undo", editorsOnly, nil},
	{"GET", "/exports/people.csv", "/exports/people.csv", adminsOnly, nil},
	{"GET", "/exports/people.vcf", "/exports/people.vcf", adminsOnly, nil},
	{"GET", "/people/{id}/edit", "/people/1/edit", editorsOnly, nil},
	{"POST", "/people/{id}", "/people/1", editorsOnly, url.Values{"name": {"Jill Okafor-Reyes"}}},
	{"GET", "/people/{id}/move", "/people/1/move", editorsOnly, nil},
	{"POST", "/people/{id}/move", "/people/1/move", editorsOnly, url.Values{"company": {"#1"}, "title": {"CFO"}, "on": {"2025-01-01"}}},
	{"GET", "/people/{id}/positions/{pid}/edit", "/people/1/positions/1/edit", editorsOnly, nil},
	{"POST", "/people/{id}/positions/{pid}", "/people/1/positions/1", editorsOnly, url.Values{"title": {"CFO"}, "from": {"2024-12-01"}}},
	{"GET", "/people/{id}/positions/{pid}/delete", "/people/1/positions/1/delete", editorsOnly, nil},
	{"POST", "/people/{id}/planned-moves/{mid}/cancel", "/people/1/planned-moves/1/cancel", editorsOnly, url.Values{}},
	{"POST", "/people/{id}/positions/{pid}/delete", "/people/1/positions/1/delete", editorsOnly, url.Values{}},
	{"POST", "/people/{id}/photo", "/people/1/photo", editorsOnly, url.Values{}},
	{"POST", "/people/{id}/photo/delete", "/people/1/photo/delete", editorsOnly, url.Values{}},
	{"GET", "/photos/{hash}/{size}", "/photos/none/thumb.jpg", staffOnly, nil},
	{"POST", "/people/{id}/relationships", "/people/1/relationships", editorsOnly, url.Values{"kind": {"works_with"}, "to": {"#1"}}},
	{"POST", "/people/{id}/relationships/{rid}/delete", "/people/1/relationships/9/delete", editorsOnly, url.Values{}},
	{"POST", "/people/{id}/buying-roles", "/people/1/buying-roles", editorsOnly, url.Values{"role": {"champion"}, "company": {"#1"}}},
	{"POST", "/people/{id}/buying-roles/{bid}/delete", "/people/1/buying-roles/1/delete", editorsOnly, url.Values{}},
	{"GET", "/people/{id}/story", "/people/1/story", editorsOnly, nil},
	{"POST", "/people/{id}/story", "/people/1/story", editorsOnly, url.Values{"card": {"Runs the night shift."}, "source": {"visit"}}},
	{"POST", "/people/{id}/consents", "/people/1/consents", editorsOnly, url.Values{"granted_on": {"2026-01-01"}, "means": {"email"}}},
	{"POST", "/people/{id}/consents/{cid}/revoke", "/people/1/consents/1/revoke", editorsOnly, url.Values{}},
	{"GET", "/people/{id}/delete", "/people/1/delete", editorsOnly, nil},
	{"GET", "/people/{id}/erase", "/people/1/erase", adminsOnly, nil},
	{"POST", "/people/{id}/delete", "/people/1/delete", editorsOnly, url.Values{}},
	{"POST", "/people/{id}/erase", "/people/1/erase", adminsOnly, url.Values{}},
	{"GET", "/companies", "/companies", staffOnly, nil},
	{"GET", "/companies/new", "/companies/new", editorsOnly, nil},
	{"POST", "/companies", "/companies", editorsOnly, url.Values{"name": {"Globex"}}},
	{"GET", "/companies/{id}", "/companies/1", staffOnly, nil},
	{"GET", "/companies/{id}/edit", "/companies/1/edit", editorsOnly, nil},
	{"POST", "/companies/{id}", "/companies/1", editorsOnly, url.Values{"name": {"Acme Inc"}}},
	{"GET", "/companies/{id}/delete", "/companies/1/delete", editorsOnly, nil},
	{"POST", "/companies/{id}/delete", "/companies/1/delete", editorsOnly, url.Values{}},
	{"GET", "/trash", "/trash", editorsOnly, nil},
	{"GET", "/imports/new", "/imports/new", editorsOnly, nil},
	{"POST", "/imports", "/imports", editorsOnly, url.Values{}},
	{"GET", "/imports/{id}", "/imports/1", editorsOnly, nil},
	{"POST", "/imports/{id}/run", "/imports/1/run", editorsOnly, url.Values{"run": {"check"}}},
	{"POST", "/imports/{id}/cancel", "/imports/1/cancel", editorsOnly, url.Values{}},
	{"POST", "/trash/{id}/restore", "/trash/1/restore", editorsOnly, url.Values{}},
	{"GET", "/audit", "/audit", adminsOnly, nil},
	{"GET", "/accounts", "/accounts", adminsOnly, nil},
	{"POST", "/accounts", "/accounts", adminsOnly, url.Values{"name": {"Nia"}, "email": {"nia@faces.example"}, "role": {"viewer"}, "password": {"a long enough password"}}},
	{"GET", "/accounts/{id}/edit", "/accounts/1/edit", adminsOnly, nil},
	{"POST", "/accounts/{id}", "/accounts/1", adminsOnly, url.Values{"name": {"Viewer V"}, "role": {"viewer"}}},
	{"GET", "/tokens", "/tokens", adminsOnly, nil},
	{"POST", "/tokens", "/tokens", adminsOnly, url.Values{"user": {"1"}, "name": {"export"}}},
	{"POST", "/tokens/{id}/delete", "/tokens/1/delete", adminsOnly, url.Values{}},
	{"POST", "/screens/{id}/revoke", "/screens/1/revoke", adminsOnly, url.Values{}},
	{"POST", "/screens/{id}/delete", "/screens/1/delete", adminsOnly, url.Values{"confirm": {"yes"}}},
	// Last, as it ends the session the others use.
	{"POST", "/signout", "/signout", staffOnly, url.Values{}},
}

// Every route against every role: anonymous visitors see only the sign-in
// page and the health check, viewers cannot write, editors cannot
// administer.
func TestAuthorization(t *testing.T) {
	rank := map[faces.Role]access{"": public, faces.RoleViewer: staffOnly, faces.RoleEditor: editorsOnly, faces.RoleAdmin: adminsOnly}
	for _, role := range []faces.Role{"", faces.RoleViewer, faces.RoleEditor, faces.RoleAdmin} {
		f := newFixture(t) // a fresh database: allowed deletions must not spoil later routes
		for _, rt := range routeTable {
			resp := f.do(role, rt.method, rt.path, rt.form)
			allowed := rank[role] >= rt.who && rt.who != screenOnly && rt.who != metricsOnly
			code := resp.StatusCode
			switch {
			case rt.who == metricsOnly:
				if code != http.StatusUnauthorized {
					t.Errorf("%q %s %s: %d, want 401: only the metrics token reaches it", role, rt.method, rt.path, code)
				}
			case rt.who == screenOnly:
				if code != http.StatusUnauthorized || resp.Header.Get("Content-Type") != "application/problem+json" {
					t.Errorf("%q %s %s: %d, want 401: only a screen's token reaches it", role, rt.method, rt.path, code)
				}
			case allowed && rt.path == "/signin" && rt.method == "POST":
				if code != http.StatusUnauthorized { // a wrong password, politely refused
					t.Errorf("%q %s %s: %d", role, rt.method, rt.path, code)
				}
			case allowed:
				// Allowed: past the guard. A 404 or 422 from the handler
				// itself (an empty upload, a missing photo) still counts.
				if code == 401 || code == 403 || code >= 500 || strings.HasPrefix(resp.Header.Get("Location"), "/signin?") {
					t.Errorf("%q %s %s: %d, want it allowed", role, rt.method, rt.path, code)
				}
			case role == "" && rt.method == "GET":
				if loc := resp.Header.Get("Location"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin?next=") {
					t.Errorf("anonymous GET %s: %d to %q, want a redirect to sign in", rt.path, code, loc)
				}
			case role == "":
				if code != http.StatusUnauthorized {
					t.Errorf("anonymous %s %s: %d, want 401", rt.method, rt.path, code)
				}
			default:
				if code != http.StatusForbidden {
					t.Errorf("%s %s %s: %d, want 403", role, rt.method, rt.path, code)
				}
			}
		}
	}
}

// The table above must name every route routes.go registers.
func TestEveryRouteIsChecked(t *testing.T) {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var registered, checked []string
	for _, m := range regexp.MustCompile(`mux\.Handle(?:Func)?\("(\w+) ([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		registered = append(registered, m[1]+" "+m[2])
	}
	seen := map[string]bool{} // a route may be checked more than once
	add := func(route string) {
		if !seen[route] {
			seen[route] = true
			checked = append(checked, route)
		}
	}
	for _, rt := range routeTable {
		add(rt.method + " " + rt.pattern)
	}
	for _, rt := range apiRouteTable {
		add(rt.method + " " + rt.pattern)
	}
	sort.Strings(registered)
	sort.Strings(checked)
	if strings.Join(registered, "\n") != strings.Join(checked, "\n") {
		t.Errorf("routes registered:\n%s\n\nroutes checked:\n%s", strings.Join(registered, "\n"), strings.Join(checked, "\n"))
	}
}

func TestSignInAndOut(t *testing.T) {
	f := newFixture(t)
	resp := f.do("", "POST", "/signin", url.Values{"email": {"Editor@Faces.example"}, "password": {"correct horse battery"}, "next": {"/companies"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/companies" {
		t.Fatalf("sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
		t.Fatalf("session cookie %+v", session)
	}
	// A next that leads off the site is not followed.
	resp = f.do("", "POST", "/signin", url.Values{"email": {"editor@faces.example"}, "password": {"correct horse battery"}, "next": {"//evil.example/"}})
	if loc := resp.Header.Get("Location"); loc != "/people" {
		t.Errorf("off-site next: redirected to %q", loc)
	}
	f.tokens["signed-in"] = session.Value
	if resp := f.do("signed-in", "GET", "/people", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("with the new session: %d", resp.StatusCode)
	}
	f.do("signed-in", "POST", "/signout", url.Values{})
	if resp := f.do("signed-in", "GET", "/people", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after signing out: %d", resp.StatusCode)
	}
}

// After five wrong passwords for an email, even the right one is refused
// for a while; the count lives in the database, shared by every server.
func TestSignInIsRateLimited(t *testing.T) {
	f := newFixture(t)
	for i := range maxFailures {
		resp := f.do("", "POST", "/signin", url.Values{"email": {"admin@faces.example"}, "password": {"wrong"}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, resp.StatusCode)
		}
		if body := bodyOf(t, resp); !strings.Contains(body, `value="admin@faces.example"`) {
			t.Fatal("the form lost the email that was typed")
		}
	}
	resp := f.do("", "POST", "/signin", url.Values{"email": {"admin@faces.example"}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(bodyOf(t, resp), "Too many failed attempts") {
		t.Errorf("after %d failures: %d", maxFailures, resp.StatusCode)
	}
	// Another account is not locked out.
	resp = f.do("", "POST", "/signin", url.Values{"email": {"viewer@faces.example"}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another account: %d", resp.StatusCode)
	}
}

// A form posted from another site is refused before it changes anything.
func TestCrossSiteFormsAreRefused(t *testing.T) {
	f := newFixture(t)
	req, _ := http.NewRequest("POST", f.srv.URL+"/people", strings.NewReader("name=Mallory"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.tokens[faces.RoleAdmin]})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", resp.StatusCode)
	}
	if _, n, _ := f.db.FindPeople(context.Background(), faces.PersonFilter{}); n != 1 {
		t.Errorf("%d people after a refused form, want 1", n)
	}
}

// An invalid form comes back with each field's error and what was typed.
func TestFormKeepsInputOnError(t *testing.T) {
	f := newFixture(t)
	resp := f.do(faces.RoleEditor, "POST", "/people", url.Values{"name": {""}, "emails": {"not-an-email"}, "notes": {"Met at the <plant> tour"}})
	body := bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{"A name is required.", "is not an email address", ">not-an-email</textarea>", "Met at the &lt;plant&gt; tour", `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	// A move dated before the current position keeps its fields too.
	f.do(faces.RoleEditor, "POST", "/people/1/move", url.Values{"company": {"#1"}, "title": {"Ops manager"}, "on": {"2024-05-01"}})
	resp = f.do(faces.RoleEditor, "POST", "/people/1/move", url.Values{"company": {"#1"}, "title": {"VP"}, "on": {"2020-01-01"}})
	body = bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot come before") || !strings.Contains(body, `value="VP"`) {
		t.Errorf("backdated move: %d", resp.StatusCode)
	}
}

func TestMoveShowsInHistory(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	globex := &faces.Company{Name: "Globex"}
	f.db.CreateCompany(ctx, globex)
	f.do(faces.RoleEditor, "POST", "/people/1/move", url.Values{"company": {"#1"}, "title": {"Ops manager"}, "on": {"2021-03-01"}})
	resp := f.do(faces.RoleEditor, "POST", "/people/1/move", url.Values{"company": {"#2"}, "title": {"VP Operations"}, "on": {"2025-09-15"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: %d", resp.StatusCode)
	}
	body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1", nil))
	for _, want := range []string{"VP Operations at <a href=\"/companies/2\">Globex</a>", "1 Mar 2021 – 15 Sep 2025", "15 Sep 2025 – now"} {
		if !strings.Contains(body, want) {
			t.Errorf("person page lacks %q", want)
		}
	}
	if body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/changes", nil)); !strings.Contains(body, `moved from <a href="/companies/1">Acme</a> to`) || !strings.Contains(body, "as VP Operations") {
		t.Errorf("the recent changes do not show the move:\n%s", body)
	}
	if body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people?company=2", nil)); !strings.Contains(body, "Jill Okafor") {
		t.Error("Globex's people do not include the person who moved there")
	}
	if body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people?company=1", nil)); strings.Contains(body, "Jill Okafor") {
		t.Error("Acme still lists the person who left")
	}
	if body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/companies/1", nil)); !strings.Contains(body, "Formerly here") || !strings.Contains(body, "Jill Okafor") {
		t.Error("Acme's page does not show the person who left among its former people")
	}
}

func TestStaticIsCachedForever(t *testing.T) {
	f := newFixture(t)
	resp := f.do("", "GET", "/static/"+cssName, nil)
	if resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(bodyOf(t, resp), ".face") {
		t.Errorf("stylesheet: %v", resp.Header)
	}
	if resp := f.do("", "GET", "/static/faces.old.css", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an old stylesheet name: %d", resp.StatusCode)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{"/people/3": "/people/3", "": "/people", "https://evil.example": "/people", "//evil.example": "/people", "/\\evil": "/people"} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearchPage(t *testing.T) {
	f := newFixture(t)
	body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/search?q=okaf", nil))
	if !strings.Contains(body, `href="/people/1"`) || !strings.Contains(body, `value="okaf"`) || strings.Contains(body, `class="hit"`) {
		t.Errorf("search for okaf (a name needs no reason beside it):\n%s", body)
	}
	if err := f.db.CreatePerson(faces.NewContextWithActor(t0(), 2), &faces.Person{Name: "Sam Whitaker", Notes: "Fixes the oldest oven by ear."}); err != nil {
		t.Fatal(err)
	}
	if body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/search?q=oven", nil)); !strings.Contains(body, `<small>notes:</small> Fixes the oldest <mark>oven</mark> by ear.`) {
		t.Errorf("search for a word of the notes:\n%s", body)
	}
	if body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/search?q=zzz", nil)); !strings.Contains(body, "Nothing matches") {
		t.Error("no empty-result message")
	}
}

func TestAccounts(t *testing.T) {
	f := newFixture(t)
	// A new account: errors keep what was typed.
	resp := f.do(faces.RoleAdmin, "POST", "/accounts", url.Values{"name": {"Nia"}, "email": {"viewer@faces.example"}, "role": {"editor"}, "password": {"short"}})
	body := bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "at least 8 characters") || !strings.Contains(body, `value="Nia"`) {
		t.Errorf("short password: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleAdmin, "POST", "/accounts", url.Values{"name": {"Nia"}, "email": {"viewer@faces.example"}, "role": {"editor"}, "password": {"a long enough password"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "already exists") {
		t.Errorf("duplicate email: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleAdmin, "POST", "/accounts", url.Values{"name": {"Nia"}, "email": {"nia@faces.example"}, "team": {"finance"}, "role": {"editor"}, "password": {"a long enough password"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	// The new account signs in.
	resp = f.do("", "POST", "/signin", url.Values{"email": {"nia@faces.example"}, "password": {"a long enough password"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("new account's sign-in: %d", resp.StatusCode)
	}
	// The only administrator cannot be demoted.
	admin, _ := f.db.FindUserByEmail(t.Context(), "admin@faces.example")
	resp = f.do(faces.RoleAdmin, "POST", fmt.Sprintf("/accounts/%d", admin.ID), url.Values{"name": {"Admin"}, "role": {"viewer"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "only administrator") {
		t.Errorf("demoting the last admin: %d", resp.StatusCode)
	}
	// A password change takes effect.
	viewer, _ := f.db.FindUserByEmail(t.Context(), "viewer@faces.example")
	f.do(faces.RoleAdmin, "POST", fmt.Sprintf("/accounts/%d", viewer.ID), url.Values{"name": {"Viewer"}, "role": {"viewer"}, "password": {"a brand new password"}})
	if resp := f.do("", "POST", "/signin", url.Values{"email": {"viewer@faces.example"}, "password": {"a brand new password"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in with the new password: %d", resp.StatusCode)
	}
}

func TestChangeOwnPassword(t *testing.T) {
	f := newFixture(t)
	resp := f.do(faces.RoleViewer, "POST", "/me/password", url.Values{"current": {"nope"}, "password": {"short"}, "again": {"short"}})
	body := bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not your current password") || !strings.Contains(body, "at least 8") {
		t.Errorf("bad change: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleViewer, "POST", "/me/password", url.Values{"current": {"correct horse battery"}, "password": {"a fresh long password"}, "again": {"a fresh long password"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	if resp := f.do("", "POST", "/signin", url.Values{"email": {"viewer@faces.example"}, "password": {"a fresh long password"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in with the new password: %d", resp.StatusCode)
	}
}

// Addresses no route takes get a page (or a problem document under /api/):
// 404, or 405 with the methods the address does take.
func TestNotFoundAndMethodNotAllowed(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		method, path string
		status       int
		allow, body  string
	}{
		{"GET", "/nothing/here", 404, "", "There is no page"},
		{"PATCH", "/people/1", 405, "GET, POST", "PATCH cannot be used here"},
		{"DELETE", "/people", 405, "GET, POST", "cannot be used here"},
		{"PATCH", "/api/v1/people/1", 405, "GET, PUT, DELETE", "cannot be used here"},
		{"GET", "/api/v1/nothing", 404, "", "No such API endpoint"},
	} {
		var resp *http.Response
		var body string
		if strings.HasPrefix(tc.path, "/api/") {
			var doc map[string]any
			resp, doc = f.api(faces.RoleViewer, tc.method, tc.path, "")
			body, _ = doc["detail"].(string)
		} else {
			resp = f.do(faces.RoleViewer, tc.method, tc.path, nil)
			body = bodyOf(t, resp)
		}
		ct := resp.Header.Get("Content-Type")
		wantType := "text/html; charset=utf-8"
		if strings.HasPrefix(tc.path, "/api/") {
			wantType = "application/problem+json"
		}
		if resp.StatusCode != tc.status || resp.Header.Get("Allow") != tc.allow || ct != wantType {
			t.Errorf("%s %s: %d, Allow %q, %s", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"), ct)
		}
		if body != "" && !strings.Contains(body, tc.body) {
			t.Errorf("%s %s: %s", tc.method, tc.path, body)
		}
	}
}

// A new API token is shown once, after a redirect: reloading the page
// neither shows it again nor makes another.
func TestNewTokenShownOnce(t *testing.T) {
	f := newFixture(t)
	resp := f.do(faces.RoleAdmin, "POST", "/tokens", url.Values{"user": {"1"}, "name": {"export"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/tokens" {
		t.Fatalf("create: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var carried *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == newTokenCookie {
			carried = c
		}
	}
	if carried == nil || !carried.HttpOnly || !strings.HasPrefix(carried.Value, "faces_") {
		t.Fatalf("the new token's cookie: %+v", carried)
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/tokens", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.tokens[faces.RoleAdmin]})
	req.AddCookie(carried)
	shown, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := bodyOf(t, shown); !strings.Contains(body, carried.Value) {
		t.Error("the new token is not shown")
	}
	cleared := false
	for _, c := range shown.Cookies() {
		cleared = cleared || (c.Name == newTokenCookie && c.MaxAge < 0)
	}
	if !cleared {
		t.Error("showing the token does not clear it")
	}
	if tokens, _ := f.db.APITokens(t.Context()); len(tokens) != 1 {
		t.Errorf("%d tokens", len(tokens))
	}
}

// The top bar marks where the user is: the link of the page's section, and
// the menu that holds it.
func TestTopBarMarksTheSection(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		path, link, menu string
	}{
		{"/people", "/people", ""},
		{"/people/1", "/people", ""},
		{"/companies/1", "/companies", ""},
		{"/changes", "/changes", "More"},
		{"/trash", "/trash", "More"},
		{"/audit", "/audit", "Admin"},
		{"/me", "", ""},
	}
	for _, tt := range tests {
		body := bodyOf(t, f.do(faces.RoleAdmin, "GET", tt.path, nil))
		header := body[:strings.Index(body, "</header>")]
		current := regexp.MustCompile(`href="([^"]*)" aria-current="page"`).FindAllStringSubmatch(header, -1)
		switch {
		case tt.link == "" && len(current) != 0:
			t.Errorf("%s marks %q", tt.path, current)
		case tt.link != "" && (len(current) != 1 || current[0][1] != tt.link):
			t.Errorf("%s marks %q, want %s", tt.path, current, tt.link)
		}
		menus := regexp.MustCompile(`<details class="menu here">\s*<summary>(\w+)`).FindAllStringSubmatch(header, -1)
		marked := ""
		if len(menus) == 1 {
			marked = menus[0][1]
		}
		if len(menus) > 1 || marked != tt.menu {
			t.Errorf("%s marks the menus %q, want %q", tt.path, menus, tt.menu)
		}
	}
}
