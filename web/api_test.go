package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/postgres/postgrestest"
)

// apiRouteTable is every API route with who may call it and a body that
// is valid for it.
var apiRouteTable = []struct {
	method, pattern, path string
	who                   access
	body                  string
}{
	{"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", staffOnly, ""},
	{"GET", "/api/v1/people", "/api/v1/people", staffOnly, ""},
	{"GET", "/api/v1/focus", "/api/v1/focus", staffOnly, ""},
	{"POST", "/api/v1/people", "/api/v1/people", editorsOnly, `{"name":"Bill Tran"}`},
	{"GET", "/api/v1/people/{id}", "/api/v1/people/1", staffOnly, ""},
	{"PUT", "/api/v1/people/{id}", "/api/v1/people/1", editorsOnly, `{"name":"Jill Okafor-Reyes"}`},
	{"GET", "/api/v1/people/{id}/positions", "/api/v1/people/1/positions", staffOnly, ""},
	{"POST", "/api/v1/people/{id}/moves", "/api/v1/people/1/moves", editorsOnly, `{"company_id":1,"title":"CFO","on":"2025-01-01"}`},
	{"POST", "/api/v1/people/{id}/moves", "/api/v1/people/1/moves", editorsOnly, `{"company_id":1,"title":"Advisor","on":"2099-01-01"}`},
	{"GET", "/api/v1/people/{id}/planned-moves", "/api/v1/people/1/planned-moves", staffOnly, ""},
	{"DELETE", "/api/v1/people/{id}/planned-moves/{mid}", "/api/v1/people/1/planned-moves/1", editorsOnly, ""},
	{"PUT", "/api/v1/people/{id}/positions/{pid}", "/api/v1/people/1/positions/1", editorsOnly, `{"title":"CFO","division":"Finance","from":"2024-12-01"}`},
	{"DELETE", "/api/v1/people/{id}/positions/{pid}", "/api/v1/people/1/positions/1", editorsOnly, ""},
	{"PUT", "/api/v1/people/{id}/photo", "/api/v1/people/1/photo", editorsOnly, "@png"},
	{"GET", "/api/v1/people/{id}/photo/{size}", "/api/v1/people/1/photo/thumb", staffOnly, ""},
	{"DELETE", "/api/v1/people/{id}/photo", "/api/v1/people/1/photo", editorsOnly, ""},
	{"GET", "/api/v1/people/{id}/story", "/api/v1/people/1/story", staffOnly, ""},
	{"PUT", "/api/v1/people/{id}/story", "/api/v1/people/1/story", editorsOnly, `{"card":"Runs the night shift."}`},
	{"GET", "/api/v1/people/{id}/consents", "/api/v1/people/1/consents", staffOnly, ""},
	{"POST", "/api/v1/people/{id}/consents", "/api/v1/people/1/consents", editorsOnly, `{"granted_on":"2026-01-01","means":"email"}`},
	{"POST", "/api/v1/people/{id}/consents/{cid}/revoke", "/api/v1/people/1/consents/1/revoke", editorsOnly, ""},
	{"GET", "/api/v1/people/{id}/relationships", "/api/v1/people/1/relationships", staffOnly, ""},
	{"POST", "/api/v1/people/{id}/relationships", "/api/v1/people/1/relationships", editorsOnly, `{"kind":"reports_to","to_id":2}`},
	{"DELETE", "/api/v1/relationships/{rid}", "/api/v1/relationships/1", editorsOnly, ""},
	{"GET", "/api/v1/people/{id}/buying-roles", "/api/v1/people/1/buying-roles", staffOnly, ""},
	{"POST", "/api/v1/people/{id}/buying-roles", "/api/v1/people/1/buying-roles", editorsOnly, `{"company_id":1,"role":"champion"}`},
	{"GET", "/api/v1/companies/{id}/buying-roles", "/api/v1/companies/1/buying-roles", staffOnly, ""},
	{"DELETE", "/api/v1/buying-roles/{bid}", "/api/v1/buying-roles/1", editorsOnly, ""},
	{"GET", "/api/v1/companies", "/api/v1/companies", staffOnly, ""},
	{"POST", "/api/v1/companies", "/api/v1/companies", editorsOnly, `{"name":"Globex"}`},
	{"GET", "/api/v1/companies/{id}", "/api/v1/companies/1", staffOnly, ""},
	{"PUT", "/api/v1/companies/{id}", "/api/v1/companies/1", editorsOnly, `{"name":"Acme Inc"}`},
	{"GET", "/api/v1/search", "/api/v1/search?q=jill", staffOnly, ""},
	{"GET", "/api/v1/openers", "/api/v1/openers?topic=night+shift", staffOnly, ""},
	{"GET", "/api/v1/people/{id}/risks", "/api/v1/people/1/risks", staffOnly, ""},
	{"POST", "/api/v1/people/{id}/risks", "/api/v1/people/1/risks", editorsOnly, `{"reason":"Quiet since the reorg.","since":"2026-11-01"}`},
	{"GET", "/api/v1/companies/{id}/risks", "/api/v1/companies/1/risks", staffOnly, ""},
	{"POST", "/api/v1/companies/{id}/risks", "/api/v1/companies/1/risks", editorsOnly, `{"reason":"Renewal in doubt."}`},
	{"POST", "/api/v1/risks/{rid}/clear", "/api/v1/risks/1/clear", editorsOnly, ""},
	{"GET", "/api/v1/changes", "/api/v1/changes", staffOnly, ""},
	{"GET", "/api/v1/me", "/api/v1/me", staffOnly, ""},
	{"POST", "/api/v1/visits", "/api/v1/visits", staffOnly, `{"on":"2026-11-30","company_id":2,"person_ids":[1],"kind":"observe","non_sales":true}`},
	{"GET", "/api/v1/visits", "/api/v1/visits?person_id=1", staffOnly, ""},
	{"GET", "/api/v1/visits/{id}", "/api/v1/visits/1", staffOnly, ""},
	{"GET", "/api/v1/events", "/api/v1/events", staffOnly, ""},
	{"POST", "/api/v1/events", "/api/v1/events", editorsOnly, `{"name":"Meetup","on":"2026-12-20"}`},
	{"GET", "/api/v1/events/{id}", "/api/v1/events/1", staffOnly, ""},
	{"POST", "/api/v1/events/{id}/guests", "/api/v1/events/1/guests", editorsOnly, `{"person_id":1,"key":true}`},
	{"DELETE", "/api/v1/events/{id}/guests/{person}", "/api/v1/events/1/guests/1", editorsOnly, ""},
	{"GET", "/api/v1/dashboard/visits", "/api/v1/dashboard/visits", staffOnly, ""},
	{"POST", "/api/v1/themes", "/api/v1/themes", staffOnly, `{"name":"Paper beats screens"}`},
	{"GET", "/api/v1/themes", "/api/v1/themes", staffOnly, ""},
	{"GET", "/api/v1/themes/{id}", "/api/v1/themes/1", staffOnly, ""},
	{"POST", "/api/v1/insights", "/api/v1/insights", staffOnly, `{"person_id":1,"type":"wish","text":"A faster report.","method":"interview","theme_id":1}`},
	{"GET", "/api/v1/insights", "/api/v1/insights?theme_id=1", staffOnly, ""},
	{"GET", "/api/v1/audit", "/api/v1/audit", adminsOnly, ""},
	{"GET", "/api/v1/users", "/api/v1/users", adminsOnly, ""},
	{"POST", "/api/v1/users", "/api/v1/users", adminsOnly, `{"name":"Nia","email":"nia@faces.example","role":"viewer","password":"a long enough password"}`},
	{"PUT", "/api/v1/users/{id}", "/api/v1/users/1", adminsOnly, `{"name":"Viewer V","role":"viewer"}`},
	{"GET", "/api/v1/story-check", "/api/v1/story-check", adminsOnly, ""},
	{"PUT", "/api/v1/story-check", "/api/v1/story-check", adminsOnly, `{"our_names":["LabelFlow"],"customer_words":["members"],"wall_skips":false}`},
	{"DELETE", "/api/v1/people/{id}", "/api/v1/people/1", editorsOnly, ""},
	{"DELETE", "/api/v1/companies/{id}", "/api/v1/companies/1", editorsOnly, ""},
	{"GET", "/api/v1/trash", "/api/v1/trash", editorsOnly, ""},
	{"POST", "/api/v1/trash/{id}/restore", "/api/v1/trash/1/restore", editorsOnly, ""}, // the person deleted just before
	{"POST", "/api/v1/people/{id}/erase", "/api/v1/people/1/erase", adminsOnly, ""},
}

