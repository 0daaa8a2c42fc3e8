package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/contacts"
	"github.com/faces-org/faces/lens"
)

const pageSize = 48

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/people", http.StatusSeeOther)
}

// peopleList pages through people by name or by most recent change,
// optionally at one company, a cursor at a time.
func (s *Server) peopleList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := faces.PersonFilter{Limit: pageSize, Sort: faces.PersonSort(q.Get("sort"))}
	keep := url.Values{}
	if f.Sort != "" {
		keep.Set("sort", string(f.Sort))
	}
	if f.Tag = strings.TrimSpace(q.Get("tag")); f.Tag != "" {
		keep.Set("tag", f.Tag)
	}
	f.Role, f.Consent, f.Photo = q.Get("role"), q.Get("consent"), q.Get("photo")
	for _, k := range []string{"role", "consent", "photo", "view"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	var company *faces.Company
	var err error
	if f.After, err = faces.ParseCursor(q.Get("after")); err == nil && q.Get("company") != "" {
		if f.CompanyID, err = queryID(r, "company"); err == nil {
			company, err = s.store.FindCompanyByID(ctx, f.CompanyID)
			keep.Set("company", q.Get("company"))
		}
	}
	var people []*faces.Person
	var total int
	if err == nil {
		people, total, err = s.store.FindPeople(ctx, f)
	}
	if err == nil {
		err = s.markAtRisk(ctx, people)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var next *faces.Cursor
	if len(people) == pageSize {
		c := f.Sort.CursorOf(people[len(people)-1])
		next = &c
	}
	form := map[string]string{"sort": string(f.Sort), "tag": f.Tag, "role": f.Role, "consent": f.Consent, "photo": f.Photo, "view": q.Get("view")}
	s.render(w, r, http.StatusOK, "people", page{Title: "People", Form: form, Data: map[string]any{
		"People": people, "Company": company, "Pager": newCursorPager(keep, q.Get("after"), next, total), "Paged": f.After != nil,
		"Roles": faces.BuyingRoles, "Filtered": f.Role != "" || f.Consent != "" || f.Photo != "" || f.Tag != "" || company != nil,
		"Views": viewLinks(keep),
	}})
}

// viewLinks are the list's links to its card grid and to its table,
// with the same filters.
func viewLinks(keep url.Values) map[string]string {
	links := map[string]string{}
	for _, view := range []string{"cards", "table"} {
		q := url.Values{}
		for k, v := range keep {
			q[k] = v
		}
		q.Del("view")
		if view == "table" {
			q.Set("view", "table")
		}
		links[view] = "/people?" + q.Encode()
	}
	return links
}

func (s *Server) personShow(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	s.renderPerson(w, r, http.StatusOK, p, "")
}

// renderPerson shows a person's page; problem is what went wrong with one
// of the forms on it (a photo, a relationship), if anything.
func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, status int, p *faces.Person, problem string, typed ...*picker) {
	s.personPage(w, r, status, p, problem, nil, nil, typed...)
}

// renderPersonWith shows a person's page with what was typed into its
// insight form and what is wrong with it.
func (s *Server) renderPersonWith(w http.ResponseWriter, r *http.Request, status int, p *faces.Person, form, errs map[string]string) {
	s.personPage(w, r, status, p, "", form, errs)
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request, status int, p *faces.Person, problem string, form, errs map[string]string, typed ...*picker) {
	ctx, id := r.Context(), p.ID
	history, err1 := s.store.Positions(ctx, id)
	story, err2 := s.store.FindStory(ctx, id)
	consents, err3 := s.store.Consents(ctx, id)
	rels, err4 := s.store.Relationships(ctx, id)
	buying, err5 := s.store.BuyingRolesOf(ctx, id)
	planned, err6 := s.store.PlannedMoves(ctx, id)
	pin, err7 := s.store.PinOf(ctx, id)
	shown, err8 := s.store.WallHistory(ctx, id)
	visits, _, err9 := s.store.FindVisits(ctx, faces.VisitFilter{PersonID: id, Limit: 3})
	insights, err10 := s.store.FindInsights(ctx, faces.InsightFilter{PersonID: id, Limit: 20})
	insightForm, err11 := s.insightForm(r)
	following, err12 := s.store.Following(ctx, userFrom(ctx).ID, id)
	risks, err13 := s.store.OpenRisks(ctx, id, 0)
	reviewed, err14 := s.store.AnswersAbout(ctx, id)
	events, err15 := s.store.EventsOf(ctx, id, 5)
	words, err16 := s.lensWords(ctx)
	if err := firstErr(err1, err2, err3, err4, err5, err6, err7, err8, err9, err10, err11, err12, err13, err14, err15, err16); err != nil {
		s.renderError(w, r, err)
		return
	}
	now := faces.Now()
	var current *faces.Consent
	for _, c := range consents {
		if c.CurrentAt(now) {
			current = c
			break
		}
	}
	if form == nil {
		form = map[string]string{"verbatim": "on", "method": "visit"}
	}
	form["granted_on"] = now.Format(time.DateOnly)
	if form["since"] == "" {
		form["since"] = now.Format(time.DateOnly)
	}
	s.render(w, r, status, "person", page{Title: p.Name, Flash: r.URL.Query().Get("done"), Form: form, Errors: errs,
		Data: map[string]any{"Person": p, "History": history, "Planned": planned, "Story": story, "Consents": consents, "Consent": current,
			"Means": faces.ConsentMeans, "Now": now, "PhotoProblem": problem,
			"Relationships": relationshipRows(id, rels), "Kinds": faces.RelationshipKinds, "BuyingRoles": buying,
			"RoleNames": faces.BuyingRoles, "Pickers": personPickers(p, typed), "Pin": string(pin), "WallHistory": shown,
			"VisitList": visitList(visits, "person", id), "Insights": insights, "InsightForm": insightForm, "Following": following, "Risks": risks, "Reviewed": reviewed, "Events": events,
			"Lens": personLensReads(words, p, story, insights)}})
}

