package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/faces-org/faces"
)

// An event in a real browser: a guest list read, a near-duplicate
// confirmed by a human, key guests marked, and their prep sheets printed
// to PDF by headless Chromium — one page per key guest.
func TestEventInABrowser(t *testing.T) {
	db, ada := demoDB(t)
	ctx := faces.NewContextWithActor(context.Background(), ada.ID)
	ev := &faces.Event{Name: "Northern food summit", On: faces.Today().AddDate(0, 0, 9), Place: "Leeds, Royal Armouries"}
	if err := db.CreateEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
	var susanEmail, jillCompany string
	db.SQL().QueryRow(`SELECT email FROM person_emails e JOIN people p ON p.id = e.person_id WHERE p.name = 'Susan Achterberg'`).Scan(&susanEmail)
	db.SQL().QueryRow(`SELECT co.name FROM people p JOIN companies co ON co.id = p.current_company_id WHERE p.name = 'Jill Okafor'`).Scan(&jillCompany)
	if susanEmail == "" || jillCompany == "" {
		t.Fatal("the demo has changed: Susan's address or Jill's company not found")
	}
	list := filepath.Join(t.TempDir(), "summit-guests.csv")
	os.WriteFile(list, []byte(fmt.Sprintf("Full name,E-mail,Company,Job title,Badge printed\n"+
		"Sue Achterberg,%s,,,yes\n"+
		"Jil Okafor,,%s,Shift lead,yes\n"+
		"Nadia Brown,nadia@initech.example,Initech,VP Operations,no\n", susanEmail, jillCompany)), 0o644)

	base, bctx, shot := browse(t, db)
	eventURL := fmt.Sprintf("/events/%d", ev.ID)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 900),
		signInAda(base, eventURL),
		chromedp.WaitVisible(chromedp.CSS(`input[name=list]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=list]`), []string{list}),
		chromedp.Submit(chromedp.CSS(`input[name=list]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.guest-review`)),
	); err != nil {
		t.Fatalf("reading the guest list: %v", err)
	}
	review, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(review, "Jil Okafor") || !strings.Contains(review, "is Jill Okafor") || !strings.Contains(review, "Columns not read: Badge printed") {
		t.Errorf("the review:\n%s", review)
	}
	shot("event-guest-list")
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`fieldset.match input[type=radio]`)), // the first candidate: Jill
		chromedp.Submit(chromedp.CSS(`form.guest-review`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
	); err != nil {
		t.Fatalf("confirming the match: %v", err)
	}
	added, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`p.flash`)))
	if !strings.Contains(added, "3 added") || !strings.Contains(added, "1 known for sure, 1 confirmed by you, 1 new") {
		t.Errorf("the report: %q", added)
	}
	shot("event-guests-added")
	// Susan and Jill are the key guests.
	for _, name := range []string{"Susan Achterberg", "Jill Okafor"} {
		err := chromedp.Do(bctx, chromedp.Navigate(base+eventURL), chromedp.WaitVisible(chromedp.CSS(`table.guests`)))
		if err == nil {
			_, err = chromedp.Run(bctx, chromedp.Evaluate[bool](fmt.Sprintf(`[...document.querySelectorAll('table.guests tr')].find(tr => tr.textContent.includes(%q)).querySelector('td:nth-child(3) button').click() || true`, name)))
		}
		if err == nil {
			var id int64
			db.SQL().QueryRow(`SELECT id FROM people WHERE name = $1`, name).Scan(&id)
			err = chromedp.Do(bctx, chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`tr#guest-%d.key`, id))))
		}
		if err != nil {
			t.Fatalf("marking %s key: %v", name, err)
		}
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(base+eventURL), chromedp.WaitVisible(chromedp.CSS(`table.guests`))); err != nil {
		t.Fatal(err)
	}
	shot("event")
	if err := chromedp.Do(bctx, chromedp.Navigate(base+eventURL+"/prep"), chromedp.WaitVisible(chromedp.CSS(`.prep-sheet`))); err != nil {
		t.Fatalf("the prep sheets: %v", err)
	}
	sheets, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(strings.ToLower(sheets), "questions to ask") || !strings.Contains(sheets, "Susan Achterberg") || !strings.Contains(sheets, "Jill Okafor") || strings.Contains(sheets, "Nadia Brown") {
		t.Errorf("the prep sheets:\n%s", sheets)
	}
	shot("event-prep")
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("printing: %v", err)
	}
	if pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); pages != 2 {
		t.Errorf("the prep sheets of 2 key guests print on %d pages, want one each", pages)
	}
	os.WriteFile(filepath.Join(screenshotDir(t), "event-prep.pdf"), pdf, 0o644)

	// Afterwards: what Jill said, in a few minutes.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(base+eventURL+"/debrief"),
		chromedp.WaitVisible(chromedp.CSS(`form.debrief`)),
		chromedp.SendKeys(chromedp.CSS(`form.debrief fieldset:first-of-type textarea`), "If the labels were printed before the trucks arrive, we would never miss a slot."),
		chromedp.SendKeys(chromedp.CSS(`form.debrief fieldset:first-of-type select`), "wish"),
		chromedp.Click(chromedp.CSS(`form.debrief fieldset:first-of-type input[name^=verbatim]`)),
	); err != nil {
		t.Fatalf("the debrief: %v", err)
	}
	shot("event-debrief")
	if err := chromedp.Do(bctx, chromedp.Submit(chromedp.CSS(`form.debrief`)), chromedp.WaitVisible(chromedp.CSS(`#learned + ul.insights`))); err != nil {
		t.Fatalf("saving the debrief: %v", err)
	}
	learned, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`ul.insights`)))
	if !strings.Contains(learned, "If the labels were printed") || !strings.Contains(learned, "Jill Okafor") {
		t.Errorf("what was learned: %q", learned)
	}

	// The list of events, with who keeps coming.
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/events"), chromedp.WaitVisible(chromedp.CSS(`ul.visits`))); err != nil {
		t.Fatalf("the events: %v", err)
	}
	shot("events")

	// Every page of it fits a phone.
	for _, path := range []string{"/events", eventURL, eventURL + "/prep", eventURL + "/debrief", eventURL + "/edit", "/events/new"} {
		err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS(`main`)))
		checkFitsWidth(t, bctx, path, err)
	}
	shot("event-debrief-phone")
}
