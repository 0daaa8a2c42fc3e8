package web

import (
	"net/http"
	"strconv"

	"github.com/faces-org/faces"
)

// personFollow follows or unfollows a person from their page.
func (s *Server) personFollow(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u := userFrom(r.Context())
	if r.PostFormValue("follow") == "no" {
		err = s.store.Unfollow(r.Context(), u.ID, id)
	} else {
		err = s.store.Follow(r.Context(), u.ID, id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/people/"+strconv.FormatInt(id, 10)+"#follow", http.StatusSeeOther)
}

// notificationsList shows the staff member's notifications; reading the
// page does not mark them read, the button does.
func (s *Server) notificationsList(w http.ResponseWriter, r *http.Request) {
	ns, err := s.store.Notifications(r.Context(), userFrom(r.Context()).ID, 100)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notifications", page{Title: "Notifications", Data: map[string]any{"Notifications": ns}})
}

func (s *Server) notificationsRead(w http.ResponseWriter, r *http.Request) {
	if err := s.store.MarkNotificationsRead(r.Context(), userFrom(r.Context()).ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

// followingOf is how the signed-in staff member follows a person.
func (s *Server) followingOf(r *http.Request, personID int64) (faces.Following, error) {
	return s.store.Following(r.Context(), userFrom(r.Context()).ID, personID)
}
