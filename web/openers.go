package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/calendar"
	"github.com/faces-org/faces/contacts"
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
	data := s.openersData(r)
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
			Form: map[string]string{}, Data: s.openersData(r)})
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
		openers, err := s.store.Openers(r.Context(), m.OpenerQuery(team), 3)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		meetings = append(meetings, meetingOpener{Meeting: m, Openers: openers})
	}
	data := s.openersData(r)
	data["Calendar"], data["Meetings"], data["More"] = cal, meetings, len(cal.Meetings) > 100
	s.render(w, r, http.StatusOK, "openers", page{Title: "Meeting openers", Form: map[string]string{}, Data: data})
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

// feedDays is how far ahead a team's feed lists meetings (and a day
// back, for the meeting under way).
const feedDays = 30

// openersFeedSet sets the team's calendar and shows the feed's address,
// once: only its hash is kept.
func (s *Server) openersFeedSet(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, calendar.MaxBytes+uploadSlack)
	u := userFrom(r.Context())
	f := &faces.TeamFeed{Team: openerTeam(u), SourceURL: r.FormValue("source_url")}
	if file, _, err := r.FormFile("calendar"); err == nil {
		data, err := io.ReadAll(io.LimitReader(file, calendar.MaxBytes+1))
		file.Close()
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		f.Uploaded = data
	}
	fail := func(status int, msg string) {
		s.render(w, r, status, "openers", page{Title: "Meeting openers", Errors: map[string]string{"feed": msg},
			Form: map[string]string{"source_url": f.SourceURL}, Data: s.openersData(r)})
	}
	if len(f.Uploaded) > 0 {
		now := faces.Now()
		if _, err := calendar.Read(bytes.NewReader(f.Uploaded), calendar.Window{From: now, To: now.AddDate(0, 0, 1)}); err != nil {
			fail(http.StatusUnprocessableEntity, "The calendar could not be read: "+err.Error()+".")
			return
		}
	}
	token, err := s.store.SetTeamFeed(r.Context(), f)
	if err != nil {
		fail(statusOf(err), faces.ErrorMessage(err))
		return
	}
	data := s.openersData(r)
	data["FeedURL"] = s.baseURL(r) + "/feeds/" + token + "/openers.ics"
	s.render(w, r, http.StatusOK, "openers", page{Title: "Meeting openers", Form: map[string]string{}, Data: data})
}

// openersFeedDelete stops the team's feed.
func (s *Server) openersFeedDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteTeamFeed(r.Context(), openerTeam(userFrom(r.Context()))); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/openers?done="+url.QueryEscape("The feed is stopped; its address no longer works."), http.StatusSeeOther)
}

// openersData is what the openers page shows of the team's feed.
func (s *Server) openersData(r *http.Request) map[string]any {
	data := map[string]any{"Days": openersDays, "FeedDays": feedDays}
	if f, err := s.store.TeamFeed(r.Context(), openerTeam(userFrom(r.Context()))); err == nil {
		data["Feed"] = f
	}
	return data
}

// baseURL is the address the request came to, for links to give out.
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// openersFeed serves a team's meetings, each with its opener first in
// its description, to a calendar that subscribes: the secret in the
// address is the only key (calendars do not sign in).
func (s *Server) openersFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := s.store.TeamFeedByToken(ctx, r.PathValue("token"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	source := f.Uploaded
	if f.SourceURL != "" {
		address := f.SourceURL
		if rest, ok := strings.CutPrefix(address, "webcal://"); ok {
			address = "https://" + rest
		}
		fetcher := &contacts.Fetcher{AllowPrivate: s.AllowInternalPhotos, MaxBytes: calendar.MaxBytes}
		if source, err = fetcher.Get(ctx, address); err != nil {
			http.Error(w, "The team's calendar could not be fetched: "+err.Error(), http.StatusBadGateway)
			return
		}
	}
	now := faces.Now()
	cal, err := calendar.Read(bytes.NewReader(source), calendar.Window{From: now.AddDate(0, 0, -1), To: now.AddDate(0, 0, feedDays)})
	if err != nil {
		http.Error(w, "The team's calendar could not be read: "+err.Error(), http.StatusBadGateway)
		return
	}
	feed := calendar.Feed{Name: "Meetings with openers", Now: now}
	for _, m := range cal.Meetings[:min(len(cal.Meetings), 300)] {
		openers, err := s.store.Openers(ctx, m.OpenerQuery(f.Team), 1)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(openers) > 0 {
			m.Description = strings.TrimSpace("Open with " + openers[0].Person.Name + ": " + openers[0].Text + "\n\n" + m.Description)
		}
		if m.Recurring || m.UID == "" {
			m.UID = fmt.Sprintf("%s-%d@faces", m.UID, m.Start.Unix())
		}
		feed.Meetings = append(feed.Meetings, m)
	}
	var out bytes.Buffer
	if err := calendar.Write(&out, feed); err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=900")
	w.Write(out.Bytes())
}
