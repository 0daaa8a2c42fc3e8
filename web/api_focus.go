package web

import (
	"net/http"

	"github.com/faces-org/faces"
)

// apiWritingRow is a row of the leaders' view in the API.
type apiWritingRow struct {
	Key              string         `json:"key"`
	Texts            int            `json:"texts"`
	MentionCustomers int            `json:"mention_customers"`
	MostConcrete     map[string]int `json:"most_concrete"`
}

func toAPIWritingRow(r faces.WritingRow) apiWritingRow {
	out := apiWritingRow{Key: r.Key, Texts: r.Texts, MentionCustomers: r.Mentioning, MostConcrete: map[string]int{}}
	for i, l := range faces.WritingLevels {
		out.MostConcrete[l] = r.At[i]
	}
	return out
}

func toAPIWritingRows(rows []faces.WritingRow) []apiWritingRow {
	out := make([]apiWritingRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, toAPIWritingRow(r))
	}
	return out
}

// apiFocus is the leaders' view as data: GET /api/v1/focus?from=&to=&kind=&team=.
func (s *Server) apiFocus(w http.ResponseWriter, r *http.Request) (int, any, error) {
	f := focusFilter(r)
	st, err := s.store.WritingStats(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{
		"from": f.From, "to": f.To, "kind": f.Kind, "team": f.Team,
		"total":  toAPIWritingRow(st.Total),
		"months": toAPIWritingRows(st.Months),
		"kinds":  toAPIWritingRows(st.Kinds),
		"teams":  toAPIWritingRows(st.Teams),
	}, nil
}
