package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/faces-org/faces"
)

// Insights in customers' own words, from a person's page or a visit's,
// and the themes they are grouped into, with how well each is backed.

var insightFields = []string{"person", "type", "method", "verbatim", "text", "theme"}

// insightCreate records an insight from a form on a person's page or a
// visit's page (which names the visit), and goes back there.
func (s *Server) insightCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	form := formOf(r, append(insightFields, "visit", "back")...)
	in := &faces.Insight{Type: form["type"], Method: form["method"], Verbatim: form["verbatim"] == "on", Text: form["text"]}
	in.PersonID, _ = strconv.ParseInt(form["person"], 10, 64)
	in.VisitID, _ = strconv.ParseInt(form["visit"], 10, 64)
	in.ThemeID, _ = strconv.ParseInt(form["theme"], 10, 64)
	back := "/people/" + strconv.FormatInt(in.PersonID, 10)
	if in.VisitID != 0 {
		back = "/visits/" + strconv.FormatInt(in.VisitID, 10)
	}
	err := s.store.CreateInsight(ctx, in)
	if errs := fieldErrors(err); errs != nil {
		// Back to the page with the problem and what was typed.
		s.renderInsightProblem(w, r, in, form, errs)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, back+"?done=insight#insights", http.StatusSeeOther)
}

// renderInsightProblem shows the page the insight form was on again,
// with what is wrong and what was typed.
func (s *Server) renderInsightProblem(w http.ResponseWriter, r *http.Request, in *faces.Insight, form, errs map[string]string) {
	if in.VisitID != 0 {
		v, err := s.store.FindVisitByID(r.Context(), in.VisitID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.renderVisit(w, r, http.StatusUnprocessableEntity, v, form, errs)
		return
	}
	p, err := s.store.FindPersonByID(r.Context(), in.PersonID)
	if err != nil {
		s.renderError(w, r, faces.Errorf(faces.EINVALID, "Say who said or did it."))
		return
	}
	s.renderPersonWith(w, r, http.StatusUnprocessableEntity, p, form, errs)
}

// insightForm is what the insight form needs besides what was typed.
func (s *Server) insightForm(r *http.Request) (map[string]any, error) {
	themes, err := s.store.FindThemes(r.Context())
	return map[string]any{"Types": faces.InsightTypes, "TypeNames": faces.InsightTypeNames, "Methods": faces.InsightMethods, "Themes": themes}, err
}

func (s *Server) insightTheme(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	theme, _ := strconv.ParseInt(r.PostFormValue("theme"), 10, 64)
	if err := s.store.SetInsightTheme(r.Context(), id, theme); err != nil {
		s.renderError(w, r, err)
		return
	}
	back := r.PostFormValue("back")
	if back != "" && safeNext(back) == back {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/themes/"+strconv.FormatInt(theme, 10), http.StatusSeeOther)
}

func (s *Server) themesList(w http.ResponseWriter, r *http.Request) {
	s.renderThemes(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderThemes(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) {
	themes, err := s.store.FindThemes(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	type row struct {
		*faces.Theme
		faces.Triangulation
	}
	all, err := s.store.TriangulateAll(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rows := make([]row, 0, len(themes))
	for _, t := range themes {
		rows = append(rows, row{t, all[t.ID]})
	}
	s.render(w, r, status, "themes", page{Title: "Themes", Form: form, Errors: errs, Data: map[string]any{"Themes": rows}})
}

func (s *Server) themeCreate(w http.ResponseWriter, r *http.Request) {
	t := &faces.Theme{Name: r.PostFormValue("name")}
	err := s.store.CreateTheme(r.Context(), t)
	if errs := fieldErrors(err); errs != nil {
		s.renderThemes(w, r, http.StatusUnprocessableEntity, formOf(r, "name"), errs)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/themes/"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
}

func (s *Server) themeShow(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	t, err := s.store.FindThemeByID(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ins, err1 := s.store.FindInsights(ctx, faces.InsightFilter{ThemeID: id, Limit: 500})
	tr, err2 := s.store.Triangulate(ctx, id)
	// Suggestions: the latest insights in no theme, ranked by the words
	// they share with this one.
	loose, err3 := s.store.FindInsights(ctx, faces.InsightFilter{Unthemed: true, Limit: 1000})
	if err := firstErr(err1, err2, err3); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "theme", page{Title: t.Name, Data: map[string]any{"Theme": t, "Insights": ins, "T": tr,
		"Suggestions": faces.SuggestForTheme(t, ins, loose, 10), "Here": r.URL.Path,
		"TypeNames": faces.InsightTypeNames, "Fresh": !tr.Latest.IsZero() && faces.Now().Sub(tr.Latest) < 365*24*time.Hour}})
}

// wishesList is the wish list for the product team: open wishes, newest
// first, of everyone or of a company or a person; ?done=1 shows those
// done too.
func (s *Server) wishesList(w http.ResponseWriter, r *http.Request) {
	f := faces.InsightFilter{Type: "wish", Open: r.URL.Query().Get("done") == "", Limit: 200}
	var err error
	if f.CompanyID, err = queryID(r, "company"); err == nil {
		f.PersonID, err = queryID(r, "person")
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	title := "Wishes"
	switch {
	case f.PersonID != 0:
		p, err := s.store.FindPersonByID(r.Context(), f.PersonID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		title = p.Name + "'s wishes"
	case f.CompanyID != 0:
		c, err := s.store.FindCompanyByID(r.Context(), f.CompanyID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		title = "Wishes at " + c.Name
	}
	wishes, err := s.store.FindInsights(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	all := r.URL.Query()
	all.Set("done", "1")
	s.render(w, r, http.StatusOK, "wishes", page{Title: title, Data: map[string]any{"Wishes": wishes, "Open": f.Open,
		"AllURL": "/wishes?" + all.Encode(), "Here": r.URL.RequestURI()}})
}

// wishMark marks a wish done or open again, and goes back to the list.
func (s *Server) wishMark(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.store.MarkWish(r.Context(), id, r.PostFormValue("done") == "yes"); err != nil {
		s.renderError(w, r, err)
		return
	}
	back := r.PostFormValue("back")
	if back == "" || safeNext(back) != back {
		back = "/wishes"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
