package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
)

const (
	sessionCookie = "faces_session"
	// Sessions end 14 days after sign-in, or after 12 hours unused,
	// unless the server is configured otherwise (Server.SessionLifetime,
	// Server.SessionIdle).
	sessionLifetime = 14 * 24 * time.Hour
	sessionIdle     = 12 * time.Hour

	// Sign-in attempts: at most maxFailures failures per email, and
	// maxAddressFailures per client address, within failureWindow.
	maxFailures        = 5
	maxAddressFailures = 20
	failureWindow      = 15 * time.Minute
)

type userKey struct{}

func userFrom(ctx context.Context) *faces.User {
	u, _ := ctx.Value(userKey{}).(*faces.User)
	return u
}

// authenticate returns the request's user, from the session cookie: nil
// for no session or one that has ended, and an error when the sessions
// cannot be read (the database is unreachable), which must not be taken
// for being signed out.
func (s *Server) authenticate(r *http.Request) (*faces.User, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	u, err := s.store.UserBySession(r.Context(), c.Value, faces.Now().Add(-s.SessionIdle))
	if code := faces.ErrorCode(err); code == faces.EUNAUTHORIZED || code == faces.ENOTFOUND {
		return nil, nil
	}
	return u, err
}

// guard lets a request through when its user passes allowed; anyone else
// is sent to sign in (pages) or refused.
func (s *Server) guard(allowed func(faces.Role) bool, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := s.authenticate(r)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if u == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.renderError(w, r, faces.Errorf(faces.EUNAUTHORIZED, "Please sign in."))
			return
		}
		r, err = admit(r, u, allowed)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		h(w, r)
	})
}

// admit makes the request act as the user, and checks the user's role.
func admit(r *http.Request, u *faces.User, allowed func(faces.Role) bool) (*http.Request, error) {
	r = r.WithContext(faces.NewContextWithActor(context.WithValue(r.Context(), userKey{}, u), u.ID))
	if !allowed(u.Role) {
		return r, faces.Errorf(faces.EFORBIDDEN, "Your role (%s) does not allow this.", u.Role)
	}
	return r, nil
}

func (s *Server) staff(h http.HandlerFunc) http.Handler {
	return s.guard(func(faces.Role) bool { return true }, h)
}
func (s *Server) editor(h http.HandlerFunc) http.Handler { return s.guard(faces.Role.CanEdit, h) }
func (s *Server) admin(h http.HandlerFunc) http.Handler  { return s.guard(faces.Role.CanAdminister, h) }

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) {
	if u, _ := s.authenticate(r); u != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderSignin(w, r, http.StatusOK, "", map[string]string{"next": r.URL.Query().Get("next")})
}

func (s *Server) renderSignin(w http.ResponseWriter, r *http.Request, status int, problem string, form map[string]string) {
	n, err := s.store.CountUsers(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "signin", page{Title: "Sign in", Form: form, Data: map[string]any{"Problem": problem, "NoAccounts": n == 0}})
}

