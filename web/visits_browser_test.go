package web

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Right after a visit, on a phone: log it, see it, and see the account
// page answer "when did you last visit a customer?".
func TestLogAVisitOnAPhone(t *testing.T) {
	bin := chromium(t)
	db, _ := demoDB(t)
	srv := NewServer(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	defer srv.Shutdown(context.Background())
	base := "http://" + srv.Addr()
	bctx := newBrowser(t, bin)
	shots := screenshotDir(t)
	shot := func(name string) {
		if png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		}
	}
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/signin?next=/visits/new"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "ada@faces.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "correct horse battery"),
		chromedp.Submit(chromedp.CSS(`form[action="/signin"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/visits"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=company]`), "Northwind Foods"),
		chromedp.SendKeys(chromedp.CSS(`input[name=person_1]`), "Jill Okafor"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=notes]`), "Jill showed us the paper log she keeps beside the line."),
	); err != nil {
		t.Fatalf("filling the visit form: %v", err)
	}
	widths, err := chromedp.Run(bctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil || widths[0] > widths[1] {
		t.Errorf("the visit form is %v wide on a phone (%v)", widths, err)
	}
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
