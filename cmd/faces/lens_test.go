package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faces-org/faces/lens"
)

// runFaces runs the real command line and returns its exit status, standard
// output and standard error.
func runFaces(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLensJSONLines(t *testing.T) {
	text := "Our customers are busy.\n\nWhat is Jill thinking about this?\n"
	dir := writeFiles(t, map[string]string{
		"a.txt":        text,
		"sub/b.md":     "# Plans\n\nWe ship *features* for [customers](https://x.example).\n",
		"sub/c.html":   "<html><body><p>The <b>CFO</b> signs.</p></body></html>",
		".git/ignored": "customers",
	})
	code, out, errOut := runFaces(t, "", "lens", "--json", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var docs []lens.Document
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var d lens.Document
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		docs = append(docs, d)
	}
	if len(docs) != 3 {
		t.Fatalf("%d documents, want 3 (hidden folders skipped):\n%s", len(docs), out)
	}
	a := docs[0]
	if filepath.Base(a.Path) != "a.txt" || a.Bytes != int64(len(text)) || a.CustomerFree {
		t.Errorf("a.txt: %+v", a)
	}
	for _, m := range a.Mentions {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("offsets %d:%d hold %q, not %q", m.Start, m.End, text[m.Start:m.End], m.Text)
		}
	}
	if a.Counts[lens.Market] != 1 || a.Counts[lens.Person] != 1 {
		t.Errorf("a.txt counts %v", a.Counts)
	}
	md, html := docs[1], docs[2]
	if md.Counts[lens.Market] != 1 || html.Counts[lens.Role] != 1 {
		t.Errorf("markup documents: md %v, html %v", md.Counts, html.Counts)
	}
	// The raw JSON carries the documented field names.
	for _, field := range []string{`"path"`, `"bytes"`, `"mentions"`, `"sentences"`, `"counts"`, `"customer_free"`, `"us_share"`, `"levels"`} {
		if !strings.Contains(out, field) {
			t.Errorf("JSON lacks %s", field)
		}
	}
}

func TestLensReportAndStdin(t *testing.T) {
	code, out, errOut := runFaces(t, "Customers first. The CFO agrees.", "lens", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"1 documents", "Documents that never mention a customer: 0 (0%)", "market", "role"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

// Bad files get a message each and the rest is still analyzed; the exit
// status is non-zero only when nothing could be analyzed.
func TestLensBadInputs(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"good.txt":  "Customers first.",
		"empty.txt": "",
		"bin.dat":   "\x00\x01\x02PNG binary",
		"bad.txt":   "Customers \xff\xfe here.",
	})
	code, out, errOut := runFaces(t, "", "lens", filepath.Join(dir, "missing"), dir)
	if code != 0 {
		t.Fatalf("exit %d with good files present: %s", code, errOut)
	}
	for _, want := range []string{"missing: no such file or directory", "bin.dat: binary file"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "3 documents") || !strings.Contains(out, "2 could not be read") {
		t.Errorf("summary:\n%s", out)
	}

	code, _, errOut = runFaces(t, "", "lens", filepath.Join(dir, "bin.dat"), filepath.Join(dir, "nope"))
	if code != 1 || !strings.Contains(errOut, "nothing could be analyzed") {
		t.Errorf("only bad inputs: exit %d, stderr %s", code, errOut)
	}
	if code, _, _ := runFaces(t, "", "lens"); code != 2 {
		t.Errorf("no paths: exit %d, want 2", code)
	}
}

func TestLensHTMLReport(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.txt": "Our customers <script>alert(1)</script> love it. The CFO agrees.",
		"b.txt": "We shipped a release.",
	})
	report := filepath.Join(t.TempDir(), "report.html")
	code, _, errOut := runFaces(t, "", "lens", "--html", report, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{
		`<mark class="lv-market" title="market">customers</mark>`,
		`<mark class="lv-role" title="role">CFO</mark>`,
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		`50%`, // one of two documents never mentions a customer
		"no customer",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>alert") {
		t.Error("document text reached the report unescaped")
	}
}

func TestLensEval(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"docs/a.txt":   "Customers love it. Nice weather.",
		"labels.jsonl": `{"doc":"a.txt","start":0,"end":18,"text":"Customers love it.","labels":["market"]}` + "\n" + `{"doc":"a.txt","start":19,"end":32,"text":"Nice weather.","labels":["person"]}` + "\n",
	})
	code, out, errOut := runFaces(t, "", "lens", "eval", "-mistakes", "-words", "5", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"1 documents, 2 sentences", "micro", "macro", "Confusion", "labeled person predicted - | Nice weather.", "customers"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runFaces(t, "", "lens", "eval", filepath.Join(dir, "nowhere")); code != 1 {
		t.Errorf("missing folder: exit %d, want 1", code)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errOut := runFaces(t, "", "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestLensProgressBar(t *testing.T) {
	files := map[string]string{}
	for i := range 3 {
		files[filepath.Join("d", string(rune('a'+i))+".txt")] = "Customers first."
	}
	dir := writeFiles(t, files)
	code, _, errOut := runFaces(t, "", "lens", "--progress", "always", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "3/3") || !strings.Contains(errOut, "[###") {
		t.Errorf("no progress bar on stderr: %q", errOut)
	}
	// Without a terminal, auto draws nothing.
	if _, _, errOut := runFaces(t, "", "lens", dir); errOut != "" {
		t.Errorf("auto progress wrote %q to a non-terminal", errOut)
	}
}
