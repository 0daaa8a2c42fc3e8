package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/calendar"
)

// meetingOpener is a coming meeting and the stories to open it with.
type meetingOpener struct {
	Meeting calendar.Meeting
	Openers []*faces.Opener
}

// openersDays is how far ahead an uploaded calendar is read.
const openersDays = 14

// openers proposes a customer story to open a meeting with: for a topic
// typed in, or for each coming meeting of an uploaded calendar.
func (s *Server) openers(w http.ResponseWriter, r *http.Request) {
	topic := r.URL.Query().Get("topic")
	data := map[string]any{"Days": openersDays}
	if topic != "" {
		openers, err := s.store.Openers(r.Context(), faces.OpenerQuery{Topic: topic, Team: openerTeam(userFrom(r.Context()))}, 3)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		data["Openers"] = openers
	}
	s.render(w, r, http.StatusOK, "openers", page{Title: "Meeting openers", Flash: r.URL.Query().Get("done"),
		Form: map[string]string{"topic": topic}, Data: data})
}

// openersCalendar reads an uploaded calendar (not kept) and lists its
// coming meetings, each with its opener.
func (s *Server) openersCalendar(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, calendar.MaxBytes+uploadSlack)
	fail := func(status int, msg string) {
		s.render(w, r, status, "openers", page{Title: "Meeting openers", Errors: map[string]string{"calendar": msg},
			Form: map[string]string{}, Data: map[string]any{"Days": openersDays}})
	}
	file, _, err := r.FormFile("calendar")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("The calendar is larger than %d MB.", calendar.MaxBytes>>20))
			return
		}
		fail(http.StatusUnprocessableEntity, "Choose a calendar file (.ics): your calendar's export.")
		return
	}
	defer file.Close()
	now := faces.Now()
	cal, err := calendar.Read(file, calendar.Window{From: now, To: now.AddDate(0, 0, openersDays)})
	if err != nil {
		fail(http.StatusUnprocessableEntity, "The calendar could not be read: "+err.Error()+".")
		return
	}
	team := openerTeam(userFrom(r.Context()))
	var meetings []meetingOpener
	for _, m := range cal.Meetings[:min(len(cal.Meetings), 100)] {
		q := faces.OpenerQuery{Topic: m.Title + " " + m.Description, Team: team}
		for _, a := range append([]calendar.Person{m.Organizer}, m.Attendees...) {
			if a.Email != "" {
				q.Attendees = append(q.Attendees, a.Email)
			}
		}
		openers, err := s.store.Openers(r.Context(), q, 3)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		meetings = append(meetings, meetingOpener{Meeting: m, Openers: openers})
	}
	s.render(w, r, http.StatusOK, "openers", page{Title: "Meeting openers", Form: map[string]string{}, Data: map[string]any{
		"Days": openersDays, "Calendar": cal, "Meetings": meetings, "More": len(cal.Meetings) > 100, "Location": time.UTC,
	}})
}

// openerUsed notes that the staff member's team opened a meeting with a
// person's story: the team hears others first for a while.
func (s *Server) openerUsed(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	if err != nil {
		s.renderError(w, r, faces.Errorf(faces.EINVALID, "Choose the story."))
		return
	}
	if err := s.store.OpenerUsed(r.Context(), openerTeam(userFrom(r.Context())), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	done := "Noted: your team will hear other stories first for the next 30 days."
	http.Redirect(w, r, "/openers?done="+url.QueryEscape(done)+"&topic="+url.QueryEscape(r.PostFormValue("topic")), http.StatusSeeOther)
}

// openerTeam is whose hearing of stories counts: the staff member's team,
// or, without one, the staff member alone.
func openerTeam(u *faces.User) string {
	if u.Team != "" {
		return u.Team
	}
	return "user:" + strconv.FormatInt(u.ID, 10)
}
