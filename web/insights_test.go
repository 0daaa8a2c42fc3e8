package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/mail"
	"github.com/faces-org/faces/mail/smtptest"
)

func TestInsightsAndThemes(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	bill := &faces.Person{Name: "Bill Tran"}
	if err := f.db.CreatePerson(ctx, bill); err != nil {
		t.Fatal(err)
	}
	resp, theme := f.api(faces.RoleViewer, "POST", "/api/v1/themes", `{"name":"Paper beats screens"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("theme: %d %v", resp.StatusCode, theme)
	}
	resp, doc := f.api(faces.RoleViewer, "POST", "/api/v1/insights", `{"person_id":1,"type":"gossip","text":"x","method":"visit"}`)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(jsonText(doc["errors"]), `"type"`) {
		t.Errorf("an unknown type: %d %v", resp.StatusCode, doc)
	}
	if resp, doc := f.api(faces.RoleViewer, "POST", "/api/v1/insights", `{"person_id":1,"type":"language","text":"I trust the paper log.","verbatim":true,"method":"interview","theme_id":1}`); resp.StatusCode != http.StatusCreated {
		t.Fatalf("insight: %d %v", resp.StatusCode, doc)
	}
	_, got := f.api(faces.RoleViewer, "GET", "/api/v1/themes/1", "")
	tri := got["triangulation"].(map[string]any)
	if tri["people"].(float64) != 1 || tri["one_voice"] != true || len(got["insights"].([]any)) != 1 {
		t.Errorf("one voice: %v", got)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/themes/1", nil)); !strings.Contains(page, "One voice.") || !strings.Contains(page, "I trust the paper log.") {
		t.Error("the theme's page does not warn of one voice")
	}
	// From Bill's page, a second voice; a bad one first keeps what was typed.
	resp = f.do(faces.RoleViewer, "POST", "/insights", url.Values{"person": {itoa(bill.ID)}, "type": {"language"}, "method": {"telepathy"},
		"text": {"Nobody walks to the office at 3am."}, "verbatim": {"on"}, "theme": {"1"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Nobody walks to the office at 3am.") ||
		!strings.Contains(body, "Choose how it was learned") {
		t.Errorf("a bad insight: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleViewer, "POST", "/insights", url.Values{"person": {itoa(bill.ID)}, "type": {"language"}, "method": {"interview"},
		"text": {"Nobody walks to the office at 3am."}, "verbatim": {"on"}, "theme": {"1"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/people/") {
		t.Fatalf("an insight from a person's page: %d", resp.StatusCode)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/"+itoa(bill.ID), nil)); !strings.Contains(page, "“Nobody walks to the office at 3am.”") {
		t.Error("Bill's page does not show his words")
	}
	_, got = f.api(faces.RoleViewer, "GET", "/api/v1/themes/1", "")
	if tri := got["triangulation"].(map[string]any); tri["people"].(float64) != 2 || tri["one_voice"] != false {
		t.Errorf("two voices: %v", tri)
	}
	// From a visit: the insight names the visit and goes back to it.
	v := &faces.Visit{On: faces.Now(), CompanyID: 1, Kind: "observe", NonSales: true, PersonIDs: []int64{1}, StaffIDs: []int64{1}, Notes: "Jill: the log is on the clipboard."}
	if err := f.db.CreateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	resp = f.do(faces.RoleViewer, "POST", "/insights", url.Values{"person": {"1"}, "visit": {itoa(v.ID)}, "type": {"language"}, "method": {"visit"},
		"text": {"the log is on the clipboard"}, "verbatim": {"on"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/visits/"+itoa(v.ID)) {
		t.Fatalf("an insight from a visit: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/visits/"+itoa(v.ID), nil)); !strings.Contains(page, "“the log is on the clipboard”") {
		t.Error("the visit's page does not show the insight")
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/themes", nil)); !strings.Contains(page, "Paper beats screens") {
		t.Error("the themes list")
	}
}

// From a visit, an editor drafts a person's story card in one step: the
// visit is its source, their words from it the card.
func TestStoryDraftedFromAVisit(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	v := &faces.Visit{On: faces.Now(), CompanyID: 1, Kind: "observe", NonSales: true, PersonIDs: []int64{1}, StaffIDs: []int64{2},
		Notes: strings.Repeat("She keeps the night shift running from a paper log. ", 10)}
	if err := f.db.CreateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	page := bodyOf(t, f.do(faces.RoleEditor, "GET", "/people/1/story?visit="+itoa(v.ID), nil))
	if !strings.Contains(page, "Drafted from the visit to Acme") || !strings.Contains(page, `value="Visit to Acme on `) ||
		!strings.Contains(page, "She keeps the night shift running from a paper log.</textarea>") {
		t.Errorf("the drafted story form:\n%s", page)
	}
	if err := f.db.CreateInsight(ctx, &faces.Insight{PersonID: 1, VisitID: v.ID, Type: "language", Method: "visit", Verbatim: true,
		Text: "The log never crashes."}); err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(t, f.do(faces.RoleEditor, "GET", "/people/1/story?visit="+itoa(v.ID), nil)); !strings.Contains(page, "“The log never crashes.”") {
		t.Error("their own words should be the draft card")
	}
	other := &faces.Person{Name: "Not There"}
	f.db.CreatePerson(ctx, other)
	if resp := f.do(faces.RoleEditor, "GET", "/people/"+itoa(other.ID)+"/story?visit="+itoa(v.ID), nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a person not met on the visit: %d", resp.StatusCode)
	}
}

func TestWishList(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	wish := &faces.Insight{PersonID: 1, Type: "wish", Method: "interview", Verbatim: true, Text: "One page of what broke overnight."}
	if err := f.db.CreateInsight(ctx, wish); err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/wishes?person=1", nil)); !strings.Contains(page, "Jill Okafor&#39;s wishes") || !strings.Contains(page, "One page of what broke overnight.") {
		t.Fatal("the person's wishes")
	}
	resp := f.do(faces.RoleViewer, "POST", "/wishes/"+itoa(wish.ID)+"/done", url.Values{"done": {"yes"}, "back": {"/wishes?person=1"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/wishes?person=1" {
		t.Fatalf("marking done: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/wishes?person=1", nil)); !strings.Contains(page, "No open wishes.") {
		t.Error("a done wish is still listed as open")
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/wishes?person=1&done=1", nil)); !strings.Contains(page, "done "+faces.Now().Format("2 Jan 2006")) {
		t.Error("the done wish, with its day")
	}
	if resp := f.do(faces.RoleViewer, "POST", "/wishes/"+itoa(wish.ID)+"/done", url.Values{"back": {"https://evil.example/"}}); resp.Header.Get("Location") != "/wishes" {
		t.Errorf("an off-site back link: %s", resp.Header.Get("Location"))
	}
}

// Whoever visited a person hears, with a badge and a list, when they move.
func TestFollowersAreToldOfAMove(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t.Context(), 3) // the admin records the move
	globex := &faces.Company{Name: "Globex"}
	if err := f.db.CreateCompany(ctx, globex); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.MovePerson(ctx, 1, faces.Move{CompanyID: 1, Title: "Ops Manager", On: faces.Now().AddDate(-1, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	// The viewer logs a visit with Jill: they follow her from then on.
	resp := f.do(faces.RoleViewer, "POST", "/visits", url.Values{"on": {faces.Now().Format("2006-01-02")}, "company": {"#1"}, "person_1": {"#1"},
		"kind": {"observe"}, "non_sales": {"on"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("visit: %d", resp.StatusCode)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1", nil)); !strings.Contains(page, "You follow Jill Okafor (you visited them") {
		t.Error("the person's page does not say the viewer follows her")
	}
	if _, err := f.db.MovePerson(ctx, 1, faces.Move{CompanyID: globex.ID, Title: "COO", On: faces.Now().Truncate(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people", nil))
	if !strings.Contains(page, `class="notify unread"`) || !strings.Contains(page, "1 new") {
		t.Error("no badge after a move")
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/notifications", nil)); !strings.Contains(page, "Jill Okafor moved from Acme to Globex as COO") {
		t.Error("the notification")
	}
	f.do(faces.RoleViewer, "POST", "/notifications/read", url.Values{})
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people", nil)); strings.Contains(page, "1 new") {
		t.Error("the badge stays after reading")
	}
	// The editor chose to follow nobody: no badge.
	if page := bodyOf(t, f.do(faces.RoleEditor, "GET", "/people", nil)); strings.Contains(page, "notify unread") {
		t.Error("a badge for someone who follows nobody")
	}
}

// The daily digest goes by real SMTP (a server in the test's process):
// one e-mail per staff member with unread moves, each move once.
func TestDigestByEmail(t *testing.T) {
	f := newFixture(t)
	smtp := smtptest.Start(t)
	f.server.Mail = &mail.Sender{Addr: smtp.Addr, From: "Faces <faces@us.example>"}
	ctx := faces.NewContextWithActor(t.Context(), 3)
	globex := &faces.Company{Name: "Globex Zürich"}
	if err := f.db.CreateCompany(ctx, globex); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.MovePerson(ctx, 1, faces.Move{CompanyID: 1, Title: "Ops Manager", On: faces.Now().AddDate(-1, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{1, 2} { // the viewer and the editor follow Jill
		if err := f.db.Follow(ctx, u, 1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.db.MovePerson(ctx, 1, faces.Move{CompanyID: globex.ID, Title: "COO", On: faces.Now().Truncate(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	f.do(faces.RoleEditor, "POST", "/notifications/read", url.Values{}) // the editor read it in Faces already
	n, err := f.server.SendDigests(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("sent %d digests: %v", n, err)
	}
	msgs := smtp.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "viewer@faces.example" || msgs[0].From != "faces@us.example" {
		t.Fatalf("messages %+v", msgs)
	}
	body := msgs[0].Data
	if !strings.Contains(body, "Subject: Faces: someone you follow moved") || !strings.Contains(body, "Jill Okafor moved from Acme to Globex Z=C3=BCrich as COO") {
		t.Errorf("the digest:\n%s", body)
	}
	if n, _ := f.server.SendDigests(t.Context()); n != 0 || len(smtp.Messages()) != 1 {
		t.Errorf("a second round sent %d", n)
	}
	// Only one server of those sharing the database sends a day's digests.
	day := faces.Now()
	if mine, _ := f.db.ClaimDigestDay(t.Context(), day); !mine {
		t.Error("the first claim of the day")
	}
	if mine, _ := f.db.ClaimDigestDay(t.Context(), day); mine {
		t.Error("a second claim of the same day")
	}
}

// An interview guide on a visit: the answers stay with the visit, and the
// one named as deciding is recorded as such.
func TestAGuideOnAVisit(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	susan := &faces.Person{Name: "Susan Achterberg"}
	if err := f.db.CreatePerson(ctx, susan); err != nil {
		t.Fatal(err)
	}
	v := &faces.Visit{On: faces.Now(), CompanyID: 1, Kind: "interview", NonSales: true, PersonIDs: []int64{1}, StaffIDs: []int64{1}}
	if err := f.db.CreateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	form := bodyOf(t, f.do(faces.RoleViewer, "GET", "/visits/"+itoa(v.ID)+"/guide?guide=1&person=1", nil))
	if !strings.Contains(form, "Who makes this kind of decision?") || !strings.Contains(form, `name="named_1"`) {
		t.Fatalf("the guide's form:\n%s", form)
	}
	resp := f.do(faces.RoleViewer, "POST", "/visits/"+itoa(v.ID)+"/answers", url.Values{"guide": {"1"}, "person": {"1"},
		"answer_1": {"Susan signs off anything over 10k."}, "named_1": {"Nobody Known"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Susan signs off anything over 10k.") {
		t.Errorf("an unknown name: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleViewer, "POST", "/visits/"+itoa(v.ID)+"/answers", url.Values{"guide": {"1"}, "person": {"1"},
		"answer_1": {"Susan signs off anything over 10k."}, "named_1": {"Susan Achterberg"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("answers: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/visits/"+itoa(v.ID), nil))
	if !strings.Contains(page, "Susan signs off anything over 10k.") || !strings.Contains(page, "names <a href=\"/people/"+itoa(susan.ID)+"\">Susan Achterberg</a>") {
		t.Error("the visit's page does not show the answers")
	}
	if jill := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1", nil)); !strings.Contains(jill, "Susan Achterberg") {
		t.Error("Jill's page does not show who decides for her")
	}
	if resp := f.do(faces.RoleViewer, "POST", "/guides", url.Values{"name": {"Night shift"}, "questions": {"What breaks first?\n\nWho fixes it?"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a new guide: %d", resp.StatusCode)
	}
	if guides := bodyOf(t, f.do(faces.RoleViewer, "GET", "/guides", nil)); !strings.Contains(guides, "Who fixes it?") || !strings.Contains(guides, "Who do you serve") {
		t.Error("the guides page")
	}
}

func TestThemeSuggestions(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	theme := &faces.Theme{Name: "Paper logs beat screens"}
	if err := f.db.CreateTheme(ctx, theme); err != nil {
		t.Fatal(err)
	}
	loose := &faces.Insight{PersonID: 1, Type: "language", Method: "visit", Text: "The night shift keeps a paper log."}
	other := &faces.Insight{PersonID: 1, Type: "wish", Method: "visit", Text: "Invoices in euros."}
	for _, in := range []*faces.Insight{loose, other} {
		if err := f.db.CreateInsight(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/themes/"+itoa(theme.ID), nil))
	if !strings.Contains(page, "May belong here") || !strings.Contains(page, "The night shift keeps a paper log.") || strings.Contains(page, "Invoices in euros.") {
		t.Fatalf("suggestions:\n%s", page)
	}
	resp := f.do(faces.RoleViewer, "POST", "/insights/"+itoa(loose.ID)+"/theme", url.Values{"theme": {itoa(theme.ID)}, "back": {"/themes/" + itoa(theme.ID)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/themes/"+itoa(theme.ID) {
		t.Fatalf("adding: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if tr, _ := f.db.Triangulate(ctx, theme.ID); tr.Insights != 1 {
		t.Errorf("after adding: %+v", tr)
	}
}
