package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/faces-org/faces"
)

// The import in a browser: upload a CRM export, map the column Faces did
// not recognize, check, import, and read the report.
func TestImportInABrowser(t *testing.T) {
	db, _ := demoDB(t)
	base, bctx, shot := browse(t, db)
	file := filepath.Join(t.TempDir(), "hubspot-contacts.csv")
	os.WriteFile(file, []byte("Record ID,First Name,Last Name,Email,Phone Number,Company Name,Role,Lifecycle Stage\n"+
		"101,Jill,Okafor,jill@northwind.example,+1 555 0100,Northwind Foods,Plant manager,customer\n"+
		"102,Priya,Raman,priya@contoso.example,+44 20 7946 0001,Contoso Health,Head of Nursing,customer\n"+
		"103,Tomás,Ibarra,tomas@fabrikam.example,,Fabrikam Logistics,Dispatcher,lead\n"+
		"104,No,Address,not-an-email,,Fabrikam Logistics,Driver,lead\n"), 0o644)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 900),
		signInAda(base, "/imports/new"),
		chromedp.WaitVisible(chromedp.CSS(`input[type=file]`)),
	); err != nil {
		t.Fatalf("signing in to the import: %v", err)
	}
	shot("import-upload")
	if err := chromedp.Do(bctx,
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{file}),
		chromedp.Submit(chromedp.CSS(`form[action="/imports"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.mapping`)),
	); err != nil {
		t.Fatalf("uploading: %v", err)
	}
	// "Role" is not a column name Faces knows: it is not read until mapped.
	role, _ := chromedp.Run(bctx, chromedp.Value(chromedp.CSS(`#field_6`)))
	email, _ := chromedp.Run(bctx, chromedp.Value(chromedp.CSS(`#field_3`)))
	if role != "" || email != "email" {
		t.Errorf("recognized: Role as %q, Email as %q", role, email)
	}
	if err := chromedp.Do(bctx, chromedp.SetValue(chromedp.CSS(`#field_6`), "title"), chromedp.SetValue(chromedp.CSS(`#field_7`), "tags")); err != nil {
		t.Fatal(err)
	}
	shot("import-mapping")
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`input[name=skip_invalid]`)),
		chromedp.Click(chromedp.CSS(`button[value=check]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.report`)),
	); err != nil {
		t.Fatalf("checking: %v", err)
	}
	report, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`section.report`)))
	for _, want := range []string{"what importing would do", "Nothing was changed.", "2 new people", "1 already known (1 by email)", "Line 5: “not-an-email” is not an email address."} {
		if !strings.Contains(report, want) {
			t.Errorf("the check's report lacks %q:\n%s", want, report)
		}
	}
	shot("import-checked")
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`button[value=import]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.report h2`)),
	); err != nil {
		t.Fatalf("importing: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		h, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`section.report h2`)))
		if h == "Imported" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not imported: %q", h)
		}
		time.Sleep(200 * time.Millisecond)
		chromedp.Do(bctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`main`)))
	}
	shot("import-done")
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/search?q=Priya"), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	found, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(found, "Priya Raman") || !strings.Contains(found, "Head of Nursing") {
		t.Errorf("the imported person, searched for:\n%s", found)
	}
}

