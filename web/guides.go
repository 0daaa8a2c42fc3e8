package web

import (
	"net/http"
	"strconv"

	"github.com/faces-org/faces"
)

// Interview guides: the list and a new one, and a guide used on a visit
// with one of the people met.

func (s *Server) guidesList(w http.ResponseWriter, r *http.Request) {
	s.renderGuides(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderGuides(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) {
	guides, err := s.store.FindGuides(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "guides", page{Title: "Interview guides", Form: form, Errors: errs, Data: map[string]any{"Guides": guides}})
}

func (s *Server) guideCreate(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "name", "about", "questions")
	g := &faces.Guide{Name: form["name"], About: form["about"]}
	for _, line := range splitLines(form["questions"]) {
		g.Questions = append(g.Questions, faces.GuideQuestion{Text: line})
	}
	err := s.store.CreateGuide(r.Context(), g)
	if errs := fieldErrors(err); errs != nil {
		s.renderGuides(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/guides#guide-"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
}

// visitGuide shows a guide's questions to answer for one person met on a
// visit; a question that links people offers a picker to name whom.
func (s *Server) visitGuide(w http.ResponseWriter, r *http.Request) {
	v, ok := s.findVisit(w, r)
	if !ok {
		return
	}
	guideID, _ := strconv.ParseInt(r.URL.Query().Get("guide"), 10, 64)
	personID, _ := strconv.ParseInt(r.URL.Query().Get("person"), 10, 64)
	s.renderVisitGuide(w, r, http.StatusOK, v, guideID, personID, map[string]string{}, nil)
}

func (s *Server) renderVisitGuide(w http.ResponseWriter, r *http.Request, status int, v *faces.Visit, guideID, personID int64, form, errs map[string]string) {
	g, err := s.store.FindGuideByID(r.Context(), guideID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var person *faces.Named
	for i := range v.People {
		if v.People[i].ID == personID {
			person = &v.People[i]
		}
	}
	if person == nil {
		s.renderError(w, r, faces.Errorf(faces.EINVALID, "Choose someone met on this visit."))
		return
	}
	pickers := map[int64]*picker{}
	for _, q := range g.Questions {
		if q.Links != "" {
			name := "named_" + strconv.FormatInt(q.ID, 10)
			pickers[q.ID] = &picker{Name: name, Kind: "people", Value: form[name], Optional: true}
		}
	}
	s.render(w, r, status, "visit_guide", page{Title: g.Name + " with " + person.Name, Form: form, Errors: errs,
		Data: map[string]any{"Visit": v, "Guide": g, "Person": person, "Pickers": pickers}})
}

// visitAnswers stores the answers; a name typed for a linking question is
// found like any picker's, and what was typed stays when it is not.
func (s *Server) visitAnswers(w http.ResponseWriter, r *http.Request) {
	v, ok := s.findVisit(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	guideID, _ := strconv.ParseInt(r.PostFormValue("guide"), 10, 64)
	personID, _ := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	g, err := s.store.FindGuideByID(ctx, guideID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form, errs := map[string]string{}, map[string]string{}
	var answers []faces.Answer
	for _, q := range g.Questions {
		key := strconv.FormatInt(q.ID, 10)
		a := faces.Answer{QuestionID: q.ID, Text: r.PostFormValue("answer_" + key)}
		form["answer_"+key] = a.Text
		if q.Links != "" {
			pk := &picker{Name: "named_" + key, Kind: "people", Value: r.PostFormValue("named_" + key), Optional: true}
			form[pk.Name] = pk.Value
			id, err := s.pick(ctx, pk)
			if fe := fieldErrors(err); fe != nil {
				errs[pk.Name] = fe[pk.Name]
			} else if err != nil {
				s.renderError(w, r, err)
				return
			}
			a.NamedPersonID = id
		}
		answers = append(answers, a)
	}
	if len(errs) == 0 {
		err := s.store.SaveAnswers(ctx, v.ID, personID, answers)
		if err == nil {
			http.Redirect(w, r, "/visits/"+strconv.FormatInt(v.ID, 10)+"?done=answers#answers", http.StatusSeeOther)
			return
		}
		if errs = fieldErrors(err); errs == nil {
			s.renderError(w, r, err)
			return
		}
	}
	s.renderVisitGuide(w, r, http.StatusUnprocessableEntity, v, guideID, personID, form, errs)
}
