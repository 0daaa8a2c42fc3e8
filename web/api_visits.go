package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/faces-org/faces"
)

// The visits in the JSON API, with the same services as the pages.

type apiVisit struct {
	ID        int64      `json:"id"`
	On        string     `json:"on"`
	CompanyID int64      `json:"company_id"`
	Company   string     `json:"company"`
	Kind      string     `json:"kind"`
	NonSales  bool       `json:"non_sales"`
	Planned   bool       `json:"planned"`
	Notes     string     `json:"notes"`
	PersonIDs []int64    `json:"person_ids"`
	StaffIDs  []int64    `json:"staff_ids"`
	People    []apiNamed `json:"people"`
	Staff     []apiNamed `json:"staff"`
	CreatedBy int64      `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	Flags     []string   `json:"flags"`
}

type apiNamed struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Detail string `json:"detail,omitempty"`
}

type visitInput struct {
	On        string  `json:"on"`
	CompanyID int64   `json:"company_id"`
	PersonIDs []int64 `json:"person_ids"`
	StaffIDs  []int64 `json:"staff_ids"`
	Kind      string  `json:"kind"`
	NonSales  bool    `json:"non_sales"`
	Notes     string  `json:"notes"`
}

func toAPIVisit(v *faces.Visit) apiVisit {
	named := func(ns []faces.Named) []apiNamed {
		out := []apiNamed{}
		for _, n := range ns {
			out = append(out, apiNamed{n.ID, n.Name, n.Detail})
		}
		return out
	}
	a := apiVisit{ID: v.ID, On: v.On.Format(time.DateOnly), CompanyID: v.CompanyID, Company: v.CompanyName, Kind: v.Kind,
		NonSales: v.NonSales, Planned: v.Planned(faces.Now()), Notes: v.Notes, PersonIDs: v.PersonIDs, StaffIDs: v.StaffIDs,
		People: named(v.People), Staff: named(v.Staff), CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt, Flags: []string{}}
	if v.Unattributed() {
		a.Flags = append(a.Flags, "no_customer_named")
	}
	return a
}

func (s *Server) apiVisitCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	in, err := decode[visitInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	v := &faces.Visit{CompanyID: in.CompanyID, PersonIDs: in.PersonIDs, StaffIDs: in.StaffIDs, Kind: in.Kind, NonSales: in.NonSales, Notes: in.Notes}
	if in.On != "" {
		if v.On, err = time.Parse(time.DateOnly, in.On); err != nil {
			return 0, nil, &faces.Error{Code: faces.EINVALID, Message: "Please correct the visit.", Fields: map[string]string{"on": "A day: YYYY-MM-DD."}}
		}
	}
	if len(v.StaffIDs) == 0 { // the caller went
		v.StaffIDs = []int64{userFrom(r.Context()).ID}
	}
	if err := s.store.CreateVisit(r.Context(), v); err != nil {
		return 0, nil, err
	}
	w.Header().Set("Location", "/api/v1/visits/"+strconv.FormatInt(v.ID, 10))
	return http.StatusCreated, toAPIVisit(v), nil
}

func (s *Server) apiVisits(w http.ResponseWriter, r *http.Request) (int, any, error) {
	limit, _, err := paging(r)
	if err != nil {
		return 0, nil, err
	}
	f := faces.VisitFilter{Limit: limit}
	if f.PersonID, err = queryID(r, "person_id"); err != nil {
		return 0, nil, err
	}
	if f.CompanyID, err = queryID(r, "company_id"); err != nil {
		return 0, nil, err
	}
	if f.StaffID, err = queryID(r, "staff_id"); err != nil {
		return 0, nil, err
	}
	if f.Before, err = faces.ParseCursor(r.URL.Query().Get("after")); err != nil {
		return 0, nil, err
	}
	visits, total, err := s.store.FindVisits(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := newList[apiVisit](total, 0, limit)
	for _, v := range visits {
		out.Items = append(out.Items, toAPIVisit(v))
	}
	if len(visits) == limit {
		last := visits[len(visits)-1]
		out.Next = faces.DayCursor(last.On, last.ID).String()
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiVisit(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	v, err := s.store.FindVisitByID(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPIVisit(v), nil
}

// apiMe is the caller's account, with "when did you last visit a
// customer?".
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) (int, any, error) {
	u := userFrom(r.Context())
	last, err := s.store.LastVisitsOf(r.Context(), u.ID, faces.Now())
	if err != nil {
		return 0, nil, err
	}
	day := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		d := t.Format(time.DateOnly)
		return &d
	}
	return http.StatusOK, struct {
		apiUser
		LastVisit         *string `json:"last_visit"`
		LastNonSalesVisit *string `json:"last_non_sales_visit"`
	}{toAPIUser(u), day(last.Visit), day(last.NonSales)}, nil
}

func (s *Server) apiVisitDashboard(w http.ResponseWriter, r *http.Request) (int, any, error) {
	d, err := s.store.VisitDashboard(r.Context(), faces.Now())
	if err != nil {
		return 0, nil, err
	}
	type team struct {
		Team    string   `json:"team"`
		Staff   int      `json:"staff"`
		Visited int      `json:"visited"`
		Never   []string `json:"never"`
	}
	type month struct {
		Month    string `json:"month"`
		Visits   int    `json:"visits"`
		NonSales int    `json:"non_sales"`
		Visitors int    `json:"visitors"`
	}
	out := struct {
		Teams   []team  `json:"teams"`
		ByMonth []month `json:"by_month"`
	}{Teams: []team{}, ByMonth: []month{}}
	for _, t := range d.Teams {
		out.Teams = append(out.Teams, team{t.Team, t.Staff, t.Visited, t.Never})
	}
	for _, m := range d.ByMonth {
		out.ByMonth = append(out.ByMonth, month{m.Month, m.Visits, m.NonSales, m.Visitors})
	}
	return http.StatusOK, out, nil
}
