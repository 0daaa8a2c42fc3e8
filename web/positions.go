package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/faces-org/faces"
)

// Correcting a person's role history: a position's title, division and
// days, or a position recorded by mistake; and planned moves.

func (s *Server) findPosition(w http.ResponseWriter, r *http.Request) (*faces.Person, *faces.Position, bool) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return nil, nil, false
	}
	pid, err := strconv.ParseInt(r.PathValue("pid"), 10, 64)
	if err == nil {
		history, err := s.store.Positions(r.Context(), p.ID)
		if err != nil {
			s.renderError(w, r, err)
			return nil, nil, false
		}
		for _, po := range history {
			if po.ID == pid {
				return p, po, true
			}
		}
	}
	s.renderError(w, r, faces.Errorf(faces.ENOTFOUND, "No such position."))
	return nil, nil, false
}

func positionForm(po *faces.Position) map[string]string {
	f := map[string]string{"title": po.Title, "division": po.Division, "from": po.From.Format(time.DateOnly)}
	if !po.To.IsZero() {
		f["to"] = po.To.Format(time.DateOnly)
	}
	return f
}

func (s *Server) positionEdit(w http.ResponseWriter, r *http.Request) {
	p, po, ok := s.findPosition(w, r)
	if !ok {
		return
	}
	s.renderPositionForm(w, r, http.StatusOK, p, po, positionForm(po), nil)
}

func (s *Server) renderPositionForm(w http.ResponseWriter, r *http.Request, status int, p *faces.Person, po *faces.Position, form, errs map[string]string) {
	s.render(w, r, status, "position_form", page{Title: "Correct a position of " + p.Name, Form: form, Errors: errs,
		Data: map[string]any{"Person": p, "Position": po}})
}

func (s *Server) positionUpdate(w http.ResponseWriter, r *http.Request) {
	p, po, ok := s.findPosition(w, r)
	if !ok {
		return
	}
	form := formOf(r, "title", "division", "from", "to")
	errs := map[string]string{}
	corrected := *po
	corrected.Title, corrected.Division = form["title"], form["division"]
	var err error
	if corrected.From, err = time.Parse(time.DateOnly, form["from"]); err != nil {
		errs["from"] = "Give the day as YYYY-MM-DD."
	}
	corrected.To = time.Time{}
	if form["to"] != "" {
		if corrected.To, err = time.Parse(time.DateOnly, form["to"]); err != nil {
			errs["to"] = "Give the day as YYYY-MM-DD, or leave it empty while the position is held."
		}
	}
	if len(errs) == 0 {
		err = s.store.UpdatePosition(r.Context(), &corrected)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/people/%d?done=corrected", p.ID), http.StatusSeeOther)
			return
		}
		if errs = fieldErrors(err); errs == nil {
			s.renderError(w, r, err)
			return
		}
	}
	s.renderPositionForm(w, r, http.StatusUnprocessableEntity, p, po, form, errs)
}

func (s *Server) positionDeleteForm(w http.ResponseWriter, r *http.Request) {
	p, po, ok := s.findPosition(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "confirm", page{Title: "Delete this position?", Data: confirmation{
		Lines: []string{
			fmt.Sprintf("%s, %s at %s, from %s.", p.Name, po.Title, po.CompanyName, po.From.Format("2 Jan 2006")),
			"Delete a position only when it was recorded by mistake: a past position is part of their history. The audit trail keeps the change.",
		},
		Action: fmt.Sprintf("/people/%d/positions/%d/delete", p.ID, po.ID), Button: "Delete the position",
		Cancel: fmt.Sprintf("/people/%d", p.ID), Danger: true,
	}})
}

func (s *Server) positionDelete(w http.ResponseWriter, r *http.Request) {
	p, po, ok := s.findPosition(w, r)
	if !ok {
		return
	}
	if err := s.store.DeletePosition(r.Context(), p.ID, po.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=corrected", p.ID), http.StatusSeeOther)
}

func (s *Server) plannedMoveCancel(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err == nil {
		err = s.store.CancelPlannedMove(r.Context(), p.ID, mid)
	} else {
		err = faces.Errorf(faces.ENOTFOUND, "No such planned move.")
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=cancelled", p.ID), http.StatusSeeOther)
}

// The API.

type positionInput struct {
	Title    string `json:"title"`
	Division string `json:"division"`
	From     string `json:"from"`
	To       string `json:"to"` // empty while the position is held
	// Read-only fields of Position, accepted and ignored so that what GET
	// returns can be sent back.
	ID          int64  `json:"id"`
	CompanyID   int64  `json:"company_id"`
	CompanyName string `json:"company_name"`
}

func (s *Server) apiPositionUpdate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err1 := apiID(r, "id")
	pid, err2 := apiID(r, "pid")
	if err := firstErr(err1, err2); err != nil {
		return 0, nil, err
	}
	in, err := decode[positionInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	po := &faces.Position{ID: pid, PersonID: id, Title: in.Title, Division: in.Division}
	if po.From, err = parseDay("from", in.From); err != nil {
		return 0, nil, err
	}
	if in.To != "" {
		if po.To, err = parseDay("to", in.To); err != nil {
			return 0, nil, err
		}
	}
	if err := s.store.UpdatePosition(r.Context(), po); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPIPosition(po), nil
}

func (s *Server) apiPositionDelete(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err1 := apiID(r, "id")
	pid, err2 := apiID(r, "pid")
	if err := firstErr(err1, err2); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, s.store.DeletePosition(r.Context(), id, pid)
}

type apiPlannedMove struct {
	ID          int64     `json:"id"`
	CompanyID   int64     `json:"company_id"`
	CompanyName string    `json:"company_name"`
	Title       string    `json:"title"`
	Division    string    `json:"division"`
	On          string    `json:"on"`
	CreatedAt   time.Time `json:"created_at"`
}

func toAPIPlannedMove(pm *faces.PlannedMove) apiPlannedMove {
	return apiPlannedMove{pm.ID, pm.CompanyID, pm.CompanyName, pm.Title, pm.Division, pm.On.Format(time.DateOnly), pm.CreatedAt}
}

func (s *Server) apiPlannedMoves(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	moves, err := s.store.PlannedMoves(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	out := []apiPlannedMove{}
	for _, pm := range moves {
		out = append(out, toAPIPlannedMove(pm))
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiPlannedMoveCancel(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err1 := apiID(r, "id")
	mid, err2 := apiID(r, "mid")
	if err := firstErr(err1, err2); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, s.store.CancelPlannedMove(r.Context(), id, mid)
}
