package web

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// turns makes requests take turns: at most a few are worked on at once
// and the others wait in the order they came. Without it, 32 clients on
// two cores all run at once and wait for database connections, which
// database/sql hands to a waiting request at random: the same page's
// slowest requests took three to five times its median. In turn, each
// request waits about as long as the others: at a million people, p99 fell
// by a third to a half on nearly every page at the same rate
// (BENCHMARKS.md, "Requests in turn").
//
// A request holds its turn for at most hold: a long one (an export, an
// import) then goes on beside the others instead of keeping them waiting.
// Static files, which cost next to nothing, and the health checks and
// metrics, which must answer a busy server at once, never wait.
type turns struct {
	sem  *semaphore.Weighted
	hold time.Duration
}

var unqueued = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// newTurns lets n requests be worked on at once, each for at most hold.
func newTurns(n int, hold time.Duration) *turns {
	return &turns{sem: semaphore.NewWeighted(int64(n)), hold: hold}
}

// wrap has next's requests take turns.
func (t *turns) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || unqueued[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		// The semaphore serves waiters first come, first served; a client
		// that goes away stops waiting.
		if err := t.sem.Acquire(r.Context(), 1); err != nil {
			return
		}
		var once sync.Once
		leave := func() { once.Do(func() { t.sem.Release(1) }) }
		timer := time.AfterFunc(t.hold, leave)
		defer func() {
			timer.Stop()
			leave()
		}()
		next.ServeHTTP(w, r)
	})
}

// SetRequestsAtOnce sets how many requests are worked on at once (two per
// core unless set); call it before Serve.
func (s *Server) SetRequestsAtOnce(n int) {
	s.turns.sem = semaphore.NewWeighted(int64(n))
}
