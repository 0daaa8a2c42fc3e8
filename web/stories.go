package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

func (s *Server) storyForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	st, err := s.store.FindStory(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := map[string]string{"card": st.Card, "body": st.Body, "source": st.Source, "source_of": st.SourceOf}
	flash := ""
	if id, err := strconv.ParseInt(r.URL.Query().Get("visit"), 10, 64); err == nil {
		if flash, err = s.draftFromVisit(r, p, id, form); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "story_form", page{Title: p.Name + "'s story", Form: form, Flash: flash,
		Data: map[string]any{"Person": p, "Sources": faces.StorySources, "MaxCard": faces.MaxCardLen}})
}

// draftFromVisit fills a story form from a visit the person was met on:
// the visit as its source, their own words from it (or the visit's notes)
// as a draft card, the notes as the story when there is none yet. Nothing
// is saved until the editor saves it, ready for consent and the wall.
func (s *Server) draftFromVisit(r *http.Request, p *faces.Person, visitID int64, form map[string]string) (string, error) {
	v, err := s.store.FindVisitByID(r.Context(), visitID)
	if err != nil {
		return "", err
	}
	if !slices.Contains(v.PersonIDs, p.ID) {
		return "", faces.Errorf(faces.EINVALID, "%s was not met on that visit.", p.Name)
	}
	ins, err := s.store.FindInsights(r.Context(), faces.InsightFilter{VisitID: v.ID, PersonID: p.ID, Limit: 10})
	if err != nil {
		return "", err
	}
	draft := v.Notes
	for _, in := range ins {
		if in.Verbatim {
			draft = "“" + in.Text + "”"
			break
		}
	}
	form["source"], form["source_of"] = "visit", fmt.Sprintf("Visit to %s on %s", v.CompanyName, v.On.Format("2 Jan 2006"))
	if form["card"] == "" {
		form["card"] = cardDraft(draft)
	}
	if form["body"] == "" {
		form["body"] = v.Notes
	}
	return "Drafted from the visit to " + v.CompanyName + ": check it, then save.", nil
}

// cardDraft shortens a text to what a wall card holds, at a sentence or a
// word.
func cardDraft(text string) string {
	runes := []rune(strings.TrimSpace(text))
	if len(runes) <= faces.MaxCardLen {
		return string(runes)
	}
	cut := string(runes[:faces.MaxCardLen-1])
	if i := strings.LastIndexAny(cut, ".!?"); i > faces.MaxCardLen/3 {
		return cut[:i+1]
	}
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return cut + "…"
}

func (s *Server) storySave(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	form := formOf(r, "card", "body", "source", "source_of", "as_it_is")
	st := &faces.Story{PersonID: p.ID, Card: form["card"], Body: form["body"], Source: form["source"], SourceOf: form["source_of"]}
	// The story check, before saving: a story about our product comes
	// back with the sentences that make it so, unless the writer says it
	// is about them as it is.
	check, err := s.store.StoryCheck(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if found := lens.AboutUs(strings.TrimSpace(st.Card)+"\n\n"+strings.TrimSpace(st.Body), check.OurNames); len(found) > 0 && form["as_it_is"] != "on" {
		s.render(w, r, http.StatusUnprocessableEntity, "story_form", page{Title: p.Name + "'s story", Form: form,
			Data: map[string]any{"Person": p, "Sources": faces.StorySources, "MaxCard": faces.MaxCardLen, "AboutUs": found}})
		return
	}
	if err := s.store.SaveStory(r.Context(), st); err != nil {
		s.formError(w, r, err, "story_form", p.Name+"'s story", form,
			map[string]any{"Person": p, "Sources": faces.StorySources, "MaxCard": faces.MaxCardLen})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=saved", p.ID), http.StatusSeeOther)
}

func (s *Server) consentGrant(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	c := &faces.Consent{PersonID: p.ID, Means: r.PostFormValue("means"), Note: r.PostFormValue("note")}
	var errs map[string]string
	for field, dst := range map[string]*time.Time{"granted_on": &c.GrantedOn, "until": &c.Until} {
		if v := r.PostFormValue(field); v != "" {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil {
				errs = map[string]string{field: "Give the day as YYYY-MM-DD."}
			}
			*dst = d
		}
	}
	if errs == nil {
		err := s.store.GrantConsent(r.Context(), c)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/people/%d?done=consent#consent", p.ID), http.StatusSeeOther)
			return
		}
		if errs = fieldErrors(err); errs == nil {
			s.renderError(w, r, err)
			return
		}
	}
	msg := "Consent was not recorded: "
	for _, m := range errs {
		msg += m + " "
	}
	s.renderError(w, r, &faces.Error{Code: faces.EINVALID, Message: msg})
}

func (s *Server) consentRevoke(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	cid, _ := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	consents, err := s.store.Consents(r.Context(), p.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, c := range consents {
		if c.ID == cid {
			if err := s.store.RevokeConsent(r.Context(), cid); err != nil {
				s.renderError(w, r, err)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/people/%d?done=revoked#consent", p.ID), http.StatusSeeOther)
			return
		}
	}
	s.renderError(w, r, faces.Errorf(faces.ENOTFOUND, "Consent not found."))
}
