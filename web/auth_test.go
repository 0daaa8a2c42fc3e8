package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

func TestSafeNextRefusesOtherSites(t *testing.T) {
	for in, want := range map[string]string{
		"/people/3":             "/people/3",
		"/people?q=jill&page=2": "/people?q=jill&page=2",
		"/search?q=%C3%A9":      "/search?q=%C3%A9",
		"":                      "/people",
		"people":                "/people",
		"https://evil.example":  "/people",
		"//evil.example":        "/people",
		"/\\evil":               "/people",
		"/\t/evil.example":      "/people", // browsers drop the tab: "//evil.example"
		"/\n/evil.example":      "/people",
		"/\r\n/evil.example":    "/people",
		"/ /evil.example":       "/people",
		"/\u00a0/evil.example":  "/people",
		"/%2F/evil.example":     "/%2F/evil.example", // stays a path on this site
		"/people/../..//evil":   "/people/../..//evil",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// The redirect of a signed-in visitor to /signin?next=… stays on the site.
func TestSignInPageDoesNotRedirectOffSite(t *testing.T) {
	f := newFixture(t)
	resp := f.do(faces.RoleViewer, "GET", "/signin?next=/%09/evil.example", nil)
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/people" {
		t.Errorf("signed in, next=/%%09/evil.example: %d to %q", resp.StatusCode, loc)
	}
}

// Forty wrong passwords sent at once: at most five are checked, the rest
// are refused before any hashing.
func TestParallelSignInsAreRateLimited(t *testing.T) {
	f := newFixture(t)
	statuses := make(chan int, 40)
	var wg sync.WaitGroup
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp := f.do("", "POST", "/signin", url.Values{"email": {"admin@faces.example"}, "password": {"wrong guess"}})
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	// The email's and the address's counters are two statements, so an
	// attempt may be stopped by either: at most maxFailures get checked.
	checked := count[http.StatusUnauthorized]
	if checked < 1 || checked > maxFailures || checked+count[http.StatusTooManyRequests] != 40 {
		t.Errorf("40 parallel wrong passwords: %v, want at most %d × 401 and the rest 429", count, maxFailures)
	}
}

// When every password-hashing place is taken, a sign-in waits, then gets
// 503 with Retry-After rather than one more hash in memory; the attempt
// is not held against the account.
func TestPasswordHashingIsBounded(t *testing.T) {
	f := newFixture(t)
	if f.server.hashes.capacity < 2 {
		t.Fatalf("capacity %d", f.server.hashes.capacity)
	}
	g := newGate(2, 10*time.Millisecond)
	f.server.hashes = g
	for range 2 {
		if err := g.enter(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	resp := f.do("", "POST", "/signin", url.Values{"email": {"admin@faces.example"}, "password": {"correct horse battery"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("all hashing places taken: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	g.leave()
	for i := range maxFailures - 1 {
		resp := f.do("", "POST", "/signin", url.Values{"email": {"admin@faces.example"}, "password": {"wrong"}})
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d after the busy one: %d", i+1, resp.StatusCode)
		}
	}
	resp = f.do("", "POST", "/signin", url.Values{"email": {"admin@faces.example"}, "password": {"correct horse battery"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the fifth attempt, right: %d", resp.StatusCode)
	}
}

// Changing your own password ends your other sessions and keeps you
// signed in here with a fresh session.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	f := newFixture(t)
	viewer, _ := f.db.FindUserByEmail(t.Context(), "viewer@faces.example")
	other, _ := f.db.CreateSession(t.Context(), viewer.ID, faces.Now().Add(sessionLifetime))
	f.tokens["phone"] = other
	resp := f.do(faces.RoleViewer, "POST", "/me/password", url.Values{"current": {"correct horse battery"}, "password": {"a fresh long password"}, "again": {"a fresh long password"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	var fresh string
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			fresh = c.Value
		}
	}
	if fresh == "" {
		t.Fatal("no fresh session cookie")
	}
	f.tokens["here"] = fresh
	if resp := f.do("here", "GET", "/me", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("this browser, after the change: %d", resp.StatusCode)
	}
	for _, who := range []faces.Role{"phone", faces.RoleViewer} {
		if resp := f.do(who, "GET", "/me", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the %s session, after the change: %d", who, resp.StatusCode)
		}
	}
}

// An administrator disabling an account signs it out everywhere, and it
// cannot sign in again.
func TestDisabledAccountIsSignedOut(t *testing.T) {
	f := newFixture(t)
	editor, _ := f.db.FindUserByEmail(t.Context(), "editor@faces.example")
	resp := f.do(faces.RoleAdmin, "POST", fmt.Sprintf("/accounts/%d", editor.ID), url.Values{"name": {"Editor"}, "role": {"editor"}, "disabled": {"on"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	if resp := f.do(faces.RoleEditor, "GET", "/people", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled account's session: %d", resp.StatusCode)
	}
	resp = f.do("", "POST", "/signin", url.Values{"email": {"editor@faces.example"}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled account signs in: %d", resp.StatusCode)
	}
	if body := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/accounts", nil)); !strings.Contains(body, "disabled") {
		t.Error("the accounts list does not say who is disabled")
	}
}

// Sign-in, failure, lock-out, sign-out and a token's first use are in the
// audit trail, with the client's address and never the password typed.
func TestSecurityEventsAreAudited(t *testing.T) {
	f := newFixture(t)
	f.do("", "POST", "/signin", url.Values{"email": {"viewer@faces.example"}, "password": {"correct horse battery"}}).Body.Close()
	for range maxFailures + 2 {
		f.do("", "POST", "/signin", url.Values{"email": {"editor@faces.example"}, "password": {"hunter2 secret"}}).Body.Close()
	}
	f.do(faces.RoleViewer, "POST", "/signout", url.Values{}).Body.Close()
	for range 2 {
		f.api(faces.RoleViewer, "GET", "/api/v1/people", "")
	}
	entries, _, err := f.db.FindAuditEntries(t.Context(), faces.AuditFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range entries {
		count[e.Action]++
		if strings.Contains(string(e.After), "hunter2") || strings.Contains(string(e.Before), "hunter2") {
			t.Errorf("a password in the audit trail: %s", e.After)
		}
	}
	want := map[string]int{faces.ActionSignIn: 1, faces.ActionSignInFailed: maxFailures, faces.ActionLockOut: 1, faces.ActionSignOut: 1, faces.ActionFirstUse: 1}
	for action, n := range want {
		if count[action] != n {
			t.Errorf("%s: %d entries, want %d (all: %v)", action, count[action], n, count)
		}
	}
}

// Each request gets an access-log line with its route pattern and status,
// and no path, query or token.
func TestAccessLog(t *testing.T) {
	f := newFixture(t)
	token := f.apiToken(faces.RoleViewer)
	f.api(faces.RoleViewer, "GET", "/api/v1/search?q=okafor", "")
	f.do(faces.RoleViewer, "GET", "/people/1", nil).Body.Close()
	// The line is written once the response is sent, which the client
	// may have read already: wait for it a moment.
	want := []string{`route="GET /api/v1/search" status=200`, `route="GET /people/{id}" status=200`}
	log := f.log.String()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !(strings.Contains(log, want[0]) && strings.Contains(log, want[1])); {
		time.Sleep(10 * time.Millisecond)
		log = f.log.String()
	}
	for _, want := range want {
		if !strings.Contains(log, want) {
			t.Errorf("the access log lacks %s:\n%s", want, log)
		}
	}
	for _, secret := range []string{"okafor", token, f.tokens[faces.RoleViewer], "/people/1 "} {
		if strings.Contains(log, secret) {
			t.Errorf("the access log holds %q", secret)
		}
	}
}
