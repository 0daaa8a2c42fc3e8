package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/faces-org/faces"
)

// The people list filtered by buying role, consent and photo, as cards or
// as a table with its tags as links — and the same filters in the API.
func TestPeopleListFilters(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 2)
	bo := &faces.Person{Name: "Bo Champion", Emails: []string{"bo@acme.example"}, Tags: []string{"night shift"}}
	if err := f.db.CreatePerson(ctx, bo); err != nil {
		t.Fatal(err)
	}
	if err := f.db.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: bo.ID, CompanyID: 1, Role: "champion"}); err != nil {
		t.Fatal(err)
	}
	page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people?role=champion&view=table", nil))
	if !strings.Contains(page, "Bo Champion") || strings.Contains(page, "Jill Okafor") || !strings.Contains(page, `<table class="people-table">`) ||
		!strings.Contains(page, `href="/people?tag=night%20shift"`) || !strings.Contains(page, "mailto:bo@acme.example") {
		t.Errorf("champions as a table:\n%s", page)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people?photo=yes", nil)); !strings.Contains(page, "No one matches.") {
		t.Errorf("no one with a photo:\n%s", page)
	}
	if resp := f.do(faces.RoleViewer, "GET", "/people?consent=perhaps", nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an unknown filter value: %d", resp.StatusCode)
	}
	resp, body := f.api(faces.RoleViewer, "GET", "/api/v1/people?consent=no&role=champion", "")
	if items, _ := body["items"].([]any); resp.StatusCode != http.StatusOK || len(items) != 1 {
		t.Errorf("the API's champions without consent: %d %v", resp.StatusCode, body)
	}
}

// The people list as a table, filtered, in a browser.
func TestPeopleTableInABrowser(t *testing.T) {
	db, _ := demoDB(t)
	base, bctx, shot := browse(t, db)
	if err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 800),
		signInAda(base, url.QueryEscape("/people?view=table&consent=yes")),
		chromedp.WaitVisible(chromedp.CSS(`table.people-table`)),
	); err != nil {
		t.Fatalf("the table: %v", err)
	}
	rows, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('table.people-table tbody tr').length`))
	selected, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('select[name=consent]').value`))
	if rows == 0 || selected != "yes" {
		t.Errorf("%d rows; the consent filter shows %q", rows, selected)
	}
	shot("people-table")

	// By company, as a table: the company column runs in order, people at
	// no company last.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(base+"/people?view=table&sort=company"),
		chromedp.WaitVisible(chromedp.CSS(`table.people-table`)),
	); err != nil {
		t.Fatalf("the table by company: %v", err)
	}
	companies, _ := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.people-table tbody tr td:nth-child(3)')].map(td => td.textContent.trim())`))
	placed := 0
	for placed < len(companies) && companies[placed] != "" {
		placed++
	}
	if placed == 0 || !slices.IsSorted(companies[:placed]) || slices.ContainsFunc(companies[placed:], func(c string) bool { return c != "" }) {
		t.Errorf("the companies down the table: %q", companies)
	}
	shot("people-by-company")
}

// The people list by company: grouped by their company's name, the
// next page continuing where the first ended, people at no company last.
func TestPeopleByCompanyPage(t *testing.T) {
	f := newFixture(t)
	ctx := faces.NewContextWithActor(t0(), 2)
	zeta := &faces.Company{Name: "Zeta Foods"}
	if err := f.db.CreateCompany(ctx, zeta); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < pageSize+2; i++ {
		p := &faces.Person{Name: fmt.Sprintf("Ann %02d", i)}
		if err := f.db.CreatePersonAt(ctx, p, faces.Move{CompanyID: zeta.ID, Title: "Baker", On: faces.Today()}); err != nil {
			t.Fatal(err)
		}
	}
	first := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people?sort=company", nil))
	if !strings.Contains(first, `<option value="company" selected>by company</option>`) || !strings.Contains(first, "Ann 00") || strings.Contains(first, "Jill Okafor") {
		t.Fatalf("the first page by company:\n%s", first)
	}
	next := regexp.MustCompile(`href="\?([^"]*after=[^"]+)"`).FindStringSubmatch(first)
	if next == nil {
		t.Fatalf("no next page:\n%s", first)
	}
	second := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people?"+strings.ReplaceAll(next[1], "&amp;", "&"), nil))
	// Zeta's last two, then Jill, who is at no company.
	if !strings.Contains(second, "Ann 49") || strings.Contains(second, "Ann 47") || !strings.Contains(second, "Jill Okafor") ||
		strings.Index(second, "Ann 49") > strings.Index(second, "Jill Okafor") {
		t.Errorf("the second page by company:\n%s", second)
	}
}
