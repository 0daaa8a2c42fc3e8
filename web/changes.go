package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/faces-org/faces"
)

// changesPage reads a page of the recent-changes feed after ?after=.
func (s *Server) changesPage(r *http.Request, n int) ([]*faces.Change, *faces.Cursor, error) {
	after, err := faces.ParseCursor(r.URL.Query().Get("after"))
	if err != nil {
		return nil, nil, err
	}
	changes, err := s.store.RecentChanges(r.Context(), after, n)
	if err != nil || len(changes) < n {
		return changes, nil, err
	}
	next := changes[len(changes)-1].CursorOf()
	return changes, &next, nil
}

// changesList is the feed of moves, by the day they took effect: who moved
// from where to where, as what. A first position is not a move.
func (s *Server) changesList(w http.ResponseWriter, r *http.Request) {
	changes, next, err := s.changesPage(r, pageSize)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	pager := newCursorPager(url.Values{}, r.URL.Query().Get("after"), next, 0)
	s.render(w, r, http.StatusOK, "changes", page{Title: "Recent changes", Data: map[string]any{"Changes": changes, "Pager": pager}})
}

func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request) (int, any, error) {
	limit, _, err := paging(r)
	if err != nil {
		return 0, nil, err
	}
	changes, next, err := s.changesPage(r, limit)
	if err != nil {
		return 0, nil, err
	}
	type apiChange struct {
		PersonID      int64  `json:"person_id"`
		Person        string `json:"person"`
		FromCompanyID int64  `json:"from_company_id"`
		FromCompany   string `json:"from_company"`
		ToCompanyID   int64  `json:"to_company_id"`
		ToCompany     string `json:"to_company"`
		Title         string `json:"title"`
		Division      string `json:"division,omitempty"`
		On            string `json:"on"`
	}
	out := struct {
		Items []apiChange `json:"items"`
		Next  string      `json:"next,omitempty"`
	}{Items: []apiChange{}}
	for _, c := range changes {
		out.Items = append(out.Items, apiChange{c.PersonID, c.PersonName, c.PreviousCompanyID, c.PreviousCompany, c.CompanyID, c.CompanyName,
			c.Title, c.Division, c.From.Format(time.DateOnly)})
	}
	if next != nil {
		out.Next = next.String()
	}
	return http.StatusOK, out, nil
}
