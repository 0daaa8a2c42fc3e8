package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestUserAddThenServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "faces.db")
	code, out, errOut := runFaces(t, "correct horse battery\n", "user", "add", "--admin", "--name", "Ada", "--db", db, "ada@faces.example")
	if code != 0 || !strings.Contains(out, "Created Ada <ada@faces.example> as admin.") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runFaces(t, "short\n", "user", "add", "--db", db, "bob@faces.example"); code != 1 || !strings.Contains(errOut, "at least 8 characters") {
		t.Errorf("short password: %d %q", code, errOut)
	}
	if code, _, errOut := runFaces(t, "correct horse battery\n", "user", "add", "--db", db, "ADA@faces.example"); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("duplicate: %d %q", code, errOut)
	}
	// The README's command runs twice: the second time, the account is kept.
	if code, out, errOut := runFaces(t, "", "user", "add", "--admin", "--if-missing", "--db", db, "ada@faces.example"); code != 0 || !strings.Contains(out, "nothing changed") {
		t.Errorf("--if-missing with the account there: %d %q %q", code, out, errOut)
	}
	// Flags may follow the email.
	if code, out, errOut := runFaces(t, "", "token", "add", "ada@faces.example", "--db", db, "--name", "export"); code != 0 || !strings.Contains(out, "faces_") {
		t.Errorf("token add EMAIL --db: %d %q %q", code, out, errOut)
	}

	ctx, cancel := context.WithCancel(context.Background())
	stdout := &syncBuffer{}
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--requests-at-once", "3", "--db", db}, strings.NewReader(""), stdout, io.Discard)
	}()
	url := waitForURL(t, stdout, cancel)
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Get(url + "/signin")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sign-in page: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited with %d", code)
	}
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "faces.db")
	if code, out, errOut := runFaces(t, "", "demo", "--db", db); code != 0 || !strings.Contains(out, "24 people") {
		t.Fatalf("demo: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runFaces(t, "", "demo", "--db", db); code != 1 || !strings.Contains(errOut, "only goes into an empty one") {
		t.Errorf("second demo: %d %q", code, errOut)
	}
}

// waitForURL returns the address the server says it runs at.
func waitForURL(t *testing.T, stdout *syncBuffer, cancel func()) string {
	t.Helper()
	url := ""
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		url = regexp.MustCompile(`https?://[0-9.:]+`).FindString(stdout.String())
	}
	if url == "" {
		cancel()
		t.Fatalf("the server did not say where it runs: %q", stdout.String())
	}
	return url
}

func TestTokenAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "faces.db")
	runFaces(t, "correct horse battery\n", "user", "add", "--role", "viewer", "--db", db, "bot@faces.example")
	code, out, errOut := runFaces(t, "", "token", "add", "--db", db, "--name", "export", "bot@faces.example")
	if code != 0 || !strings.HasPrefix(out, "faces_") {
		t.Fatalf("token add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runFaces(t, "", "token", "add", "--db", db, "nobody@faces.example"); code != 1 || !strings.Contains(errOut, "no account") {
		t.Errorf("unknown email: %d %q", code, errOut)
	}
}

func TestScreenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "faces.db")
	code, out, errOut := runFaces(t, "", "screen", "add", "--db", db, "--place", "Ground floor", "--faces", "3", "Main", "lobby")
	words := strings.Fields(out)
	if code != 0 || len(words) == 0 || !strings.HasPrefix(words[len(words)-1], "facescreen_") {
		t.Fatalf("screen add: %d %q %q", code, out, errOut)
	}
	token := words[len(words)-1]
	if code, _, errOut := runFaces(t, "", "screen", "add", "--db", db, "--faces", "99", "Hall"); code != 1 || !strings.Contains(errOut, "faces_at_once") {
		t.Errorf("99 faces at once: %d %q", code, errOut)
	}
	if code, _, errOut := runFaces(t, "", "screen", "add", "--db", db, "--room", "Nobody Inc", "Room"); code != 1 || !strings.Contains(errOut, "No company") {
		t.Errorf("a room of no company: %d %q", code, errOut)
	}
	code, out, _ = runFaces(t, "", "screen", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "Main lobby") || !strings.Contains(out, "Ground floor") || strings.Contains(out, "Hall") {
		t.Errorf("screen list: %q", out)
	}

	// The token reads the screen's manifest from a running server.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, strings.NewReader(""), logs, io.Discard)
	}()
	req, _ := http.NewRequest("GET", waitForURL(t, logs, cancel)+"/screen/manifest", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"name":"Main lobby"`) {
		t.Errorf("manifest: %d %s", resp.StatusCode, body)
	}
	if code, out, _ := runFaces(t, "", "screen", "revoke", "--db", db, "Main lobby"); code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("revoke: %d %q", code, out)
	}
	cancel()
	<-done
}

func TestSweep(t *testing.T) {
	db := filepath.Join(t.TempDir(), "faces.db")
	if code, out, errOut := runFaces(t, "", "sweep", "--db", db); code != 0 || !strings.Contains(out, "No erasure was waiting") {
		t.Errorf("sweep: %d %q %q", code, out, errOut)
	}
	if code, _, _ := runFaces(t, "", "serve", "--sweep-hour", "24", "--db", db); code != 2 {
		t.Errorf("--sweep-hour 24: %d, want 2", code)
	}
	if code, _, errOut := runFaces(t, "", "serve", "--smtp", "localhost:25", "--db", db); code != 2 || !strings.Contains(errOut, "--smtp-from") {
		t.Errorf("--smtp without --smtp-from: %d %q", code, errOut)
	}
	if code, _, errOut := runFaces(t, "", "serve", "--requests-at-once", "-1", "--db", db); code != 2 || !strings.Contains(errOut, "--requests-at-once") {
		t.Errorf("--requests-at-once -1: %d %q", code, errOut)
	}
}

// The server lets the heap grow further between collections, unless GOGC
// says otherwise.
func TestCollectLessOften(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	t.Setenv("GOGC", "")
	collectLessOften()
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Errorf("GOGC unset: GC percent %d, want %d", got, serveGCPercent)
	}
	t.Setenv("GOGC", "100")
	collectLessOften()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC=100: GC percent %d, want 100", got)
	}
}
