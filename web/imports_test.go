package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

// uploadContacts posts a contact file to /imports as an editor.
func (f *fixture) uploadContacts(name string, content []byte) *http.Response {
	f.t.Helper()
	return f.postFile("/imports", "file", name, content)
}

// postFile posts a file as a form's one field, as an editor.
func (f *fixture) postFile(path, field, name string, content []byte) *http.Response {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", f.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.tokens[faces.RoleEditor]})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// waitUpload waits for an upload's run to end and returns it.
func (f *fixture) waitUpload(id int64) *faces.ContactUpload {
	f.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		u, err := f.db.FindUpload(t0(), id)
		if err != nil {
			f.t.Fatal(err)
		}
		if u.State != faces.UploadRunning {
			return u
		}
	}
	f.t.Fatal("the run did not end")
	return nil
}

// The import pages: upload, columns recognized and mapped, a check that
// changes nothing, the import, and the report; bad files refused with a
// reason.
func TestImportPages(t *testing.T) {
	f := newFixture(t)
	// The fixture's Jill Okafor works at Acme.
	if _, err := f.db.MovePerson(faces.NewContextWithActor(t0(), 1), 1, faces.Move{CompanyID: 1, Title: "Buyer", On: faces.Today()}); err != nil {
		t.Fatal(err)
	}
	csv := "First Name,Last Name,E-mail Address,Organisation Name,Role,Stage\n" +
		"Ana,Silva,ana@initech.example,Initech,CTO,customer\n" +
		"Jill,Okafor,,Acme,Buyer,lead\n" +
		"Bad,Mail,not-an-email,Acme,,lead\n"
	resp := f.uploadContacts("crm.csv", []byte(csv))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	path := resp.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/imports/"), 10, 64)
	page := bodyOf(t, f.do(faces.RoleEditor, "GET", path, nil))
	for _, want := range []string{"Import crm.csv", `<label for="field_0">First Name</label>`, "ana@initech.example", "<option selected>email</option>", "Check — change nothing"} {
		if !strings.Contains(page, want) {
			t.Errorf("the mapping page lacks %q", want)
		}
	}
	// "Role" is not recognized; the editor maps it to title, and the
	// stage to tags.
	form := url.Values{"field_0": {"first name"}, "field_1": {"last name"}, "field_2": {"email"}, "field_3": {""}, "field_4": {"title"}, "field_5": {"tags"},
		"run": {"check"}}
	if resp := f.do(faces.RoleEditor, "POST", path+"/run", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("check: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	u := f.waitUpload(id)
	if u.State != faces.UploadFailed || !strings.Contains(u.Error, "Line 4: “not-an-email” is not an email address. Nothing was imported.") {
		t.Errorf("a check with a bad line: %+v", u)
	}
	// Mapped the organisation too, skipping the bad line.
	form.Set("field_3", "company")
	form.Set("skip_invalid", "on")
	f.do(faces.RoleEditor, "POST", path+"/run", form)
	u = f.waitUpload(id)
	if u.State != faces.UploadChecked || u.Report == nil || u.Report.Created != 1 || u.Report.Updated+u.Report.Unchanged != 1 || len(u.Report.Skipped) != 1 {
		t.Fatalf("the check: %+v %+v", u, u.Report)
	}
	var people int
	f.db.SQL().QueryRow(`SELECT COUNT(*) FROM people`).Scan(&people)
	if people != 1 {
		t.Errorf("a check changed the people: %d", people)
	}
	page = bodyOf(t, f.do(faces.RoleEditor, "GET", path, nil))
	for _, want := range []string{"The check: what importing would do", "1 new people, 1 new companies", "1 already known (1 by name and company)", "Line 4: “not-an-email”", "<option selected>title</option>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the checked page lacks %q:\n%s", want, page[strings.Index(page, "<ul>"):][:600])
		}
	}
	form.Set("run", "import")
	f.do(faces.RoleEditor, "POST", path+"/run", form)
	if u = f.waitUpload(id); u.State != faces.UploadDone || u.Report.Created != 1 {
		t.Fatalf("the import: %+v", u)
	}
	f.db.SQL().QueryRow(`SELECT COUNT(*) FROM people`).Scan(&people)
	var actor int64
	f.db.SQL().QueryRow(`SELECT actor_id FROM audit_log WHERE entity = 'person' AND action = 'create' ORDER BY id DESC LIMIT 1`).Scan(&actor)
	editor, _ := f.db.FindUserByEmail(t0(), "editor@faces.example")
	if people != 2 || actor != editor.ID {
		t.Errorf("after the import: %d people; the creation audited as %d, want the editor %d", people, actor, editor.ID)
	}
	if page = bodyOf(t, f.do(faces.RoleEditor, "GET", path, nil)); !strings.Contains(page, "Imported") || strings.Contains(page, "Check — change nothing") {
		t.Error("the done page")
	}

	// Bad files, each with its reason.
	for _, tc := range []struct{ name, content, want string }{
		{"meetings.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "This is an iCalendar file, not a list of contacts."},
		{"photo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV or vCard file."},
		{"empty.csv", "", "The file is empty."},
		{"huge.csv", "Name\n" + strings.Repeat("Al Bo\n", faces.MaxUploadBytes/6+10), "larger than 5 MB"},
	} {
		resp := f.uploadContacts(tc.name, []byte(tc.content))
		if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q: %s", tc.name, resp.StatusCode, tc.want, body[strings.Index(body, "<section"):][:300])
		}
	}
}

