package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/faces-org/faces"
)

// relationshipRow is a relationship as seen from one person's page.
type relationshipRow struct {
	ID      int64
	Wording string // "reports to", or "manages" when seen from the other side
	OtherID int64
	Other   string
	Note    string
}

func relationshipRows(personID int64, rels []*faces.Relationship) []relationshipRow {
	rows := make([]relationshipRow, 0, len(rels))
	for _, r := range rels {
		if r.FromID == personID {
			rows = append(rows, relationshipRow{r.ID, r.Kind.Wording(false), r.ToID, r.ToName, r.Note})
		} else {
			rows = append(rows, relationshipRow{r.ID, r.Kind.Wording(true), r.FromID, r.FromName, r.Note})
		}
	}
	return rows
}

func (s *Server) relationshipAdd(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	rel := &faces.Relationship{FromID: p.ID, Kind: faces.RelationshipKind(r.PostFormValue("kind")), Note: r.PostFormValue("note")}
	to := &picker{Name: "to", Kind: "people", Value: r.PostFormValue("to")}
	var err error
	if rel.ToID, err = s.pick(r.Context(), to); err == nil {
		err = s.store.AddRelationship(r.Context(), rel)
	}
	if err != nil {
		s.personProblem(w, r, p, err, to)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=saved#relationships", p.ID), http.StatusSeeOther)
}

func (s *Server) relationshipDelete(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	rid, _ := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	rels, err := s.store.Relationships(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, rel := range rels {
		if rel.ID == rid {
			if err := s.store.DeleteRelationship(r.Context(), rid); err != nil {
				s.renderError(w, r, err)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/people/%d?done=saved#relationships", p.ID), http.StatusSeeOther)
			return
		}
	}
	s.renderError(w, r, faces.Errorf(faces.ENOTFOUND, "Relationship not found."))
}

func (s *Server) buyingRoleAdd(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	b := &faces.BuyingRole{PersonID: p.ID, Role: r.PostFormValue("role")}
	company := &picker{Name: "company", Kind: "companies", Value: r.PostFormValue("company")}
	var err error
	if b.CompanyID, err = s.pick(r.Context(), company); err == nil {
		err = s.store.AddBuyingRole(r.Context(), b)
	}
	if err != nil {
		s.personProblem(w, r, p, err, company)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=saved#buying", p.ID), http.StatusSeeOther)
}

func (s *Server) buyingRoleDelete(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	bid, _ := strconv.ParseInt(r.PathValue("bid"), 10, 64)
	roles, err := s.store.BuyingRolesOf(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, b := range roles {
		if b.ID == bid {
			if err := s.store.DeleteBuyingRole(r.Context(), bid); err != nil {
				s.renderError(w, r, err)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/people/%d?done=saved#buying", p.ID), http.StatusSeeOther)
			return
		}
	}
	s.renderError(w, r, faces.Errorf(faces.ENOTFOUND, "Buying role not found."))
}

// personProblem shows the person's page again with what was wrong, for
// the small forms on it; other errors get the error page.
func (s *Server) personProblem(w http.ResponseWriter, r *http.Request, p *faces.Person, err error, typed ...*picker) {
	code := faces.ErrorCode(err)
	if code != faces.EINVALID && code != faces.ECONFLICT && code != faces.ENOTFOUND {
		s.renderError(w, r, err)
		return
	}
	msg := faces.ErrorMessage(err)
	for _, m := range fieldErrors(err) {
		msg += " " + m
	}
	s.renderPerson(w, r, statusOf(err), p, msg, typed...)
}
