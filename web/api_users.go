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
	CreatedAt time.Time `json:"created_at"`
}

type userInput struct {
	Name     string `json:"name"`
	Email    string `json:"email"` // on creation only
	Team     string `json:"team"`
	Role     string `json:"role"`
	Password string `json:"password"` // required on creation; optional later
}

func toAPIUser(u *faces.User) apiUser {
	return apiUser{u.ID, u.Name, u.Email, u.Team, string(u.Role), u.CreatedAt}
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
	if err := faces.CheckPassword(in.Password); err != nil {
		return 0, nil, err
	}
	u := &faces.User{Name: in.Name, Email: in.Email, Team: in.Team, Role: faces.Role(in.Role), PasswordHash: password.Hash(in.Password)}
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
	wasAdmin := u.Role == faces.RoleAdmin
	u.Name, u.Team, u.Role = in.Name, in.Team, faces.Role(in.Role)
	if in.Password != "" {
		if err = faces.CheckPassword(in.Password); err == nil {
			u.PasswordHash = password.Hash(in.Password)
		}
	}
	if err == nil && wasAdmin && u.Role != faces.RoleAdmin {
		err = s.lastAdminCheck(r)
	}
	if err == nil {
		err = s.store.UpdateUser(r.Context(), u)
	}
	return http.StatusOK, toAPIUser(u), err
}
