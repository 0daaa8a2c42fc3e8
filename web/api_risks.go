package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

type apiRisk struct {
	ID            int64      `json:"id"`
	PersonID      int64      `json:"person_id,omitempty"`
	CompanyID     int64      `json:"company_id,omitempty"`
	Reason        string     `json:"reason"`
	Since         string     `json:"since"`
	FlaggedBy     int64      `json:"flagged_by"`
	FlaggedByName string     `json:"flagged_by_name"`
	CreatedAt     time.Time  `json:"created_at"`
	ClearedAt     *time.Time `json:"cleared_at"`
}

func toAPIRisk(r *faces.Risk) apiRisk {
	out := apiRisk{ID: r.ID, PersonID: r.PersonID, CompanyID: r.CompanyID, Reason: r.Reason, Since: r.Since.Format(time.DateOnly),
		FlaggedBy: r.FlaggedBy, FlaggedByName: r.FlaggedByName, CreatedAt: r.CreatedAt}
	if !r.ClearedAt.IsZero() {
		out.ClearedAt = &r.ClearedAt
	}
	return out
}

// riskInput is a flag to raise: why, and since which day (today when
// left out).
type riskInput struct {
	Reason string `json:"reason"`
	Since  string `json:"since"`
}

// apiRisks lists the flags that hold on a person or a company.
func (s *Server) apiRisks(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	person, company := id, int64(0)
	if strings.HasPrefix(r.URL.Path, "/api/v1/companies/") {
		person, company = 0, id
	}
	risks, err := s.store.OpenRisks(r.Context(), person, company)
	if err != nil {
		return 0, nil, err
	}
	out := make([]apiRisk, len(risks))
	for i, rk := range risks {
		out[i] = toAPIRisk(rk)
	}
	return http.StatusOK, out, nil
}

// apiRiskFlag raises a flag on a person or a company.
func (s *Server) apiRiskFlag(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	in, err := decode[riskInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	risk := &faces.Risk{Reason: in.Reason, Since: faces.Today()}
	if in.Since != "" {
		if risk.Since, err = time.Parse(time.DateOnly, in.Since); err != nil {
			return 0, nil, &faces.Error{Code: faces.EINVALID, Message: "Please correct the flag.", Fields: map[string]string{"since": "A day is written YYYY-MM-DD."}}
		}
	}
	if strings.HasPrefix(r.URL.Path, "/api/v1/companies/") {
		risk.CompanyID = id
	} else {
		risk.PersonID = id
	}
	if err := s.store.FlagRisk(r.Context(), risk); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toAPIRisk(risk), nil
}

// apiRiskClear clears a flag.
func (s *Server) apiRiskClear(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "rid")
	if err != nil {
		return 0, nil, err
	}
	risk, err := s.store.ClearRisk(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPIRisk(risk), nil
}

type apiOpener struct {
	PersonID  int64    `json:"person_id"`
	Name      string   `json:"name"`
	StoryCard string   `json:"story_card"`
	Text      string   `json:"text"`
	Why       []string `json:"why"`
}

// apiOpeners proposes stories to open a meeting with: ?topic= (the
// meeting's title and description), attendee= (repeatable), n= (1–10).
func (s *Server) apiOpeners(w http.ResponseWriter, r *http.Request) (int, any, error) {
	q := r.URL.Query()
	n, _ := strconv.Atoi(q.Get("n"))
	n = min(max(n, 1), 10)
	if q.Get("n") == "" {
		n = 3
	}
	openers, err := s.store.Openers(r.Context(), faces.OpenerQuery{Topic: q.Get("topic"), Attendees: q["attendee"], Team: openerTeam(userFrom(r.Context()))}, n)
	if err != nil {
		return 0, nil, err
	}
	out := make([]apiOpener, len(openers))
	for i, o := range openers {
		out[i] = apiOpener{PersonID: o.Person.ID, Name: o.Person.Name, StoryCard: o.Story.Card, Text: o.Text, Why: o.Why}
		if out[i].Why == nil {
			out[i].Why = []string{}
		}
	}
	return http.StatusOK, out, nil
}
