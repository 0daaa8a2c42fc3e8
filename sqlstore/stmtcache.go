package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/faces-org/faces"
)

// stmtCache runs queries through prepared statements kept per query text:
// SQLite would otherwise parse and plan each query anew on every call, a
// fifth of a list page's time. database/sql prepares a statement on each
// pooled connection the first time it runs there, and closes them with
// the database.
type stmtCache struct {
	db     *sql.DB
	writer *writer // statements that write wait their turn (nil: no queue)
	mu     sync.RWMutex
	m      map[string]*sql.Stmt
}

// maxCachedStmts bounds the cache; queries are built from a small set of
// shapes, so it is never reached in practice.
const maxCachedStmts = 1000

func newStmtCache(db *sql.DB, w *writer) *stmtCache {
	return &stmtCache{db: db, writer: w, m: map[string]*sql.Stmt{}}
}

// stmt returns the query's prepared statement, or nil when the cache is
// full or the query does not prepare (the caller then runs it directly,
// which reports the error).
func (c *stmtCache) stmt(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok || len(c.m) >= maxCachedStmts {
		return st
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.m[query] = st
	return st
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.db.QueryContext(ctx, query, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.db.QueryRowContext(ctx, query, args...)
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	done, err := c.writer.wait(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.db.ExecContext(ctx, query, args...)
}

// Close closes every cached statement.
func (c *stmtCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}

// countCache keeps what lists cost to sum up for a little while: their
// capped totals (counting up to CountCap matches is a third of a list
// page's time, and a total read a few seconds ago is as good to a reader)
// and the few aggregates a page shows (who keeps coming to events). Any
// change this server commits clears it; another server's changes show
// within countTTL.
type countCache struct {
	mu sync.Mutex
	m  map[string]cachedValue
	// counting runs one count per key at a time: the requests that come
	// while it runs wait for its answer instead of counting too.
	counting singleflight.Group
	// keepSlowerThan is how long a count must have taken to be kept
	// through a write (see clear).
	keepSlowerThan time.Duration
}

type cachedValue struct {
	v    any
	at   time.Time
	cost time.Duration // how long it took to sum up
}

// A value is fresh for countTTL; after that, for up to countStaleFor, it
// is still served at once while one request's worth of counting runs in
// the background — so no reader waits for the count a busy list needs
// every few seconds. A write clears every value (the next reader counts).
const (
	countTTL      = 15 * time.Second
	countStaleFor = 10 * time.Minute
	// countTimeout bounds a count made in the background.
	countTimeout = 30 * time.Second
	// slowCount is how long a count takes for a write to keep it rather
	// than drop it: at a million people on PostgreSQL, a
	// filtered list's count takes 0.07–0.2 s, which every reader of that
	// list would wait for after each write; a small organization's take
	// a millisecond, and are exact after every write.
	slowCount = 50 * time.Millisecond
)

type countState int

const (
	countMissing countState = iota
	countStale
	countFresh
)

func (c *countCache) get(key string) (any, countState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	switch age := time.Since(e.at); {
	case !ok || age > countStaleFor:
		return nil, countMissing
	case age > countTTL:
		return e.v, countStale
	}
	return e.v, countFresh
}

func (c *countCache) put(key string, v any, cost time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedStmts {
		c.m = map[string]cachedValue{}
	}
	c.m[key] = cachedValue{v, time.Now(), cost}
}

// clear forgets what a write may have changed. A total that was slow to
// count (a large organization's), or past CountCap (it reads "10,000+"
// before and after nearly any write), is kept through the write: it is
// counted again when it is countTTL old, in the background, as it would
// be without writes. So a busy list's readers never wait for its count,
// its total is at most countTTL behind the writes, and an organization
// writing every second does not keep a core counting. One quick to count,
// a small organization's, is dropped: the next reader counts it and sees
// their own change.
func (c *countCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if n, ok := e.v.(int); !ok || n <= faces.CountCap && e.cost < c.keepSlowerThan {
			delete(c.m, k)
		}
	}
}

// count runs a COUNT query through the cache (outside a transaction),
// keyed by the query and its arguments.
func (s *DB) count(ctx context.Context, query string, args ...any) (int, error) {
	return s.countAs(ctx, fmt.Sprint(query, args), query, args...)
}

// countAs runs a COUNT query through the cache under the given key: a
// caller whose arguments hold the time (consent "holds now") names what
// it counts, so the total is found again a minute later.
func (s *DB) countAs(ctx context.Context, key, query string, args ...any) (int, error) {
	if s.tx != nil {
		var n int
		err := s.q.QueryRowContext(ctx, query, args...).Scan(&n)
		return n, err
	}
	v, err := s.cached(ctx, key, func(ctx context.Context) (any, error) {
		var n int
		err := s.q.QueryRowContext(ctx, query, args...).Scan(&n)
		return n, err
	})
	if err != nil {
		return 0, err
	}
	return v.(int), nil
}

// cached returns the value kept under key, or sums it up with compute and
// keeps it: fresh, at once; stale, at once while compute runs again once
// in the background; missing, after compute (run once however many
// readers wait for it). compute gets a context its caller's cancellation
// does not end: its result serves everyone.
func (s *DB) cached(ctx context.Context, key string, compute func(context.Context) (any, error)) (any, error) {
	run := func(ctx context.Context) (any, error) {
		start := time.Now()
		v, err := compute(ctx)
		if err != nil {
			return nil, err
		}
		s.counts.put(key, v, time.Since(start))
		return v, nil
	}
	v, state := s.counts.get(key)
	switch state {
	case countFresh:
		return v, nil
	case countStale:
		s.counts.counting.DoChan(key, func() (any, error) {
			bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), countTimeout)
			defer cancel()
			return run(bg)
		})
		return v, nil
	}
	v, err, _ := s.counts.counting.Do(key, func() (any, error) { return run(context.WithoutCancel(ctx)) })
	return v, err
}
