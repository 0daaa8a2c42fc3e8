package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
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

// SendDigests e-mails each staff member the moves of the people they
// follow that they have neither read in Faces nor been sent, and says how
// many e-mails went. Without an SMTP server it does nothing.
func (s *Server) SendDigests(ctx context.Context) (int, error) {
	if !s.Mail.Configured() {
		return 0, nil
	}
	digests, err := s.store.PendingDigests(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range digests {
		subject := "Faces: someone you follow moved"
		if len(d.Notifications) > 1 {
			subject = fmt.Sprintf("Faces: %d moves of people you follow", len(d.Notifications))
		}
		var body strings.Builder
		fmt.Fprintf(&body, "Hello %s,\n\nsince your last e-mail from Faces:\n\n", d.User.Name)
		ids := make([]int64, len(d.Notifications))
		for i, n := range d.Notifications {
			fmt.Fprintf(&body, "- %s\n", n.Text)
			ids[i] = n.ID
		}
		body.WriteString("\nThe relationship moves with them: who will you call?\n\nFaces\n")
		if err := s.Mail.Send(d.User.Email, subject, body.String()); err != nil {
			s.log.Error("digest", "user", d.User.ID, "err", err)
			continue // the next round tries again
		}
		if err := s.store.MarkEmailed(ctx, ids); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}
