package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

// reviewNew asks, for each human of the account, what they are thinking.
func (s *Server) reviewNew(w http.ResponseWriter, r *http.Request) {
	c, ok := s.findCompany(w, r)
	if !ok {
		return
	}
	form := map[string]string{"title": "Account review, " + faces.Today().Format("January 2006")}
	s.renderReviewForm(w, r, http.StatusOK, c, form, nil)
}

func (s *Server) renderReviewForm(w http.ResponseWriter, r *http.Request, status int, c *faces.Company, form, errs map[string]string) {
	people, err := s.store.ReviewPeople(r.Context(), c.ID)
	if err == nil {
		list := make([]*faces.Person, len(people))
		for i, rp := range people {
			list[i] = rp.Person
		}
		err = s.markAtRisk(r.Context(), list)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "review_form", page{Title: "Review " + c.Name, Form: form, Errors: errs,
		Data: map[string]any{"Company": c, "People": people}})
}

// reviewCreate saves a review; the store reads its notes with the lens
// and flags a review that speaks of the company only in the abstract.
func (s *Server) reviewCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.findCompany(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, err)
		return
	}
	rv := &faces.Review{CompanyID: c.ID, Title: r.PostFormValue("title"), Notes: r.PostFormValue("notes")}
	form := map[string]string{"title": rv.Title, "notes": rv.Notes}
	for key, values := range r.PostForm {
		id, err := strconv.ParseInt(key[min(len(key), len("answer_")):], 10, 64)
		if len(key) <= len("answer_") || key[:len("answer_")] != "answer_" || err != nil || len(values) == 0 {
			continue
		}
		rv.Answers = append(rv.Answers, &faces.ReviewAnswer{PersonID: id, Answer: values[0]})
		form[key] = values[0]
	}
	if err := s.store.CreateReview(r.Context(), rv); err != nil {
		if faces.ErrorCode(err) == faces.EINVALID {
			s.renderReviewForm(w, r, http.StatusUnprocessableEntity, c, form, faces.ErrorFields(err))
			return
		}
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/reviews/%d", rv.ID), http.StatusSeeOther)
}

// reviewShow shows a review.
func (s *Server) reviewShow(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rv, err1 := s.store.FindReview(r.Context(), id)
	words, err2 := s.lensWords(r.Context())
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	reads := lensReads(words, lens.Known{About: lens.AboutACompany, Name: rv.CompanyName, People: rv.AnsweredFor()}, "Notes", rv.Notes) // the account's
	for _, a := range rv.Answers {
		reads = append(reads, lensReads(words, lens.Known{About: lens.AboutAPerson, Name: a.PersonName}, "What "+a.PersonName+" is thinking", a.Answer)...)
	}
	s.render(w, r, http.StatusOK, "review", page{Title: rv.Title, Data: map[string]any{"Review": rv, "Lens": reads}})
}
