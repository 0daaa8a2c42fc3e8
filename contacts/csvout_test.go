package contacts

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

// A CSV export guards cells a spreadsheet would run as formulas, and
// Faces reads it back the same.
func TestCSVExportRoundTrip(t *testing.T) {
	p := &faces.Person{ID: 7, Name: "Jill Okafor", Pronouns: "she/her", Emails: []string{"jill@acme.example", "j@home.example"},
		Phones: []string{"+44 7700 900461", "-5"}, Addresses: []string{"12 Dock Road, Leeds", "1 Main St; Suite 2, Austin"},
		Links: []string{"https://acme.example/jill"}, Tags: []string{"champion", "@risk"},
		Notes:     "=HYPERLINK(\"https://evil.example\",\"Click\")\nand a second line, with \"quotes\"",
		Current:   &faces.Position{CompanyName: "Acme, Inc.", Division: "Night", Title: "Operations Manager", From: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)},
		UpdatedAt: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	var buf bytes.Buffer
	w, err := NewCSVWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&faces.PersonRecord{Person: p}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"'=HYPERLINK(""https://evil.example"",""Click"")`, "'+44 7700 900461; -5", "champion; @risk", ",7,2026-11-30T12:00:00Z"} {
		if !strings.Contains(out, want) {
			t.Errorf("the export lacks %q:\n%s", want, out)
		}
	}
	file, err := ReadCSV(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if ig := file.Ignored(); !slices.Equal(ig, []string{"Since", "Faces ID", "Updated"}) {
		t.Errorf("not read: %q", ig)
	}
	var got []*faces.Contact
	for c, err := range file.Contacts() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c)
	}
	if len(got) != 1 {
		t.Fatalf("read %d", len(got))
	}
	c := got[0]
	if c.Name != p.Name || c.Pronouns != p.Pronouns || !slices.Equal(c.Emails, p.Emails) || !slices.Equal(c.Phones, p.Phones) ||
		!slices.Equal(c.Links, p.Links) || !slices.Equal(c.Tags, p.Tags) || c.Notes != p.Notes ||
		c.Company != "Acme, Inc." || c.Division != "Night" || c.Title != "Operations Manager" ||
		!slices.Equal(c.Addresses, []string{"12 Dock Road, Leeds", "1 Main St, Suite 2, Austin"}) {
		t.Errorf("read back %+v", *c)
	}
}
