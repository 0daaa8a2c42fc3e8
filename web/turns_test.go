package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestTurnsBoundRequestsAtOnce(t *testing.T) {
	var running, most atomic.Int32
	unblock := make(chan struct{})
	h := newTurns(2, time.Hour).wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := running.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		<-unblock
		running.Add(-1)
	}))
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/people", nil)) })
	}
	for running.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // the others would have started by now
	if got := running.Load(); got != 2 {
		t.Fatalf("%d requests at once, want 2 while the first two run", got)
	}
	close(unblock)
	wg.Wait()
	if most.Load() != 2 {
		t.Errorf("at most %d at once, want 2", most.Load())
	}
}

// A request that takes long (an export) gives up its turn after the hold,
// and health checks and static files never wait.
func TestTurnsLetOthersPastALongRequest(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		hold       time.Duration
	}{
		{"after the hold", "/people", 10 * time.Millisecond},
		{"a static file", "/static/app.css", time.Hour},
		{"the health check", "/healthz", time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			long := make(chan struct{})
			defer close(long)
			started := make(chan struct{})
			h := newTurns(1, tc.hold).wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/export" {
					close(started)
					<-long
				}
			}))
			go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/export", nil))
			<-started
			done := make(chan struct{})
			go func() {
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", tc.path, nil))
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("%s waited for the long request", tc.path)
			}
		})
	}
}

// A client that goes away while waiting stops waiting, and its request is
// not worked on.
func TestTurnsClientGoneWhileWaiting(t *testing.T) {
	long := make(chan struct{})
	defer close(long)
	started := make(chan struct{})
	var served atomic.Int32
	h := newTurns(1, time.Hour).wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/export" {
			close(started)
			<-long
			return
		}
		served.Add(1)
	}))
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/export", nil))
	<-started
	req := httptest.NewRequest("GET", "/people", nil)
	ctx, cancel := context.WithCancel(req.Context())
	cancel()
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), req.WithContext(ctx))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a request whose client had gone kept waiting")
	}
	if served.Load() != 0 {
		t.Error("a request whose client had gone was worked on")
	}
}
