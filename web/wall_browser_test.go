package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// wallServer starts a server on the address ("127.0.0.1:0" for any) with
// screens that poll every second, so the test sees in seconds what takes
// a screen up to 25 seconds.
func wallServer(t *testing.T, db *sqlstore.DB, addr string) *Server {
	srv := NewServer(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.wall.refresh, srv.wall.poll = 500*time.Millisecond, time.Second
	if err := srv.Listen(addr); err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	return srv
}

// poll waits until the JavaScript expression is true.
func poll(js string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for {
			_, err := chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond))(ctx, tg)
			// Right after a navigation, on a loaded machine, the poll can
			// start in the page's old execution context: start it again.
			if err == nil || !strings.Contains(err.Error(), "Cannot find context") || ctx.Err() != nil {
				return chromedp.Void{}, err
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// An unattended screen in a real browser: paired by its code, it shows
// faces and rotates them; it keeps showing them while the server is down
// and across a reload; it drops a person whose consent is revoked once
// the server is back; it goes blank when its token is revoked.
func TestWallInABrowser(t *testing.T) {
	bin := chromium(t)
	ctx := faces.NewContextWithActor(context.Background(), 1)
	db, _ := demoDB(t)
	if err := db.SaveWallSettings(ctx, faces.WallSettings{PeriodMonths: 3, SetSize: 9}); err != nil {
		t.Fatal(err)
	}
	srv := wallServer(t, db, "127.0.0.1:0")
	addr := srv.Addr()
	base := "http://" + addr
	defer func() { srv.Shutdown(context.Background()) }()
	shots := screenshotDir(t)
	save := func(bctx context.Context, name string) {
		t.Helper()
		// after the cross-fade
		c, cancel := context.WithTimeout(bctx, 5*time.Second)
		chromedp.Do(c, poll(`[...document.querySelectorAll('.slide')].every(s => ['0', '1'].includes(getComputedStyle(s).opacity))`))
		cancel()
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
	}

	// The admin registers the screen.
	staff := newBrowser(t, bin)
	if err := chromedp.Do(staff,
		signInAda(base, "/screens"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/screens"]`)),
		chromedp.SendKeys(chromedp.CSS(`form[action="/screens"] input[name=name]`), "Lobby"),
		chromedp.SendKeys(chromedp.CSS(`form[action="/screens"] input[name=place]`), "Ground floor, Berlin"),
		chromedp.SetValue(chromedp.CSS(`form[action="/screens"] input[name=time_zone]`), "Europe/Berlin"),
		chromedp.SetValue(chromedp.CSS(`form[action="/screens"] input[name=faces_at_once]`), "3"),
		chromedp.SetValue(chromedp.CSS(`form[action="/screens"] input[name=seconds_per_card]`), "5"),
		chromedp.Submit(chromedp.CSS(`form[action="/screens"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/pair"]`)),
	); err != nil {
		t.Fatalf("adding the screen: %v", err)
	}
	lobby, err := db.FindScreenByName(ctx, "Lobby")
	if err != nil {
		t.Fatal(err)
	}

	// The screen's browser shows a code; the admin types it in.
	screen := newBrowser(t, bin)
	if err := chromedp.Do(screen,
		chromedp.EmulateViewport(1600, 900),
		chromedp.Navigate(base+"/screen"),
		chromedp.WaitVisible(chromedp.CSS(`#pairing`)),
		poll(`/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(document.getElementById('code').textContent)`),
	); err != nil {
		t.Fatalf("the screen's code: %v", err)
	}
	save(screen, "wall-pairing")
	code, err := chromedp.Run(screen, chromedp.Text(chromedp.CSS(`#code`)))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(staff,
		chromedp.SendKeys(chromedp.CSS(`input[name=code]`), code),
		chromedp.Submit(chromedp.CSS(`form[action$="/pair"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	); err != nil {
		t.Fatalf("pairing: %v", err)
	}
	shown := func() []string {
		t.Helper()
		names, err := chromedp.Run(screen, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('.slide.shown article h2')].map(h => h.textContent)`))
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	waitFor := func(what, js string, within time.Duration) {
		t.Helper()
		c, cancel := context.WithTimeout(screen, within)
		defer cancel()
		if err := chromedp.Do(c, poll(js)); err != nil {
			save(screen, "wall-failed")
			t.Fatalf("%s within %v: %v", what, within, err)
		}
	}
	waitFor("faces on the screen", `document.querySelectorAll('.slide.shown article').length === 3`, 20*time.Second)
	first := shown()
	waitFor("every face decoded or its initials shown", `[...document.querySelectorAll('.slide.shown img')].every(i => i.complete && i.naturalWidth > 0)`, 10*time.Second)
	save(screen, "wall-landscape")
	waitFor("the next faces", fmt.Sprintf(`[...document.querySelectorAll('.slide.shown article h2')].map(h => h.textContent).join() !== %q`,
		strings.Join(first, ",")), 15*time.Second)
	if got, _ := chromedp.Run(screen, chromedp.Text(chromedp.CSS(`#place`))); !strings.Contains(got, "Ground floor, Berlin") {
		t.Errorf("the screen's place: %q", got)
	}
	// The screen's clock goes two years wrong: it keeps showing the wall,
	// reading the time from the server's answers.
	if _, err := chromedp.Run(screen, chromedp.Evaluate[bool](`(() => {
		const real = Date.now; Date.now = () => real.call(Date) + 2 * 365 * 86400000; return true })()`)); err != nil {
		t.Fatal(err)
	}
	before := strings.Join(shown(), ",")
	waitFor("a turn with the wrong clock", fmt.Sprintf(`[...document.querySelectorAll('.slide.shown article h2')].map(h => h.textContent).join() !== %q`, before), 15*time.Second)
	if n := len(shown()); n != 3 {
		t.Errorf("with the screen's clock two years ahead it shows %d faces", n)
	}

	// The server goes away: the screen keeps showing faces, and says so
	// quietly; a reload while it is away still shows the wall.
	srv.Shutdown(context.Background())
	waitFor("the screen noticing", `document.getElementById('status').textContent.includes('Offline')`, 15*time.Second)
	if names := shown(); len(names) != 3 {
		t.Fatalf("with the server down the screen shows %v", names)
	}
	if err := chromedp.Do(screen, chromedp.Reload()); err != nil {
		t.Fatalf("reload while offline: %v", err)
	}
	waitFor("faces after a reload while offline", `document.querySelectorAll('.slide.shown article').length === 3`, 20*time.Second)
	save(screen, "wall-offline")

	// Back again; someone on the wall revokes their consent: within the
	// limit they are gone from the screen and its stored manifest.
	srv = wallServer(t, db, addr)
	waitFor("the screen back online", `document.getElementById('status').textContent === ''`, 20*time.Second)
	visible := shown()
	found, err := db.Search(ctx, visible[0], 5)
	if err != nil || len(found.People) == 0 {
		t.Fatalf("finding %q: %v", visible[0], err)
	}
	gone := found.People[0]
	consents, _ := db.Consents(ctx, gone.ID)
	for _, c := range consents {
		if c.RevokedAt.IsZero() {
			if err := db.RevokeConsent(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	revoked := time.Now()
	waitFor("the revoked person off the screen", fmt.Sprintf(`(() => {
		const m = JSON.parse(localStorage.getItem('faces.screen.manifest'));
		const names = [...document.querySelectorAll('.slide.shown article h2')].map(h => h.textContent);
		return !m.cards.some(c => c.name === %[1]q) && !names.includes(%[1]q);
	})()`, gone.Name), 60*time.Second)
	t.Logf("%s left the screen %.1f s after revoking consent", gone.Name, time.Since(revoked).Seconds())
	if slices.Contains(shown(), gone.Name) {
		t.Errorf("%s still shown", gone.Name)
	}

	// Portrait, one face at a time.
	lobby.Orientation, lobby.FacesAtOnce = "portrait", 1
	if err := db.UpdateScreen(ctx, lobby); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(screen, chromedp.EmulateViewport(900, 1600)); err != nil {
		t.Fatal(err)
	}
	waitFor("the portrait layout", `document.body.classList.contains('portrait') && document.querySelectorAll('.slide.shown article').length === 1`, 20*time.Second)
	waitFor("its photo decoded", `[...document.querySelectorAll('.slide.shown img')].every(i => i.complete && i.naturalWidth > 0)`, 10*time.Second)
	save(screen, "wall-portrait")
	if slices.Contains(shown(), gone.Name) {
		t.Errorf("%s, whose consent was revoked, is back on the screen", gone.Name)
	}

	// A room named after a key customer.
	keys, _, err := db.FindCompanies(ctx, faces.CompanyFilter{KeyCustomer: true, Limit: 1})
	if err != nil || len(keys) == 0 {
		t.Fatalf("a key customer: %v", err)
	}
	lobby.Orientation, lobby.FacesAtOnce, lobby.CompanyID = "landscape", 4, keys[0].ID
	if err := db.UpdateScreen(ctx, lobby); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(screen, chromedp.EmulateViewport(1600, 900)); err != nil {
		t.Fatal(err)
	}
	waitFor("the room", fmt.Sprintf(`document.getElementById('room-name').textContent === %q && document.querySelectorAll('.slide.shown article').length > 0`, keys[0].Name), 20*time.Second)
	waitFor("its photos decoded", `[...document.querySelectorAll('.slide.shown img')].every(i => i.complete && i.naturalWidth > 0)`, 10*time.Second)
	save(screen, "wall-room")
	roles, _ := chromedp.Run(screen, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.slide.shown .role')].map(p => p.textContent)`))
	for _, role := range roles {
		if !strings.HasSuffix(role, keys[0].Name) {
			t.Errorf("the room of %s shows someone who is not there: %q", keys[0].Name, role)
		}
	}

	// The admin revokes the screen: it forgets the wall and asks to be
	// paired again.
	if err := db.RevokeScreen(ctx, lobby.ID); err != nil {
		t.Fatal(err)
	}
	waitFor("the pairing code again", `!document.getElementById('pairing').hidden && document.querySelectorAll('.slide article').length === 0 && !localStorage.getItem('faces.screen.manifest')`, 20*time.Second)

	// A screen provisioned from the command line opens /screen/#token=…:
	// it shows its wall, and the token leaves the address.
	hall := &faces.Screen{Name: "Hall", FacesAtOnce: 2, SecondsPerCard: 5}
	if err := db.CreateScreen(ctx, hall); err != nil {
		t.Fatal(err)
	}
	token, err := db.IssueScreenToken(ctx, hall.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(screen, chromedp.Navigate("about:blank"), chromedp.Navigate(base+"/screen/#token="+token)); err != nil {
		t.Fatal(err)
	}
	waitFor("the provisioned screen's wall", `document.querySelectorAll('.slide.shown article').length === 2 && location.hash === ''`, 20*time.Second)

	// The staff pages of the wall, for the README.
	for name, path := range map[string]string{"wall-page": "/wall", "wall-screens": "/screens", "wall-print": "/wall/print?paper=a4"} {
		if err := chromedp.Do(staff, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
			t.Fatal(err)
		}
		save(staff, name)
		if name == "wall-page" {
			now, _ := chromedp.Run(staff, chromedp.Text(chromedp.CSS(`main section`)))
			if strings.Contains(now, gone.Name) {
				t.Errorf("the wall page lists %s, whose consent was revoked, among this period's faces", gone.Name)
			}
		}
	}
	// On paper: a card per half page, on the paper chosen.
	cards := len(bodyCards(t, staff, base+"/wall/print?paper=a4"))
	for _, sheet := range []struct {
		paper string
		width float64 // points
	}{{"a4", 595.3}, {"letter", 612}} {
		paper, width := sheet.paper, sheet.width
		var pdf []byte
		err := chromedp.Do(staff, chromedp.Navigate(base+"/wall/print?paper="+paper), chromedp.WaitReady(chromedp.CSS(`main`)))
		if err == nil {
			pdf, err = chromedp.Run(staff, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
		}
		if err != nil {
			t.Fatalf("printing on %s: %v", paper, err)
		}
		pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
		box := regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)`).FindSubmatch(pdf)
		var got float64
		if box != nil {
			got, _ = strconv.ParseFloat(string(box[1]), 64)
		}
		if pages != (cards+1)/2 || got < width-2 || got > width+2 {
			t.Errorf("%d cards on %s: %d pages, media box %q", cards, paper, pages, box)
		}
		os.WriteFile(filepath.Join(shots, "wall-print-"+paper+".pdf"), pdf, 0o644)
	}
	srv.Shutdown(context.Background())
}

// bodyCards opens the printable wall and returns its cards' names.
func bodyCards(t *testing.T, bctx context.Context, url string) []string {
	t.Helper()
	if err := chromedp.Do(bctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	names, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.print-card h2')].map(h => h.textContent)`))
	if err != nil || len(names) == 0 {
		t.Fatalf("the printable wall: %v %v", names, err)
	}
	return names
}
