package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/faces-org/faces"
)

func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	f := faces.PersonFilter{Limit: limit, Offset: offset}
	f.CompanyID, _ = strconv.ParseInt(r.URL.Query().Get("company_id"), 10, 64)
	people, total, err := s.store.FindPeople(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := list[apiPerson]{Items: []apiPerson{}, Total: total, Offset: offset, Limit: limit}
	for _, p := range people {
		out.Items = append(out.Items, toAPIPerson(p))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := s.store.FindPersonByID(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIPerson(p))
}

func (s *Server) apiPersonCreate(w http.ResponseWriter, r *http.Request) {
	var in personInput
	if err := readJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	p := &faces.Person{}
	in.apply(p)
	if err := s.store.CreatePerson(r.Context(), p); err != nil {
		s.apiError(w, r, err)
		return
	}
	location(w, "/api/v1/people/%d", p.ID)
	writeJSON(w, http.StatusCreated, toAPIPerson(p))
}

func (s *Server) apiPersonReplace(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in personInput
	if err := readJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	p := &faces.Person{ID: id}
	in.apply(p)
	if err := s.store.UpdatePerson(r.Context(), p); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIPerson(p))
}

func (s *Server) apiPersonDelete(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err == nil {
		err = s.store.DeletePerson(r.Context(), id)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiPositions(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	history, err := s.store.Positions(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := []*apiPosition{}
	for _, p := range history {
		out = append(out, toAPIPosition(p))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiMove(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in moveInput
	if err := readJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	on, err := parseDay("on", in.On)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := s.store.MovePerson(r.Context(), id, faces.Move{CompanyID: in.CompanyID, Title: in.Title, Division: in.Division, On: on})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIPerson(p))
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	st, err := s.store.FindStory(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := apiStory{Card: st.Card, Body: st.Body, Source: st.Source, SourceOf: st.SourceOf}
	if !st.UpdatedAt.IsZero() {
		out.UpdatedAt = &st.UpdatedAt
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiStorySave(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in apiStory
	if err := readJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	st := &faces.Story{PersonID: id, Card: in.Card, Body: in.Body, Source: in.Source, SourceOf: in.SourceOf}
	if err := s.store.SaveStory(r.Context(), st); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiStory{Card: st.Card, Body: st.Body, Source: st.Source, SourceOf: st.SourceOf, UpdatedAt: &st.UpdatedAt})
}

func (s *Server) apiConsents(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	cs, err := s.store.Consents(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := []apiConsent{}
	for _, c := range cs {
		out = append(out, toAPIConsent(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiConsentGrant(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in consentInput
	if err := readJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	granted, err1 := parseDay("granted_on", in.GrantedOn)
	until, err2 := parseDay("until", in.Until)
	if err := firstErr(err1, err2); err != nil {
		s.apiError(w, r, err)
		return
	}
	c := &faces.Consent{PersonID: id, GrantedOn: granted, Means: in.Means, Until: until, Note: in.Note}
	if err := s.store.GrantConsent(r.Context(), c); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIConsent(c))
}

func (s *Server) apiConsentRevoke(w http.ResponseWriter, r *http.Request) {
	id, err1 := apiID(r, "id")
	cid, err2 := apiID(r, "cid")
	if err := firstErr(err1, err2); err != nil {
		s.apiError(w, r, err)
		return
	}
	cs, err := s.store.Consents(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	for _, c := range cs {
		if c.ID == cid {
			if err := s.store.RevokeConsent(r.Context(), cid); err != nil {
				s.apiError(w, r, err)
				return
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	s.apiError(w, r, faces.Errorf(faces.ENOTFOUND, "No such consent for this person."))
}

func (s *Server) apiCompanies(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	cs, total, err := s.store.FindCompanies(r.Context(), faces.CompanyFilter{KeyCustomer: r.URL.Query().Get("key_customer") == "true", Limit: limit, Offset: offset})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := list[apiCompany]{Items: []apiCompany{}, Total: total, Offset: offset, Limit: limit}
	for _, c := range cs {
		out.Items = append(out.Items, toAPICompany(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCompany(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	c, err := s.store.FindCompanyByID(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPICompany(c))
}

func (s *Server) apiCompanyCreate(w http.ResponseWriter, r *http.Request) {
	var in companyInput
	if err := readJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	c := &faces.Company{Name: in.Name, Story: in.Story, KeyCustomer: in.KeyCustomer, Locations: in.Locations}
	if err := s.store.CreateCompany(r.Context(), c); err != nil {
		s.apiError(w, r, err)
		return
	}
	location(w, "/api/v1/companies/%d", c.ID)
	writeJSON(w, http.StatusCreated, toAPICompany(c))
}

func (s *Server) apiCompanyReplace(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in companyInput
	if err := readJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	c := &faces.Company{ID: id, Name: in.Name, Story: in.Story, KeyCustomer: in.KeyCustomer, Locations: in.Locations}
	if err := s.store.UpdateCompany(r.Context(), c); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPICompany(c))
}

func (s *Server) apiCompanyDelete(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err == nil {
		err = s.store.DeleteCompany(r.Context(), id)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	res, err := s.store.Search(r.Context(), r.URL.Query().Get("q"), faces.DefaultLimit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		Query     string       `json:"query"`
		People    []apiPerson  `json:"people"`
		Companies []apiCompany `json:"companies"`
	}{Query: res.Query, People: []apiPerson{}, Companies: []apiCompany{}}
	for _, p := range res.People {
		out.People = append(out.People, toAPIPerson(p))
	}
	for _, c := range res.Companies {
		out.Companies = append(out.Companies, toAPICompany(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := faces.AuditFilter{Entity: q.Get("entity"), Limit: limit, Offset: offset}
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	f.ActorID, _ = strconv.ParseInt(q.Get("actor_id"), 10, 64)
	entries, total, err := s.store.FindAuditEntries(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := list[apiAuditEntry]{Items: []apiAuditEntry{}, Total: total, Offset: offset, Limit: limit}
	for _, e := range entries {
		out.Items = append(out.Items, apiAuditEntry{ID: e.ID, ActorID: e.ActorID, Action: e.Action, Entity: e.Entity,
			EntityID: e.EntityID, Before: json.RawMessage(orNull(e.Before)), After: json.RawMessage(orNull(e.After)), At: e.At})
	}
	writeJSON(w, http.StatusOK, out)
}

func orNull(b []byte) []byte {
	if len(b) == 0 {
		return []byte("null")
	}
	return b
}
