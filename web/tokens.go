package web

import (
	"net/http"
	"strconv"

	"github.com/faces-org/faces"
)

type tokenRow struct {
	*faces.APIToken
	User string
}

// newTokenCookie carries a token just made from the POST that made it to
// the page that shows it, once: the page clears it, so reloading shows no
// secret and makes no second token.
const newTokenCookie = "faces_new_token"

func (s *Server) tokensList(w http.ResponseWriter, r *http.Request) {
	secret := ""
	if c, err := r.Cookie(newTokenCookie); err == nil {
		secret = c.Value
		http.SetCookie(w, &http.Cookie{Name: newTokenCookie, Path: "/tokens", MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	}
	s.renderTokens(w, r, http.StatusOK, secret)
}

// renderTokens shows the tokens; secret is a token just made, shown once.
func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, secret string) {
	ctx := r.Context()
	tokens, err1 := s.store.APITokens(ctx)
	users, err2 := s.store.FindUsers(ctx)
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.Name + " (" + string(u.Role) + ")"
	}
	rows := make([]tokenRow, len(tokens))
	for i, t := range tokens {
		rows[i] = tokenRow{t, names[t.UserID]}
	}
	s.render(w, r, status, "tokens", page{Title: "API tokens", Data: map[string]any{"Tokens": rows, "Users": users, "Secret": secret}})
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	userID, _ := strconv.ParseInt(r.PostFormValue("user"), 10, 64)
	_, secret, err := s.store.CreateAPIToken(r.Context(), userID, r.PostFormValue("name"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: newTokenCookie, Value: secret, Path: "/tokens", MaxAge: 120, HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
}

func (s *Server) tokenDelete(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err == nil {
		err = s.store.DeleteAPIToken(r.Context(), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
}