// A run can be cancelled, and changes nothing.
func TestImportCancelled(t *testing.T) {
	f := newFixture(t)
	var csv strings.Builder
	csv.WriteString("Name,Email,Company,Job Title\n")
	for i := range 60000 {
		fmt.Fprintf(&csv, "Person %d,p%d@x.example,Company %d,Buyer\n", i, i, i/20)
	}
	path := f.uploadContacts("big.csv", []byte(csv.String())).Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/imports/"), 10, 64)
	f.do(faces.RoleEditor, "POST", path+"/run", url.Values{"field_0": {"name"}, "field_1": {"email"}, "field_2": {"company"}, "field_3": {"title"}, "run": {"import"}})
	// Wait for a sign of progress, then cancel.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if run := f.server.runs.get(id); run == nil || run.read.Load() > 0 {
			break
		}
	}
	if page := bodyOf(t, f.do(faces.RoleEditor, "GET", path, nil)); !strings.Contains(page, "Importing…") || !strings.Contains(page, `http-equiv="refresh"`) {
		t.Error("the page of a run under way")
	}
	// A second run of the same file while one is under way is refused.
	if resp := f.do(faces.RoleEditor, "POST", path+"/run", url.Values{"field_0": {"name"}, "run": {"import"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("a second run at once: %d", resp.StatusCode)
	}
	f.do(faces.RoleEditor, "POST", path+"/cancel", url.Values{})
	u := f.waitUpload(id)
	var people int
	f.db.SQL().QueryRow(`SELECT COUNT(*) FROM people`).Scan(&people)
	if u.State != faces.UploadCancelled || people != 1 {
		t.Errorf("cancelled: %s %q, %d people (want the fixture's 1)", u.State, u.Error, people)
	}
}

func t0() context.Context { return context.Background() }

// A vCard file goes through the same pages, without columns to map: its
// inline photo is taken, one fetched from an internal address is refused
// (and said so), and each person's card downloads as a vCard.
func TestImportVCardPages(t *testing.T) {
	f := newFixture(t)
	img := image.NewRGBA(image.Rect(0, 0, 80, 100))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var pic bytes.Buffer
	png.Encode(&pic, img)
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(pic.Bytes()) }))
	defer internal.Close()
	vcf := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Silva\r\nEMAIL:ana@initech.example\r\nORG:Initech\r\nTITLE:CTO\r\n" +
		"PHOTO;ENCODING=b;TYPE=PNG:" + base64.StdEncoding.EncodeToString(pic.Bytes()) + "\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Chen\r\nPHOTO:" + internal.URL + "/admin\r\nRELATED;TYPE=colleague;VALUE=text:Ana Silva\r\nEND:VCARD\r\n"
	resp := f.uploadContacts("people.vcf", []byte(vcf))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	path := resp.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/imports/"), 10, 64)
	page := bodyOf(t, f.do(faces.RoleEditor, "GET", path, nil))
	if !strings.Contains(page, "vCard · 2 cards") || strings.Contains(page, "<h2>Columns</h2>") {
		t.Errorf("the vCard upload's page:\n%s", page)
	}
	f.do(faces.RoleEditor, "POST", path+"/run", url.Values{"run": {"import"}})
	u := f.waitUpload(id)
	if u.State != faces.UploadDone || u.Report.Created != 2 || u.Report.Photos != 1 || u.Report.Linked != 1 || len(u.Report.PhotoProblems) != 1 {
		t.Fatalf("the import: %+v %+v", u, u.Report)
	}
	page = bodyOf(t, f.do(faces.RoleEditor, "GET", path, nil))
	for _, want := range []string{"1 portraits taken", "1 relationships made", "Imported without their photo (1)", "Line 9: The photo at " + internal.URL + "/admin was not fetched: the address is internal"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q:\n%s", want, page)
		}
	}
	var ana int64
	f.db.SQL().QueryRow(`SELECT id FROM people WHERE name = 'Ana Silva'`).Scan(&ana)
	resp = f.do(faces.RoleViewer, "GET", fmt.Sprintf("/people/%d/vcard", ana), nil)
	card := bodyOf(t, resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/vcard; charset=utf-8" ||
		!strings.Contains(card, "FN:Ana Silva\r\n") || !strings.Contains(card, "PHOTO:data:image/jpeg;base64") || !strings.Contains(card, "ORG:Initech\r\n") {
		t.Errorf("Ana's card: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), card)
	}
	if resp := f.do(faces.RoleViewer, "GET", "/people/999999/vcard", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("no one's card: %d", resp.StatusCode)
	}
}

// Administrators download everyone as CSV or vCards; the export is
// audited; a cell that would run as a formula in a spreadsheet is guarded.
func TestPeopleExportDownloads(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 1)
	p, err := f.db.FindPersonByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	p.Notes = "=cmd|' /C calc'!A0"
	if err := f.db.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	resp := f.do(faces.RoleAdmin, "GET", "/exports/people.csv", nil)
	body := bodyOf(t, resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(body, "Name,Pronouns,Email") || !strings.Contains(body, `'=cmd|' /C calc'!A0`) || !strings.Contains(body, p.Name) {
		t.Errorf("CSV export: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp = f.do(faces.RoleAdmin, "GET", "/exports/people.vcf", nil)
	if body := bodyOf(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "FN:"+p.Name+"\r\n") {
		t.Errorf("vCard export: %d\n%s", resp.StatusCode, body)
	}
	entries, _, err := f.db.FindAuditEntries(t0(), faces.AuditFilter{Entity: "people"})
	if err != nil || len(entries) != 2 || entries[0].Action != ActionExport || !strings.Contains(string(entries[0].After), `"format":"vcf"`) {
		t.Errorf("audit: %v %+v", err, entries)
	}
}

// An administrator downloads a person's subject access archive; it is
// audited.
func TestSubjectAccessDownload(t *testing.T) {
	f := newFixture(t)
	resp := f.do(faces.RoleAdmin, "GET", "/people/1/subject-access", nil)
	body := bodyOf(t, resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" || !strings.HasPrefix(body, "PK") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	z, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil || len(z.File) < 3 || z.File[0].Name != "index.html" {
		t.Fatalf("the archive: %v", err)
	}
	entries, _, _ := f.db.FindAuditEntries(t0(), faces.AuditFilter{Entity: "person", EntityID: 1, Action: ActionExport})
	if len(entries) != 1 || !strings.Contains(string(entries[0].After), "subject access") {
		t.Errorf("audit %+v", entries)
	}
	if page := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/people/1", nil)); !strings.Contains(page, `href="/people/1/subject-access"`) {
		t.Error("the person's page does not offer it to an administrator")
	}
	if page := bodyOf(t, f.do(faces.RoleEditor, "GET", "/people/1", nil)); strings.Contains(page, "subject-access") {
		t.Error("the person's page offers it to an editor")
	}
}

// The duplicates page proposes a twin, merges it, and undoes the merge.
func TestDuplicatesPage(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 1)
	jill, _ := f.db.FindPersonByID(ctx, 1)
	jill.Emails = []string{"jill@acme.example"}
	f.db.UpdatePerson(ctx, jill)
	twin := &faces.Person{Name: "J. Okafor", Emails: []string{"Jill@Acme.example"}, Phones: []string{"+1 555 0100"}}
	if err := f.db.CreatePerson(ctx, twin); err != nil {
		t.Fatal(err)
	}
	page := bodyOf(t, f.do(faces.RoleEditor, "GET", "/duplicates", nil))
	for _, want := range []string{"the same e-mail address jill@acme.example", "J. Okafor", fmt.Sprintf("Keep #1, merge #%d into them", twin.ID), "No merges yet."} {
		if !strings.Contains(page, want) {
			t.Errorf("the duplicates page lacks %q", want)
		}
	}
	resp := f.do(faces.RoleEditor, "POST", "/duplicates/merge", url.Values{"kept": {"1"}, "gone": {fmt.Sprint(twin.ID)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("merge: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	page = bodyOf(t, f.do(faces.RoleEditor, "GET", resp.Header.Get("Location"), nil))
	if !strings.Contains(page, "J. Okafor (#2) was merged into Jill Okafor.") || !strings.Contains(page, `action="/merges/1/undo"`) ||
		!strings.Contains(page, "No likely duplicates") {
		t.Errorf("after the merge:\n%s", page)
	}
	if p, _ := f.db.FindPersonByID(ctx, 1); len(p.Phones) != 1 {
		t.Errorf("Jill did not get the twin's phone: %+v", p)
	}
	// A merge with a person who is not there is refused on the page.
	if resp := f.do(faces.RoleEditor, "POST", "/duplicates/merge", url.Values{"kept": {"1"}, "gone": {fmt.Sprint(twin.ID)}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("merging someone gone: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleEditor, "POST", "/merges/1/undo", nil)
	if page = bodyOf(t, f.do(faces.RoleEditor, "GET", resp.Header.Get("Location"), nil)); !strings.Contains(page, "The merge is undone") || !strings.Contains(page, "undone ") {
		t.Errorf("after the undo:\n%s", page)
	}
	if _, err := f.db.FindPersonByID(ctx, twin.ID); err != nil {
		t.Errorf("the twin is not back: %v", err)
	}
	f.do(faces.RoleEditor, "POST", "/duplicates/different", url.Values{"a": {fmt.Sprint(twin.ID)}, "b": {"1"}})
	if page = bodyOf(t, f.do(faces.RoleEditor, "GET", "/duplicates", nil)); !strings.Contains(page, "No likely duplicates") {
		t.Error("a pair said to be different is still proposed")
	}
}

// A team's feed: its calendar (uploaded, or fetched from its address)
// served back with each meeting's opener; the address is the key.
func TestOpenersFeed(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 1)
	if err := f.db.SaveStory(ctx, &faces.Story{PersonID: 1, Card: "Runs the night shift; cut changeover time from 40 to 12 minutes."}); err != nil {
		t.Fatal(err)
	}
	at := func(days int) string { return time.Now().UTC().AddDate(0, 0, days).Format("20060102T150405Z") }
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:m1@team\r\nDTSTAMP:" + at(0) + "\r\nDTSTART:" + at(2) +
		"\r\nDURATION:PT30M\r\nSUMMARY:Changeover on the night shift\r\nDESCRIPTION:Agenda: the numbers.\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	upload := func(fields map[string]string, file string) (*http.Response, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range fields {
			mw.WriteField(k, v)
		}
		if file != "" {
			fw, _ := mw.CreateFormFile("calendar", "team.ics")
			fw.Write([]byte(file))
		}
		mw.Close()
		req, _ := http.NewRequest("POST", f.srv.URL+"/openers/feed", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.tokens[faces.RoleViewer]})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page := bodyOf(t, resp)
		address := ""
		if i := strings.Index(page, `class="feed-url" value="`); i >= 0 {
			address = page[i+len(`class="feed-url" value="`):]
			address = address[:strings.Index(address, `"`)]
		}
		return resp, address
	}
	resp, address := upload(nil, ics)
	if resp.StatusCode != 200 || !strings.HasPrefix(address, f.srv.URL+"/feeds/faces_feed_") {
		t.Fatalf("setting the feed: %d %q", resp.StatusCode, address)
	}
	get := func(address string) (int, string) {
		resp, err := http.Get(address)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, bodyOf(t, resp)
	}
	code, feed := get(address)
	unfolded := strings.ReplaceAll(feed, "\r\n ", "")
	if code != 200 || !strings.Contains(unfolded, "SUMMARY:Changeover on the night shift") ||
		!strings.Contains(unfolded, `DESCRIPTION:Open with Jill Okafor: Jill Okafor is the kind of person we are building this for: Runs the night shift`) ||
		!strings.Contains(unfolded, `Agenda: the numbers.`) {
		t.Errorf("the feed: %d\n%s", code, feed)
	}
	if code, _ := get(strings.Replace(address, "faces_feed_", "faces_feed_x", 1)); code != http.StatusNotFound {
		t.Errorf("a wrong secret: %d", code)
	}
	// From the calendar's address: an internal one is refused unless
	// allowed.
	source := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(ics)) }))
	defer source.Close()
	_, second := upload(map[string]string{"source_url": source.URL + "/basic.ics"}, "")
	if code, _ := get(address); code != http.StatusNotFound {
		t.Errorf("the first address after a new one: %d", code)
	}
	if code, body := get(second); code != http.StatusBadGateway || !strings.Contains(body, "internal") {
		t.Errorf("an internal calendar address: %d %s", code, body)
	}
	f.server.AllowInternalPhotos = true
	if code, feed := get(second); code != 200 || !strings.Contains(feed, "Open with Jill Okafor") {
		t.Errorf("the fetched calendar: %d\n%s", code, feed)
	}
	if resp, _ := upload(map[string]string{"source_url": "ftp://x"}, ""); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an ftp address: %d", resp.StatusCode)
	}
	f.do(faces.RoleViewer, "POST", "/openers/feed/delete", nil)
	if code, _ := get(second); code != http.StatusNotFound {
		t.Errorf("after stopping the feed: %d", code)
	}
}

