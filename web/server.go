// Package web serves Faces' pages: plain server-rendered HTML from embedded
// templates, a little CSS, no build step. Handlers are thin: they parse the
// request, call the domain services and render.
package web

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/mail"
	"github.com/faces-org/faces/photo"
)

// Store is every service the pages use; sqlstore.DB provides them all.
type Store interface {
	faces.PersonService
	faces.CompanyService
	faces.UserService
	faces.AuditService
	faces.SearchService
	faces.StoryService
	faces.TokenService
	faces.PhotoService
	faces.RelationshipService
	faces.TrashService
	faces.ChangeService
	faces.ScreenService
	faces.WallService
	faces.VisitService
	faces.InsightService
	faces.FollowService
	faces.GuideService
	faces.ImportService
	faces.UploadService
	faces.ExportService
	faces.MergeService
	faces.OpenerService
	faces.TeamFeedService
	faces.RiskService
	faces.ReviewService
	faces.EventService
	faces.WritingService
	// Ready tells whether the database can serve now (/readyz).
	Ready(ctx context.Context) error
}

// Server is Faces' web server.
type Server struct {
	store  Store
	log    *slog.Logger
	views  *views
	server *http.Server
	ln     net.Listener

	// SecureCookies marks the session cookie Secure; set it when Faces is
	// served over HTTPS (directly or behind a proxy).
	SecureCookies bool
	// AllowInternalPhotos lets imported vCards' photos be fetched from
	// loopback, link-local and private addresses (an intranet's
	// directory); off, a contact file cannot make the server fetch its own
	// admin pages.
	AllowInternalPhotos bool
	// SessionLifetime is how long a session lasts after sign-in, and
	// SessionIdle how long it lasts unused.
	SessionLifetime, SessionIdle time.Duration
	// Mail, when configured, sends each staff member a daily digest of
	// the moves of the people they follow, at DigestHour (server time).
	Mail       *mail.Sender
	DigestHour int

	// SweepHour is the hour of the day (server time) at which erased
	// values are swept out of the database's files, where the database
	// needs it (PostgreSQL); a sweep due for a day runs at once.
	SweepHour int

	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (see behindProxies); none by default.
	TrustedProxies []netip.Prefix
	// MetricsToken, when set, opens /metrics on the main address to
	// requests bearing it.
	MetricsToken string

	metrics  *metrics
	draining atomic.Bool // shutting down: /readyz says so
	// background is the work started outside requests (housekeeping, the
	// wall's redraws), waited for on shutdown.
	background sync.WaitGroup
	// readingAgain: stories and texts are being read again in the
	// background by this server (readAgain).
	readingAgain atomic.Bool

	hashes *gate // password hashes running at once
	turns  *turns
	photos *photo.Pipeline
	wall   *wall // what screens are shown, briefly cached
	runs   *uploadRuns
	// uploadTimeout bounds the work on one photo upload; past it the
	// upload is refused and nothing is saved.
	uploadTimeout time.Duration
	// janitorCtx ends the housekeeping; made with the server, so that
	// Serve and Shutdown, in different goroutines, only read it.
	janitorCtx  context.Context
	stopJanitor context.CancelFunc
}

// NewServer returns a server over the store.
func NewServer(store Store, log *slog.Logger) *Server {
	s := &Server{store: store, log: log, views: mustParseViews(),
		SessionLifetime: sessionLifetime, SessionIdle: sessionIdle, SweepHour: 3, DigestHour: 7,
		hashes: newGate(int64(max(2, runtime.NumCPU())), 10*time.Second),
		// Two requests a core: measured against one and four a core on
		// two cores (BENCHMARKS.md).
		turns:         newTurns(2*runtime.GOMAXPROCS(0), time.Second),
		photos:        photo.NewPipeline(photo.DefaultBudget),
		wall:          newWall(),
		runs:          &uploadRuns{m: map[int64]*uploadRun{}},
		uploadTimeout: 30 * time.Second,
	}
	s.metrics = newMetrics(s)
	dummyHash() // now, so that the first failed sign-in takes no longer than the next
	s.janitorCtx, s.stopJanitor = context.WithCancel(context.Background())
	s.server = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	return s
}

