package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/faces-org/faces"
	"github.com/faces-org/faces/demo"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

// chromium finds the browser, or skips (fails in CI, which installs it).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium: CI must install Debian's chromium")
	}
	t.Skip("no Chromium on this machine")
	return ""
}

// screenshotDir is where the browser test leaves its screenshots:
// FACES_SCREENSHOTS if set, else a temporary folder.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("FACES_SCREENSHOTS"); d != "" {
		os.MkdirAll(d, 0o755)
		return d
	}
	return t.TempDir()
}

// newBrowser starts headless Chromium for the test, closed when it ends.
// A browser that dies before it listens (it happens, rarely, when the
// machine is busy with other test packages: Chromium crashes at start-up)
// is started again, twice at most: what the tests look at is the pages,
// not the browser's start.
func newBrowser(t *testing.T, bin string) context.Context {
	t.Helper()
	for attempt := 1; ; attempt++ {
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true),
			chromedp.WindowSize(1280, 900), chromedp.UserDataDir(t.TempDir()))...)
		bctx, cancel := chromedp.NewContext(alloc)
		bctx, cancelTimeout := context.WithTimeout(bctx, 120*time.Second)
		closeAll := func() { cancelTimeout(); cancel(); cancelAlloc() }
		err := chromedp.Do(bctx) // starts the browser
		if err == nil {
			t.Cleanup(closeAll)
			return bctx
		}
		closeAll()
		if attempt == 3 || !strings.Contains(err.Error(), "failed to start") {
			t.Fatalf("starting Chromium (attempt %d): %v", attempt, err)
		}
		t.Logf("Chromium failed to start (attempt %d), starting it again: %v", attempt, err)
	}
}

// browse serves the database on a free port and opens a browser for the
// test: it returns the server's address, the browser, and a function that
// saves a screenshot of the page under a name (in FACES_SCREENSHOTS, to
// look at).
func browse(t *testing.T, db *sqlstore.DB) (base string, bctx context.Context, shot func(name string)) {
	t.Helper()
	bin := chromium(t)
	srv := NewServer(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	bctx = newBrowser(t, bin)
	shots := screenshotDir(t)
	shot = func(name string) {
		if png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		}
	}
	return "http://" + srv.Addr(), bctx, shot
}

// signInAda signs the demo's administrator in from the sign-in page, on
// the way to next.
func signInAda(base, next string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/signin?next="+next),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "ada@faces.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "correct horse battery"),
		chromedp.Submit(chromedp.CSS(`form[action="/signin"]`)),
	)
}

// checkFitsWidth reports an error when the page the browser shows is wider
// than its window (on a phone, it would scroll sideways), or when err, the
// error of the steps that brought the page, is not nil.
func checkFitsWidth(t *testing.T, bctx context.Context, what string, err error) {
	t.Helper()
	var widths []int
	if err == nil {
		widths, err = chromedp.Run(bctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	}
	if err != nil || widths[0] > widths[1] {
		t.Errorf("%s is %v pixels wide for a window of the second (%v)", what, widths, err)
	}
}

// demoDB is an SQLite database with the demo organization and an
// administrator, Ada (ada@faces.example, "correct horse battery").
func demoDB(t *testing.T) (*sqlstore.DB, *faces.User) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := demo.FillAtomically(ctx, db); err != nil {
		t.Fatal(err)
	}
	admin := &faces.User{Name: "Ada", Email: "ada@faces.example", Role: faces.RoleAdmin, PasswordHash: cheapHash}
	if err := db.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	return db, admin
}

