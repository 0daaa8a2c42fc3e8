package htmlreport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faces-org/faces/lens"
)

func TestHighlight(t *testing.T) {
	text := []byte("Ask   Jill <b>now</b>.\n\n\n\nThe CFO")
	ms := []lens.Mention{
		{Start: 6, End: 10, Level: lens.Person, Text: "Jill"},
		{Start: 8, End: 12, Level: lens.Market}, // overlaps: skipped
		{Start: 30, End: 33, Level: lens.Role, Text: "CFO"},
		{Start: 40, End: 44, Level: lens.Role}, // past the text: skipped
	}
	got := string(highlight(text, ms))
	want := `Ask <mark class="lv-person" title="person">Jill</mark> &lt;b&gt;now&lt;/b&gt;.` + "\n\n" + `The <mark class="lv-role" title="role">CFO</mark>`
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestReport(t *testing.T) {
	w, err := NewWriter()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Discard()
	var c lens.Corpus
	for name, text := range map[string]string{"a.txt": "Customers first. Jill agrees.", "b.txt": "We ship."} {
		doc := lens.AnalyzeString(text)
		doc.Path = name
		c.Add(doc)
		if err := w.Add(doc, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "r.html")
	if err := w.Finish(out, &c, "", nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	page := string(b)
	for _, want := range []string{"<!doctype html>", "2 documents", "50%", `href="#doc-1"`, `id="doc-2"`, "lv-market", "</html>"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Count(page, "<details") != 2 {
		t.Errorf("want one section per document")
	}
}
