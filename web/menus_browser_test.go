package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The top bar's menus in a real browser: the pages used less often open
// under "More" and "Admin", one menu at a time, close on Escape and on a
// click elsewhere, and fit a phone's width.
func TestTopMenusInABrowser(t *testing.T) {
	db, _ := demoDB(t)
	base, bctx, shot := browse(t, db)
	openMenus := func() int {
		n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('details.menu[open]').length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 700),
		signInAda(base, "/people"),
		chromedp.WaitVisible(chromedp.CSS(`header.top nav`)),
	); err != nil {
		t.Fatalf("signing in: %v", err)
	}
	if visible, _ := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.querySelector('nav a[href="/focus"]').checkVisibility()`)); visible {
		t.Error("Focus shows before its menu is opened")
	}
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`details.menu > summary`)), // More
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/focus"]`)),
	); err != nil {
		t.Fatalf("opening More: %v", err)
	}
	shot("menu-more")
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`details.menu:nth-of-type(2) > summary`))); err != nil {
		t.Fatalf("opening Admin: %v", err)
	}
	if n := openMenus(); n != 1 {
		t.Errorf("%d menus open after opening Admin with More open, want 1", n)
	}
	if err := chromedp.Do(bctx, chromedp.KeyEvent("\x1b")); err != nil {
		t.Fatal(err)
	}
	if n := openMenus(); n != 0 {
		t.Errorf("%d menus open after Escape", n)
	}
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`details.menu > summary`)),
		chromedp.Click(chromedp.CSS(`main h1`)),
	); err != nil {
		t.Fatal(err)
	}
	if n := openMenus(); n != 0 {
		t.Errorf("%d menus open after a click elsewhere", n)
	}
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`details.menu > summary`)),
		chromedp.Click(chromedp.CSS(`nav a[href="/focus"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.focus-table`)),
	); err != nil {
		t.Fatalf("going to Focus through the menu: %v", err)
	}
	err := chromedp.Do(bctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/people"),
		chromedp.WaitVisible(chromedp.CSS(`header.top nav`)),
		chromedp.Click(chromedp.CSS(`details.menu:nth-of-type(2) > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/screens"]`)),
	)
	checkFitsWidth(t, bctx, "the Admin menu open on a phone", err)
	shot("menu-admin-phone")
	text, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`header.top`)))
	for _, want := range []string{"People", "Companies", "Visits", "Events", "Openers", "Wall", "More", "Admin"} {
		if !strings.Contains(text, want) {
			t.Errorf("the top bar lacks %q: %s", want, text)
		}
	}
}