// A person's first day in Faces, in a real browser: sign in, add a person,
// give them a photo, move them to another company, find them by search.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	admin := &faces.User{Name: "Ada", Email: "ada@faces.example", Role: faces.RoleAdmin, PasswordHash: cheapHash}
	acme, globex := &faces.Company{Name: "Acme Anvils"}, &faces.Company{Name: "Globex"}
	if db.CreateUser(ctx, admin) != nil || db.CreateCompany(ctx, acme) != nil || db.CreateCompany(ctx, globex) != nil {
		t.Fatal("fixtures")
	}
	srv := NewServer(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	defer srv.Shutdown(ctx)
	base := "http://" + srv.Addr()

	portrait := filepath.Join(t.TempDir(), "jill.png")
	if err := os.WriteFile(portrait, testPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}

	bctx := newBrowser(t, bin)

	shots := screenshotDir(t)
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			png, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return chromedp.Void{}, err
			}
			return chromedp.Void{}, os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		}
	}
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	step("sign in",
		chromedp.Navigate(base+"/people"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		shot("1-signin"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "ada@faces.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "correct horse battery"),
		chromedp.Submit(chromedp.CSS(`form[action="/signin"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href="/people/new"]`)),
	)
	step("add a person",
		chromedp.Navigate(base+"/people/new"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "Jill Okafor"),
		chromedp.SendKeys(chromedp.CSS(`input[name=pronouns]`), "she/her"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=emails]`), "jill@acme.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=tags]`), "champion, night shift"),
		chromedp.Submit(chromedp.CSS(`form[action="/people"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=photo]`)),
	)
	if h := text("h1"); !strings.Contains(h, "Jill Okafor") {
		t.Fatalf("person page heading %q", h)
	}
	step("upload a photo",
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=photo]`), []string{portrait}),
		chromedp.Submit(chromedp.CSS(`form.photo-form`)),
		chromedp.WaitVisible(chromedp.CSS(`img.face.big`)),
		shot("2-person-with-photo"),
	)
	step("record the first position",
		chromedp.Click(chromedp.CSS(`a[href$="/move"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=company]`)),
		// Typing fills the picker's list from search (the script)…
		chromedp.SendKeys(chromedp.CSS(`input[name=company]`), "acme"),
		chromedp.WaitReady(chromedp.CSS(`#company-choices option[value$="#`+fmt.Sprint(acme.ID)+`"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name=company]`), "Acme Anvils · #"+fmt.Sprint(acme.ID)),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "Shift supervisor"),
		chromedp.SetValue(chromedp.CSS(`input[name=on]`), "2021-09-01"),
		chromedp.Submit(chromedp.CSS(`form[action$="/move"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.timeline li.current`)),
	)
	step("move to Globex",
		chromedp.Click(chromedp.CSS(`a[href$="/move"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=company]`)),
		// …and without choosing, the server searches what was typed.
		chromedp.SendKeys(chromedp.CSS(`input[name=company]`), "Globex"),
		shot("3-move-form"),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "Head of operations"),
		chromedp.SetValue(chromedp.CSS(`input[name=on]`), "2025-09-15"),
		chromedp.Submit(chromedp.CSS(`form[action$="/move"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		shot("4-after-move"),
	)
	if cur := text(".timeline li.current"); !strings.Contains(cur, "Globex") || !strings.Contains(cur, "15 Sep 2025 – now") {
		t.Errorf("current position %q", cur)
	}
	if history := text(".timeline"); !strings.Contains(history, "1 Sep 2021 – 15 Sep 2025") || !strings.Contains(history, "Acme Anvils") {
		t.Errorf("history %q", history)
	}
	step("search",
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "okafor"),
		chromedp.Submit(chromedp.CSS(`form.search`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.faces`)),
		shot("5-search"),
	)
	if found := text("ul.faces"); !strings.Contains(found, "Jill Okafor") || !strings.Contains(found, "Head of operations, Globex") {
		t.Errorf("search results %q", found)
	}
	step("delete, with a confirmation, to the trash",
		chromedp.Click(chromedp.CSS(`ul.faces a`)),
		chromedp.WaitVisible(chromedp.CSS(`.danger a[href$="/delete"]`)),
		chromedp.Click(chromedp.CSS(`.danger a[href$="/delete"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button.danger`)),
		shot("6-delete-confirm"),
		chromedp.Click(chromedp.CSS(`button.danger`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/restore"]`)),
		shot("7-trash"),
	)
	if row := text("table.list tbody"); !strings.Contains(row, "Jill Okafor") || !strings.Contains(row, "Ada") {
		t.Errorf("trash row %q", row)
	}
	step("restore",
		chromedp.Click(chromedp.CSS(`form[action$="/restore"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.timeline li.current`)),
	)
	if flash, cur := text(".flash"), text(".timeline li.current"); !strings.Contains(flash, "Restored") || !strings.Contains(cur, "Globex") {
		t.Errorf("after restoring: %q, %q", flash, cur)
	}
	step("correct a position",
		chromedp.Click(chromedp.CSS(`.timeline li.current a[href$="/edit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=from]`)),
		chromedp.SetValue(chromedp.CSS(`input[name=to]`), "2025-01-01"), // before its start: refused
		chromedp.Submit(chromedp.CSS(`form[action*="/positions/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-error`)),
		shot("8-correct-position"),
		chromedp.SetValue(chromedp.CSS(`input[name=to]`), ""),
		chromedp.SetValue(chromedp.CSS(`input[name=division]`), "Plant operations"),
		chromedp.Submit(chromedp.CSS(`form[action*="/positions/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if cur := text(".timeline li.current"); !strings.Contains(cur, "Head of operations, Plant operations") {
		t.Errorf("corrected position %q", cur)
	}
	step("plan a move",
		chromedp.Click(chromedp.CSS(`a[href$="/move"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=company]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=company]`), "Acme Anvils"),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "Plant director"),
		chromedp.SetValue(chromedp.CSS(`input[name=on]`), "2099-04-01"),
		chromedp.Submit(chromedp.CSS(`form[action$="/move"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.planned`)),
		shot("9-planned-move"),
	)
	if planned, cur := text(".planned"), text(".timeline li.current"); !strings.Contains(planned, "Acme Anvils") || !strings.Contains(cur, "Globex") {
		t.Errorf("planned %q, current %q", planned, cur)
	}
	t.Logf("screenshots in %s", shots)
}

// Every kind of page fits a phone: at 390 pixels wide, none scrolls
// sideways (the document is no wider than the viewport).
func TestPagesFitAPhone(t *testing.T) {
	bin := chromium(t)
	ctx := context.Background()
	db, admin := demoDB(t)
	srv := NewServer(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	defer srv.Shutdown(ctx)
	base := "http://" + srv.Addr()
	people, _, _ := db.FindPeople(ctx, faces.PersonFilter{Limit: 1})
	p := people[0]
	history, _ := db.Positions(ctx, p.ID)
	db.DeletePerson(ctx, people[0].ID) // something in the trash…
	items, _ := db.Trash(ctx, 1)
	db.RestoreFromTrash(ctx, items[0].ID) // …and back
	other, _, _ := db.FindPeople(ctx, faces.PersonFilter{Limit: 1, Offset: 3})
	db.DeletePerson(ctx, other[0].ID)
	paths := []string{"/people", "/people?sort=changed", "/people?view=table&consent=no", "/events", "/companies", "/changes", "/search?q=night", "/audit", "/accounts",
		"/tokens", "/trash", "/me", "/people/new", "/companies/new", "/nothing-here",
		fmt.Sprintf("/people/%d", p.ID), fmt.Sprintf("/people/%d/edit", p.ID), fmt.Sprintf("/people/%d/move", p.ID),
		fmt.Sprintf("/people/%d/story", p.ID), fmt.Sprintf("/people/%d/delete", p.ID), fmt.Sprintf("/people/%d/erase", p.ID),
		fmt.Sprintf("/people/%d/positions/%d/edit", p.ID, history[0].ID),
		fmt.Sprintf("/companies/%d", p.Current.CompanyID), fmt.Sprintf("/companies/%d/edit", p.Current.CompanyID),
		fmt.Sprintf("/accounts/%d/edit", admin.ID)}

	bctx := newBrowser(t, bin)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/signin"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "ada@faces.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "correct horse battery"),
		chromedp.Submit(chromedp.CSS(`form[action="/signin"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.faces`)),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	shots := screenshotDir(t)
	for i, path := range paths {
		if err := chromedp.Do(bctx, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		checkFitsWidth(t, bctx, path, nil)
		if i < 3 {
			if png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(filepath.Join(shots, fmt.Sprintf("phone-%d.png", i+1)), png, 0o644)
			}
		}
	}
	// The demo organization on a desktop screen, for the README.
	for name, path := range map[string]string{"demo-people": "/people", "demo-changes": "/changes", "demo-person": fmt.Sprintf("/people/%d", p.ID), "demo-audit": "/audit"} {
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		}
	}
}