// A vCard file in a browser: upload an address book's cards, import them
// without a mapping step, read the report, and see a person's page with
// what the card brought.
func TestVCardImportInABrowser(t *testing.T) {
	db, _ := demoDB(t)
	base, bctx, shot := browse(t, db)
	img := image.NewRGBA(image.Rect(0, 0, 240, 300))
	for y := range 300 {
		for x := range 240 {
			img.Set(x, y, color.RGBA{uint8(120 + x/4), uint8(90 + y/5), 160, 255})
		}
	}
	var pic bytes.Buffer
	png.Encode(&pic, img)
	file := filepath.Join(t.TempDir(), "address-book.vcf")
	os.WriteFile(file, []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lindqvist;Maja;;;\r\nFN:Maja Lindqvist\r\nORG:Northwind Foods;Cold Chain\r\nTITLE:Warehouse Lead\r\n"+
		"EMAIL;TYPE=INTERNET,WORK:maja@northwind.example\r\nTEL;TYPE=CELL:+46 70 123 45 67\r\nADR;TYPE=WORK:;;Hamngatan 4;Göteborg;;411 06;Sweden\r\n"+
		"CATEGORIES:champion,cold chain\r\nNOTE:Runs the night shift's loading bays.\r\nPHOTO;ENCODING=b;TYPE=PNG:"+base64.StdEncoding.EncodeToString(pic.Bytes())+"\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Okoye;Chidi;;;\r\nFN:Chidi Okoye\r\nORG:Northwind Foods\r\nTITLE:Driver\r\nTEL;WORK;VOICE:+44 20 7946 0002\r\n"+
		"NOTE;ENCODING=QUOTED-PRINTABLE:Knows every dock in the =\r\nnorth.\r\nPHOTO;VALUE=URL:http://169.254.169.254/latest/meta-data/\r\nEND:VCARD\r\n"), 0o644)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 900),
		signInAda(base, "/imports/new"),
		chromedp.WaitVisible(chromedp.CSS(`input[type=file]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{file}),
		chromedp.Submit(chromedp.CSS(`form[action="/imports"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value=import]`)),
	); err != nil {
		t.Fatalf("uploading: %v", err)
	}
	shot("import-vcard")
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`button[value=import]`)), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	var report string
	for deadline := time.Now().Add(15 * time.Second); ; {
		report, _ = chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`)))
		if strings.Contains(report, "Imported\n") || strings.Contains(report, "portraits taken") || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
		chromedp.Do(bctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`main`)))
	}
	for _, want := range []string{"2 new people", "1 portraits taken", "Imported without their photo (1)", "the address is internal"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	shot("import-vcard-done")
	var maja int64
	db.SQL().QueryRow(`SELECT id FROM people WHERE name = 'Maja Lindqvist'`).Scan(&maja)
	if err := chromedp.Do(bctx, chromedp.Navigate(fmt.Sprintf("%s/people/%d", base, maja)), chromedp.WaitVisible(chromedp.CSS(`.address`))); err != nil {
		t.Fatalf("Maja's page: %v", err)
	}
	page, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`)))
	for _, want := range []string{"Warehouse Lead, Cold Chain at Northwind Foods", "Hamngatan 4, Göteborg, 411 06, Sweden", "+46 70 123 45 67", "Download their card (vCard)"} {
		if !strings.Contains(page, want) {
			t.Errorf("Maja's page lacks %q:\n%s", want, page)
		}
	}
	shot("person-from-vcard")
}

// Twins in a browser: the duplicates page shows the pair with its
// evidence, merges it, and undoes the merge.
func TestDuplicatesInABrowser(t *testing.T) {
	db, _ := demoDB(t)
	ctx := faces.NewContextWithActor(context.Background(), 0)
	orig, err := db.FindPersonByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	twin := &faces.Person{Name: orig.Name, Emails: []string{"personal@example.org"}, Phones: orig.Phones, Notes: "Added by hand at the fair."}
	if err := db.CreatePerson(ctx, twin); err != nil {
		t.Fatal(err)
	}
	base, bctx, shot := browse(t, db)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 900),
		signInAda(base, "/duplicates"),
		chromedp.WaitVisible(chromedp.CSS(`li.pair`)),
	); err != nil {
		t.Fatalf("the duplicates page: %v", err)
	}
	pair, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`li.pair`)))
	if !strings.Contains(pair, "the same name") || !strings.Contains(pair, "the same phone number") {
		t.Errorf("the pair:\n%s", pair)
	}
	shot("duplicates")
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`li.pair form[action="/duplicates/merge"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	); err != nil {
		t.Fatalf("merging: %v", err)
	}
	flash, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`.flash`)))
	if !strings.Contains(flash, "was merged into "+orig.Name) {
		t.Errorf("after the merge: %q", flash)
	}
	shot("duplicates-merged")
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`form[action^="/merges/"] button`))); err != nil {
		t.Fatalf("undoing: %v", err)
	}
	// The page before had a flash too: wait for the new one.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		flash, _ = chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`.flash`)))
		if strings.Contains(flash, "The merge is undone") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the undo: %q", flash)
		}
	}
}

