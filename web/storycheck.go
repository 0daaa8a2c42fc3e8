package web

import (
	"net/http"
	"strings"

	"github.com/faces-org/faces"
)

// storyCheckPage shows what Faces knows of us — our own names, our words
// for our customers, and whether the wall leaves out cards about us — and
// the stories the story check flags.
func (s *Server) storyCheckPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.StoryCheck(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := map[string]string{"our_names": strings.Join(c.OurNames, "\n"), "customer_words": strings.Join(c.CustomerWords, "\n")}
	if c.WallSkips {
		form["wall_skips"] = "on"
	}
	s.renderStoryCheck(w, r, http.StatusOK, form, nil)
}

func (s *Server) renderStoryCheck(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) {
	flagged, err1 := s.store.StoriesAboutUs(r.Context(), 100)
	readingAgain, err2 := s.store.BeingReadAgain(r.Context())
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "story_check", page{Title: "Our names and words", Form: form, Errors: errs, Flash: r.URL.Query().Get("done"),
		Data: map[string]any{"Flagged": flagged, "ReadingAgain": readingAgain}})
}

// storyCheckSave stores the settings and checks every story again.
func (s *Server) storyCheckSave(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "our_names", "customer_words", "wall_skips")
	c := faces.StoryCheck{OurNames: strings.Split(form["our_names"], "\n"), CustomerWords: strings.Split(form["customer_words"], "\n"),
		WallSkips: form["wall_skips"] == "on"}
	err := s.store.SaveStoryCheck(r.Context(), c)
	if errs := fieldErrors(err); errs != nil {
		s.renderStoryCheck(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.readAgain()
	http.Redirect(w, r, "/story-check?done=1", http.StatusSeeOther)
}
