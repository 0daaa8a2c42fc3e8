package web

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/faces-org/faces"
)

// A story that praises our product comes back on its form with the
// sentences that make it so; saved as it is, it is flagged on the
// person's page and listed on the story check's page.
func TestStoryCheckOnTheForm(t *testing.T) {
	f := newFixture(t)
	if resp := f.do(faces.RoleAdmin, "POST", "/story-check", url.Values{"our_names": {"LabelFlow\n\nFaces Labs"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the settings: %d", resp.StatusCode)
	}
	story := url.Values{"card": {"Jill runs the night shift. She loves LabelFlow."}, "source": {"visit"}}
	resp := f.do(faces.RoleEditor, "POST", "/people/1/story", story)
	page := bodyOf(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "<li>She loves LabelFlow.</li>") || !strings.Contains(page, "She loves LabelFlow.</textarea>") {
		t.Fatalf("the flagged story: %d\n%s", resp.StatusCode, page)
	}
	if st, _ := f.db.FindStory(t0(), 1); st.Card != "" {
		t.Fatal("a flagged story was saved without being confirmed")
	}
	story.Set("as_it_is", "on")
	if resp := f.do(faces.RoleEditor, "POST", "/people/1/story", story); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving it as it is: %d", resp.StatusCode)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1", nil)); !strings.Contains(page, "reads as a story about us") {
		t.Errorf("the person's page does not flag the story")
	}
	if page := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/story-check", nil)); !strings.Contains(page, "Jill Okafor") || !strings.Contains(page, "LabelFlow\nFaces Labs</textarea>") {
		t.Errorf("the story check's page:\n%s", page)
	}
	// A story about her is saved at once.
	if resp := f.do(faces.RoleEditor, "POST", "/people/1/story", url.Values{"card": {"Jill cut changeover from 40 to 12 minutes."}, "source": {"visit"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a story about her: %d", resp.StatusCode)
	}
}

// The story check in a browser: a card that praises our product is sent
// back with the sentence that does.
func TestStoryCheckInABrowser(t *testing.T) {
	db, _ := demoDB(t)
	if err := db.SaveStoryCheck(t0(), faces.StoryCheck{OurNames: []string{"LabelFlow"}}); err != nil {
		t.Fatal(err)
	}
	base, bctx, shot := browse(t, db)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1000, 900),
		signInAda(base, "/people/1/story"),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=card]`)),
		chromedp.Clear(chromedp.CSS(`textarea[name=card]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=card]`), "LabelFlow is the best labelling tool on the market. Our team loves working with her."),
		chromedp.Submit(chromedp.CSS(`form[action="/people/1/story"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.story-check`)),
	); err != nil {
		t.Fatalf("the story form: %v", err)
	}
	flag, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`.story-check`)))
	if !strings.Contains(flag, "LabelFlow is the best labelling tool on the market.") {
		t.Errorf("the flag: %q", flag)
	}
	shot("story-check-form")

	// The story check's own page: the names, our words for customers,
	// and the stories it flags.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(base+"/story-check"),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=customer_words]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=customer_words]`), "members\nauction houses"),
		chromedp.Submit(chromedp.CSS(`form[action="/story-check"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	); err != nil {
		t.Fatalf("the story check's page: %v", err)
	}
	if c, err := db.StoryCheck(t0()); err != nil || strings.Join(c.CustomerWords, "|") != "members|auction houses" {
		t.Errorf("the words saved: %q, %v", c.CustomerWords, err)
	}
	shot("story-check")

	// Her page's texts through the lens, one opened.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(base+"/people/1"),
		chromedp.WaitVisible(chromedp.CSS(`section.lens-reads`)),
		chromedp.Click(chromedp.CSS(`section.lens-reads details:last-of-type summary`)),
		chromedp.ScrollIntoView(chromedp.CSS(`section.lens-reads`)),
	); err != nil {
		t.Fatalf("the lens on her page: %v", err)
	}
	if png, err := chromedp.Run(bctx, chromedp.Screenshot(chromedp.CSS(`section.lens-reads`))); err == nil {
		os.WriteFile(filepath.Join(screenshotDir(t), "lens-person.png"), png, 0o644)
	}
}

// What we call our customers is a setting the pages read every text
// with: a company's story that speaks of its members marks them once
// "members" is named, and the leaders' view reads event notes on auction
// houses again in the background; too many words come back with what was
// typed.
func TestCustomerWordsOnPages(t *testing.T) {
	f := newFixture(t)
	c := &faces.Company{Name: "Harbor Credit Union", Story: "Harbor Credit Union started in 1931. Its members still vote on every branch it opens."}
	if err := f.db.CreateCompany(t0(), c); err != nil {
		t.Fatal(err)
	}
	ev := &faces.Event{Name: "Spring sale", On: faces.Today(), Notes: "Auction houses asked for a second sale a year."}
	if err := f.db.CreateEvent(t0(), ev); err != nil {
		t.Fatal(err)
	}
	notes := func() faces.WritingRow {
		t.Helper()
		st, err := f.db.WritingStats(t0(), faces.WritingFilter{From: faces.Now().Format("2006-01"), To: faces.Now().Format("2006-01"), Kind: faces.WritingEventNotes})
		if err != nil {
			t.Fatal(err)
		}
		return st.Total
	}
	if got := notes(); got.Texts != 1 || got.Mentioning != 0 {
		t.Fatalf("the leaders' view before the words: %+v", got)
	}
	path := fmt.Sprintf("/companies/%d", c.ID)
	const marked = `<mark class="lv-market" title="market">members</mark>`
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", path, nil)); !strings.Contains(page, "Through the lens") || strings.Contains(page, marked) {
		t.Fatalf("before the words, members are marked, or the story is not read")
	}
	var many string
	for i := range 51 {
		many += fmt.Sprintf("members of plan %d\n", i)
	}
	resp := f.do(faces.RoleAdmin, "POST", "/story-check", url.Values{"our_names": {"LabelFlow"}, "customer_words": {many}})
	if page := bodyOf(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "At most 50 words.") || !strings.Contains(page, "members of plan 50\n</textarea>") {
		t.Errorf("too many words: %d\n%s", resp.StatusCode, page)
	}
	if resp := f.do(faces.RoleAdmin, "POST", "/story-check", url.Values{"our_names": {"LabelFlow"}, "customer_words": {"members\r\nauction houses"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the settings: %d", resp.StatusCode)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", path, nil)); !strings.Contains(page, marked) {
		t.Errorf("members are not marked on the company's page")
	}
	f.server.background.Wait() // the reading again the save started
	if got := notes(); got.Texts != 1 || got.At[0] != 1 {
		t.Errorf("the leaders' view after the words: %+v", got)
	}
	if page := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/story-check", nil)); !strings.Contains(page, "members\nauction houses</textarea>") {
		t.Errorf("the words on the settings page:\n%s", page)
	}
	if resp := f.do(faces.RoleEditor, "POST", "/story-check", url.Values{"customer_words": {"guests"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an editor set the words: %d", resp.StatusCode)
	}
}

// While the leaders' view is being read again with new words, its page
// and the settings' page say so; once read, they do not.
func TestFocusSaysWhenBeingReadAgain(t *testing.T) {
	f := newFixture(t)
	const note = "every text is being read again with them"
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/focus", nil)); strings.Contains(page, note) {
		t.Fatal("being read again before any words")
	}
	if err := f.db.SaveStoryCheck(t0(), faces.StoryCheck{CustomerWords: []string{"members"}}); err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/focus", nil)); !strings.Contains(page, note) {
		t.Error("the leaders' view does not say it is being read again")
	}
	if page := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/story-check", nil)); !strings.Contains(page, "They are being read again now.") {
		t.Error("the settings' page does not say the leaders' view is being read again")
	}
	for left := true; left; {
		var err error
		if left, err = f.db.ReadAgain(t0(), 500); err != nil {
			t.Fatal(err)
		}
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/focus", nil)); strings.Contains(page, note) {
		t.Error("still being read again once read")
	}
}
