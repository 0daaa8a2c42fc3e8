package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

// markAtRisk fills in the at-risk flag of each person shown, in one query.
func (s *Server) markAtRisk(ctx context.Context, lists ...[]*faces.Person) error {
	var ids []int64
	for _, people := range lists {
		for _, p := range people {
			ids = append(ids, p.ID)
		}
	}
	at, err := s.store.PeopleAtRisk(ctx, ids)
	for _, people := range lists {
		for _, p := range people {
			p.AtRisk = at[p.ID]
		}
	}
	return err
}

// riskFlag raises an at-risk flag on a person or a company.
func (s *Server) riskFlag(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	risk := &faces.Risk{Reason: r.PostFormValue("reason")}
	if risk.Since, err = time.Parse(time.DateOnly, r.PostFormValue("since")); err != nil {
		risk.Since = faces.Today()
	}
	back := fmt.Sprintf("/people/%d", id)
	if strings.HasPrefix(r.URL.Path, "/companies/") {
		risk.CompanyID, back = id, fmt.Sprintf("/companies/%d", id)
	} else {
		risk.PersonID = id
	}
	if err := s.store.FlagRisk(r.Context(), risk); err != nil {
		if faces.ErrorCode(err) != faces.EINVALID {
			s.renderError(w, r, err)
			return
		}
		// What is wrong, on the page, with what was typed.
		form := map[string]string{"reason": r.PostFormValue("reason"), "since": r.PostFormValue("since")}
		errs := faces.ErrorFields(err)
		if risk.CompanyID > 0 {
			if c, ok := s.findCompany(w, r); ok {
				s.renderCompany(w, r, http.StatusUnprocessableEntity, c, form, errs)
			}
			return
		}
		if p, ok := s.findPerson(w, r); ok {
			s.renderPersonWith(w, r, http.StatusUnprocessableEntity, p, form, errs)
		}
		return
	}
	http.Redirect(w, r, back+"?done=risk#risk", http.StatusSeeOther)
}

// riskClear clears a flag.
func (s *Server) riskClear(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	risk, err := s.store.ClearRisk(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	back := fmt.Sprintf("/people/%d", risk.PersonID)
	if risk.CompanyID > 0 {
		back = fmt.Sprintf("/companies/%d", risk.CompanyID)
	}
	http.Redirect(w, r, back+"?done=risk-cleared#risk", http.StatusSeeOther)
}
