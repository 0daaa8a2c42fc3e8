package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

func TestLoggingAVisit(t *testing.T) {
	f := newFixture(t)
	today := faces.Now().Format(time.DateOnly)
	// Bad input: every problem said, what was typed kept, nothing saved.
	resp := f.do(faces.RoleViewer, "POST", "/visits", url.Values{"on": {"yesterday"}, "company": {"Nobody Inc"}, "person_1": {"#1"},
		"kind": {"sales"}, "non_sales": {"on"}, "notes": {"Watched the night shift."}, "others": {"nobody@us.example"}})
	body := bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Give the day as YYYY-MM-DD.") ||
		!strings.Contains(body, "No company matches") || !strings.Contains(body, "No staff account has the email nobody@us.example") ||
		!strings.Contains(body, "Watched the night shift.") || !strings.Contains(body, `value="nobody@us.example"`) {
		t.Fatalf("bad visit: %d\n%s", resp.StatusCode, body)
	}
	resp = f.do(faces.RoleViewer, "POST", "/visits", url.Values{"on": {today}, "company": {"#1"}, "person_1": {"#1"},
		"kind": {"sales"}, "non_sales": {"on"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "A sales visit is not a non-sales visit.") {
		t.Errorf("sales marked non-sales: %d", resp.StatusCode)
	}
	if _, total, _ := f.db.FindVisits(t.Context(), faces.VisitFilter{}); total != 0 {
		t.Fatalf("%d visits saved from bad input", total)
	}

	// A viewer logs a visit with an editor along.
	resp = f.do(faces.RoleViewer, "POST", "/visits", url.Values{"on": {today}, "company": {"#1"}, "person_1": {"Jill Okafor"},
		"kind": {"observe"}, "non_sales": {"on"}, "notes": {"She runs the night shift from a paper log."}, "others": {"editor@faces.example"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logging a visit: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", resp.Header.Get("Location"), nil))
	for _, want := range []string{"The visit is logged.", "Jill Okafor", "viewer", "editor", "non-sales", "watching them work", "paper log"} {
		if !strings.Contains(page, want) {
			t.Errorf("the visit's page lacks %q", want)
		}
	}
	// "When did you last visit a customer?"
	me := bodyOf(t, f.do(faces.RoleEditor, "GET", "/me", nil))
	if !strings.Contains(me, "last non-sales visit: <strong>"+faces.Now().Format("2 Jan 2006")) {
		t.Errorf("the editor's page does not say when they last visited")
	}
	if me := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/me", nil)); !strings.Contains(me, "Never yet.") {
		t.Error("the admin never visited and should be told")
	}
	for path, want := range map[string]string{"/visits?person=1": "Visits with Jill Okafor", "/visits?company=1": "Visits at Acme",
		"/dashboard/visits": "Who visits customers"} {
		if body := bodyOf(t, f.do(faces.RoleViewer, "GET", path, nil)); !strings.Contains(body, want) {
			t.Errorf("%s lacks %q:\n%s", path, want, body)
		}
	}
	// Only its author or an editor removes a visit.
	visits, _, _ := f.db.FindVisits(t.Context(), faces.VisitFilter{})
	id := itoa(visits[0].ID)
	if resp := f.do(faces.RoleAdmin, "POST", "/visits/"+id+"/delete", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("an admin removing a visit: %d", resp.StatusCode)
	}
}

func TestVisitsAPI(t *testing.T) {
	f := newFixture(t)
	resp, doc := f.api(faces.RoleViewer, "POST", "/api/v1/visits", `{"on":"2026-11-30","company_id":1,"kind":"lunch"}`)
	if resp.StatusCode != http.StatusUnprocessableEntity || doc["errors"] == nil || !strings.Contains(jsonText(doc["errors"]), "kind") {
		t.Errorf("an unknown kind: %d %v", resp.StatusCode, doc)
	}
	resp, doc = f.api(faces.RoleViewer, "POST", "/api/v1/visits", `{"on":"2026-11-30","company_id":1,"kind":"interview","non_sales":true,"notes":"Asked who decides."}`)
	if resp.StatusCode != http.StatusCreated || doc["company"] != "Acme" || jsonText(doc["flags"]) != `["no_customer_named"]` || resp.Header.Get("Location") == "" {
		t.Fatalf("create: %d %v", resp.StatusCode, doc)
	}
	resp, doc = f.api(faces.RoleViewer, "POST", "/api/v1/visits", `{"on":"2026-11-20","company_id":1,"person_ids":[1],"kind":"sales","staff_ids":[2,3]}`)
	if resp.StatusCode != http.StatusCreated || len(doc["staff"].([]any)) != 2 {
		t.Fatalf("create with staff: %d %v", resp.StatusCode, doc)
	}
	resp, doc = f.api(faces.RoleViewer, "GET", "/api/v1/visits?person_id=1", "")
	if resp.StatusCode != http.StatusOK || doc["total"].(float64) != 1 {
		t.Errorf("by person: %v", doc)
	}
	if resp, doc := f.api(faces.RoleViewer, "GET", "/api/v1/visits?staff_id=abc", ""); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a malformed filter: %d %v", resp.StatusCode, doc)
	}
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	old := faces.Now
	faces.Now = func() time.Time { return at }
	defer func() { faces.Now = old }()
	_, me := f.api(faces.RoleViewer, "GET", "/api/v1/me", "")
	if me["last_visit"] != "2026-11-30" || me["last_non_sales_visit"] != "2026-11-30" || me["email"] != "viewer@faces.example" {
		t.Errorf("me: %v", me)
	}
	if _, me := f.api(faces.RoleAdmin, "GET", "/api/v1/me", ""); me["last_visit"] != "2026-11-20" || me["last_non_sales_visit"] != nil {
		t.Errorf("the admin only went selling: %v %v", me["last_visit"], me["last_non_sales_visit"])
	}
	_, dash := f.api(faces.RoleAdmin, "GET", "/api/v1/dashboard/visits", "")
	teams := dash["teams"].([]any)
	if len(teams) != 1 || teams[0].(map[string]any)["staff"].(float64) != 3 || teams[0].(map[string]any)["visited"].(float64) != 1 ||
		len(dash["by_month"].([]any)) != 12 {
		t.Errorf("dashboard: %v", dash)
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestChangingAVisit(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t.Context(), 2) // the editor logs it
	bill := &faces.Person{Name: "Bill Tran"}
	if err := f.db.CreatePerson(ctx, bill); err != nil {
		t.Fatal(err)
	}
	v := &faces.Visit{On: faces.Now(), CompanyID: 1, Kind: "observe", NonSales: true, PersonIDs: []int64{1}, StaffIDs: []int64{2}}
	if err := f.db.CreateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	path := "/visits/" + itoa(v.ID)
	if resp := f.do(faces.RoleViewer, "GET", path+"/edit", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("someone else's visit, for a viewer: %d", resp.StatusCode)
	}
	form := bodyOf(t, f.do(faces.RoleEditor, "GET", path+"/edit", nil))
	if !strings.Contains(form, "Jill Okafor · #1") || !strings.Contains(form, `value="editor@faces.example"`) {
		t.Fatalf("the edit form keeps what the visit holds:\n%s", form)
	}
	resp := f.do(faces.RoleEditor, "POST", path, url.Values{"on": {faces.Now().Format("2006-01-02")}, "company": {"#1"}, "person_1": {"#1"},
		"person_2": {"Bill Tran"}, "kind": {"interview"}, "non_sales": {"on"}, "others": {"editor@faces.example, viewer@faces.example"},
		"notes": {"Asked who decides."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	got, _ := f.db.FindVisitByID(t.Context(), v.ID)
	if got.Kind != "interview" || len(got.People) != 2 || len(got.Staff) != 2 || got.Notes != "Asked who decides." {
		t.Errorf("after the change: %+v", got)
	}
	if fl, _ := f.db.Following(t.Context(), 1, bill.ID); !fl.Follows {
		t.Error("the viewer, now on the visit, should follow Bill")
	}
}

func TestPhotosOfAVisit(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t.Context(), 1) // the viewer logs it
	v := &faces.Visit{On: faces.Now(), CompanyID: 1, Kind: "observe", NonSales: true, PersonIDs: []int64{1}, StaffIDs: []int64{1}}
	if err := f.db.CreateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	path := "/visits/" + itoa(v.ID)
	if resp := f.upload(faces.RoleViewer, path+"/photos", []byte("not an image at all")); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(bodyOf(t, resp), "Photo not saved") {
		t.Errorf("not an image: %d", resp.StatusCode)
	}
	if resp := f.upload(faces.RoleViewer, path+"/photos", testPNG(t)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	photos, _ := f.db.VisitPhotos(t.Context(), v.ID)
	if len(photos) != 1 {
		t.Fatalf("photos %v", photos)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", path, nil)); !strings.Contains(page, "/photos/"+photos[0]+"/thumb.jpg") {
		t.Error("the visit's page does not show its photo")
	}
	if resp := f.do(faces.RoleViewer, "GET", "/photos/"+photos[0]+"/thumb.jpg", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the thumbnail: %d", resp.StatusCode)
	}
	if resp := f.do(faces.RoleViewer, "POST", path+"/photos/"+photos[0]+"/delete", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing: %d", resp.StatusCode)
	}
	if resp := f.do(faces.RoleViewer, "GET", "/photos/"+photos[0]+"/thumb.jpg", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a removed photo's renditions are still served: %d", resp.StatusCode)
	}
}
