package web

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/faces-org/faces"
)

// Right after a visit, on a phone: log it, see it, and see the account
// page answer "when did you last visit a customer?".
func TestLogAVisitOnAPhone(t *testing.T) {
	db, _ := demoDB(t)
	base, bctx, shot := browse(t, db)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(390, 844),
		signInAda(base, "/visits/new"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/visits"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=company]`), "Northwind Foods"),
		chromedp.SendKeys(chromedp.CSS(`input[name=person_1]`), "Jill Okafor"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=notes]`), "Jill showed us the paper log she keeps beside the line."),
	); err != nil {
		t.Fatalf("filling the visit form: %v", err)
	}
	checkFitsWidth(t, bctx, "the visit form on a phone", nil)
	shot("visit-form-phone")
	if err := chromedp.Do(bctx,
		chromedp.Submit(chromedp.CSS(`form[action="/visits"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	); err != nil {
		t.Fatalf("saving the visit: %v", err)
	}
	page, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`)))
	for _, want := range []string{"The visit is logged.", "Northwind Foods", "Jill Okafor", "Ada", "paper log", "non-sales"} {
		if !strings.Contains(page, want) {
			t.Errorf("the visit's page lacks %q:\n%s", want, page)
		}
	}
	shot("visit-phone")

	// A quote in the notes becomes an insight: select it, and it fills the
	// form; the theme's evidence grows.
	theme := &faces.Theme{Name: "Paper beats screens"}
	if err := db.CreateTheme(context.Background(), theme); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#visit-notes`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(() => {
		const notes = document.getElementById('visit-notes');
		const text = notes.firstChild, at = text.textContent.indexOf('the paper log');
		const range = document.createRange();
		range.setStart(text, at);
		range.setEnd(text, at + 'the paper log she keeps beside the line'.length);
		getSelection().removeAllRanges();
		getSelection().addRange(range);
		notes.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
		return true;
	})()`)); err != nil {
		t.Fatal(err)
	}
	if got, _ := chromedp.Run(bctx, chromedp.Value(chromedp.CSS(`#insight-form textarea[name=text]`))); got != "the paper log she keeps beside the line" {
		t.Errorf("the selected passage in the form: %q", got)
	}
	if err := chromedp.Do(bctx,
		chromedp.SetValue(chromedp.CSS(`#insight-form select[name=theme]`), strconv.FormatInt(theme.ID, 10)),
		chromedp.Submit(chromedp.CSS(`#insight-form`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.insights`)),
		chromedp.Navigate(base+"/themes/"+strconv.FormatInt(theme.ID, 10)),
		chromedp.WaitVisible(chromedp.CSS(`main`)),
	); err != nil {
		t.Fatalf("recording the insight: %v", err)
	}
	if page, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(page, "the paper log she keeps beside the line") || !strings.Contains(page, "One voice") {
		t.Errorf("the theme's evidence: %s", page)
	}
	shot("theme-phone")

	// Jill moves: Ada, who visited her, sees the badge and the news.
	found, err := db.Search(context.Background(), "Jill Okafor", 5)
	if err != nil || len(found.People) == 0 {
		t.Fatalf("finding Jill: %v", err)
	}
	jill := found.People[0]
	other := &faces.Company{Name: "Lakeside Mills"}
	if err := db.CreateCompany(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MovePerson(context.Background(), jill.ID, faces.Move{CompanyID: other.ID, Title: "Plant manager", On: faces.Now().Truncate(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/people"), chromedp.WaitVisible(chromedp.CSS(`a.notify.unread`)),
		chromedp.Click(chromedp.CSS(`a.notify`)), chromedp.WaitVisible(chromedp.CSS(`ul.notifications`))); err != nil {
		t.Fatalf("the badge and the list: %v", err)
	}
	if got, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`ul.notifications`))); !strings.Contains(got, "Jill Okafor moved from Northwind Foods to Lakeside Mills as Plant manager") {
		t.Errorf("the notification: %q", got)
	}
	shot("notifications-phone")
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/me"), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	if me, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(me, "last non-sales visit") {
		t.Errorf("the account page: %s", me)
	}
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/dashboard/visits"), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	shot("visit-dashboard")
}
