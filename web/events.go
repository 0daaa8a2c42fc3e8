package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/contacts"
	"github.com/faces-org/faces/lens"
)

var eventFields = []string{"name", "on", "place", "notes"}

// eventsList shows the coming events (or past ones), a page at a time, and
// the people who keep coming.
func (s *Server) eventsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := faces.EventFilter{From: faces.Today(), Past: q.Get("past") == "1", Limit: 30}
	after, err := faces.ParseCursor(q.Get("after"))
	if err == nil && after != nil {
		f.AfterID = after.ID
		f.AfterOn, err = after.Day()
	}
	if err != nil {
		s.renderError(w, r, faces.Errorf(faces.EINVALID, "The page cannot be found."))
		return
	}
	events, err := s.store.FindEvents(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var next *faces.Cursor
	if len(events) == f.Limit {
		last := events[len(events)-1]
		c := faces.DayCursor(last.On, last.ID)
		next = &c
	}
	keep := url.Values{}
	if f.Past {
		keep.Set("past", "1")
	}
	regulars, err := s.store.Regulars(r.Context(), faces.Today().AddDate(-1, 0, 0), 12)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	title := "Coming events"
	if f.Past {
		title = "Past events"
	}
	s.render(w, r, http.StatusOK, "events", page{Title: title, Flash: q.Get("done"),
		Data: map[string]any{"Events": events, "Past": f.Past, "Pager": newCursorPager(keep, q.Get("after"), next, 0), "Regulars": regulars}})
}

func (s *Server) eventNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "event_form", page{Title: "New event", Form: map[string]string{}, Data: map[string]any{"Action": "/events"}})
}

func (s *Server) eventCreate(w http.ResponseWriter, r *http.Request) {
	s.saveEvent(w, r, &faces.Event{}, "/events", s.store.CreateEvent)
}

func (s *Server) eventEdit(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	form := map[string]string{"name": e.Name, "on": e.On.Format(time.DateOnly), "place": e.Place, "notes": e.Notes}
	s.render(w, r, http.StatusOK, "event_form", page{Title: "Edit " + e.Name, Form: form, Data: map[string]any{"Action": fmt.Sprintf("/events/%d", e.ID)}})
}

func (s *Server) eventUpdate(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	s.saveEvent(w, r, e, fmt.Sprintf("/events/%d", e.ID), s.store.UpdateEvent)
}

// saveEvent reads the event's form and saves it, or shows the form again
// with what is wrong and what was typed.
func (s *Server) saveEvent(w http.ResponseWriter, r *http.Request, e *faces.Event, action string, save func(context.Context, *faces.Event) error) {
	form := formOf(r, eventFields...)
	e.Name, e.Place, e.Notes = form["name"], form["place"], form["notes"]
	var err error
	if e.On, err = parseDay("on", form["on"]); err == nil {
		err = save(r.Context(), e)
	}
	if errs := fieldErrors(err); errs != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "event_form", page{Title: "Event", Form: form, Errors: errs, Data: map[string]any{"Action": action}})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/events/%d", e.ID), http.StatusSeeOther)
}

func (s *Server) findEvent(w http.ResponseWriter, r *http.Request) (*faces.Event, bool) {
	return routeRecord(s, w, r, s.store.FindEventByID)
}

// eventShow shows an event: its guests (key guests first), what was
// learned there, and the ways to add guests.
func (s *Server) eventShow(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	s.renderEvent(w, r, http.StatusOK, e, map[string]string{}, nil, &picker{Name: "person", Kind: "people"})
}

// guestsPage is how many guests an event's page lists at a time.
const guestsPage = 100

func (s *Server) renderEvent(w http.ResponseWriter, r *http.Request, status int, e *faces.Event, form, errs map[string]string, add *picker) {
	ctx := r.Context()
	after := r.URL.Query().Get("after")
	cursor, err := faces.ParseCursor(after)
	var guests []*faces.Guest
	if err == nil {
		guests, err = s.store.Guests(ctx, faces.GuestFilter{EventID: e.ID, After: cursor, Limit: guestsPage})
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var next *faces.Cursor
	if len(guests) == guestsPage {
		c := faces.GuestCursor(guests[len(guests)-1])
		next = &c
	}
	people := make([]*faces.Person, len(guests))
	for i, g := range guests {
		people[i] = g.Person
	}
	if err := s.markAtRisk(ctx, people); err != nil {
		s.renderError(w, r, err)
		return
	}
	learned, err1 := s.store.FindInsights(ctx, faces.InsightFilter{EventID: e.ID, Limit: 100})
	words, err2 := s.lensWords(ctx)
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "event", page{Title: e.Name, Form: form, Errors: errs, Flash: r.URL.Query().Get("done"),
		Data: map[string]any{"Event": e, "Guests": guests, "Learned": learned, "Add": add, "Past": e.On.Before(faces.Today()), "MaxGuests": faces.MaxGuests,
			"After": after, "Pager": newCursorPager(url.Values{}, after, next, e.Guests),
			// The notes are about no one customer, read as the leaders'
			// view reads them.
			"Lens": lensReads(words, lens.Known{}, "Notes", e.Notes)}})
}