// Handler returns the whole application as one handler: routes, behind
// cross-origin request protection (every state-changing request from
// another site is refused) and security headers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	protect := http.NewCrossOriginProtection()
	protect.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			s.apiError(w, r, faces.Errorf(faces.EFORBIDDEN, "This request came from another site, so it was refused."))
			return
		}
		s.renderError(w, r, faces.Errorf(faces.EFORBIDDEN, "This form was sent from another site, so it was refused."))
	}))
	return s.behindProxies(s.observe(s.turns.wrap(securityHeaders(protect.Handler(mux)))))
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// observe writes a line per request to the log and counts it in the
// metrics: method, route pattern (not the path, which may hold a name or
// an id), status and duration — no query, no personal data, no tokens.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		pattern := r.Pattern
		if pattern == "" {
			pattern = "(none)"
		}
		took := time.Since(start)
		s.metrics.observe(pattern, r.Method, rec.status, took)
		s.log.Info("request", "method", r.Method, "route", pattern, "status", rec.status,
			"duration_ms", float64(took.Microseconds())/1000)
	})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (rec *statusRecorder) WriteHeader(code int) {
	if !rec.wrote {
		rec.status, rec.wrote = code, true
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *statusRecorder) Write(b []byte) (int, error) {
	rec.wrote = true
	return rec.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (rec *statusRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// Listen binds the address (":0" picks a free port, for tests).
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	// The housekeeping starts here, not in Serve, so that it is counted
	// in s.background before any Shutdown can wait for it.
	s.background.Go(func() { s.janitor(s.janitorCtx) })
	return nil
}

// UseTLS makes Serve answer HTTPS with the certificate and key in these
// PEM files (loaded now, so that a wrong file is reported at start);
// cookies are then Secure.
func (s *Server) UseTLS(certFile, keyFile string) error {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return err
	}
	s.server.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	s.SecureCookies = true
	return nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve serves until Shutdown; the housekeeping (expired sessions and
// sign-in counters, planned moves, the trash…) runs in the background from
// Listen on.
func (s *Server) Serve() error {
	ln := s.ln
	if s.server.TLSConfig != nil {
		ln = tls.NewListener(ln, s.server.TLSConfig)
	}
	if err := s.server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops accepting requests, says it is not ready, and waits for
// the requests in flight and the background work until ctx ends; then it
// closes the connections that remain and returns ctx's error. The store
// can be closed once it returns.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	s.stopJanitor()
	err := s.server.Shutdown(ctx)
	if err != nil {
		s.server.Close()
	}
	done := make(chan struct{})
	go func() { s.background.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	return err
}

// janitor does the housekeeping every ten minutes.
func (s *Server) janitor(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if err := s.Housekeeping(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("housekeeping", "err", err)
		}
		if err := s.warmWall(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("drawing the wall's next set", "err", err)
		}
		s.readAgain() // goes on with a reading a restart stopped
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// readAgain checks every story again and reads the leaders' view again,
// in the background, a batch at a time, once our names or words for
// customers have changed, unless this server is at it already. Each batch
// is a transaction of its own, so requests go on meanwhile, and a restart
// goes on where it stopped.
func (s *Server) readAgain() {
	if !s.readingAgain.CompareAndSwap(false, true) {
		return
	}
	s.background.Go(func() {
		ctx := s.janitorCtx
		for {
			left, err := s.store.ReadAgain(ctx, readAgainBatch)
			if err != nil {
				s.readingAgain.Store(false)
				if ctx.Err() == nil {
					s.log.Error("reading stories and texts again", "err", err)
				}
				return
			}
			if left {
				continue
			}
			s.readingAgain.Store(false)
			// A save may have started a reading anew as this one ended,
			// and found this server at it.
			if busy, err := s.store.BeingReadAgain(ctx); err != nil || !busy || !s.readingAgain.CompareAndSwap(false, true) {
				return
			}
		}
	})
}

// readAgainBatch is how many stories or texts one transaction reads again.
const readAgainBatch = 500

// Housekeeping removes expired and idle sessions, past sign-in counters
// and pairing codes, applies the planned moves whose day has come, erases
// what has been in the trash for faces.TrashDays, and, at SweepHour (or
// when one has waited a day), sweeps erased values out of the database's
// files.
func (s *Server) Housekeeping(ctx context.Context) error {
	now := faces.Now()
	if err := s.store.PurgeSignIns(ctx, now.Add(-s.SessionIdle), now.Add(-failureWindow)); err != nil {
		return err
	}
	if err := s.store.PurgePairings(ctx); err != nil {
		return err
	}
	if _, err := s.store.PurgeUploads(ctx, now.Add(-uploadsKept)); err != nil {
		return err
	}
	if n, err := s.store.ApplyPlannedMoves(ctx); err != nil {
		return err
	} else if n > 0 {
		s.log.Info("planned moves applied", "moves", n)
	}
	if n, err := s.store.EmptyTrash(ctx, now.AddDate(0, 0, -faces.TrashDays)); err != nil {
		return err
	} else if n > 0 {
		s.log.Info("trash emptied", "erased", n)
	}
	if s.Mail.Configured() && now.In(time.Local).Hour() == s.DigestHour {
		if mine, err := s.store.ClaimDigestDay(ctx, now.In(time.Local)); err != nil {
			return err
		} else if mine {
			n, err := s.SendDigests(ctx)
			if err != nil {
				return err
			}
			s.log.Info("digests sent", "emails", n)
		}
	}
	due, err := s.store.ErasureSweepDue(ctx)
	if err != nil || due.IsZero() {
		return err
	}
	if now.In(time.Local).Hour() == s.SweepHour || now.Sub(due) > 24*time.Hour {
		start := time.Now()
		if err := s.store.SweepErasures(ctx); faces.ErrorCode(err) == faces.EUNAVAILABLE {
			s.log.Info("erasure sweep postponed", "why", faces.ErrorMessage(err))
			return nil
		} else if err != nil {
			return err
		}
		s.log.Info("erased values swept out of the database's files", "seconds", time.Since(start).Seconds())
	}
	return nil
}
