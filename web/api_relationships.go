package web

import (
	"context"
	"net/http"

	"github.com/faces-org/faces"
)

type apiRelationship struct {
	ID       int64  `json:"id"`
	FromID   int64  `json:"from_id"`
	FromName string `json:"from_name"`
	Kind     string `json:"kind"`
	ToID     int64  `json:"to_id"`
	ToName   string `json:"to_name"`
	Note     string `json:"note"`
}

type relationshipInput struct {
	Kind string `json:"kind"`
	ToID int64  `json:"to_id"`
	Note string `json:"note"`
}

type apiBuyingRole struct {
	ID          int64  `json:"id"`
	PersonID    int64  `json:"person_id"`
	PersonName  string `json:"person_name"`
	CompanyID   int64  `json:"company_id"`
	CompanyName string `json:"company_name"`
	Role        string `json:"role"`
}

type buyingRoleInput struct {
	CompanyID int64  `json:"company_id"`
	Role      string `json:"role"`
}

func toAPIRelationship(r *faces.Relationship) apiRelationship {
	return apiRelationship{r.ID, r.FromID, r.FromName, string(r.Kind), r.ToID, r.ToName, r.Note}
}

func toAPIBuyingRoles(bs []*faces.BuyingRole) []apiBuyingRole {
	out := []apiBuyingRole{}
	for _, b := range bs {
		out = append(out, apiBuyingRole{b.ID, b.PersonID, b.PersonName, b.CompanyID, b.CompanyName, b.Role})
	}
	return out
}

func (s *Server) apiRelationships(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	rels, err := s.store.Relationships(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	out := []apiRelationship{}
	for _, rel := range rels {
		out = append(out, toAPIRelationship(rel))
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiRelationshipAdd(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[relationshipInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	rel := &faces.Relationship{FromID: id, ToID: in.ToID, Kind: faces.RelationshipKind(in.Kind), Note: in.Note}
	if err := s.store.AddRelationship(r.Context(), rel); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toAPIRelationship(rel), nil
}

// apiBuyingRoles lists buying roles by person or by company, as list says.
func (s *Server) apiBuyingRoles(list func(context.Context, int64) ([]*faces.BuyingRole, error)) apiHandler {
	return func(w http.ResponseWriter, r *http.Request) (int, any, error) {
		id, err := apiID(r, "id")
		if err != nil {
			return 0, nil, err
		}
		bs, err := list(r.Context(), id)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, toAPIBuyingRoles(bs), nil
	}
}

func (s *Server) apiBuyingRoleAdd(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[buyingRoleInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	b := &faces.BuyingRole{PersonID: id, CompanyID: in.CompanyID, Role: in.Role}
	if err := s.store.AddBuyingRole(r.Context(), b); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toAPIBuyingRoles([]*faces.BuyingRole{b})[0], nil
}
