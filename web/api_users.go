package web

import (
	"net/http"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
)

type apiUser struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Team      string    `json:"team"`
	Role      string    `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

type userInput struct {
	Name     string `json:"name"`
	Email    string `json:"email"` // on creation only
	Team     string `json:"team"`
	Role     string `json:"role"`
	Password string `json:"password"` // required on creation; optional later
	Disabled bool   `json:"disabled"`
	// Read-only fields of apiUser, accepted and ignored so that what GET
	// returns can be sent back.
	ID        int64     `json:"id"`
	CreatedAt time.Time `json:"created_at"`
}

func toAPIUser(u *faces.User) apiUser {
	return apiUser{u.ID, u.Name, u.Email, u.Team, string(u.Role), u.Disabled, u.CreatedAt}
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) (int, any, error) {
	users, err := s.store.FindUsers(r.Context())
	if err != nil {
		return 0, nil, err
	}
	out := []apiUser{}
	for _, u := range users {
		out = append(out, toAPIUser(u))
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	in, err := decode[userInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	if err := password.Check(in.Password); err != nil {
		return 0, nil, err
	}
	u := &faces.User{Name: in.Name, Email: in.Email, Team: in.Team, Role: faces.Role(in.Role), Disabled: in.Disabled}
	if u.PasswordHash, err = s.hashPassword(r.Context(), in.Password); err != nil {
		return 0, nil, err
	}
	if err := s.store.CreateUser(r.Context(), u); err != nil {
		return 0, nil, err
	}
	location(w, "/api/v1/users/%d", u.ID)
	return http.StatusCreated, toAPIUser(u), nil
}

func (s *Server) apiUserUpdate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[userInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	u, err := s.store.FindUserByID(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	u.Name, u.Team, u.Role, u.Disabled = in.Name, in.Team, faces.Role(in.Role), in.Disabled
	if in.Password != "" {
		if err = password.Check(in.Password); err == nil {
			u.PasswordHash, err = s.hashPassword(r.Context(), in.Password)
		}
	}
	if err == nil {
		err = s.store.UpdateUser(r.Context(), u)
	}
	return http.StatusOK, toAPIUser(u), err
}
