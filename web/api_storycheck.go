package web

import (
	"net/http"

	"github.com/faces-org/faces"
)

// apiStoryCheck is what Faces knows of us: our own names, our words for
// our customers, and whether the wall leaves out stories about us (the
// page "Our names and words").
type apiStoryCheck struct {
	OurNames      []string `json:"our_names"`
	CustomerWords []string `json:"customer_words"`
	WallSkips     bool     `json:"wall_skips"`
}

// toAPIStoryCheck gives the settings as the store reads them, whose lists
// are empty, never null, when nothing is set.
func toAPIStoryCheck(c faces.StoryCheck) apiStoryCheck {
	return apiStoryCheck{OurNames: c.OurNames, CustomerWords: c.CustomerWords, WallSkips: c.WallSkips}
}

func (s *Server) apiStoryCheck(w http.ResponseWriter, r *http.Request) (int, any, error) {
	c, err := s.store.StoryCheck(r.Context())
	return http.StatusOK, toAPIStoryCheck(c), err
}

// apiStoryCheckSave stores the settings, has every story and text read
// again with them in the background when they changed, and answers with
// the settings as stored (empty and repeated names gone).
func (s *Server) apiStoryCheckSave(w http.ResponseWriter, r *http.Request) (int, any, error) {
	in, err := decode[apiStoryCheck](w, r)
	if err != nil {
		return 0, nil, err
	}
	c := faces.StoryCheck{OurNames: in.OurNames, CustomerWords: in.CustomerWords, WallSkips: in.WallSkips}
	if err := s.store.SaveStoryCheck(r.Context(), c); err != nil {
		return 0, nil, err
	}
	s.readAgain()
	c, err = s.store.StoryCheck(r.Context())
	return http.StatusOK, toAPIStoryCheck(c), err
}
