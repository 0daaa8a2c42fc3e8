package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/faces-org/faces"
)

// The wall, for staff: this period's faces, the next period's preview
// (editors lock it or let it be drawn afresh), pins and exclusions, the
// organization's settings (admins), and the printable wall.

type wallView struct {
	Settings faces.WallSettings
	Current  faces.WallPeriod
	Next     faces.WallPeriod
	Shown    []faces.WallCard // the current set, as screens show it now
	Missing  int              // picked for the period, no longer shown (consent ended, erased)
	Preview  []faces.WallCard
	Locked   bool
	NextIDs  string // the preview's people, for the lock form
	Pins     []faces.PinnedPerson
	Periods  []int
}

func (s *Server) wallPage(w http.ResponseWriter, r *http.Request) {
	s.renderWall(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderWall(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) {
	ctx := r.Context()
	now := faces.Now()
	settings, err := s.store.WallSettings(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := wallView{Settings: settings, Current: faces.PeriodOf(now, settings.PeriodMonths), Periods: faces.PeriodChoices}
	v.Next = v.Current.Next()
	current, _, err1 := s.setFor(ctx, v.Current, now)
	next, locked, err2 := s.setFor(ctx, v.Next, now)
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Locked = locked
	shown, err1 := s.store.WallCards(ctx, current, now)
	preview, err2 := s.store.WallCards(ctx, next, v.Next.Start)
	pins, err3 := s.store.WallPins(ctx)
	if err := firstErr(err1, err2, err3); err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Shown, v.Missing, v.Preview, v.Pins = shown, len(current)-len(shown), preview, pins
	for _, c := range preview {
		v.NextIDs += strconv.FormatInt(c.PersonID, 10) + " "
	}
	if form == nil {
		form = map[string]string{"period_months": strconv.Itoa(settings.PeriodMonths), "set_size": strconv.Itoa(settings.SetSize)}
	}
	s.render(w, r, status, "wall", page{Title: "The wall", Form: form, Errors: errs, Flash: r.URL.Query().Get("done"), Data: v})
}

func (s *Server) wallSettingsSave(w http.ResponseWriter, r *http.Request) {
	months, _ := strconv.Atoi(r.PostFormValue("period_months"))
	size, _ := strconv.Atoi(r.PostFormValue("set_size"))
	err := s.store.SaveWallSettings(r.Context(), faces.WallSettings{PeriodMonths: months, SetSize: size})
	if errs := fieldErrors(err); errs != nil {
		s.renderWall(w, r, http.StatusUnprocessableEntity, formOf(r, "period_months", "set_size"), errs)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.wall.forget()
	http.Redirect(w, r, "/wall?done=Saved.+The+next+set+is+drawn+with+these+settings.", http.StatusSeeOther)
}

// nextPeriod is the period after the current one, or answers with the
// error.
func (s *Server) nextPeriod(w http.ResponseWriter, r *http.Request) (faces.WallPeriod, bool) {
	settings, err := s.store.WallSettings(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return faces.WallPeriod{}, false
	}
	return faces.PeriodOf(faces.Now(), settings.PeriodMonths).Next(), true
}

// wallLock keeps the next period's set as the editor saw it previewed
// (the page sends its people); without them, as drawn now.
func (s *Server) wallLock(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	next, ok := s.nextPeriod(w, r)
	if !ok {
		return
	}
	var err error
	var ids []int64
	for _, f := range strings.Fields(strings.ReplaceAll(r.PostFormValue("people"), ",", " ")) {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil && len(ids) < faces.MaxSetSize {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		ids, _, err = s.setFor(ctx, next, faces.Now())
	}
	if err == nil {
		_, err = s.store.SavePeriodSet(ctx, next, ids, true)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.wall.forget()
	http.Redirect(w, r, "/wall?done=Locked:+"+next.Label()+"+will+show+this+set.", http.StatusSeeOther)
}

func (s *Server) wallUnlock(w http.ResponseWriter, r *http.Request) {
	next, ok := s.nextPeriod(w, r)
	if !ok {
		return
	}
	if err := s.store.UnlockPeriod(r.Context(), next); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.wall.forget()
	http.Redirect(w, r, "/wall?done=Unlocked:+the+next+set+is+drawn+afresh.", http.StatusSeeOther)
}

// personPin pins, excludes or frees a person, from their page or the
// wall's list.
func (s *Server) personPin(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	mode := faces.PinMode(r.PostFormValue("mode"))
	if err := s.store.PinPerson(r.Context(), id, mode); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.wall.forget()
	if r.PostFormValue("from") == "wall" {
		http.Redirect(w, r, "/wall?done="+url.QueryEscape("Back in the rotation."), http.StatusSeeOther)
		return
	}
	done := map[faces.PinMode]string{faces.Pinned: "pin", faces.Excluded: "exclude", "": "rotation"}[mode]
	http.Redirect(w, r, "/people/"+strconv.FormatInt(id, 10)+"?done="+done+"#wall", http.StatusSeeOther)
}

// wallPrint is the wall on paper: a card per half page, A4 or Letter, for
// offices without screens — the current set, or a room's people.
func (s *Server) wallPrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := faces.Now()
	paper := r.URL.Query().Get("paper")
	if paper != "letter" {
		paper = "a4"
	}
	var cards []faces.WallCard
	title := ""
	if room := r.URL.Query().Get("room"); room != "" {
		id, err := strconv.ParseInt(room, 10, 64)
		if err != nil {
			s.renderError(w, r, faces.Errorf(faces.ENOTFOUND, "No such company."))
			return
		}
		co, err := s.store.FindCompanyByID(ctx, id)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if cards, err = s.store.RoomCards(ctx, co.ID, now, faces.RoomStart(faces.PeriodOf(now, 3)), faces.MaxSetSize); err != nil {
			s.renderError(w, r, err)
			return
		}
		title = co.Name
	} else {
		settings, err := s.store.WallSettings(ctx)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		period := faces.PeriodOf(now, settings.PeriodMonths)
		ids, _, err := s.setFor(ctx, period, now)
		if err == nil {
			cards, err = s.store.WallCards(ctx, ids, now)
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		title = "The wall, " + period.Label()
	}
	s.render(w, r, http.StatusOK, "wall_print", page{Title: title, Form: map[string]string{"paper": paper, "room": r.URL.Query().Get("room")},
		Data: map[string]any{"Cards": cards, "Paper": paper}})
}