// personLensReads reads a person's texts through the lens: their notes
// and story, and the insights the page lists, those in their own words
// apart from those in ours.
func personLensReads(words lens.Known, p *faces.Person, story *faces.Story, insights []*faces.Insight) []lensRead {
	var theirs, ours []string
	for _, in := range insights {
		if in.Verbatim {
			theirs = append(theirs, in.Text)
		} else {
			ours = append(ours, in.Text)
		}
	}
	about := lens.Known{About: lens.AboutAPerson, Name: p.Name}
	reads := lensReads(words, about, "Notes", p.Notes, "Story card", story.Card, "Story", story.Body,
		"What they said or did, in our words", strings.Join(ours, "\n\n"))
	about.TheirWords = true
	return append(reads, lensReads(words, about, "In their words", strings.Join(theirs, "\n\n"))...)
}

// personPickers are the pickers of the small forms on a person's page:
// the other person of a relationship, and the company of a buying role
// (their current one to start with), or what was typed in them.
func personPickers(p *faces.Person, typed []*picker) map[string]*picker {
	out := map[string]*picker{"to": {Name: "to", Kind: "people"}, "company": {Name: "company", Kind: "companies"}}
	if p.Current != nil {
		out["company"].Value = fmt.Sprintf("%s · #%d", p.Current.CompanyName, p.Current.CompanyID)
	}
	for _, pk := range typed {
		out[pk.Name] = pk
	}
	return out
}

var personFields = []string{"name", "pronouns", "emails", "phones", "addresses", "links", "tags", "notes"}

func personForm(p *faces.Person) map[string]string {
	return map[string]string{"name": p.Name, "pronouns": p.Pronouns, "emails": lines(p.Emails), "phones": lines(p.Phones),
		"addresses": lines(p.Addresses), "links": lines(p.Links), "tags": commas(p.Tags), "notes": p.Notes}
}

func personFromForm(r *http.Request, p *faces.Person) {
	p.Name, p.Pronouns, p.Notes = r.PostFormValue("name"), r.PostFormValue("pronouns"), r.PostFormValue("notes")
	p.Emails, p.Phones, p.Links = splitLines(r.PostFormValue("emails")), splitLines(r.PostFormValue("phones")), splitLines(r.PostFormValue("links"))
	p.Addresses = splitLines(r.PostFormValue("addresses"))
	p.Tags = splitCommas(r.PostFormValue("tags"))
}