// eventGuestAdd puts one person, found with the picker, on the list.
func (s *Server) eventGuestAdd(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	add := &picker{Name: "person", Kind: "people", Value: r.PostFormValue("person")}
	id, err := s.pick(r.Context(), add)
	if err == nil {
		err = s.store.AddGuest(r.Context(), e.ID, id)
	}
	if errs := fieldErrors(err); errs != nil {
		if errs["person"] == "" {
			errs["person"] = faces.ErrorMessage(err)
		}
		s.renderEvent(w, r, http.StatusUnprocessableEntity, e, map[string]string{}, errs, add)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/events/%d?done=added#guests", e.ID), http.StatusSeeOther)
}

// eventGuestSet marks a guest key (or not), met (or not), or takes them
// off the list.
func (s *Server) eventGuestSet(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	personID, err := strconv.ParseInt(r.PathValue("person"), 10, 64)
	if err != nil {
		s.renderError(w, r, faces.Errorf(faces.ENOTFOUND, "Not found."))
		return
	}
	ctx := r.Context()
	if r.PostFormValue("remove") != "" {
		err = s.store.RemoveGuest(ctx, e.ID, personID)
	} else {
		g := &faces.Guest{EventID: e.ID, PersonID: personID, Key: r.PostFormValue("key") == "1", Met: r.PostFormValue("met") == "1"}
		err = s.store.SetGuest(ctx, g)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	back := fmt.Sprintf("/events/%d", e.ID)
	if after := r.PostFormValue("after"); after != "" {
		back += "?after=" + url.QueryEscape(after)
	}
	http.Redirect(w, r, fmt.Sprintf("%s#guest-%d", back, personID), http.StatusSeeOther)
}

// eventGuestList reads an uploaded guest list and shows how it matches,
// changing nothing: the guests known for sure, those a human must say
// who they are, the new people, and the rows not read.
func (s *Server) eventGuestList(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, faces.MaxGuestListBytes+uploadSlack)
	file, header, err := r.FormFile("list")
	if err != nil {
		s.renderEvent(w, r, http.StatusUnprocessableEntity, e, map[string]string{}, map[string]string{"list": fmt.Sprintf("Choose a guest list file of at most %d MB.", faces.MaxGuestListBytes>>20)}, &picker{Name: "person", Kind: "people"})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, faces.MaxGuestListBytes+1))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.reviewGuestList(w, r, e, header.Filename, data, faces.GuestChoices{}, nil)
}

// reviewGuestList shows a guest list matched; the file goes back with the
// form, so that any server can add it.
func (s *Server) reviewGuestList(w http.ResponseWriter, r *http.Request, e *faces.Event, name string, data []byte, choices faces.GuestChoices, errs map[string]string) {
	gl, err := contacts.ReadGuestList(data)
	if err != nil {
		if faces.ErrorCode(err) == faces.EINVALID {
			s.renderEvent(w, r, http.StatusUnprocessableEntity, e, map[string]string{}, map[string]string{"list": faces.ErrorMessage(err)}, &picker{Name: "person", Kind: "people"})
			return
		}
		s.renderError(w, r, err)
		return
	}
	rows, err := s.store.MatchGuests(r.Context(), e.ID, gl.Guests)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	counts := map[string]int{}
	for _, row := range rows {
		counts[row.Status]++
	}
	chosen := map[string]string{}
	for line, id := range choices {
		chosen[fmt.Sprintf("line_%d", line)] = strconv.FormatInt(id, 10)
	}
	status := http.StatusOK
	if errs != nil {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "guest_list", page{Title: "Guest list for " + e.Name, Errors: errs,
		Data: map[string]any{"Event": e, "Name": name, "File": base64.StdEncoding.EncodeToString(data), "List": gl, "Rows": rows,
			"Counts": counts, "Chosen": chosen}})
}

// eventGuestListAdd adds a reviewed guest list with the choices made, all
// or nothing.
func (s *Server) eventGuestListAdd(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 2*faces.MaxGuestListBytes+uploadSlack)
	data, err := base64.StdEncoding.DecodeString(r.PostFormValue("file"))
	if err != nil {
		s.renderError(w, r, faces.Errorf(faces.EINVALID, "The guest list did not come back whole: upload it again."))
		return
	}
	choices := faces.GuestChoices{}
	for key, values := range r.PostForm {
		line, found := strings.CutPrefix(key, "line_")
		n, err := strconv.Atoi(line)
		if !found || err != nil || len(values) == 0 {
			continue
		}
		if id, err := strconv.ParseInt(values[0], 10, 64); err == nil {
			choices[n] = id
		}
	}
	gl, err := contacts.ReadGuestList(data)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rep, err := s.store.AddGuests(r.Context(), e.ID, gl.Guests, choices)
	if errs := fieldErrors(err); errs != nil {
		s.reviewGuestList(w, r, e, r.PostFormValue("name"), data, choices, errs)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rep.Problems = append(gl.Problems, rep.Problems...)
	e.Guests += rep.Added
	s.render(w, r, http.StatusOK, "guest_list_added", page{Title: "Guests added to " + e.Name, Data: map[string]any{"Event": e, "Report": rep, "Unit": gl.Unit}})
}

