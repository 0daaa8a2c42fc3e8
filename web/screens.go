package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/faces-org/faces"
)

// Screens, for admins: register them, pair their browsers by the code
// they show, see their last contact and what they show, revoke them.

var screenFields = []string{"name", "place", "time_zone", "orientation", "faces_at_once", "seconds_per_card", "room"}

func (s *Server) screensList(w http.ResponseWriter, r *http.Request) {
	form := map[string]string{"time_zone": "UTC", "orientation": "landscape", "faces_at_once": "1", "seconds_per_card": "12"}
	s.renderScreens(w, r, http.StatusOK, form, nil, &picker{Name: "room", Kind: "companies", Optional: true})
}

func (s *Server) renderScreens(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string, room *picker) {
	screens, err := s.store.FindScreens(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "screens", page{Title: "Screens", Form: form, Errors: errs,
		Data: map[string]any{"Screens": screens, "Room": room, "Zones": commonZones, "Now": faces.Now()}})
}

// commonZones are offered as suggestions; any IANA name is accepted.
var commonZones = []string{"UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago",
	"America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney"}

// screenFromForm reads a screen's settings; the room is a company picker.
func (s *Server) screenFromForm(r *http.Request, sc *faces.Screen) (*picker, error) {
	sc.Name, sc.Place, sc.TimeZone, sc.Orientation = r.PostFormValue("name"), r.PostFormValue("place"), r.PostFormValue("time_zone"), r.PostFormValue("orientation")
	sc.FacesAtOnce, _ = strconv.Atoi(r.PostFormValue("faces_at_once"))
	sc.SecondsPerCard, _ = strconv.Atoi(r.PostFormValue("seconds_per_card"))
	room := &picker{Name: "room", Kind: "companies", Value: r.PostFormValue("room"), Optional: true}
	id, err := s.pick(r.Context(), room)
	sc.CompanyID = id
	return room, err
}

func (s *Server) screenCreate(w http.ResponseWriter, r *http.Request) {
	sc := &faces.Screen{}
	room, err := s.screenFromForm(r, sc)
	if err == nil {
		err = s.store.CreateScreen(r.Context(), sc)
	}
	if errs := fieldErrors(err); errs != nil {
		s.renderScreens(w, r, http.StatusUnprocessableEntity, formOf(r, screenFields...), errs, room)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/screens/"+strconv.FormatInt(sc.ID, 10)+"?done=Screen+added.+Open+%2Fscreen%2F+on+it+and+type+the+code+it+shows+below.", http.StatusSeeOther)
}

func (s *Server) screenShow(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sc, err := s.store.FindScreenByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderScreen(w, r, http.StatusOK, sc, screenForm(sc), nil, nil)
}

func screenForm(sc *faces.Screen) map[string]string {
	room := ""
	if sc.CompanyID != 0 {
		room = companyOption(&faces.Company{ID: sc.CompanyID, Name: sc.CompanyName})
	}
	return map[string]string{"name": sc.Name, "place": sc.Place, "time_zone": sc.TimeZone, "orientation": sc.Orientation,
		"faces_at_once": strconv.Itoa(sc.FacesAtOnce), "seconds_per_card": strconv.Itoa(sc.SecondsPerCard), "room": room}
}

// renderScreen shows a screen's page; roomChoices are the companies that
// matched what was typed as its room, when several did.
func (s *Server) renderScreen(w http.ResponseWriter, r *http.Request, status int, sc *faces.Screen, form, errs map[string]string, roomChoices []string) {
	room := &picker{Name: "room", Kind: "companies", Value: form["room"], Optional: true, Options: roomChoices}
	s.render(w, r, status, "screen_admin", page{Title: sc.Name, Form: form, Errors: errs, Flash: r.URL.Query().Get("done"),
		Data: map[string]any{"Screen": sc, "Room": room, "Zones": commonZones, "Seen": seenText(sc.LastSeen)}})
}

// seenText says when a screen was last in touch, as people say it.
func seenText(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := faces.Now().Sub(t)
	switch {
	case d < 2*time.Minute:
		return "just now"
	case d < time.Hour:
		return strconv.Itoa(int(d.Minutes())) + " minutes ago"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d.Hours())) + " hours ago"
	}
	return t.Format("2 Jan 2006 15:04")
}

func (s *Server) screenUpdate(w http.ResponseWriter, r *http.Request) {
	sc, ok := s.screenParam(w, r)
	if !ok {
		return
	}
	room, err := s.screenFromForm(r, sc)
	if err == nil {
		err = s.store.UpdateScreen(r.Context(), sc)
	}
	if errs := fieldErrors(err); errs != nil {
		before, _ := s.store.FindScreenByID(r.Context(), sc.ID)
		if before == nil {
			before = sc
		}
		s.renderScreen(w, r, http.StatusUnprocessableEntity, before, formOf(r, screenFields...), errs, room.Options)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.wall.forget()
	http.Redirect(w, r, "/screens/"+strconv.FormatInt(sc.ID, 10)+"?done=Saved.", http.StatusSeeOther)
}

// screenParam loads the route's screen, or answers with the error.
func (s *Server) screenParam(w http.ResponseWriter, r *http.Request) (*faces.Screen, bool) {
	return routeRecord(s, w, r, s.store.FindScreenByID)
}

// screenPair hands the screen to the browser showing the code typed. Wrong
// codes are counted per admin: a code is short, so guessing is limited.
func (s *Server) screenPair(w http.ResponseWriter, r *http.Request) {
	sc, ok := s.screenParam(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	key := "pair:" + strconv.FormatInt(userFrom(ctx).ID, 10)
	wrong, err := s.store.CountSignInAttempt(ctx, key, faces.Now().Add(-failureWindow))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := screenForm(sc)
	form["code"] = r.PostFormValue("code")
	if wrong > maxWrongCodes {
		s.renderScreen(w, r, http.StatusTooManyRequests, sc, form, map[string]string{"code": "Too many wrong codes. Please wait 15 minutes."}, nil)
		return
	}
	err = s.store.PairScreen(ctx, sc.ID, r.PostFormValue("code"))
	if errs := fieldErrors(err); errs != nil {
		s.renderScreen(w, r, http.StatusUnprocessableEntity, sc, form, errs, nil)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.store.ForgetSignInAttempt(ctx, key) // a right code does not count
	s.wall.forget()
	http.Redirect(w, r, "/screens/"+strconv.FormatInt(sc.ID, 10)+"?done=Paired.+The+screen+starts+showing+the+wall+within+a+few+seconds.", http.StatusSeeOther)
}

func (s *Server) screenRevoke(w http.ResponseWriter, r *http.Request) {
	sc, ok := s.screenParam(w, r)
	if !ok {
		return
	}
	if err := s.store.RevokeScreen(r.Context(), sc.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.wall.forget()
	http.Redirect(w, r, "/screens/"+strconv.FormatInt(sc.ID, 10)+"?done=Revoked.+The+screen+shows+a+pairing+code+again.", http.StatusSeeOther)
}

func (s *Server) screenDelete(w http.ResponseWriter, r *http.Request) {
	sc, ok := s.screenParam(w, r)
	if !ok {
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		s.renderScreen(w, r, http.StatusUnprocessableEntity, sc, screenForm(sc), map[string]string{"confirm": "Tick the box to confirm."}, nil)
		return
	}
	if err := s.store.DeleteScreen(r.Context(), sc.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.wall.forget()
	http.Redirect(w, r, "/screens", http.StatusSeeOther)
}
