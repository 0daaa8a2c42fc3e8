package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

// screenGet fetches a screen URL with the screen's token as a bearer.
func (f *fixture) screenGet(token, path string, header ...string) *http.Response {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (f *fixture) manifest(token string) (manifestJSON, string) {
	f.t.Helper()
	resp := f.screenGet(token, "/screen/manifest")
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("manifest: %d %s", resp.StatusCode, bodyOf(f.t, resp))
	}
	var m manifestJSON
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		f.t.Fatal(err)
	}
	return m, resp.Header.Get("ETag")
}

// A screen's token reaches its display page, pairing, its manifest and
// photos — and nothing else: no page, no API, as if it were nobody.
func TestScreenTokenReachesOnlyItsWall(t *testing.T) {
	f := newFixture(t)
	token := f.tokens[screenRole]
	for _, rt := range routeTable {
		resp := f.do(screenRole, rt.method, rt.path, rt.form)
		code := resp.StatusCode
		switch {
		case rt.method == "POST" && rt.path == "/signin":
			// a wrong password: refused either way
		case rt.who == metricsOnly:
			if code != http.StatusUnauthorized {
				t.Errorf("screen %s %s: %d, want 401", rt.method, rt.path, code)
			}
		case rt.who == public || rt.who == screenOnly:
			if code == 401 || code == 403 || code >= 500 {
				t.Errorf("screen %s %s: %d, want it allowed", rt.method, rt.path, code)
			}
		case rt.method == "GET":
			if loc := resp.Header.Get("Location"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin?") {
				t.Errorf("screen GET %s: %d to %q, want sent to sign in", rt.path, code, loc)
			}
		default:
			if code != http.StatusUnauthorized {
				t.Errorf("screen %s %s: %d, want 401", rt.method, rt.path, code)
			}
		}
	}
	for _, rt := range apiRouteTable {
		req, _ := http.NewRequest(rt.method, f.srv.URL+rt.path, strings.NewReader(rt.body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("screen token on %s %s: %d, want 401", rt.method, rt.path, resp.StatusCode)
		}
	}
	// Staff sessions do not read manifests either (checked in
	// TestAuthorization); a revoked or unknown token reads nothing.
	f.server.wall.refresh = 0
	if err := f.db.RevokeScreen(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{token, "facescreen_made_up", "faces_api_like", ""} {
		if resp := f.screenGet(tok, "/screen/manifest"); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("token %q: %d", tok, resp.StatusCode)
		}
	}
}

// wallFixture is a fixture with people on the wall: three with consent
// and photos at Acme (a key customer), one without consent, one with
// consent but no photo at Globex.
func wallFixture(t *testing.T) (*fixture, map[string]*faces.Person) {
	f := newFixture(t)
	f.server.wall.refresh = 0 // every request sees the database as it is
	ctx := faces.NewContextWithActor(context.Background(), 1)
	acme, err := f.db.FindCompanyByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	acme.KeyCustomer, acme.Locations, acme.Story = true, []string{"Berlin", "Chicago"}, "Acme makes brakes for trams."
	if err := f.db.UpdateCompany(ctx, acme); err != nil {
		t.Fatal(err)
	}
	globex := &faces.Company{Name: "Globex"}
	if err := f.db.CreateCompany(ctx, globex); err != nil {
		t.Fatal(err)
	}
	people := map[string]*faces.Person{}
	for _, c := range []struct {
		name    string
		company *faces.Company
		consent bool
		photo   bool
	}{{"Ana Ruiz", acme, true, true}, {"Bo Chen", acme, true, true}, {"Cy Diallo", acme, true, true},
		{"Di Novak", acme, false, true}, {"Ed Park", globex, true, false}} {
		p := &faces.Person{Name: c.name}
		if err := f.db.CreatePersonAt(ctx, p, faces.Move{CompanyID: c.company.ID, Title: "Line Operator", On: day(t, "2024-01-01")}); err != nil {
			t.Fatal(err)
		}
		if c.consent {
			if err := f.db.GrantConsent(ctx, &faces.Consent{PersonID: p.ID, GrantedOn: day(t, "2025-01-01"), Means: "signed form"}); err != nil {
				t.Fatal(err)
			}
		}
		if c.photo {
			r := map[string][]byte{"full": []byte("full jpeg of " + c.name), "card": []byte("card jpeg of " + c.name), "thumb": []byte("t")}
			if err := f.db.SavePhoto(ctx, p.ID, "h"+strings.ToLower(c.name[:2]), r); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.db.SaveStory(ctx, &faces.Story{PersonID: p.ID, Card: c.name + " keeps the line running."}); err != nil {
			t.Fatal(err)
		}
		people[c.name] = p
	}
	return f, people
}

func day(t *testing.T, s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func cardNames(m manifestJSON) []string {
	var out []string
	for _, c := range m.Cards {
		out = append(out, c.Name)
	}
	return out
}

func TestManifestFollowsConsent(t *testing.T) {
	f, people := wallFixture(t)
	ctx := faces.NewContextWithActor(context.Background(), 1)
	token := f.tokens[screenRole]

	m, etag := f.manifest(token)
	names := strings.Join(cardNames(m), ",")
	if len(m.Cards) != 4 || strings.Contains(names, "Di Novak") || m.Kind != "wall" || m.Screen.Name != "Lobby" || m.Period.Label == "" {
		t.Fatalf("manifest %+v", m)
	}
	if m.Cards[len(m.Cards)-1].Name != "Ed Park" || m.Cards[len(m.Cards)-1].Photo != "" || m.Cards[0].Initials == "" {
		t.Errorf("the person without a photo comes last, with initials: %+v", m.Cards)
	}
	// Unchanged: 304, cheaply.
	if resp := f.screenGet(token, "/screen/manifest", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("same ETag: %d", resp.StatusCode)
	}
	var ana wallCardJS
	for _, c := range m.Cards {
		if c.Name == "Ana Ruiz" {
			ana = c
		}
	}
	resp := f.screenGet(token, ana.Photo)
	if b, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || string(b) != "full jpeg of Ana Ruiz" || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("Ana's photo: %d %q", resp.StatusCode, b)
	}
	// Di has a photo but no consent: its URL does not work for screens.
	if resp := f.screenGet(token, "/screen/photos/hdi/full.jpg"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the photo of someone without consent: %d", resp.StatusCode)
	}
	// Staff photo URLs stay closed to screens.
	if resp := f.screenGet(token, "/photos/han/full.jpg"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a staff photo URL with a screen token: %d", resp.StatusCode)
	}

	// Ana revokes her consent: she leaves the manifest and her photo URL
	// stops working, with nobody touching the screen.
	consents, _ := f.db.Consents(ctx, people["Ana Ruiz"].ID)
	if err := f.db.RevokeConsent(ctx, consents[0].ID); err != nil {
		t.Fatal(err)
	}
	if resp := f.screenGet(token, "/screen/manifest", "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("after a revocation the old ETag must not match: %d", resp.StatusCode)
	}
	m, _ = f.manifest(token)
	if strings.Contains(strings.Join(cardNames(m), ","), "Ana") || len(m.Cards) != 3 {
		t.Errorf("after revoking: %v", cardNames(m))
	}
	if resp := f.screenGet(token, ana.Photo); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Ana's photo after revoking: %d", resp.StatusCode)
	}
	// Erased: gone as well.
	if err := f.db.ErasePerson(ctx, people["Bo Chen"].ID); err != nil {
		t.Fatal(err)
	}
	if m, _ = f.manifest(token); len(m.Cards) != 2 {
		t.Errorf("after erasing Bo: %v", cardNames(m))
	}
	// Consent with an end: the card says until when, so an offline screen
	// drops it on time.
	if err := f.db.GrantConsent(ctx, &faces.Consent{PersonID: people["Di Novak"].ID, GrantedOn: day(t, "2025-01-01"),
		Until: faces.Now().AddDate(0, 1, 0), Means: "email"}); err != nil {
		t.Fatal(err)
	}
	// Di was not picked for this period (no consent then): the set stays.
	m, _ = f.manifest(token)
	if strings.Contains(strings.Join(cardNames(m), ","), "Di Novak") {
		t.Errorf("Di joined the period's set mid-period: %v", cardNames(m))
	}

	// The screen's contact and what it shows are recorded, and people's
	// pages tell where they were shown.
	sc, _ := f.db.FindScreenByID(ctx, 1)
	if sc.LastSeen.IsZero() || !strings.Contains(sc.Showing, "2 faces") {
		t.Errorf("screen after contact: %+v", sc)
	}
	hist, _ := f.db.WallHistory(ctx, people["Cy Diallo"].ID)
	if len(hist) != 1 || hist[0].ScreenName != "Lobby" {
		t.Errorf("Cy's wall history %+v", hist)
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/"+itoa(people["Cy Diallo"].ID), nil))
	if !strings.Contains(page, "On the wall") || !strings.Contains(page, "Lobby") {
		t.Error("Cy's page does not say where Cy was shown")
	}
}

func TestRoomScreens(t *testing.T) {
	f, people := wallFixture(t)
	ctx := faces.NewContextWithActor(context.Background(), 1)
	room := &faces.Screen{Name: "Acme room", CompanyID: 1, Orientation: "portrait", FacesAtOnce: 12, SecondsPerCard: 8}
	if err := f.db.CreateScreen(ctx, room); err != nil {
		t.Fatal(err)
	}
	token, err := f.db.IssueScreenToken(ctx, room.ID)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := f.manifest(token)
	// More faces at once than people with consent: all of them, once.
	if m.Kind != "room" || m.Room == nil || m.Room.Company != "Acme" || len(m.Room.Locations) != 2 || m.Room.Story == "" ||
		strings.Join(slices.Sorted(slices.Values(cardNames(m))), ",") != "Ana Ruiz,Bo Chen,Cy Diallo" || m.Screen.Orientation != "portrait" {
		t.Fatalf("room manifest %+v", m)
	}
	// Bo moves to Globex: he leaves Acme's room.
	if _, err := f.db.MovePerson(ctx, people["Bo Chen"].ID, faces.Move{CompanyID: 2, Title: "Planner", On: faces.Now().Truncate(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if m, _ = f.manifest(token); strings.Contains(strings.Join(cardNames(m), ","), "Bo") {
		t.Errorf("after Bo moved: %v", cardNames(m))
	}
}

func TestPairingAScreen(t *testing.T) {
	f := newFixture(t)
	f.server.wall.refresh = 0
	post := func(path, contentType, body string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var doc map[string]any
		json.NewDecoder(resp.Body).Decode(&doc)
		return resp, doc
	}
	resp, started := post("/screen/pair", "application/json", "")
	code, _ := started["code"].(string)
	secret, _ := started["secret"].(string)
	if resp.StatusCode != http.StatusCreated || len(code) != faces.PairingCodeLen+1 || secret == "" {
		t.Fatalf("start: %d %v", resp.StatusCode, started)
	}
	claim := `{"secret":"` + secret + `"}`
	if resp, doc := post("/screen/pair/claim", "application/json", claim); resp.StatusCode != http.StatusAccepted || doc["status"] != "waiting" {
		t.Fatalf("claim before pairing: %d %v", resp.StatusCode, doc)
	}
	// A wrong code: the admin is told, and what was typed stays.
	resp = f.do(faces.RoleAdmin, "POST", "/screens/1/pair", url.Values{"code": {"ZZZZ-ZZZZ"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "No screen is showing this code") ||
		!strings.Contains(body, `value="ZZZZ-ZZZZ"`) {
		t.Errorf("a wrong code: %d %s", resp.StatusCode, body)
	}
	resp = f.do(faces.RoleAdmin, "POST", "/screens/1/pair", url.Values{"code": {strings.ToLower(code)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pairing: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	resp, doc := post("/screen/pair/claim", "application/json", claim)
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == screenCookie {
			cookie = c
		}
	}
	if resp.StatusCode != http.StatusOK || doc["status"] != "paired" || cookie == nil || !cookie.HttpOnly || cookie.Path != "/screen/" || cookie.MaxAge < 365*24*3600 {
		t.Fatalf("claim after pairing: %d %v %+v", resp.StatusCode, doc, cookie)
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/screen/manifest", nil)
	req.AddCookie(cookie)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the manifest with the paired cookie: %v %v", resp.StatusCode, err)
	}
	if resp, doc := post("/screen/pair/claim", "application/json", claim); resp.StatusCode != http.StatusGone || doc["status"] != "expired" {
		t.Errorf("a second claim: %d %v", resp.StatusCode, doc)
	}
	// A screen provisioned with a token (faces screen add) hands it over
	// once and keeps it in its cookie.
	provisioned, err := f.db.IssueScreenToken(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := post("/screen/token", "application/json", `{"token":"facescreen_wrong"}`); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d", resp.StatusCode)
	}
	resp, _ = post("/screen/token", "application/json", `{"token":"`+provisioned+`"}`)
	if resp.StatusCode != http.StatusOK || len(resp.Cookies()) != 1 || resp.Cookies()[0].Value != provisioned || !resp.Cookies()[0].HttpOnly {
		t.Errorf("adopting a token: %d %v", resp.StatusCode, resp.Cookies())
	}
	// Guessing codes is limited per admin.
	var last int
	for range maxWrongCodes + 2 {
		last = f.do(faces.RoleAdmin, "POST", "/screens/1/pair", url.Values{"code": {"WRONG-ONE"}}).StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("after %d wrong codes: %d, want 429", maxWrongCodes+2, last)
	}
	// Asking for codes is limited per address.
	for range maxPairingStarts + 1 {
		resp, _ = post("/screen/pair", "application/json", "")
	}
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("after %d codes from one address: %d", maxPairingStarts+1, resp.StatusCode)
	}
}

func TestWallPagesAndBadInput(t *testing.T) {
	f, people := wallFixture(t)
	for _, bad := range []url.Values{{"period_months": {"0"}, "set_size": {"12"}}, {"period_months": {"120"}, "set_size": {"12"}},
		{"period_months": {"3"}, "set_size": {"0"}}} {
		resp := f.do(faces.RoleAdmin, "POST", "/wall/settings", bad)
		if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "nothing was saved") {
			t.Errorf("settings %v: %d", bad, resp.StatusCode)
		}
	}
	for _, bad := range []url.Values{
		{"name": {""}, "faces_at_once": {"1"}, "seconds_per_card": {"10"}},
		{"name": {"Hall"}, "time_zone": {"Mars/Olympus"}, "faces_at_once": {"1"}, "seconds_per_card": {"10"}},
		{"name": {"Hall"}, "faces_at_once": {"99"}, "seconds_per_card": {"10"}},
		{"name": {"Hall"}, "faces_at_once": {"1"}, "seconds_per_card": {"10"}, "room": {"Globex"}}, // not a key customer
		{"name": {"Lobby"}, "faces_at_once": {"1"}, "seconds_per_card": {"10"}},                    // taken
	} {
		resp := f.do(faces.RoleAdmin, "POST", "/screens", bad)
		body := bodyOf(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusConflict {
			t.Errorf("screen %v: %d", bad, resp.StatusCode)
		}
		if !strings.Contains(body, `value="`+bad.Get("name")+`"`) || !strings.Contains(body, "field-error") {
			t.Errorf("screen %v: the form must keep what was typed and say what is wrong", bad)
		}
	}
	// Pinning from a person's page; the wall page lists pins and the set.
	if resp := f.do(faces.RoleEditor, "POST", "/people/"+itoa(people["Ed Park"].ID)+"/wall", url.Values{"mode": {"exclude"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("exclude: %d", resp.StatusCode)
	}
	audit := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/audit", nil))
	if !strings.Contains(audit, "wall pin of") || !strings.Contains(audit, "On the wall: exclude") {
		t.Error("the audit trail does not say who was kept off the wall")
	}
	wall := bodyOf(t, f.do(faces.RoleViewer, "GET", "/wall", nil))
	if !strings.Contains(wall, "Ed Park</a> — kept off") || !strings.Contains(wall, "Ana Ruiz") || strings.Contains(wall, "Lock this set") {
		t.Error("the wall page, for a viewer: pins and the set, no lock button")
	}
	if resp := f.do(faces.RoleEditor, "POST", "/wall/lock", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("lock: %d", resp.StatusCode)
	}
	if wall = bodyOf(t, f.do(faces.RoleEditor, "GET", "/wall", nil)); !strings.Contains(wall, "locked") || strings.Contains(wall, "Ed Park</a><br>") {
		t.Errorf("the locked next set, without the excluded Ed: %s", wall)
	}
	printed := bodyOf(t, f.do(faces.RoleViewer, "GET", "/wall/print?paper=letter", nil))
	if !strings.Contains(printed, "paper-letter") || !strings.Contains(printed, "Ana Ruiz keeps the line running.") || strings.Contains(printed, "Di Novak") {
		t.Error("the printable wall")
	}
	room := bodyOf(t, f.do(faces.RoleViewer, "GET", "/wall/print?room=1", nil))
	if !strings.Contains(room, "paper-a4") || !strings.Contains(room, "Bo Chen") || strings.Contains(room, "Ed Park") {
		t.Error("the printable room")
	}
}

func TestPhotoCacheStaysWithinItsSize(t *testing.T) {
	c := photoCache{maxSize: 10}
	c.put("a", []byte("1234"))
	c.put("b", []byte("5678"))
	c.put("c", []byte("90ab")) // 12 bytes: a goes
	c.put("huge", []byte("more than ten bytes"))
	if _, ok := c.get("a"); ok {
		t.Error("the oldest entry stayed past the size")
	}
	if b, ok := c.get("c"); !ok || string(b) != "90ab" {
		t.Errorf("c: %q %v", b, ok)
	}
	if _, ok := c.get("huge"); ok || c.size > 10 {
		t.Errorf("an entry larger than the cache was kept; size %d", c.size)
	}
}

// The janitor draws the next period's set ahead of time; when the period
// begins, that draw — if recent — becomes its set, so no screen waits for
// a draw. An old one is drawn afresh.
func TestWallDrawnAhead(t *testing.T) {
	for _, aged := range []bool{false, true} {
		f, people := wallFixture(t)
		ctx := faces.NewContextWithActor(context.Background(), 1)
		old := faces.Now
		t.Cleanup(func() { faces.Now = old })
		next := faces.PeriodOf(faces.Now(), faces.DefaultWallSettings.PeriodMonths).Next()

		if err := f.server.warmWall(ctx); err != nil {
			t.Fatal(err)
		}
		pv, ok := f.server.recentPreview(next)
		if !ok || len(pv.ids) != 4 {
			t.Fatalf("aged %v: the next period's preview after warming: %v %+v", aged, ok, pv)
		}
		if aged {
			f.server.wall.mu.Lock()
			pv.at = pv.at.Add(-previewKept)
			f.server.wall.previews[next.Start] = pv
			f.server.wall.mu.Unlock()
		}
		// Di consents after the draw: a fresh draw would pick her.
		if err := f.db.GrantConsent(ctx, &faces.Consent{PersonID: people["Di Novak"].ID, GrantedOn: day(t, "2025-01-01"), Means: "email"}); err != nil {
			t.Fatal(err)
		}
		faces.Now = func() time.Time { return next.Start.Add(time.Hour) }
		m, _ := f.manifest(f.tokens[screenRole])
		withDi := slices.Contains(cardNames(m), "Di Novak")
		if withDi != aged || m.Period.Label != next.Label() {
			t.Errorf("aged %v: the new period shows %v (%s)", aged, cardNames(m), m.Period.Label)
		}
		if ids, _, found, err := f.db.PeriodSet(ctx, next); err != nil || !found || len(ids) != len(m.Cards) {
			t.Errorf("aged %v: the set is stored: %v %v %v", aged, ids, found, err)
		}
		faces.Now = old
	}
}

// When no set is stored for the current period, the janitor stores one
// only if the draw fills it: a small organization still adding people
// gets its set drawn by the first page that needs it.
func TestWallCurrentSetDrawnAheadOnlyWhenFull(t *testing.T) {
	for _, size := range []int{24, 4} {
		f, _ := wallFixture(t)
		ctx := faces.NewContextWithActor(context.Background(), 1)
		if err := f.db.SaveWallSettings(ctx, faces.WallSettings{PeriodMonths: 3, SetSize: size}); err != nil {
			t.Fatal(err)
		}
		if err := f.server.warmWall(ctx); err != nil {
			t.Fatal(err)
		}
		current := faces.PeriodOf(faces.Now(), 3)
		ids, _, found, err := f.db.PeriodSet(ctx, current)
		if err != nil || found != (size == 4) || (found && len(ids) != 4) {
			t.Errorf("set size %d: stored %v %v %v, want stored only when the 4 consenting people fill it", size, found, ids, err)
		}
	}
}
