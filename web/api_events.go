package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/faces-org/faces"
)

// Events in the JSON API: the list, one event with its guests, a new
// event, and guests added and marked — as the pages do (a guest list file
// is read and confirmed on the pages).

type apiEvent struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	On        string     `json:"on"`
	Place     string     `json:"place"`
	Notes     string     `json:"notes"`
	Guests    int        `json:"guests"`
	KeyGuests int        `json:"key_guests"`
	GuestList []apiGuest `json:"guest_list,omitempty"`
}

type apiGuest struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	Key      bool   `json:"key"`
	Met      bool   `json:"met"`
}

type eventInput struct {
	Name  string `json:"name"`
	On    string `json:"on"`
	Place string `json:"place"`
	Notes string `json:"notes"`
}

type guestInput struct {
	PersonID int64 `json:"person_id"`
	Key      bool  `json:"key"`
	Met      bool  `json:"met"`
}

func toAPIEvent(e *faces.Event) apiEvent {
	return apiEvent{ID: e.ID, Name: e.Name, On: e.On.Format(time.DateOnly), Place: e.Place, Notes: e.Notes, Guests: e.Guests, KeyGuests: e.KeyGuests}
}

// apiEvents lists the coming events, soonest first, or (?past=1) the past
// ones, latest first, a page after ?after=.
func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) (int, any, error) {
	limit, _, err := paging(r)
	if err != nil {
		return 0, nil, err
	}
	f := faces.EventFilter{From: faces.Today(), Past: r.URL.Query().Get("past") == "1", Limit: limit}
	after, err := faces.ParseCursor(r.URL.Query().Get("after"))
	if err != nil {
		return 0, nil, err
	}
	if after != nil {
		if f.AfterOn, err = after.Day(); err != nil {
			return 0, nil, faces.Errorf(faces.EINVALID, "The page cannot be found.")
		}
		f.AfterID = after.ID
	}
	events, err := s.store.FindEvents(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := newList[apiEvent](len(events), 0, limit)
	for _, e := range events {
		out.Items = append(out.Items, toAPIEvent(e))
	}
	if len(events) == limit {
		last := events[len(events)-1]
		out.Next = faces.DayCursor(last.On, last.ID).String()
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiEvent(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return s.apiEventWithGuests(r, id, http.StatusOK)
}

func (s *Server) apiEventWithGuests(r *http.Request, id int64, status int) (int, any, error) {
	e, err := s.store.FindEventByID(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	guests, err := s.store.Guests(r.Context(), faces.GuestFilter{EventID: id})
	if err != nil {
		return 0, nil, err
	}
	out := toAPIEvent(e)
	out.GuestList = []apiGuest{}
	for _, g := range guests {
		out.GuestList = append(out.GuestList, apiGuest{PersonID: g.PersonID, Name: g.Person.Name, Key: g.Key, Met: g.Met})
	}
	return status, out, nil
}

func (s *Server) apiEventCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	in, err := decode[eventInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	e := &faces.Event{Name: in.Name, Place: in.Place, Notes: in.Notes}
	if e.On, err = parseDay("on", in.On); err != nil {
		return 0, nil, err
	}
	if err := s.store.CreateEvent(r.Context(), e); err != nil {
		return 0, nil, err
	}
	w.Header().Set("Location", "/api/v1/events/"+strconv.FormatInt(e.ID, 10))
	return http.StatusCreated, toAPIEvent(e), nil
}

// apiEventGuest puts a person on the guest list, marked key and met as
// asked; a person already on it is marked again.
func (s *Server) apiEventGuest(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[guestInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	if in.PersonID <= 0 {
		return 0, nil, &faces.Error{Code: faces.EINVALID, Message: "Say who the guest is.", Fields: map[string]string{"person_id": "A person's id."}}
	}
	if err := s.store.AddGuest(r.Context(), id, in.PersonID); err != nil {
		return 0, nil, err
	}
	if err := s.store.SetGuest(r.Context(), &faces.Guest{EventID: id, PersonID: in.PersonID, Key: in.Key, Met: in.Met}); err != nil {
		return 0, nil, err
	}
	return s.apiEventWithGuests(r, id, http.StatusOK)
}

func (s *Server) apiEventGuestRemove(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	personID, err := apiID(r, "person")
	if err != nil {
		return 0, nil, err
	}
	if err := s.store.RemoveGuest(r.Context(), id, personID); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}