// personNew asks for a new person and, in the same step, where they work
// now (a company page's "add a person here" fills in the company).
func (s *Server) personNew(w http.ResponseWriter, r *http.Request) {
	company := &picker{Name: "company", Kind: "companies"}
	if id, err := queryID(r, "company"); err == nil && id != 0 {
		if c, err := s.store.FindCompanyByID(r.Context(), id); err == nil {
			company.Value = companyOption(c)
		}
	}
	s.render(w, r, http.StatusOK, "person_form", page{Title: "New person", Form: map[string]string{"since": faces.Today().Format(time.DateOnly)},
		Data: map[string]any{"Company": company}})
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) {
	p := &faces.Person{}
	personFromForm(r, p)
	form := formOf(r, append(personFields, "company", "title", "since")...)
	company := &picker{Name: "company", Kind: "companies", Value: form["company"]}
	var err error
	if form["company"] == "" && form["title"] == "" {
		err = s.store.CreatePerson(r.Context(), p)
	} else {
		first := faces.Move{Title: form["title"], On: faces.Today()}
		if form["since"] != "" {
			first.On, err = time.Parse(time.DateOnly, form["since"])
			if err != nil {
				err = &faces.Error{Code: faces.EINVALID, Message: "Please correct the person.", Fields: map[string]string{"on": "Give the day as YYYY-MM-DD."}}
			}
		}
		if err == nil {
			first.CompanyID, err = s.pick(r.Context(), company)
		}
		if err == nil {
			err = s.store.CreatePersonAt(r.Context(), p, first)
		}
	}
	if err != nil {
		s.formError(w, r, err, "person_form", "New person", form, map[string]any{"Company": company})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=created", p.ID), http.StatusSeeOther)
}

func (s *Server) personEdit(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "person_form", page{Title: "Edit " + p.Name, Form: personForm(p), Data: map[string]any{"Person": p}})
}

func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	personFromForm(r, p)
	if err := s.store.UpdatePerson(r.Context(), p); err != nil {
		s.formError(w, r, err, "person_form", "Edit person", formOf(r, personFields...), map[string]any{"Person": p})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=saved", p.ID), http.StatusSeeOther)
}

func (s *Server) personMoveForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	s.renderMove(w, r, http.StatusOK, p, map[string]string{"on": faces.Now().Format(time.DateOnly)}, nil, nil)
}

func (s *Server) renderMove(w http.ResponseWriter, r *http.Request, status int, p *faces.Person, form, errs map[string]string, company *picker) {
	if company == nil {
		company = &picker{Name: "company", Kind: "companies", Value: form["company"]}
	}
	s.render(w, r, status, "person_move", page{Title: "Move " + p.Name, Form: form, Errors: errs,
		Data: map[string]any{"Person": p, "Company": company}})
}

func (s *Server) personMove(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	form := formOf(r, "company", "title", "division", "on")
	m := faces.Move{Title: form["title"], Division: form["division"]}
	company := &picker{Name: "company", Kind: "companies", Value: form["company"]}
	var errs map[string]string
	status := http.StatusUnprocessableEntity
	var err error
	if m.CompanyID, err = s.pick(r.Context(), company); err != nil {
		if errs = fieldErrors(err); errs == nil {
			s.renderError(w, r, err)
			return
		}
	}
	if form["on"] != "" {
		on, err := time.Parse(time.DateOnly, form["on"])
		if err != nil {
			if errs == nil {
				errs = map[string]string{}
			}
			errs["on"] = "Give the day as YYYY-MM-DD."
		}
		m.On = on
	}
	if errs == nil {
		_, err := s.store.MovePerson(r.Context(), p.ID, m)
		if err == nil {
			done := "moved"
			if m.Planned() {
				done = "planned"
			}
			http.Redirect(w, r, fmt.Sprintf("/people/%d?done=%s", p.ID, done), http.StatusSeeOther)
			return
		}
		if errs = fieldErrors(err); errs == nil {
			s.renderError(w, r, err)
			return
		}
		status = statusOf(err)
	}
	s.renderMove(w, r, status, p, form, errs, company)
}

func (s *Server) findPerson(w http.ResponseWriter, r *http.Request) (*faces.Person, bool) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return nil, false
	}
	p, err := s.store.FindPersonByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return nil, false
	}
	return p, true
}

// formError shows a form again with what was typed and what is wrong, or
// the error page when the error is not about the input.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, view, title string, form map[string]string, data any) {
	errs := fieldErrors(err)
	if errs == nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, statusOf(err), view, page{Title: title, Form: form, Errors: errs, Data: data})
}

// personVCard downloads a person's card: vCard 4.0, as `faces export
// --vcard` writes it, for an address book or a phone.
func (s *Server) personVCard(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var card bytes.Buffer
	vw := contacts.NewVCardWriter(&card)
	found := false
	err = s.store.EachPersonRecord(r.Context(), faces.RecordFilter{IDs: []int64{id}, Photos: true}, func(rec *faces.PersonRecord) error {
		found = true
		return vw.Write(rec)
	})
	if err == nil && !found {
		err = faces.Errorf(faces.ENOTFOUND, "Person not found.")
	}
	if err == nil {
		err = vw.Flush()
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/vcard; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="person-%d.vcf"`, id))
	w.Write(card.Bytes())
}
