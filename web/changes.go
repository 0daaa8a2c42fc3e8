package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/faces-org/faces"
)

// change is one move in the recent-changes feed.
type change struct {
	PersonID    int64
	Person      string
	PhotoHash   string
	From, To    string // company names; From is "" for a first position
	ToCompanyID int64
	Title       string
	On          time.Time
	Recorded    time.Time
}

// recentMoves reads the latest moves from the audit trail: it already
// holds each move's positions before and after.
func (s *Server) recentMoves(r *http.Request, limit int) ([]change, error) {
	entries, _, err := s.store.FindAuditEntries(r.Context(), faces.AuditFilter{Action: faces.ActionMove, Entity: "person", Limit: limit})
	if err != nil {
		return nil, err
	}
	out := []change{}
	for _, e := range entries {
		var before, after faces.Position
		json.Unmarshal(e.Before, &before)
		if err := json.Unmarshal(e.After, &after); err != nil {
			continue
		}
		p, err := s.store.FindPersonByID(r.Context(), e.EntityID)
		if err != nil {
			continue // erased since
		}
		out = append(out, change{PersonID: p.ID, Person: p.Name, PhotoHash: p.PhotoHash, From: before.CompanyName,
			To: after.CompanyName, ToCompanyID: after.CompanyID, Title: after.Title, On: after.From, Recorded: e.At})
	}
	return out, nil
}

func (s *Server) changesList(w http.ResponseWriter, r *http.Request) {
	moves, err := s.recentMoves(r, 100)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "changes", page{Title: "Recent changes", Data: moves})
}

func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request) (int, any, error) {
	moves, err := s.recentMoves(r, 100)
	if err != nil {
		return 0, nil, err
	}
	type apiChange struct {
		PersonID    int64     `json:"person_id"`
		Person      string    `json:"person"`
		FromCompany string    `json:"from_company,omitempty"`
		ToCompany   string    `json:"to_company"`
		ToCompanyID int64     `json:"to_company_id"`
		Title       string    `json:"title"`
		On          string    `json:"on"`
		RecordedAt  time.Time `json:"recorded_at"`
	}
	out := []apiChange{}
	for _, m := range moves {
		out = append(out, apiChange{m.PersonID, m.Person, m.From, m.To, m.ToCompanyID, m.Title, m.On.Format(time.DateOnly), m.Recorded})
	}
	return http.StatusOK, out, nil
}