// Openers in a browser: a topic typed in, then a calendar uploaded, each
// coming meeting with the story to open it; "we opened with this" puts
// the story at the back for the team.
func TestOpenersInABrowser(t *testing.T) {
	db, _ := demoDB(t)
	base, bctx, shot := browse(t, db)
	at := func(days, hour int) string {
		d := time.Now().UTC().AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, time.UTC).Format("20060102T150405Z")
	}
	file := filepath.Join(t.TempDir(), "team.ics")
	os.WriteFile(file, []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"+
		"BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:"+at(0, 9)+"\r\nDTSTART:"+at(1, 10)+"\r\nDURATION:PT30M\r\nSUMMARY:Payback model for the capital budget\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:2\r\nDTSTAMP:"+at(0, 9)+"\r\nDTSTART:"+at(2, 14)+"\r\nDURATION:PT45M\r\nSUMMARY:Heating schools on a tight budget\r\nEND:VEVENT\r\n"+
		"END:VCALENDAR\r\n"), 0o644)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 900),
		signInAda(base, "/openers"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=topic]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=topic]`), "Changeover times on the night shift"),
		chromedp.Submit(chromedp.CSS(`form.opener-topic`)),
		chromedp.WaitVisible(chromedp.CSS(`.opener blockquote`)),
	); err != nil {
		t.Fatalf("an opener for a topic: %v", err)
	}
	quote, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`.opener blockquote`)))
	if !strings.HasPrefix(quote, "Jill Okafor, a shift supervisor at Northwind Foods, is the kind of person we are building this for:") {
		t.Errorf("the opener: %q", quote)
	}
	shot("openers-topic")
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`form[action="/openers/used"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	); err != nil {
		t.Fatalf("we opened with it: %v", err)
	}
	if quote, _ = chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`.opener blockquote`))); strings.HasPrefix(quote, "Jill Okafor") {
		t.Errorf("the story just used comes first again: %q", quote)
	}
	if err := chromedp.Do(bctx,
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=calendar]`), []string{file}),
		chromedp.Submit(chromedp.CSS(`form[action="/openers/calendar"]`)),
		chromedp.WaitVisible(chromedp.CSS(`article.meeting`)),
	); err != nil {
		t.Fatalf("the calendar: %v", err)
	}
	meetings, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`)))
	for _, want := range []string{"Payback model for the capital budget", "Susan Achterberg, a chief financial officer at Northwind Foods", "Heating schools on a tight budget"} {
		if !strings.Contains(meetings, want) {
			t.Errorf("the meetings lack %q:\n%s", want, meetings)
		}
	}
	shot("openers-calendar")
}

// An at-risk flag as staff see it: on the person's page and in the list.
func TestRiskInABrowser(t *testing.T) {
	db, ada := demoDB(t)
	ctx := faces.NewContextWithActor(context.Background(), ada.ID)
	if err := db.FlagRisk(ctx, &faces.Risk{PersonID: 1, Reason: "Her plant may close after the merger; she is interviewing elsewhere.", Since: faces.Today().AddDate(0, 0, -9)}); err != nil {
		t.Fatal(err)
	}
	base, bctx, shot := browse(t, db)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 900),
		signInAda(base, "/people/1"),
		chromedp.WaitVisible(chromedp.CSS(`.risk-flag`)),
	); err != nil {
		t.Fatalf("the person's page: %v", err)
	}
	flag, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`.risk-flag`)))
	if !strings.Contains(flag, "Her plant may close") || !strings.Contains(flag, "Ada") {
		t.Errorf("the flag: %q", flag)
	}
	shot("risk-person")
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/people"), chromedp.WaitVisible(chromedp.CSS(`.tag.risk`))); err != nil {
		t.Fatalf("the list: %v", err)
	}
	shot("risk-list")
}

// An account review in a browser: the humans of a key account, what each
// is thinking, and the saved review.
func TestAccountReviewInABrowser(t *testing.T) {
	db, _ := demoDB(t)
	var northwind int64
	db.SQL().QueryRow(`SELECT id FROM companies WHERE name = 'Northwind Foods'`).Scan(&northwind)
	base, bctx, shot := browse(t, db)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 900),
		signInAda(base, fmt.Sprintf("/companies/%d/reviews/new", northwind)),
		chromedp.WaitVisible(chromedp.CSS(`ul.review-people`)),
		chromedp.SendKeys(chromedp.CSS(`ul.review-people li:first-child textarea`), "Wants payback inside two years; will not sign before the audit."),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=notes]`), "Renewal in March. Susan decides; Jill's night shift is where the tool proves itself."),
	); err != nil {
		t.Fatalf("the review form: %v", err)
	}
	shot("review-form")
	if err := chromedp.Do(bctx, chromedp.Submit(chromedp.CSS(`form.review-form`)), chromedp.WaitVisible(chromedp.CSS(`ul.review-answers`))); err != nil {
		t.Fatalf("saving: %v", err)
	}
	page, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(page, "Wants payback inside two years") || strings.Contains(page, "Only in the abstract") {
		t.Errorf("the review:\n%s", page)
	}
	shot("review")
}