// An at-risk flag shows on the person's page, in lists and search, and
// on the company's page; a bad flag keeps what was typed; clearing it
// takes it away.
func TestRiskFlags(t *testing.T) {
	f := newFixture(t)
	if _, err := f.db.MovePerson(faces.NewContextWithActor(t0(), 1), 1, faces.Move{CompanyID: 1, Title: "Buyer", On: faces.Today()}); err != nil {
		t.Fatal(err)
	}
	resp := f.do(faces.RoleEditor, "POST", "/people/1/risks", url.Values{"reason": {"  "}, "since": {"2026-11-01"}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Say why they are at risk.") ||
		!strings.Contains(body, `name="since" value="2026-11-01"`) {
		t.Errorf("a flag without a reason: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleEditor, "POST", "/people/1/risks", url.Values{"reason": {"Quiet since the reorg."}, "since": {"2026-11-01"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("flagging: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	for path, want := range map[string]string{
		"/people/1":        "since 1 Nov 2026: Quiet since the reorg.",
		"/people":          `<span class="tag risk" title="At risk since 1 Nov 2026: Quiet since the reorg.">at risk</span>`,
		"/search?q=Okafor": `class="tag risk"`,
		"/companies/1":     `class="tag risk"`,
	} {
		if page := bodyOf(t, f.do(faces.RoleViewer, "GET", path, nil)); !strings.Contains(page, want) {
			t.Errorf("%s lacks %q", path, want)
		}
	}
	f.do(faces.RoleEditor, "POST", "/companies/1/risks", url.Values{"reason": {"Renewal in doubt."}, "since": {"2026-11-15"}})
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/companies/1", nil)); !strings.Contains(page, "since 15 Nov 2026: Renewal in doubt.") || strings.Contains(page, "Flag as at risk") {
		t.Error("the company's flag, to a viewer")
	}
	risks, _ := f.db.OpenRisks(t0(), 1, 0)
	resp = f.do(faces.RoleEditor, "POST", fmt.Sprintf("/risks/%d/clear", risks[0].ID), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/people/1?done=risk-cleared#risk" {
		t.Errorf("clearing: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people", nil)); strings.Contains(page, `class="tag risk"`) {
		t.Error("a cleared flag still shows")
	}
}

// The API raises, lists and clears at-risk flags, and proposes openers.
func TestRisksAndOpenersAPI(t *testing.T) {
	f := newFixture(t)
	if err := f.db.SaveStory(faces.NewContextWithActor(t0(), 1), &faces.Story{PersonID: 1, Card: "Runs the night shift; cut changeover time from 40 to 12 minutes."}); err != nil {
		t.Fatal(err)
	}
	resp, doc := f.api(faces.RoleEditor, "POST", "/api/v1/people/1/risks", `{"reason":"Quiet since the reorg.","since":"2026-11-01"}`)
	if resp.StatusCode != http.StatusCreated || doc["reason"] != "Quiet since the reorg." || doc["since"] != "2026-11-01" {
		t.Fatalf("flagging: %d %v", resp.StatusCode, doc)
	}
	id := int64(doc["id"].(float64))
	if resp, doc := f.api(faces.RoleEditor, "POST", "/api/v1/people/1/risks", `{"reason":""}`); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a flag without a reason: %d %v", resp.StatusCode, doc)
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/people/1/risks", nil)
	req.Header.Set("Authorization", "Bearer "+f.apiToken(faces.RoleViewer))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := bodyOf(t, resp); !strings.Contains(body, `"reason": "Quiet since the reorg."`) {
		t.Errorf("the list: %s", body)
	}
	if resp, doc := f.api(faces.RoleEditor, "POST", fmt.Sprintf("/api/v1/risks/%d/clear", id), ""); resp.StatusCode != 200 || doc["cleared_at"] == nil {
		t.Errorf("clearing: %d %v", resp.StatusCode, doc)
	}
	req, _ = http.NewRequest("GET", f.srv.URL+"/api/v1/openers?topic=changeover+on+the+night+shift", nil)
	req.Header.Set("Authorization", "Bearer "+f.apiToken(faces.RoleViewer))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := bodyOf(t, resp); resp.StatusCode != 200 || !strings.Contains(body, `"name": "Jill Okafor"`) || !strings.Contains(body, `is the kind of person we are building this for`) {
		t.Errorf("openers: %d %s", resp.StatusCode, body)
	}
}

// An account review: each human of the account with what they are
// thinking; notes that speak of the company only in the abstract are
// flagged; a review that says nothing keeps what was typed.
func TestAccountReviewPages(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 1)
	if _, err := f.db.MovePerson(ctx, 1, faces.Move{CompanyID: 1, Title: "Buyer", On: faces.Today()}); err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(t, f.do(faces.RoleEditor, "GET", "/companies/1/reviews/new", nil)); !strings.Contains(page, "What is Jill Okafor thinking about this?") {
		t.Fatal("the review form lacks Jill")
	}
	resp := f.do(faces.RoleEditor, "POST", "/companies/1/reviews", url.Values{"title": {"Q4 review"}, "answer_1": {"  "}, "notes": {""}})
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Say what at least one of them is thinking.") || !strings.Contains(body, `value="Q4 review"`) {
		t.Errorf("an empty review: %d", resp.StatusCode)
	}
	resp = f.do(faces.RoleEditor, "POST", "/companies/1/reviews", url.Values{"title": {"Q4 review"}, "answer_1": {"Wants the labels before the trucks."},
		"notes": {"The account is stable; the enterprise segment keeps growing and the customer wants a discount."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", resp.Header.Get("Location"), nil))
	for _, want := range []string{"Q4 review", "Jill Okafor</strong></a>: Wants the labels before the trucks.", "Only in the abstract.",
		"Through the lens", `<mark class="lv-market" title="market">customer</mark>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the review lacks %q", want)
		}
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/companies/1", nil)); !strings.Contains(page, "only in the abstract</span>") {
		t.Error("the company page does not list the flagged review")
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1", nil)); !strings.Contains(page, "Wants the labels before the trucks.") {
		t.Error("Jill's page does not show what the review said")
	}
	// Notes that name who thinks what are not flagged, nor are notes
	// that name by first name one of those the review asks about, a name
	// on no list the lens knows.
	resp = f.do(faces.RoleEditor, "POST", "/companies/1/reviews", url.Values{"title": {"Q1 review"}, "notes": {"Jill thinks the changeover tool saves her shift an hour; Bob worries about the price."}})
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", resp.Header.Get("Location"), nil)); strings.Contains(page, "Only in the abstract.") {
		t.Error("concrete notes flagged")
	}
	kofi := &faces.Person{Name: "Kofi Mensah"}
	if err := f.db.CreatePersonAt(ctx, kofi, faces.Move{CompanyID: 1, Title: "Line lead", On: faces.Today()}); err != nil {
		t.Fatal(err)
	}
	resp = f.do(faces.RoleEditor, "POST", "/companies/1/reviews", url.Values{"title": {"Q2 review"}, fmt.Sprintf("answer_%d", kofi.ID): {"Labels first."},
		"notes": {"The account is stable. Kofi wants the labels before the trucks."}})
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", resp.Header.Get("Location"), nil)); strings.Contains(page, "Only in the abstract.") || !strings.Contains(page, "Labels first.") {
		t.Error("notes naming Kofi, whom the review asks about, flagged")
	}
}
