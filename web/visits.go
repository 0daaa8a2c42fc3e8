package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
	"github.com/faces-org/faces/photo"
)

// Visits: any staff member logs the visits they made (quick on a phone,
// right after), lists them by company, person or staff member, and sees
// the leaders' dashboard.

// visitPeople is how many customer people the form offers at once.
const visitPeople = 4

var visitFields = []string{"on", "company", "kind", "non_sales", "notes", "others"}

func (s *Server) visitsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := faces.VisitFilter{Limit: 30}
	var err error
	var title []string
	if f.PersonID, err = queryID(r, "person"); err == nil {
		if f.CompanyID, err = queryID(r, "company"); err == nil {
			f.StaffID, err = queryID(r, "staff")
		}
	}
	if err == nil {
		f.Before, err = faces.ParseCursor(q.Get("after"))
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	switch {
	case f.PersonID != 0:
		p, err := s.store.FindPersonByID(ctx, f.PersonID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		title = append(title, "with "+p.Name)
	case f.StaffID != 0:
		u, err := s.store.FindUserByID(ctx, f.StaffID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		title = append(title, "by "+u.Name)
	case f.CompanyID != 0:
		c, err := s.store.FindCompanyByID(ctx, f.CompanyID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		title = append(title, "at "+c.Name)
	}
	visits, total, err := s.store.FindVisits(ctx, f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var next *faces.Cursor
	if len(visits) == f.Limit {
		last := visits[len(visits)-1]
		c := faces.DayCursor(last.On, last.ID)
		next = &c
	}
	keep := url.Values{}
	for _, k := range []string{"person", "company", "staff"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	pager := newCursorPager(keep, q.Get("after"), next, total)
	s.render(w, r, http.StatusOK, "visits", page{Title: strings.TrimSpace("Visits " + strings.Join(title, " ")), Flash: r.URL.Query().Get("done"),
		Data: map[string]any{"Visits": visits, "Pager": pager, "Now": faces.Now(), "Kinds": faces.VisitKindNames}})
}

// visitList is what the "visitlist" template shows on a person's or a
// company's page: the latest visits, and links to all and to log one.
func visitList(visits []*faces.Visit, by string, id int64) map[string]any {
	q := "?" + by + "=" + strconv.FormatInt(id, 10)
	return map[string]any{"Visits": visits, "More": "/visits" + q, "New": "/visits/new" + q}
}

func (s *Server) visitNew(w http.ResponseWriter, r *http.Request) {
	form := map[string]string{"on": faces.Now().Format(time.DateOnly), "non_sales": "on", "kind": "observe"}
	company := &picker{Name: "company", Kind: "companies"}
	if id, err := strconv.ParseInt(r.URL.Query().Get("company"), 10, 64); err == nil {
		if c, err := s.store.FindCompanyByID(r.Context(), id); err == nil {
			company.Value = companyOption(c)
		}
	}
	people := make([]*picker, visitPeople)
	for i := range people {
		people[i] = &picker{Name: "person_" + strconv.Itoa(i+1), Kind: "people", Optional: true}
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("person"), 10, 64); err == nil {
		if p, err := s.store.FindPersonByID(r.Context(), id); err == nil {
			people[0].Value = personOption(p)
			if p.Current != nil && company.Value == "" {
				company.Value = companyOption(&faces.Company{ID: p.Current.CompanyID, Name: p.Current.CompanyName})
			}
		}
	}
	s.renderVisitForm(w, r, http.StatusOK, form, nil, company, people, "/visits")
}

func (s *Server) renderVisitForm(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string, company *picker, people []*picker, action string) {
	title := "Log a visit"
	if action != "/visits" {
		title = "Change the visit"
	}
	s.render(w, r, status, "visit_form", page{Title: title, Form: form, Errors: errs,
		Data: map[string]any{"Company": company, "People": people, "Kinds": faces.VisitKinds, "KindNames": faces.VisitKindNames, "Action": action}})
}

// visitCreate logs a visit. The one who logs it went; others from our
// side are named by email.
func (s *Server) visitCreate(w http.ResponseWriter, r *http.Request) {
	v := &faces.Visit{StaffIDs: []int64{userFrom(r.Context()).ID}}
	s.saveVisit(w, r, v, "/visits", s.store.CreateVisit)
}

// visitEdit shows a visit's form to its author or an editor.
func (s *Server) visitEdit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visitToChange(w, r)
	if !ok {
		return
	}
	form := map[string]string{"on": v.On.Format(time.DateOnly), "kind": v.Kind, "notes": v.Notes}
	if v.NonSales {
		form["non_sales"] = "on"
	}
	company := &picker{Name: "company", Kind: "companies", Value: companyOption(&faces.Company{ID: v.CompanyID, Name: v.CompanyName})}
	people := make([]*picker, max(visitPeople, len(v.People)+1))
	for i := range people {
		people[i] = &picker{Name: "person_" + strconv.Itoa(i+1), Kind: "people", Optional: true}
		if i < len(v.People) {
			people[i].Value = v.People[i].Name + " · #" + strconv.FormatInt(v.People[i].ID, 10)
		}
	}
	var emails []string
	for _, st := range v.Staff {
		if u, err := s.store.FindUserByID(r.Context(), st.ID); err == nil {
			emails = append(emails, u.Email)
		}
	}
	form["others"] = strings.Join(emails, ", ")
	s.renderVisitForm(w, r, http.StatusOK, form, nil, company, people, "/visits/"+strconv.FormatInt(v.ID, 10))
}

// visitUpdate saves a visit's form; who went is exactly who is named.
func (s *Server) visitUpdate(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visitToChange(w, r)
	if !ok {
		return
	}
	v.PersonIDs, v.StaffIDs = nil, nil
	s.saveVisit(w, r, v, "/visits/"+strconv.FormatInt(v.ID, 10), s.store.UpdateVisit)
}

// visitToChange loads the route's visit for its author or an editor.
func (s *Server) visitToChange(w http.ResponseWriter, r *http.Request) (*faces.Visit, bool) {
	v, ok := s.findVisit(w, r)
	if !ok {
		return nil, false
	}
	if u := userFrom(r.Context()); !u.Role.CanEdit() && v.CreatedBy != u.ID {
		s.renderError(w, r, faces.Errorf(faces.EFORBIDDEN, "Only who logged this visit, or an editor, may change it."))
		return nil, false
	}
	return v, true
}

// saveVisit reads the visit form into v and stores it with save; on bad
// input the form comes back with what was typed and what is wrong.
func (s *Server) saveVisit(w http.ResponseWriter, r *http.Request, v *faces.Visit, action string, save func(context.Context, *faces.Visit) error) {
	ctx := r.Context()
	form := formOf(r, visitFields...)
	errs := map[string]string{}
	v.Kind, v.NonSales, v.Notes = form["kind"], form["non_sales"] == "on", form["notes"]
	if on, err := time.Parse(time.DateOnly, form["on"]); err == nil {
		v.On = on
	} else {
		errs["on"] = "Give the day as YYYY-MM-DD."
	}
	company := &picker{Name: "company", Kind: "companies", Value: form["company"]}
	if id, err := s.pick(ctx, company); err == nil {
		v.CompanyID = id
	} else if fe := fieldErrors(err); fe != nil {
		errs["company"] = fe["company"]
	} else {
		s.renderError(w, r, err)
		return
	}
	var people []*picker
	for i := 0; i < 50; i++ {
		name := "person_" + strconv.Itoa(i+1)
		if _, sent := r.PostForm[name]; !sent && i >= visitPeople {
			break
		}
		pk := &picker{Name: name, Kind: "people", Value: r.PostFormValue(name), Optional: true}
		people = append(people, pk)
		id, err := s.pick(ctx, pk)
		if fe := fieldErrors(err); fe != nil {
			errs[name] = fe[name]
		} else if err != nil {
			s.renderError(w, r, err)
			return
		}
		if id != 0 {
			v.PersonIDs = append(v.PersonIDs, id)
		}
		form[name] = pk.Value
	}
	for _, email := range strings.FieldsFunc(form["others"], func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' }) {
		u, err := s.store.FindUserByEmail(ctx, strings.ToLower(email))
		if err != nil {
			errs["others"] = "No staff account has the email " + email + "."
			break
		}
		v.StaffIDs = append(v.StaffIDs, u.ID)
	}
	if len(errs) == 0 {
		err := save(ctx, v)
		if err == nil {
			http.Redirect(w, r, "/visits/"+strconv.FormatInt(v.ID, 10)+"?done=logged", http.StatusSeeOther)
			return
		}
		fe := fieldErrors(err)
		if fe == nil {
			s.renderError(w, r, err)
			return
		}
		rename := map[string]string{"company_id": "company", "staff_ids": "others", "person_ids": "person_1"}
		for k, msg := range fe {
			if field, ok := rename[k]; ok {
				k = field
			}
			errs[k] = msg
		}
	}
	s.renderVisitForm(w, r, http.StatusUnprocessableEntity, form, errs, company, people, action)
}

func (s *Server) visitShow(w http.ResponseWriter, r *http.Request) {
	v, ok := s.findVisit(w, r)
	if !ok {
		return
	}
	s.renderVisit(w, r, http.StatusOK, v, nil, nil)
}

// renderVisit shows a visit with the insights learned on it, and the form
// to add one (with what was typed and what is wrong, after a refusal).
func (s *Server) renderVisit(w http.ResponseWriter, r *http.Request, status int, v *faces.Visit, form, errs map[string]string) {
	u := userFrom(r.Context())
	insights, err1 := s.store.FindInsights(r.Context(), faces.InsightFilter{VisitID: v.ID, Limit: 100})
	insightForm, err2 := s.insightForm(r)
	answers, err3 := s.store.Answers(r.Context(), v.ID)
	guides, err4 := s.store.FindGuides(r.Context())
	photos, err5 := s.store.VisitPhotos(r.Context(), v.ID)
	words, err6 := s.lensWords(r.Context())
	if err := firstErr(err1, err2, err3, err4, err5, err6); err != nil {
		s.renderError(w, r, err)
		return
	}
	if form == nil {
		form = map[string]string{"verbatim": "on", "method": "visit"}
	}
	s.render(w, r, status, "visit", page{Title: "Visit to " + v.CompanyName, Flash: r.URL.Query().Get("done"), Form: form, Errors: errs,
		Data: map[string]any{"Visit": v, "Kind": faces.VisitKindNames[v.Kind], "Planned": v.Planned(faces.Now()),
			"CanDelete": u.Role.CanEdit() || v.CreatedBy == u.ID, "Insights": insights, "InsightForm": insightForm,
			"Answers": answers, "Guides": guides, "Photos": photos, "Lens": lensReads(words, lens.Known{About: lens.AboutACompany, Name: v.CompanyName, People: faces.NamesOf(v.People), Colleagues: faces.NamesOf(v.Staff)}, "What we saw and learned", v.Notes)}})
}

func (s *Server) findVisit(w http.ResponseWriter, r *http.Request) (*faces.Visit, bool) {
	return routeRecord(s, w, r, s.store.FindVisitByID)
}

// visitPhotoUpload adds a photo to a visit, through the same pipeline and
// limits as a portrait.
func (s *Server) visitPhotoUpload(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visitToChange(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, photo.MaxBytes+uploadSlack)
	part, err := photoPart(r)
	if err == nil {
		err = s.processUpload(r, part, func(ctx context.Context, hash string, renditions map[string][]byte) error {
			return s.store.AddVisitPhoto(ctx, v.ID, hash, renditions)
		})
	}
	if err != nil {
		switch faces.ErrorCode(err) {
		case faces.EINVALID, faces.ETOOLARGE, faces.EUNAVAILABLE:
			if statusOf(err) == http.StatusServiceUnavailable {
				w.Header().Set("Retry-After", retryAfter)
			}
			s.renderVisit(w, r, statusOf(err), v, nil, map[string]string{"photo": faces.ErrorMessage(err)})
		default:
			s.renderError(w, r, err)
		}
		return
	}
	http.Redirect(w, r, "/visits/"+strconv.FormatInt(v.ID, 10)+"?done=photo#photos", http.StatusSeeOther)
}

func (s *Server) visitPhotoDelete(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visitToChange(w, r)
	if !ok {
		return
	}
	if err := s.store.RemoveVisitPhoto(r.Context(), v.ID, r.PathValue("hash")); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/visits/"+strconv.FormatInt(v.ID, 10)+"#photos", http.StatusSeeOther)
}

// visitDelete removes a visit: its author may, and editors.
func (s *Server) visitDelete(w http.ResponseWriter, r *http.Request) {
	v, ok := s.findVisit(w, r)
	if !ok {
		return
	}
	if u := userFrom(r.Context()); !u.Role.CanEdit() && v.CreatedBy != u.ID {
		s.renderError(w, r, faces.Errorf(faces.EFORBIDDEN, "Only who logged this visit, or an editor, may remove it."))
		return
	}
	if err := s.store.DeleteVisit(r.Context(), v.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/visits?done=removed", http.StatusSeeOther)
}

func (s *Server) visitDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.VisitDashboard(r.Context(), faces.Now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	staff, visited := 0, 0
	most := 1
	for _, t := range d.Teams {
		staff, visited = staff+t.Staff, visited+t.Visited
	}
	for _, m := range d.ByMonth {
		most = max(most, m.Visits)
	}
	s.render(w, r, http.StatusOK, "visit_dashboard", page{Title: "Who visits customers",
		Data: map[string]any{"Dashboard": d, "Staff": staff, "Visited": visited, "Most": most}})
}
