package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/faces-org/faces"
)

// apiHandler is an API endpoint: it returns a status and a body to send as
// JSON (nil for none), or an error to answer with a problem document.
type apiHandler func(w http.ResponseWriter, r *http.Request) (int, any, error)

func (s *Server) api(h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		status, body, err := h(w, r)
		switch {
		case err != nil:
			s.apiError(w, r, err)
		case body == nil:
			w.WriteHeader(status)
		default:
			writeJSON(w, status, body)
		}
	}
}

// decode reads a JSON request body into a new T.
func decode[T any](w http.ResponseWriter, r *http.Request) (T, error) {
	var v T
	return v, readJSON(w, r, &v)
}

func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request) (int, any, error) {
	limit, offset, err := paging(r)
	if err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
	f := faces.PersonFilter{Limit: limit, Offset: offset, Sort: faces.PersonSort(q.Get("sort")), Tag: q.Get("tag"),
		Role: q.Get("role"), Consent: q.Get("consent"), Photo: q.Get("photo")}
	var err1, err2, err3 error
	f.CompanyID, err1 = queryID(r, "company_id")
	f.FormerlyAt, err2 = queryID(r, "formerly_at")
	f.After, err3 = faces.ParseCursor(r.URL.Query().Get("after"))
	if err := firstErr(err1, err2, err3); err != nil {
		return 0, nil, err
	}
	people, total, err := s.store.FindPeople(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := newList[apiPerson](total, offset, limit)
	for _, p := range people {
		out.Items = append(out.Items, toAPIPerson(p))
	}
	if len(people) == limit {
		out.Next = f.Sort.CursorOf(people[len(people)-1]).String()
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	p, err := s.store.FindPersonByID(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPIPerson(p), nil
}

func (s *Server) apiPersonCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	in, err := decode[personInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	p := &faces.Person{}
	in.apply(p)
	if in.CompanyID != 0 || in.Title != "" {
		first := faces.Move{CompanyID: in.CompanyID, Title: in.Title, Division: in.Division, On: faces.Today()}
		if in.Since != "" {
			if first.On, err = parseDay("since", in.Since); err != nil {
				return 0, nil, err
			}
		}
		err = s.store.CreatePersonAt(r.Context(), p, first)
	} else {
		err = s.store.CreatePerson(r.Context(), p)
	}
	if err != nil {
		return 0, nil, err
	}
	location(w, "/api/v1/people/%d", p.ID)
	return http.StatusCreated, toAPIPerson(p), nil
}

func (s *Server) apiPersonReplace(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[personInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	if in.CompanyID != 0 || in.Title != "" || in.Division != "" || in.Since != "" {
		return 0, nil, &faces.Error{Code: faces.EINVALID, Message: "A position changes with a move.",
			Fields: map[string]string{"company_id": "Record a move (POST /api/v1/people/{id}/moves) to change someone's position."}}
	}
	p := &faces.Person{ID: id}
	in.apply(p)
	if err := s.store.UpdatePerson(r.Context(), p); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPIPerson(p), nil
}

// apiDelete answers a deletion of the record named by the path parameter.
func (s *Server) apiDelete(param string, del func(ctx context.Context, id int64) error) apiHandler {
	return func(w http.ResponseWriter, r *http.Request) (int, any, error) {
		id, err := apiID(r, param)
		if err == nil {
			err = del(r.Context(), id)
		}
		return http.StatusNoContent, nil, err
	}
}

func (s *Server) apiPositions(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	history, err := s.store.Positions(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	out := []*apiPosition{}
	for _, p := range history {
		out = append(out, toAPIPosition(p))
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiMove(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[moveInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	on, err := parseDay("on", in.On)
	if err != nil {
		return 0, nil, err
	}
	m := faces.Move{CompanyID: in.CompanyID, Title: in.Title, Division: in.Division, On: on}
	p, err := s.store.MovePerson(r.Context(), id, m)
	if err != nil {
		return 0, nil, err
	}
	if m.Planned() {
		// Accepted: it takes effect on its day.
		location(w, "/api/v1/people/%d/planned-moves", id)
		return http.StatusAccepted, toAPIPerson(p), nil
	}
	return http.StatusOK, toAPIPerson(p), nil
}

func toAPIStory(st *faces.Story) apiStory {
	out := apiStory{Card: st.Card, Body: st.Body, Source: st.Source, SourceOf: st.SourceOf, AboutUs: st.AboutUs}
	if !st.UpdatedAt.IsZero() {
		out.UpdatedAt = &st.UpdatedAt
	}
	return out
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	st, err := s.store.FindStory(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPIStory(st), nil
}

func (s *Server) apiStorySave(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[apiStory](w, r)
	if err != nil {
		return 0, nil, err
	}
	st := &faces.Story{PersonID: id, Card: in.Card, Body: in.Body, Source: in.Source, SourceOf: in.SourceOf}
	if err := s.store.SaveStory(r.Context(), st); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPIStory(st), nil
}

func (s *Server) apiConsents(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	cs, err := s.store.Consents(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	out := []apiConsent{}
	for _, c := range cs {
		out = append(out, toAPIConsent(c))
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiConsentGrant(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[consentInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	granted, err1 := parseDay("granted_on", in.GrantedOn)
	until, err2 := parseDay("until", in.Until)
	if err := firstErr(err1, err2); err != nil {
		return 0, nil, err
	}
	c := &faces.Consent{PersonID: id, GrantedOn: granted, Means: in.Means, Until: until, Note: in.Note}
	if err := s.store.GrantConsent(r.Context(), c); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toAPIConsent(c), nil
}

func (s *Server) apiConsentRevoke(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err1 := apiID(r, "id")
	cid, err2 := apiID(r, "cid")
	if err := firstErr(err1, err2); err != nil {
		return 0, nil, err
	}
	cs, err := s.store.Consents(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	for _, c := range cs {
		if c.ID == cid {
			return http.StatusNoContent, nil, s.store.RevokeConsent(r.Context(), cid)
		}
	}
	return 0, nil, faces.Errorf(faces.ENOTFOUND, "No such consent for this person.")
}

func (s *Server) apiCompanies(w http.ResponseWriter, r *http.Request) (int, any, error) {
	limit, offset, err := paging(r)
	if err != nil {
		return 0, nil, err
	}
	key, err := queryBool(r, "key_customer")
	if err != nil {
		return 0, nil, err
	}
	after, err := faces.ParseCursor(r.URL.Query().Get("after"))
	if err != nil {
		return 0, nil, err
	}
	cs, total, err := s.store.FindCompanies(r.Context(), faces.CompanyFilter{KeyCustomer: key, After: after, Limit: limit, Offset: offset})
	if err != nil {
		return 0, nil, err
	}
	out := newList[apiCompany](total, offset, limit)
	for _, c := range cs {
		out.Items = append(out.Items, toAPICompany(c))
	}
	if len(cs) == limit {
		out.Next = faces.Cursor{Key: cs[len(cs)-1].Name, ID: cs[len(cs)-1].ID}.String()
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiCompany(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	c, err := s.store.FindCompanyByID(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPICompany(c), nil
}

func (s *Server) apiCompanyCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	in, err := decode[companyInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	c := &faces.Company{Name: in.Name, Story: in.Story, KeyCustomer: in.KeyCustomer, Locations: in.Locations}
	if err := s.store.CreateCompany(r.Context(), c); err != nil {
		return 0, nil, err
	}
	location(w, "/api/v1/companies/%d", c.ID)
	return http.StatusCreated, toAPICompany(c), nil
}

func (s *Server) apiCompanyReplace(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[companyInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	c := &faces.Company{ID: id, Name: in.Name, Story: in.Story, KeyCustomer: in.KeyCustomer, Locations: in.Locations}
	if err := s.store.UpdateCompany(r.Context(), c); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPICompany(c), nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) (int, any, error) {
	q := r.URL.Query().Get("q")
	if n := faces.Limit("search.q"); utf8.RuneCountInString(q) > n {
		return 0, nil, &faces.Error{Code: faces.EINVALID, Message: "The search is too long.", Fields: map[string]string{"q": fmt.Sprintf("At most %d characters.", n)}}
	}
	res, err := s.store.Search(r.Context(), q, faces.DefaultLimit)
	if err != nil {
		return 0, nil, err
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
	return http.StatusOK, out, nil
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) (int, any, error) {
	limit, offset, err := paging(r)
	if err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
	f := faces.AuditFilter{Entity: q.Get("entity"), Limit: limit, Offset: offset}
	var err1, err2, err3 error
	f.EntityID, err1 = queryID(r, "entity_id")
	f.ActorID, err2 = queryID(r, "actor_id")
	var after *faces.Cursor
	after, err3 = faces.ParseCursor(q.Get("after"))
	if err := firstErr(err1, err2, err3); err != nil {
		return 0, nil, err
	}
	if after != nil {
		f.Before = after.ID
	}
	entries, total, err := s.store.FindAuditEntries(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := newList[apiAuditEntry](total, offset, limit)
	for _, e := range entries {
		out.Items = append(out.Items, apiAuditEntry{ID: e.ID, ActorID: e.ActorID, Action: e.Action, Entity: e.Entity,
			EntityID: e.EntityID, Before: json.RawMessage(orNull(e.Before)), After: json.RawMessage(orNull(e.After)), At: e.At})
	}
	if len(entries) == limit {
		out.Next = faces.Cursor{ID: entries[len(entries)-1].ID}.String()
	}
	return http.StatusOK, out, nil
}

func orNull(b []byte) []byte {
	if len(b) == 0 {
		return []byte("null")
	}
	return b
}
