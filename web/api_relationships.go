package web

import (
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

func (s *Server) apiRelationships(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rels, err := s.store.Relationships(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := []apiRelationship{}
	for _, rel := range rels {
		out = append(out, toAPIRelationship(rel))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRelationshipAdd(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in relationshipInput
	if err := readJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	rel := &faces.Relationship{FromID: id, ToID: in.ToID, Kind: faces.RelationshipKind(in.Kind), Note: in.Note}
	if err := s.store.AddRelationship(r.Context(), rel); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIRelationship(rel))
}

func (s *Server) apiRelationshipDelete(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "rid")
	if err == nil {
		err = s.store.DeleteRelationship(r.Context(), id)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiBuyingRolesOf(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	bs, err := s.store.BuyingRolesOf(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIBuyingRoles(bs))
}

func (s *Server) apiBuyingRolesAt(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	bs, err := s.store.BuyingRolesAt(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIBuyingRoles(bs))
}

func (s *Server) apiBuyingRoleAdd(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in buyingRoleInput
	if err := readJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	b := &faces.BuyingRole{PersonID: id, CompanyID: in.CompanyID, Role: in.Role}
	if err := s.store.AddBuyingRole(r.Context(), b); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIBuyingRoles([]*faces.BuyingRole{b})[0])
}

func (s *Server) apiBuyingRoleDelete(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "bid")
	if err == nil {
		err = s.store.DeleteBuyingRole(r.Context(), id)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