// signin checks an email and password. Each attempt is counted before the
// password is verified, atomically, for the email and for the client's
// address, so parallel guesses cannot slip past the limit; hashing waits
// for a place at the password gate.
func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	form := map[string]string{"email": email, "next": r.PostFormValue("next")}
	windowStart := faces.Now().Add(-failureWindow)
	emailKey, addrKey := "email:"+email, "addr:"+clientAddr(r)
	byEmail, err1 := s.store.CountSignInAttempt(ctx, emailKey, windowStart)
	byAddr, err2 := s.store.CountSignInAttempt(ctx, addrKey, windowStart)
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	if err != nil && faces.ErrorCode(err) != faces.ENOTFOUND {
		s.renderError(w, r, err)
		return
	}
	var accountID int64
	if u != nil && err == nil {
		accountID = u.ID
	} else {
		u = nil
	}
	if byEmail > maxFailures || byAddr > maxAddressFailures {
		if byEmail == maxFailures+1 || byAddr == maxAddressFailures+1 {
			s.securityEvent(ctx, faces.ActionLockOut, accountID, r)
		}
		s.metrics.signIns.WithLabelValues("lockout").Inc()
		s.renderSignin(w, r, http.StatusTooManyRequests, "Too many failed attempts. Please wait 15 minutes and try again.", form)
		return
	}
	ok, err := s.verifyPassword(ctx, r.PostFormValue("password"), u)
	if err != nil {
		s.store.ForgetSignInAttempt(ctx, emailKey)
		s.store.ForgetSignInAttempt(ctx, addrKey)
		s.renderError(w, r, err)
		return
	}
	if !ok {
		s.metrics.signIns.WithLabelValues("failure").Inc()
		s.securityEvent(ctx, faces.ActionSignInFailed, accountID, r)
		s.renderSignin(w, r, http.StatusUnauthorized, "That email and password do not match an account.", form)
		return
	}
	s.store.ClearSignInAttempts(ctx, emailKey)
	s.store.ForgetSignInAttempt(ctx, addrKey)
	if err := s.startSession(w, r, u); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.metrics.signIns.WithLabelValues("success").Inc()
	s.securityEvent(faces.NewContextWithActor(ctx, u.ID), faces.ActionSignIn, u.ID, r)
	http.Redirect(w, r, safeNext(form["next"]), http.StatusSeeOther)
}

// startSession signs the user in on this browser.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *faces.User) error {
	expires := faces.Now().Add(s.SessionLifetime)
	token, err := s.store.CreateSession(r.Context(), u.ID, expires)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, Expires: expires})
	return nil
}

// verifyPassword tells whether pw is the user's password (false for no
// user or a disabled account, after the same work), hashing only when the
// password gate lets it.
func (s *Server) verifyPassword(ctx context.Context, pw string, u *faces.User) (bool, error) {
	if len(pw) > password.MaxLen {
		return false, nil
	}
	if err := s.hashes.enter(ctx); err != nil {
		return false, err
	}
	defer s.hashes.leave()
	if u == nil {
		password.Verify(pw, dummyHash()) // same time either way
		return false, nil
	}
	ok, _ := password.Verify(pw, u.PasswordHash)
	return ok && !u.Disabled, nil
}

// hashPassword hashes a new password when the password gate lets it.
func (s *Server) hashPassword(ctx context.Context, pw string) (string, error) {
	if err := s.hashes.enter(ctx); err != nil {
		return "", err
	}
	defer s.hashes.leave()
	return password.Hash(pw), nil
}

// securityEvent writes a sign-in event to the audit trail: the account,
// if known, and the client's address; never what was typed.
func (s *Server) securityEvent(ctx context.Context, action string, accountID int64, r *http.Request) {
	if err := s.store.RecordEvent(ctx, action, "user", accountID, map[string]string{"address": clientAddr(r)}); err != nil {
		s.log.Error("audit", "action", action, "err", err)
	}
}

// dummyHash is verified against when no account has the email, so that a
// failed sign-in takes as long whether or not the account exists. It is
// made by the first server (NewServer), not when the package loads: a
// hash costs 80 ms and 20 MB, which every command of the faces binary
// (faces lens, faces version) would otherwise pay.
var dummyHash = sync.OnceValue(func() string { return password.Hash("no account has this password") })

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.store.DeleteSession(r.Context(), c.Value)
	}
	s.securityEvent(r.Context(), faces.ActionSignOut, userFrom(r.Context()).ID, r)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure(r), MaxAge: -1})
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// safeNext keeps a redirect after sign-in on this site: only a path that
// starts with a single slash, has no scheme, host, back slash, control
// character or white space, and reads the same once parsed and written
// out again. Browsers drop tabs and newlines from URLs, so "/\t/evil" would
// otherwise become "//evil", another site.
func safeNext(next string) string {
	const home = "/people"
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return home
	}
	for _, c := range next {
		if c <= ' ' || c == 0x7f || c == '\\' || unicode.IsSpace(c) || !unicode.IsPrint(c) {
			return home
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.String() != next {
		return home
	}
	return next
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
