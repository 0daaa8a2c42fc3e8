package web

import (
	"net/http"
	"sort"

	"github.com/faces-org/faces"
)

// focusPage is the leaders' view: month by month, how much of what staff
// write in Faces (visit notes, reviews, event notes, stories, notes)
// speaks of customers at all, and how concretely — the seed essay's
// analysis of go-to-market writing, done continuously on our own. It
// filters by months, kind of text and team of the author; the query
// keeps what was typed, and a wrong month is said next to its field.
func (s *Server) focusPage(w http.ResponseWriter, r *http.Request) {
	f, def := focusFilter(r), faces.LastMonths(faces.Now(), 12)
	form := map[string]string{"from": f.From, "to": f.To, "kind": f.Kind, "team": f.Team}
	status := http.StatusOK
	st, err := s.store.WritingStats(r.Context(), f)
	errs := fieldErrors(err)
	if errs != nil {
		status = http.StatusUnprocessableEntity
		st, err = s.store.WritingStats(r.Context(), def)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	teams, err1 := s.teamNames(r)
	readingAgain, err2 := s.store.BeingReadAgain(r.Context())
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "focus", page{Title: "Customer focus in our writing", Form: form, Errors: errs,
		Data: map[string]any{"Stats": st, "Kinds": faces.WritingKinds, "Teams": teams, "Levels": faces.WritingLevels, "ReadingAgain": readingAgain}})
}

// focusFilter reads the leaders' view's filter from the query (page and
// API alike): the last twelve months unless from or to say otherwise.
func focusFilter(r *http.Request) faces.WritingFilter {
	q := r.URL.Query()
	f := faces.LastMonths(faces.Now(), 12)
	if v := q.Get("from"); v != "" {
		f.From = v
	}
	if v := q.Get("to"); v != "" {
		f.To = v
	}
	f.Kind, f.Team = q.Get("kind"), q.Get("team")
	return f
}

// teamNames lists the teams staff accounts belong to, for the filter.
func (s *Server) teamNames(r *http.Request) ([]string, error) {
	users, err := s.store.FindUsers(r.Context())
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, u := range users {
		if u.Team != "" && !seen[u.Team] {
			seen[u.Team] = true
			out = append(out, u.Team)
		}
	}
	sort.Strings(out)
	return out, nil
}

// stackPart is one part of a row's bar: its level's class, and where it
// starts and how wide it is, out of 100.
type stackPart struct {
	Class string
	X, W  float64
}

// stackOf cuts a row's bar into the texts without a customer and those at
// each level. The bar is SVG, drawn by attributes: the pages' content
// security policy allows no inline style.
func stackOf(r faces.WritingRow) []stackPart {
	if r.Texts == 0 {
		return nil
	}
	parts := []stackPart{{Class: "bg-none", W: 100 * float64(r.Texts-r.Mentioning) / float64(r.Texts)}}
	x := parts[0].W
	for i, l := range faces.WritingLevels {
		w := 100 * float64(r.At[i]) / float64(r.Texts)
		parts = append(parts, stackPart{Class: "bg-" + l, X: x, W: w})
		x += w
	}
	return parts
}
