package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
)

// /metrics, opened by the bearer token, shows requests by route pattern
// and status, latency, sign-in outcomes, the photo pipeline, the database
// pool, the runtime and the build — and no paths, names or ids.
func TestMetrics(t *testing.T) {
	f := newFixture(t)
	f.do("viewer", "GET", "/people", nil)
	f.do("viewer", "GET", "/people/1", nil)
	f.do("", "POST", "/signin", url.Values{"email": {"jill@acme.example"}, "password": {"not it"}})

	get := func(auth string) (int, string) {
		req, _ := http.NewRequest("GET", f.srv.URL+"/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, auth := range []string{"", "Bearer wrong", "Basic " + fixtureMetricsToken, "Bearer " + fixtureMetricsToken + "x"} {
		if code, _ := get(auth); code != http.StatusUnauthorized {
			t.Errorf("metrics with %q: %d, want 401", auth, code)
		}
	}
	code, body := get("Bearer " + fixtureMetricsToken)
	if code != http.StatusOK {
		t.Fatalf("metrics: %d", code)
	}
	for _, want := range []string{
		`faces_http_requests_total{method="GET",route="GET /people",status="200"} 1`,
		`faces_http_requests_total{method="GET",route="GET /people/{id}",status="200"} 1`,
		`faces_http_requests_total{method="POST",route="POST /signin",status="401"} 1`,
		`faces_http_request_duration_seconds_bucket{route="GET /people",le="0.1"}`,
		`faces_signin_events_total{outcome="failure"} 1`,
		`faces_signin_events_total{outcome="lockout"} 0`,
		`faces_photo_pipeline_budget_bytes `,
		`faces_photo_pipeline_waiting 0`,
		`go_sql_max_open_connections{db_name="faces"}`,
		`go_sql_wait_count_total{db_name="faces"}`,
		`go_goroutines `,
		`faces_build_info{commit=`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, leak := range []string{"Jill", "/people/1", "acme.example"} {
		if strings.Contains(body, leak) {
			t.Errorf("metrics show %q", leak)
		}
	}

	// With no token configured, /metrics is not there at all.
	s := NewServer(f.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer ")
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Errorf("metrics with no token configured: %d, want 404", rec.Code)
	}
}

// /readyz answers 200 while the database serves, and 503 once the server
// is shutting down or the database is gone; /healthz stays 200.
func TestReadiness(t *testing.T) {
	f := newFixture(t)
	status := func(path string) int { return f.do("", "GET", path, nil).StatusCode }
	if status("/readyz") != http.StatusOK || status("/healthz") != http.StatusOK {
		t.Fatalf("ready %d, healthy %d", status("/readyz"), status("/healthz"))
	}
	f.server.draining.Store(true)
	if got := status("/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("ready while shutting down: %d", got)
	}
	f.server.draining.Store(false)
	f.db.SQL().Close()
	if got := status("/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("ready with the database closed: %d", got)
	}
	if got := status("/healthz"); got != http.StatusOK {
		t.Errorf("healthy with the database closed: %d", got)
	}
}

// Behind trusted proxies the client's address comes from X-Forwarded-For
// (its rightmost untrusted entry) and HTTPS from X-Forwarded-Proto; from
// anyone else those headers change nothing, so a client cannot escape the
// sign-in limit per address by writing them.
func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	db := newFixture(t).db
	serve := func(proxies string) *httptest.Server {
		s := NewServer(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		var err error
		if s.TrustedProxies, err = ParseProxies(proxies); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(srv.Close)
		return srv
	}
	signIn := func(srv *httptest.Server, email string, headers map[string]string) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL+"/signin", strings.NewReader(url.Values{"email": {email}, "password": {"wrong password"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	lastAddress := func() string {
		var details string
		if err := db.SQL().QueryRow(`SELECT after_json FROM audit_log WHERE action = 'sign-in-failed' ORDER BY id DESC LIMIT 1`).Scan(&details); err != nil {
			t.Fatal(err)
		}
		return details
	}

	proxied := serve("127.0.0.1, 10.0.0.0/8")
	signIn(proxied, "a@x.example", map[string]string{"X-Forwarded-For": "198.51.100.1, 203.0.113.7, 10.1.2.3"})
	if got := lastAddress(); !strings.Contains(got, `"203.0.113.7"`) {
		t.Errorf("behind a trusted proxy, the address recorded: %s", got)
	}
	direct := serve("")
	signIn(direct, "b@x.example", map[string]string{"X-Forwarded-For": "203.0.113.9"})
	if got := lastAddress(); !strings.Contains(got, `"127.0.0.1"`) {
		t.Errorf("from an untrusted peer, the address recorded: %s", got)
	}
	// A client writing a new X-Forwarded-For on each attempt is still
	// one address, and is locked out.
	var last *http.Response
	for i := range maxAddressFailures + 1 {
		last = signIn(direct, "c"+string(rune('a'+i))+"@x.example", map[string]string{"X-Forwarded-For": netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}).String()})
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Errorf("spoofed X-Forwarded-For escaped the limit per address: %d", last.StatusCode)
	}
}

// Cookies are Secure over HTTPS: served directly, or reported by a trusted
// proxy — and not when an untrusted client merely claims it.
func TestSecureCookiesFollowHTTPS(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		proxies string
		proto   string
		secure  bool
	}{
		{"127.0.0.1", "https", true},
		{"127.0.0.1", "http", false},
		{"", "https", false},
	} {
		viewer, err := f.db.FindUserByEmail(context.Background(), "viewer@faces.example")
		if err != nil {
			t.Fatal(err)
		}
		session, err := f.db.CreateSession(context.Background(), viewer.ID, time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		s := NewServer(f.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		s.TrustedProxies, _ = ParseProxies(tc.proxies)
		srv := httptest.NewServer(s.Handler())
		req, _ := http.NewRequest("POST", srv.URL+"/signout", nil)
		req.Header.Set("X-Forwarded-Proto", tc.proto)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cookies := resp.Cookies()
		if len(cookies) == 0 || cookies[0].Secure != tc.secure {
			t.Errorf("proxies %q, proto %s: cookies %v, want Secure=%v", tc.proxies, tc.proto, cookies, tc.secure)
		}
	}
}

// Shutdown lets a request in flight finish, then stops.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	f := newFixture(t)
	s := NewServer(f.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve() }()
	// A sign-in whose body arrives slowly is in flight when shutdown
	// begins.
	body, send := io.Pipe()
	req, _ := http.NewRequest("POST", "http://"+s.Addr()+"/signin", body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.ContentLength = int64(len("email=a%40x.example&password=wrong+password"))
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			answered <- nil
			return
		}
		answered <- resp
	}()
	send.Write([]byte("email=a%40x.example"))
	time.Sleep(100 * time.Millisecond)
	stopped := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		stopped <- s.Shutdown(ctx)
	}()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-stopped:
		t.Fatalf("shutdown returned with a request in flight: %v", err)
	default:
	}
	send.Write([]byte("&password=wrong+password"))
	send.Close()
	if resp := <-answered; resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the request in flight: %v", resp)
	}
	if err := <-stopped; err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if err := <-served; err != nil {
		t.Errorf("serve: %v", err)
	}
}