// api calls the API with a bearer token of the role ("" for none).
func (f *fixture) api(role faces.Role, method, path, body string) (*http.Response, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if body != "" && !strings.Contains(path, "/photo") {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.apiToken(role))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var doc map[string]any
	json.Unmarshal(b, &doc)
	return resp, doc
}

func (f *fixture) apiToken(role faces.Role) string {
	key := "api-" + role
	if tok, ok := f.tokens[key]; ok {
		return tok
	}
	u, err := f.db.FindUserByEmail(context.Background(), string(role)+"@faces.example")
	if err != nil {
		f.t.Fatal(err)
	}
	_, secret, err := f.db.CreateAPIToken(context.Background(), u.ID, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	f.tokens[key] = secret
	return secret
}

func TestAPIAuthorization(t *testing.T) {
	rank := map[faces.Role]access{"": public, faces.RoleViewer: staffOnly, faces.RoleEditor: editorsOnly, faces.RoleAdmin: adminsOnly}
	for _, role := range []faces.Role{"", faces.RoleViewer, faces.RoleEditor, faces.RoleAdmin} {
		f := newFixture(t)
		// Visits go to a company of their own (company 1 is deleted on the way).
		if err := f.db.CreateCompany(context.Background(), &faces.Company{Name: "Visited Co"}); err != nil {
			t.Fatal(err)
		}
		for _, rt := range apiRouteTable {
			body := rt.body
			if body == "@png" {
				body = string(testPNG(t))
			}
			if rt.method == "GET" && strings.Contains(rt.pattern, "{size}") && rank[role] >= rt.who {
				continue // served only while a photo exists: checked in TestAPIPhoto
			}
			resp, doc := f.api(role, rt.method, rt.path, body)
			allowed := rank[role] >= rt.who
			switch {
			case allowed && resp.StatusCode >= 400:
				t.Errorf("%q %s %s: %d %v, want it allowed", role, rt.method, rt.path, resp.StatusCode, doc)
			case !allowed && role == "" && resp.StatusCode != http.StatusUnauthorized:
				t.Errorf("anonymous %s %s: %d, want 401", rt.method, rt.path, resp.StatusCode)
			case !allowed && role != "" && resp.StatusCode != http.StatusForbidden:
				t.Errorf("%s %s %s: %d, want 403", role, rt.method, rt.path, resp.StatusCode)
			case !allowed && resp.Header.Get("Content-Type") != "application/problem+json":
				t.Errorf("%q %s %s: refused with %q, want a problem document", role, rt.method, rt.path, resp.Header.Get("Content-Type"))
			}
		}
	}
}

// Every API route is described in the OpenAPI document, and the document
// describes no route that does not exist.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &spec); err != nil {
		t.Fatal(err)
	}
	documented, ids := map[string]bool{}, map[string]string{}
	for path, ops := range spec.Paths {
		for method, raw := range ops {
			if method == "parameters" {
				continue
			}
			key := strings.ToUpper(method) + " " + path
			documented[key] = true
			var op struct {
				OperationID string `json:"operationId"`
			}
			json.Unmarshal(raw, &op)
			if op.OperationID == "" {
				t.Errorf("%s has no operationId", key)
			} else if other, taken := ids[op.OperationID]; taken {
				t.Errorf("%s and %s share the operationId %s", key, other, op.OperationID)
			}
			ids[op.OperationID] = key
		}
	}
	src, _ := os.ReadFile("routes.go")
	for _, m := range regexp.MustCompile(`mux\.Handle\("(\w+) (/api/[^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		key := m[1] + " " + m[2]
		if !documented[key] {
			t.Errorf("%s is not in openapi.json", key)
		}
		delete(documented, key)
	}
	for key := range documented {
		t.Errorf("openapi.json describes %s, which no route serves", key)
	}
}

func TestAPIProblems(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		method, path, body string
		status             int
		field              string // expected in errors
		detail             string // expected in detail
	}{
		{"POST", "/api/v1/people", `{"name":"","emails":["nope"]}`, 422, "emails", "correct the person"},
		{"POST", "/api/v1/people", `{"name":"X","favourite_colour":"blue"}`, 422, "", "unknown field"},
		{"POST", "/api/v1/people", `{"name":`, 422, "", "not valid JSON"},
		{"POST", "/api/v1/people", `{"name":42}`, 422, "name", "wrong type"},
		{"POST", "/api/v1/people", `{"name":"A"}{"name":"B"}`, 422, "", "more than one"},
		{"POST", "/api/v1/people", `{"name":"` + strings.Repeat("x", maxJSONBody) + `"}`, 413, "", "larger than"},
		{"POST", "/api/v1/people", "{\"name\":\"Jill \xff\xfe\"}", 422, "", "not valid UTF-8"},
		{"POST", "/api/v1/people", `{"name":"` + strings.Repeat("é", 201) + `"}`, 422, "name", "correct the person"},
		{"POST", "/api/v1/people", `{"name":"Jill","tags":["` + strings.Repeat("t", 51) + `"]}`, 422, "tags", ""},
		{"GET", "/api/v1/people/abc", "", 404, "", "No such person."},
		{"GET", "/api/v1/companies/0", "", 404, "", "No such company."},
		{"POST", "/api/v1/people/1/consents/x/revoke", "", 404, "", "No such consent."},
		{"DELETE", "/api/v1/buying-roles/-1", "", 404, "", "No such buying role."},
		{"GET", "/api/v1/people?company_id=abc", "", 422, "company_id", "filter"},
		{"GET", "/api/v1/people?formerly_at=-3", "", 422, "formerly_at", "filter"},
		{"GET", "/api/v1/companies?key_customer=maybe", "", 422, "key_customer", "filter"},
		{"GET", "/api/v1/search?q=" + strings.Repeat("a", 201), "", 422, "q", "too long"},
		{"POST", "/api/v1/people/1/moves", `{"company_id":1,"title":"X","on":"next tuesday"}`, 422, "on", ""},
		{"GET", "/api/v1/people/999", "", 404, "", "Person not found"},
		{"GET", "/api/v1/people?limit=0", "", 422, "limit", ""},
		{"GET", "/api/v1/nothing", "", 404, "", "No such API endpoint"},
	}
	for _, tt := range tests {
		resp, doc := f.api(faces.RoleEditor, tt.method, tt.path, tt.body)
		if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s %s: %d %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Content-Type"))
			continue
		}
		if doc["status"] != float64(tt.status) || doc["title"] == "" || doc["type"] == "" {
			t.Errorf("%s %s: problem %v", tt.method, tt.path, doc)
		}
		if tt.field != "" {
			if errs, _ := doc["errors"].(map[string]any); errs[tt.field] == nil {
				t.Errorf("%s %s: no error for %s in %v", tt.method, tt.path, tt.field, doc)
			}
		}
		if d, _ := doc["detail"].(string); !strings.Contains(d, tt.detail) {
			t.Errorf("%s %s: detail %q, want %q", tt.method, tt.path, d, tt.detail)
		}
	}
	resp, doc := f.api(faces.RoleAdmin, "GET", "/api/v1/audit?actor_id=me", "")
	if errs, _ := doc["errors"].(map[string]any); resp.StatusCode != 422 || errs["actor_id"] == nil {
		t.Errorf("audit with a malformed actor: %d %v", resp.StatusCode, doc)
	}
	// Nothing was written by any of them.
	if _, n, _ := f.db.FindPeople(context.Background(), faces.PersonFilter{}); n != 1 {
		t.Errorf("%d people after bad requests, want 1", n)
	}
	// A bad token is refused with a challenge.
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/people", nil)
	req.Header.Set("Authorization", "Bearer faces_nope")
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("bad token: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
}

func TestAPIPersonLifecycle(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { apiPersonLifecycle(t, newFixture(t)) })
	t.Run("postgres", func(t *testing.T) { apiPersonLifecycle(t, newFixtureOn(t, postgrestest.Open(t))) })
}

func apiPersonLifecycle(t *testing.T, f *fixture) {
	resp, doc := f.api(faces.RoleEditor, "POST", "/api/v1/people", `{"name":"Liz Moreau","tags":["champion"],"emails":["liz@keystone.example"]}`)
	if resp.StatusCode != 201 || resp.Header.Get("Location") != "/api/v1/people/2" || doc["name"] != "Liz Moreau" {
		t.Fatalf("create: %d %v %v", resp.StatusCode, resp.Header.Get("Location"), doc)
	}
	resp, doc = f.api(faces.RoleEditor, "POST", "/api/v1/people/2/moves", `{"company_id":1,"title":"Head of planning","on":"2023-04-01"}`)
	cur, _ := doc["current"].(map[string]any)
	if resp.StatusCode != 200 || cur["company_name"] != "Acme" || cur["from"] != "2023-04-01" {
		t.Fatalf("move: %d %v", resp.StatusCode, doc)
	}
	_, doc = f.api(faces.RoleViewer, "GET", "/api/v1/search?q=planning", "")
	if people, _ := doc["people"].([]any); len(people) != 1 {
		t.Errorf("search after the move: %v", doc)
	}
	_, doc = f.api(faces.RoleViewer, "GET", "/api/v1/people?company_id=1", "")
	if doc["total"] != float64(1) {
		t.Errorf("people at Acme: %v", doc)
	}
	_, doc = f.api(faces.RoleAdmin, "GET", "/api/v1/audit?entity=person&entity_id=2", "")
	if doc["total"] != float64(2) {
		t.Errorf("audit of the person: %v", doc)
	}
}

func TestAPIPhoto(t *testing.T) {
	f := newFixture(t)
	resp, doc := f.api(faces.RoleEditor, "PUT", "/api/v1/people/1/photo", string(testPNG(t)))
	if resp.StatusCode != 200 || doc["photo_hash"] == nil {
		t.Fatalf("upload: %d %v", resp.StatusCode, doc)
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/people/1/photo/card", nil)
	req.Header.Set("Authorization", "Bearer "+f.apiToken(faces.RoleViewer))
	got, err := http.DefaultClient.Do(req)
	if err != nil || got.StatusCode != 200 || got.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("rendition: %v %v", got, err)
	}
	got.Body.Close()
	resp, doc = f.api(faces.RoleEditor, "PUT", "/api/v1/people/1/photo", "GIF89a not really")
	if resp.StatusCode != 422 || !strings.Contains(doc["detail"].(string), "not a JPEG, PNG or WebP") {
		t.Errorf("not an image: %d %v", resp.StatusCode, doc)
	}
}

// A body in another media type gets 415, and a request from another site
// a problem document, not an HTML page.
func TestAPIMediaTypeAndCrossSite(t *testing.T) {
	f := newFixture(t)
	send := func(contentType, site string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/people", strings.NewReader(`{"name":"Mallory"}`))
		req.Header.Set("Content-Type", contentType)
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		req.Header.Set("Authorization", "Bearer "+f.apiToken(faces.RoleEditor))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var doc map[string]any
		json.NewDecoder(resp.Body).Decode(&doc)
		return resp, doc
	}
	for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain", "application/jsonp", "multipart/form-data; boundary=x"} {
		if resp, doc := send(ct, ""); resp.StatusCode != http.StatusUnsupportedMediaType || doc["status"] != float64(415) {
			t.Errorf("Content-Type %s: %d %v", ct, resp.StatusCode, doc)
		}
	}
	if resp, _ := send("application/json; charset=utf-8", ""); resp.StatusCode != http.StatusCreated {
		t.Errorf("application/json with a charset: %d", resp.StatusCode)
	}
	resp, doc := send("application/json", "cross-site")
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Content-Type") != "application/problem+json" || doc["status"] != float64(403) {
		t.Errorf("cross-site API request: %d %q %v", resp.StatusCode, resp.Header.Get("Content-Type"), doc)
	}
}

// Every text field's limit is stated in the API document as it is
// enforced.
func TestOpenAPIStatesLengthLimits(t *testing.T) {
	var spec struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Type      any   `json:"type"` // a name, or names ["integer", "null"]
					ReadOnly  bool  `json:"readOnly"`
					MaxLength int   `json:"maxLength"`
					Enum      []any `json:"enum"`
					Items     struct {
						Type      any `json:"type"`
						MaxLength int `json:"maxLength"`
					} `json:"items"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &spec); err != nil {
		t.Fatal(err)
	}
	records := map[string]string{"PersonInput": "person", "CompanyInput": "company", "Move": "move", "Story": "story",
		"ConsentInput": "consent", "RelationshipInput": "relationship", "UserInput": "account",
		"VisitInput": "visit", "InsightInput": "insight", "ThemeInput": "theme", "RiskInput": "risk"}
	for schema, record := range records {
		for name, prop := range spec.Components.Schemas[schema].Properties {
			limit, limited := faces.Limits[record+"."+name]
			stated := prop.MaxLength
			if prop.Type == "array" {
				stated = prop.Items.MaxLength
			}
			switch {
			case limited && stated != limit:
				t.Errorf("%s.%s: maxLength %d, enforced %d", schema, name, stated, limit)
			case prop.Type == "array" && prop.Items.Type != "string", len(prop.Enum) > 0:
				// lists of ids and choices from a list have no length
			case !limited && !prop.ReadOnly && (prop.Type == "string" || prop.Type == "array") && name != "password" && name != "since" && stated == 0:
				if _, enum := map[string]bool{"source": true, "means": true, "kind": true, "role": true, "on": true, "granted_on": true, "until": true, "updated_at": true}[name]; !enum {
					t.Errorf("%s.%s: a text field with no limit", schema, name)
				}
			}
		}
	}
}
