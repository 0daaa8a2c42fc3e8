package web

import (
	"net/http"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
)

// me shows the signed-in staff member's own account, where they change
// their password.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "me", page{Title: "Your account", Flash: r.URL.Query().Get("done")})
}

func (s *Server) mePassword(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	errs := map[string]string{}
	if ok, _ := password.Verify(r.PostFormValue("current"), u.PasswordHash); !ok {
		errs["current"] = "That is not your current password."
	}
	next := r.PostFormValue("password")
	if err := faces.CheckPassword(next); err != nil {
		errs["password"] = fieldErrors(err)["password"]
	} else if next != r.PostFormValue("again") {
		errs["again"] = "The two new passwords differ."
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "me", page{Title: "Your account", Errors: errs})
		return
	}
	u.PasswordHash = password.Hash(next)
	if err := s.store.UpdateUser(r.Context(), u); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/me?done=password", http.StatusSeeOther)
}
