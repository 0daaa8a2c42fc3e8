package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
)

const (
	sessionCookie   = "faces_session"
	sessionLifetime = 14 * 24 * time.Hour

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

// authenticate returns the request's user, from the session cookie.
func (s *Server) authenticate(r *http.Request) *faces.User {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	u, err := s.store.UserBySession(r.Context(), c.Value)
	if err != nil {
		return nil
	}
	return u
}

// guard lets a request through when its user passes allowed; anyone else
// is sent to sign in (pages) or refused.
func (s *Server) guard(allowed func(faces.Role) bool, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := s.authenticate(r)
		if u == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.renderError(w, r, faces.Errorf(faces.EUNAUTHORIZED, "Please sign in."))
			return
		}
		r, err := admit(r, u, allowed)
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
	if s.authenticate(r) != nil {
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

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	form := map[string]string{"email": email, "next": r.PostFormValue("next")}
	since := faces.Now().Add(-failureWindow)
	addr := clientAddr(r)
	byEmail, err1 := s.store.LoginFailures(ctx, "email:"+email, since)
	byAddr, err2 := s.store.LoginFailures(ctx, "addr:"+addr, since)
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	if byEmail >= maxFailures || byAddr >= maxAddressFailures {
		s.renderSignin(w, r, http.StatusTooManyRequests, "Too many failed attempts. Please wait 15 minutes and try again.", form)
		return
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	ok := false
	if err == nil {
		ok, _ = password.Verify(r.PostFormValue("password"), u.PasswordHash)
	} else {
		password.Verify(r.PostFormValue("password"), dummyHash) // same time either way
	}
	if !ok {
		s.store.RecordLoginFailure(ctx, "email:"+email, since)
		s.store.RecordLoginFailure(ctx, "addr:"+addr, since)
		s.renderSignin(w, r, http.StatusUnauthorized, "That email and password do not match an account.", form)
		return
	}
	token, err := s.store.CreateSession(ctx, u.ID, faces.Now().Add(sessionLifetime))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.SecureCookies,
		SameSite: http.SameSiteLaxMode, Expires: faces.Now().Add(sessionLifetime)})
	http.Redirect(w, r, safeNext(form["next"]), http.StatusSeeOther)
}

// dummyHash is verified against when no account has the email, so that a
// failed sign-in takes as long whether or not the account exists.
var dummyHash = password.Hash("no account has this password")

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.store.DeleteSession(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.SecureCookies, MaxAge: -1})
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// safeNext keeps a redirect after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/people"
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
