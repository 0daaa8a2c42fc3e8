// Package web serves Faces' pages: plain server-rendered HTML from embedded
// templates, a little CSS, no build step. Handlers are thin: they parse the
// request, call the domain services and render.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/faces-org/faces"
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
}

// NewServer returns a server over the store.
func NewServer(store Store, log *slog.Logger) *Server {
	s := &Server{store: store, log: log, views: mustParseViews()}
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
		s.renderError(w, r, faces.Errorf(faces.EFORBIDDEN, "This form was sent from another site, so it was refused."))
	}))
	return securityHeaders(protect.Handler(mux))
}

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
	return nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve serves until Shutdown.
func (s *Server) Serve() error {
	if err := s.server.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops accepting requests and waits for those in flight.
func (s *Server) Shutdown(ctx context.Context) error { return s.server.Shutdown(ctx) }
