package web

import (
	"net/http"

	"github.com/faces-org/faces/password"
)

// me shows the signed-in staff member's own account, where they change
// their password.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "me", page{Title: "Your account", Flash: r.URL.Query().Get("done")})
}

// mePassword changes the staff member's own password. Every session of
// the account ends (a thief's too), and this browser gets a fresh one.
func (s *Server) mePassword(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	errs := map[string]string{}
	ok, err := s.verifyPassword(r.Context(), r.PostFormValue("current"), u)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !ok {
		errs["current"] = "That is not your current password."
	}
	next := r.PostFormValue("password")
	if err := password.Check(next); err != nil {
		errs["password"] = fieldErrors(err)["password"]
	} else if next != r.PostFormValue("again") {
		errs["again"] = "The two new passwords differ."
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "me", page{Title: "Your account", Errors: errs})
		return
	}
	hash, err := s.hashPassword(r.Context(), next)
	if err == nil {
		u.PasswordHash = hash
		err = s.store.UpdateUser(r.Context(), u)
	}
	if err == nil {
		err = s.startSession(w, r, u)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/me?done=password", http.StatusSeeOther)
}
