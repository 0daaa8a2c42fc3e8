package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

func (s *Server) companiesList(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key") == "1"
	after, err := faces.ParseCursor(r.URL.Query().Get("after"))
	var companies []*faces.Company
	var total int
	if err == nil {
		companies, total, err = s.store.FindCompanies(r.Context(), faces.CompanyFilter{KeyCustomer: key, After: after, Limit: pageSize})
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	keep := url.Values{}
	if key {
		keep.Set("key", "1")
	}
	var next *faces.Cursor
	if len(companies) == pageSize {
		last := companies[len(companies)-1]
		next = &faces.Cursor{Key: last.Name, ID: last.ID}
	}
	s.render(w, r, http.StatusOK, "companies", page{Title: "Companies", Data: map[string]any{
		"Companies": companies, "KeyOnly": key, "Pager": newCursorPager(keep, r.URL.Query().Get("after"), next, total)}})
}

func (s *Server) companyShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.findCompany(w, r)
	if !ok {
		return
	}
	s.renderCompany(w, r, http.StatusOK, c, nil, nil)
}

// renderCompany shows a company's page; form and errs are what was typed
// into its at-risk form and what is wrong with it.
func (s *Server) renderCompany(w http.ResponseWriter, r *http.Request, status int, c *faces.Company, form, errs map[string]string) {
	ctx := r.Context()
	people, total, err1 := s.store.FindPeople(ctx, faces.PersonFilter{CompanyID: c.ID, Limit: pageSize})
	buying, err2 := s.store.BuyingRolesAt(ctx, c.ID)
	former, _, err3 := s.store.FindPeople(ctx, faces.PersonFilter{FormerlyAt: c.ID, Limit: pageSize})
	visits, _, err4 := s.store.FindVisits(ctx, faces.VisitFilter{CompanyID: c.ID, Limit: 3})
	risks, err5 := s.store.OpenRisks(ctx, 0, c.ID)
	err6 := s.markAtRisk(ctx, people, former)
	reviews, err7 := s.store.Reviews(ctx, c.ID)
	words, err8 := s.lensWords(ctx)
	if err := firstErr(err1, err2, err3, err4, err5, err6, err7, err8); err != nil {
		s.renderError(w, r, err)
		return
	}
	if form == nil {
		form = map[string]string{"since": faces.Today().Format(time.DateOnly)}
	}
	s.render(w, r, status, "company", page{Title: c.Name, Flash: r.URL.Query().Get("done"), Form: form, Errors: errs,
		Data: map[string]any{"Company": c, "People": people, "Total": total, "Buying": buying, "Former": former,
			"VisitList": visitList(visits, "company", c.ID), "Risks": risks, "Reviews": reviews,
			"Lens": lensReads(words, lens.Known{About: lens.AboutACompany, Name: c.Name}, "Their story", c.Story)}})
}

var companyFields = []string{"name", "story", "key_customer", "locations"}

func companyForm(c *faces.Company) map[string]string {
	key := ""
	if c.KeyCustomer {
		key = "on"
	}
	return map[string]string{"name": c.Name, "story": c.Story, "key_customer": key, "locations": lines(c.Locations)}
}

func companyFromForm(r *http.Request, c *faces.Company) {
	c.Name, c.Story = r.PostFormValue("name"), r.PostFormValue("story")
	c.KeyCustomer = r.PostFormValue("key_customer") == "on"
	c.Locations = splitLines(r.PostFormValue("locations"))
}

func (s *Server) companyNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "company_form", page{Title: "New company", Form: map[string]string{}})
}

func (s *Server) companyCreate(w http.ResponseWriter, r *http.Request) {
	c := &faces.Company{}
	companyFromForm(r, c)
	if err := s.store.CreateCompany(r.Context(), c); err != nil {
		s.formError(w, r, err, "company_form", "New company", formOf(r, companyFields...), nil)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/companies/%d?done=created", c.ID), http.StatusSeeOther)
}

func (s *Server) companyEdit(w http.ResponseWriter, r *http.Request) {
	c, ok := s.findCompany(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "company_form", page{Title: "Edit " + c.Name, Form: companyForm(c), Data: c})
}

func (s *Server) companyUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.findCompany(w, r)
	if !ok {
		return
	}
	companyFromForm(r, c)
	if err := s.store.UpdateCompany(r.Context(), c); err != nil {
		s.formError(w, r, err, "company_form", "Edit company", formOf(r, companyFields...), c)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/companies/%d?done=saved", c.ID), http.StatusSeeOther)
}

func (s *Server) findCompany(w http.ResponseWriter, r *http.Request) (*faces.Company, bool) {
	return routeRecord(s, w, r, s.store.FindCompanyByID)
}

func lines(l []string) string  { return strings.Join(l, "\n") }
func commas(l []string) string { return strings.Join(l, ", ") }
