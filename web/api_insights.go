package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/faces-org/faces"
)

type apiInsight struct {
	ID        int64     `json:"id"`
	PersonID  *int64    `json:"person_id"` // null once the person is erased
	Person    string    `json:"person,omitempty"`
	CompanyID *int64    `json:"company_id"`
	Company   string    `json:"company,omitempty"`
	Role      string    `json:"role"`
	Type      string    `json:"type"`
	Text      string    `json:"text"`
	Verbatim  bool      `json:"verbatim"`
	Method    string    `json:"method"`
	VisitID   *int64    `json:"visit_id"`
	ThemeID   *int64    `json:"theme_id"`
	CreatedAt time.Time `json:"created_at"`
}

type insightInput struct {
	PersonID int64  `json:"person_id"`
	Type     string `json:"type"`
	Text     string `json:"text"`
	Verbatim bool   `json:"verbatim"`
	Method   string `json:"method"`
	VisitID  *int64 `json:"visit_id"`
	ThemeID  *int64 `json:"theme_id"`
}

func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func toAPIInsight(in *faces.Insight) apiInsight {
	return apiInsight{ID: in.ID, PersonID: optionalID(in.PersonID), Person: in.PersonName, CompanyID: optionalID(in.CompanyID),
		Company: in.CompanyName, Role: in.Role, Type: in.Type, Text: in.Text, Verbatim: in.Verbatim, Method: in.Method,
		VisitID: optionalID(in.VisitID), ThemeID: optionalID(in.ThemeID), CreatedAt: in.CreatedAt}
}

func (s *Server) apiInsightCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	in, err := decode[insightInput](w, r)
	if err != nil {
		return 0, nil, err
	}
	rec := &faces.Insight{PersonID: in.PersonID, Type: in.Type, Text: in.Text, Verbatim: in.Verbatim, Method: in.Method}
	if in.VisitID != nil {
		rec.VisitID = *in.VisitID
	}
	if in.ThemeID != nil {
		rec.ThemeID = *in.ThemeID
	}
	if err := s.store.CreateInsight(r.Context(), rec); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toAPIInsight(rec), nil
}

func (s *Server) apiInsights(w http.ResponseWriter, r *http.Request) (int, any, error) {
	limit, _, err := paging(r)
	if err != nil {
		return 0, nil, err
	}
	f := faces.InsightFilter{Limit: limit}
	for name, dst := range map[string]*int64{"person_id": &f.PersonID, "visit_id": &f.VisitID, "theme_id": &f.ThemeID} {
		if *dst, err = queryID(r, name); err != nil {
			return 0, nil, err
		}
	}
	ins, err := s.store.FindInsights(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := struct {
		Items []apiInsight `json:"items"`
	}{Items: []apiInsight{}}
	for _, in := range ins {
		out.Items = append(out.Items, toAPIInsight(in))
	}
	return http.StatusOK, out, nil
}

type apiTheme struct {
	ID            int64        `json:"id"`
	Name          string       `json:"name"`
	CreatedAt     time.Time    `json:"created_at"`
	Triangulation *apiTriangle `json:"triangulation,omitempty"`
	Insights      []apiInsight `json:"insights,omitempty"`
}

type apiTriangle struct {
	Insights  int     `json:"insights"`
	People    int     `json:"people"`
	Companies int     `json:"companies"`
	Roles     int     `json:"roles"`
	Methods   int     `json:"methods"`
	Latest    *string `json:"latest"`
	OneVoice  bool    `json:"one_voice"`
}

func (s *Server) apiThemeCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	in, err := decode[struct {
		Name string `json:"name"`
	}](w, r)
	if err != nil {
		return 0, nil, err
	}
	t := &faces.Theme{Name: in.Name}
	if err := s.store.CreateTheme(r.Context(), t); err != nil {
		return 0, nil, err
	}
	w.Header().Set("Location", "/api/v1/themes/"+strconv.FormatInt(t.ID, 10))
	return http.StatusCreated, apiTheme{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt}, nil
}

func (s *Server) apiThemes(w http.ResponseWriter, r *http.Request) (int, any, error) {
	themes, err := s.store.FindThemes(r.Context())
	if err != nil {
		return 0, nil, err
	}
	out := struct {
		Items []apiTheme `json:"items"`
	}{Items: []apiTheme{}}
	for _, t := range themes {
		out.Items = append(out.Items, apiTheme{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt})
	}
	return http.StatusOK, out, nil
}

// apiTheme is a theme with its evidence and how well it is triangulated.
func (s *Server) apiTheme(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	ctx := r.Context()
	t, err := s.store.FindThemeByID(ctx, id)
	if err != nil {
		return 0, nil, err
	}
	ins, err1 := s.store.FindInsights(ctx, faces.InsightFilter{ThemeID: id, Limit: 500})
	tr, err2 := s.store.Triangulate(ctx, id)
	if err := firstErr(err1, err2); err != nil {
		return 0, nil, err
	}
	out := apiTheme{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, Insights: []apiInsight{},
		Triangulation: &apiTriangle{tr.Insights, tr.People, tr.Companies, tr.Roles, tr.Methods, nil, tr.OneVoice()}}
	if !tr.Latest.IsZero() {
		latest := tr.Latest.Format(time.RFC3339)
		out.Triangulation.Latest = &latest
	}
	for _, in := range ins {
		out.Insights = append(out.Insights, toAPIInsight(in))
	}
	return http.StatusOK, out, nil
}