// eventPrep shows the prep sheets of the key guests (or of one guest),
// one per printed page.
func (s *Server) eventPrep(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	var ids []int64
	if id, err := queryID(r, "person"); err != nil {
		s.renderError(w, r, err)
		return
	} else if id != 0 {
		ids = []int64{id}
	}
	sheets, err := s.store.PrepSheets(r.Context(), e.ID, ids)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "prep", page{Title: "Prep sheets · " + e.Name, Data: map[string]any{"Event": e, "Sheets": sheets, "One": len(ids) == 1, "TypeNames": faces.InsightTypeNames, "Kinds": faces.VisitKindNames}})
}

// debriefRows bounds the guests a debrief asks about: the key guests and
// those marked met, the first 200 (others met are found with its picker).
const debriefRows = 200

// eventDebrief asks, for each guest met, what was learned.
func (s *Server) eventDebrief(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	s.renderDebrief(w, r, http.StatusOK, e, map[string]string{}, nil, &picker{Name: "other", Kind: "people", Optional: true})
}

func (s *Server) renderDebrief(w http.ResponseWriter, r *http.Request, status int, e *faces.Event, form, errs map[string]string, other *picker) {
	guests, err := s.store.Guests(r.Context(), faces.GuestFilter{EventID: e.ID, KeyOrMet: true, Limit: debriefRows})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "debrief", page{Title: "What we learned at " + e.Name, Form: form, Errors: errs,
		Data: map[string]any{"Event": e, "Guests": guests, "Other": other, "Types": faces.InsightTypes, "TypeNames": faces.InsightTypeNames}})
}

// eventDebriefSave records what was learned from each guest met as an
// insight (learned at an event, naming it), and marks them met. Every
// insight is checked before any is saved.
func (s *Server) eventDebriefSave(w http.ResponseWriter, r *http.Request) {
	e, ok := s.findEvent(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, err)
		return
	}
	guests, err := s.store.Guests(ctx, faces.GuestFilter{EventID: e.ID, KeyOrMet: true, Limit: debriefRows})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form, errs := map[string]string{}, map[string]string{}
	type entry struct {
		guest   *faces.Guest
		insight *faces.Insight
		added   bool // not on the guest list before
	}
	var entries []entry
	read := func(g *faces.Guest, key string) {
		text, typ, met := r.PostFormValue("text_"+key), r.PostFormValue("type_"+key), r.PostFormValue("met_"+key) == "on"
		verbatim := r.PostFormValue("verbatim_" + key)
		form["text_"+key], form["type_"+key], form["verbatim_"+key] = text, typ, verbatim
		if met {
			form["met_"+key] = "on"
		}
		en := entry{guest: g}
		if strings.TrimSpace(text) != "" {
			en.insight = &faces.Insight{PersonID: g.PersonID, Type: typ, Text: text, Verbatim: verbatim == "on", Method: "event", EventID: e.ID}
			if fe := fieldErrors(en.insight.Validate()); fe != nil {
				errs["text_"+key] = strings.Join(mapValues(fe), " ")
			}
			met = true
		}
		if met || en.insight != nil {
			g.Met = true
			entries = append(entries, en)
		}
	}
	for _, g := range guests {
		read(g, strconv.FormatInt(g.PersonID, 10))
	}
	other := &picker{Name: "other", Kind: "people", Value: r.PostFormValue("other"), Optional: true}
	form["other"] = other.Value
	if id, err := s.pick(ctx, other); fieldErrors(err) != nil {
		errs["other"] = fieldErrors(err)["other"]
	} else if err != nil {
		s.renderError(w, r, err)
		return
	} else if id != 0 {
		read(&faces.Guest{EventID: e.ID, PersonID: id}, "other")
		if len(entries) == 0 || entries[len(entries)-1].guest.PersonID != id || entries[len(entries)-1].insight == nil {
			errs["other"] = "Say what you learned from them."
		} else {
			entries[len(entries)-1].added = true
		}
	}
	if len(errs) > 0 {
		s.renderDebrief(w, r, http.StatusUnprocessableEntity, e, form, errs, other)
		return
	}
	saved := 0
	for _, en := range entries {
		if en.added {
			if err := s.store.AddGuest(ctx, e.ID, en.guest.PersonID); err != nil {
				s.renderError(w, r, err)
				return
			}
		}
		if err := s.store.SetGuest(ctx, en.guest); err != nil {
			s.renderError(w, r, err)
			return
		}
		if en.insight != nil {
			if err := s.store.CreateInsight(ctx, en.insight); err != nil {
				s.renderError(w, r, err)
				return
			}
			saved++
		}
	}
	http.Redirect(w, r, fmt.Sprintf("/events/%d?done=learned-%d#learned", e.ID, saved), http.StatusSeeOther)
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
