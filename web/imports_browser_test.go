package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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
		chromedp.Navigate(base+"/signin?next=/imports/new"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "ada@faces.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "correct horse battery"),
		chromedp.Submit(chromedp.CSS(`form[action="/signin"]`)),
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
