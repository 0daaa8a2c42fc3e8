package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/faces-org/faces"
)

// storyCheckPage shows the story check's settings — our own names, and
// whether the wall leaves out cards about us — and the stories it flags.
func (s *Server) storyCheckPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.StoryCheck(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := map[string]string{"our_names": strings.Join(c.OurNames, "\n")}
	if c.WallSkips {
		form["wall_skips"] = "on"
	}
	s.renderStoryCheck(w, r, http.StatusOK, form, nil)
}

func (s *Server) renderStoryCheck(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) {
	flagged, err := s.store.StoriesAboutUs(r.Context(), 100)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "story_check", page{Title: "Story check", Form: form, Errors: errs, Flash: r.URL.Query().Get("done"),
		Data: map[string]any{"Flagged": flagged}})
}

// storyCheckSave stores the settings and checks every story again.
func (s *Server) storyCheckSave(w http.ResponseWriter, r *http.Request) {
	form := formOf(r, "our_names", "wall_skips")
	c := faces.StoryCheck{OurNames: strings.Split(form["our_names"], "\n"), WallSkips: form["wall_skips"] == "on"}
	n, err := s.store.SaveStoryCheck(r.Context(), c)
	if errs := fieldErrors(err); errs != nil {
		s.renderStoryCheck(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/story-check?done="+strconv.Itoa(n), http.StatusSeeOther)
}
