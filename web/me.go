package web

import (
	"net/http"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
)

// me shows the signed-in staff member's own account, where they change
// their password.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	s.renderMe(w, r, http.StatusOK, nil)
}

// renderMe shows the account page: "when did you last visit a
// customer?", your visits, and the password form (with its errors).
func (s *Server) renderMe(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) {
	ctx := r.Context()
	u := userFrom(ctx)
	last, err1 := s.store.LastVisitsOf(ctx, u.ID, faces.Now())
	visits, _, err2 := s.store.FindVisits(ctx, faces.VisitFilter{StaffID: u.ID, Limit: 5})
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "me", page{Title: "Your account", Flash: r.URL.Query().Get("done"), Errors: errs,
		Data: map[string]any{"Last": last, "Visits": visits, "Now": faces.Now()}})
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
		s.renderMe(w, r, http.StatusUnprocessableEntity, errs)
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
