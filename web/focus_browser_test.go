package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/faces-org/faces"
)

// The leaders' view in a real browser, on the demo's writing: the months,
// a filter by kind, and a phone's width.
func TestFocusInABrowser(t *testing.T) {
	db, ada := demoDB(t)
	ctx := faces.NewContextWithActor(context.Background(), ada.ID)
	st, err := db.WritingStats(ctx, faces.LastMonths(faces.Now(), 12))
	if err != nil || st.Total.Texts == 0 {
		t.Fatalf("the demo's writing: %+v, %v", st, err)
	}
	base, bctx, shot := browse(t, db)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 900),
		signInAda(base, "/focus"),
		chromedp.WaitVisible(chromedp.CSS(`table.focus-table`)),
	); err != nil {
		t.Fatalf("the leaders' view: %v", err)
	}
	text, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`main`)))
	for _, want := range []string{"Month by month", "By kind of text", "By team of the author", "mention customers at all", faces.Now().Format("2006-01")} {
		if !strings.Contains(text, want) {
			t.Errorf("the page lacks %q:\n%s", want, text)
		}
	}
	shot("focus")
	if err := chromedp.Do(bctx,
		chromedp.SetValue(chromedp.CSS(`select[name=kind]`), faces.WritingVisitNotes),
		chromedp.Submit(chromedp.CSS(`select[name=kind]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.focus-table`)),
	); err != nil {
		t.Fatalf("filtering by kind: %v", err)
	}
	loc, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`location.search`))
	kinds, _ := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.focus-table')[1].querySelectorAll('tbody td:first-child')].map(td => td.textContent.trim())`))
	if !strings.Contains(loc, "kind=visit_notes") || len(kinds) != 1 || kinds[0] != "Visit notes" {
		t.Errorf("filtered to visit notes: %s, kinds %q", loc, kinds)
	}
	err = chromedp.Do(bctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/focus"), chromedp.WaitReady(chromedp.CSS(`main`)))
	checkFitsWidth(t, bctx, "/focus on a phone", err)
	shot("focus-phone")
}
