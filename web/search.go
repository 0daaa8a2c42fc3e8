package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/faces-org/faces"
)

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if n := faces.Limit("search.q"); utf8.RuneCountInString(q) > n {
		q = string([]rune(q)[:n]) // what a search box holds; the rest adds nothing
	}
	res, err := s.store.Search(r.Context(), q, pageSize)
	if err == nil {
		err = s.markAtRisk(r.Context(), res.People)
		for _, p := range res.People {
			p.Hit = faces.HitOf(p, q)
		}
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	title := "Search"
	if q != "" {
		title = "Search: " + q
	}
	s.render(w, r, http.StatusOK, "search", page{Title: title, Form: map[string]string{"q": q}, Data: res})
}
