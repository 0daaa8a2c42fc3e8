package web

import (
	"net/http"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
)

var accountFields = []string{"name", "email", "team", "role"}

func (s *Server) accountsList(w http.ResponseWriter, r *http.Request) {
	s.renderAccounts(w, r, http.StatusOK, map[string]string{"role": string(faces.RoleViewer)}, nil)
}

func (s *Server) renderAccounts(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) {
	users, err := s.store.FindUsers(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "accounts", page{Title: "Accounts", Form: form, Errors: errs, Flash: r.URL.Query().Get("done"),
		Data: map[string]any{"Users": users, "Roles": []faces.Role{faces.RoleViewer, faces.RoleEditor, faces.RoleAdmin}}})
}

func (s *Server) accountCreate(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, accountFields...)
	pw := r.PostFormValue("password")
	u := &faces.User{Name: form["name"], Email: form["email"], Team: form["team"], Role: faces.Role(form["role"])}
	err := password.Check(pw)
	if err == nil {
		u.PasswordHash, err = s.hashPassword(r.Context(), pw)
	}
	if err == nil {
		err = s.store.CreateUser(r.Context(), u)
	}
	if err != nil {
		if errs := fieldErrors(err); errs != nil {
			s.renderAccounts(w, r, statusOf(err), form, errs)
			return
		}
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/accounts?done=created", http.StatusSeeOther)
}

func (s *Server) accountEdit(w http.ResponseWriter, r *http.Request) {
	u, ok := s.findAccount(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "account_form", page{Title: "Edit " + u.Name, Data: u,
		Form: map[string]string{"name": u.Name, "team": u.Team, "role": string(u.Role), "disabled": checked(u.Disabled)}})
}

func (s *Server) accountUpdate(w http.ResponseWriter, r *http.Request) {
	u, ok := s.findAccount(w, r)
	if !ok {
		return
	}
	form := formOf(r, "name", "team", "role", "disabled")
	u.Name, u.Team, u.Role, u.Disabled = form["name"], form["team"], faces.Role(form["role"]), form["disabled"] != ""
	var err error
	if pw := r.PostFormValue("password"); pw != "" {
		if err = password.Check(pw); err == nil {
			u.PasswordHash, err = s.hashPassword(r.Context(), pw)
		}
	}
	if err == nil {
		err = s.store.UpdateUser(r.Context(), u)
	}
	if err != nil {
		if errs := fieldErrors(err); errs != nil {
			s.render(w, r, statusOf(err), "account_form", page{Title: "Edit " + u.Name, Data: u, Form: form, Errors: errs})
			return
		}
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/accounts?done=saved", http.StatusSeeOther)
}

func checked(b bool) string {
	if b {
		return "on"
	}
	return ""
}

func (s *Server) findAccount(w http.ResponseWriter, r *http.Request) (*faces.User, bool) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return nil, false
	}
	u, err := s.store.FindUserByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return nil, false
	}
	return u, true
}
