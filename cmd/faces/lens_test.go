package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
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

// runFacesOK runs faces with args and no input, fails the test unless it
// exits 0, and returns its standard output.
func runFacesOK(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := runFaces(t, "", args...)
	if code != 0 {
		t.Fatalf("faces %v: exit %d: %s", args, code, errOut)
	}
	return out
}

// outputHas reports each of wants that out lacks.
func outputHas(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
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
		"read by the rules and the model Faces ships",
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
	out := runFacesOK(t, "lens", "eval", "-mistakes", "-words", "5", dir)
	outputHas(t, out, "1 documents, 2 sentences", "micro", "macro", "Confusion", "labeled person predicted - | Nice weather.", "customers")
	if code, _, _ := runFaces(t, "", "lens", "eval", filepath.Join(dir, "nowhere")); code != 1 {
		t.Errorf("missing folder: exit %d, want 1", code)
	}
}

// -cv -seeds N cross-validates by source, then again with seeds 2 to N,
// and reports each seed's pooled scores and their mean.
func TestLensEvalCrossValidatesOverSeeds(t *testing.T) {
	files := map[string]string{}
	var labels strings.Builder
	for _, src := range []string{"acme", "globex", "initech", "umbrella"} {
		doc := src + "-1.txt"
		text := ""
		for _, s := range []struct{ text, label string }{
			{"Our customers want reports.", `"market"`},
			{"The weather was fine.", ""},
			{"Jill, the CFO, signed it.", `"person","role"`},
			{"Customers in retail buy more.", `"market"`},
		} {
			start := len(text)
			text += s.text + " "
			fmt.Fprintf(&labels, `{"doc":%q,"start":%d,"end":%d,"text":%q,"labels":[%s]}`+"\n", doc, start, start+len(s.text), s.text, s.label)
		}
		files["docs/"+doc] = text
	}
	files["labels.jsonl"] = labels.String()
	dir := writeFiles(t, files)
	out := runFacesOK(t, "lens", "eval", "-cv", "-seeds", "3", dir)
	outputHas(t, out, "4 folds", "trained with 3 seeds", "\n     1 ", "\n     3 ", "\n  mean ", "Micro F1 from ")

	// A folder given with -train is trained on in every fold, never held
	// out: the same folder's sources are then 4 folds of their own, and
	// the extra one adds none.
	extra := writeFiles(t, map[string]string{
		"docs/written-1.txt": "Our users want exports. ",
		"labels.jsonl":       `{"doc":"written-1.txt","start":0,"end":23,"text":"Our users want exports.","labels":["market"]}` + "\n",
	})
	out = runFacesOK(t, "lens", "eval", "-cv", "-seeds", "2", "-train", extra, dir)
	outputHas(t, out, "4 folds", "trained with 2 seeds", "16 sentences")
	if strings.Contains(out, "written") {
		t.Errorf("the folder given with -train was held out:\n%s", out)
	}
	if code, _, errOut := runFaces(t, "", "lens", "eval", "-train", extra, dir); code == 0 || !strings.Contains(errOut, "-cv") {
		t.Errorf("-train without -cv: exit %d, %q", code, errOut)
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

// faces lens -by month dates each document (front matter, a date line,
// else the file's time) and gives the seed's figures month by month, in
// the table, in JSON Lines and in the HTML report.
func TestLensByMonth(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.md":  "---\ndate: 2024-03-05\n---\n\nOur customers want speed.\n",
		"b.txt": "Visit notes\n\n12 March 2024\n\nJill Moss, CTO at Acme: “I love the reports.”\n",
		"c.txt": "Release notes\n\nJanuary 9, 2024\n\nWe shipped a release.\n",
		"d.txt": "No date in here. We fixed the build.\n",
	})
	fileTime := time.Date(2023, 8, 14, 12, 0, 0, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "d.txt"), fileTime, fileTime); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runFaces(t, "", "lens", "-by", "month", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"By month",
		"2023-08           1         100%       0%          0%     0%      0%",
		"2024-01           1         100%",
		"2024-03           2           0%      50%          0%     0%     50%",
		"the most concrete level they reach: market 50% enterprise 0% role 0% person 50%",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runFaces(t, "", "lens", "-by", "month", "--json", dir)
	if code != 0 {
		t.Fatal("exit", code)
	}
	dates := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var doc struct {
			Path     string `json:"path"`
			Date     string `json:"date"`
			DateFrom string `json:"date_from"`
		}
		if err := json.Unmarshal([]byte(line), &doc); err != nil {
			t.Fatal(err)
		}
		dates[filepath.Base(doc.Path)] = doc.Date + " " + doc.DateFrom
	}
	want := map[string]string{"a.md": "2024-03-05 front matter", "b.txt": "2024-03-12 date line", "c.txt": "2024-01-09 date line", "d.txt": "2023-08-14 file time"}
	for name, w := range want {
		if dates[name] != w {
			t.Errorf("%s dated %q, want %q", name, dates[name], w)
		}
	}
	report := filepath.Join(t.TempDir(), "report.html")
	if code, _, errOut := runFaces(t, "", "lens", "-by", "year", "--html", report, dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, _ := os.ReadFile(report)
	for _, want := range []string{"Over time, by year", "<td>2023</td><td>1</td><td>100%</td>", "<td>2024</td><td>3</td><td>33%</td>", "The two figures of the seed essay"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if code, _, _ := runFaces(t, "", "lens", "-by", "week", dir); code != 2 {
		t.Errorf("-by week: exit %d, want 2", code)
	}
}

// -rules reads with the rules alone: a name the model would not take as a
// customer's, in a text with no other cue, is still the rules' person.
func TestLensRulesAlone(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.txt": "Our customers are people. What is Jill thinking about this?\n"})
	code, out, errOut := runFaces(t, "", "lens", "-rules", "--json", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d lens.Document
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &d); err != nil {
		t.Fatal(err)
	}
	if d.Counts[lens.Market] == 0 || d.Counts[lens.Person] == 0 {
		t.Errorf("the rules read %+v", d.Counts)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lens", "-rules", dir}, "Read by the rules alone."},
		{[]string{"lens", dir}, "Read by the rules and the model Faces ships"},
	} {
		if _, out, _ := runFaces(t, "", c.args...); !strings.Contains(out, c.want) {
			t.Errorf("faces %v: the summary lacks %q:\n%s", c.args, c.want, out)
		}
	}
}

// -ours names our own organization and products: never read as a
// customer, and the summary says they were given.
func TestLensReadsOurNamesAsOurs(t *testing.T) {
	// A customer first: the model reads no customer organization into a
	// text that has named none.
	dir := writeFiles(t, map[string]string{"notes.md": "Jane Doe runs support at Acme Corp.\n\nPulsar Inc. ships every week.\n\nPulsar reads the logs and Pulsar writes the report. The Pulsar team fixed two bugs.\n"})
	count := func(args ...string) (int, string) {
		t.Helper()
		code, out, errOut := runFaces(t, "", append([]string{"lens"}, args...)...)
		if code != 0 {
			t.Fatalf("faces lens %v: exit %d: %s", args, code, errOut)
		}
		if !strings.Contains(args[0], "json") {
			return -1, out
		}
		var d lens.Document
		if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &d); err != nil {
			t.Fatal(err)
		}
		pulsar := 0
		for _, m := range d.Mentions {
			if strings.Contains(m.Text, "Pulsar") {
				pulsar++
			}
		}
		return pulsar, out
	}
	if n, _ := count("--json", dir); n == 0 {
		t.Fatal("without -ours the product's name is no mention: the test needs one")
	}
	if n, _ := count("--json", "-ours", " Pulsar , Pulsar Cloud,", dir); n != 0 {
		t.Errorf("with -ours Pulsar: %d mentions of it", n)
	}
	if _, out := count("-ours", "Pulsar,Pulsar Cloud", dir); !strings.Contains(out, "with Pulsar, Pulsar Cloud read as ours.") {
		t.Errorf("the summary does not say which names were read as ours:\n%s", out)
	}
}

// -customers names the words an organization calls its customers by: read
// as customers by faces lens and by faces lens eval, and the summary says
// they were given.
func TestLensReadsCustomerWordsGiven(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"docs/a.txt":   "Patients wait less since March.\n",
		"labels.jsonl": `{"doc":"a.txt","start":0,"end":31,"text":"Patients wait less since March.","labels":["market"]}` + "\n",
	})
	docs := filepath.Join(dir, "docs")
	if got := lensMentions(t, docs); got != "" {
		t.Fatalf("without -customers: %q, want no mention (the test needs none)", got)
	}
	if got := lensMentions(t, "-customers", "patients, residents", docs); got != "Patients:market" {
		t.Errorf("with -customers patients: %q, want Patients:market", got)
	}
	outputHas(t, runFacesOK(t, "lens", "-customers", "patients", docs), "with patients read as customers.")
	outputHas(t, runFacesOK(t, "lens", "eval", dir), "micro      0.000")
	outputHas(t, runFacesOK(t, "lens", "eval", "-customers", "patient", dir), "micro      1.000")
	if code, _, _ := runFaces(t, "", "lens", "eval", "-cv", "-customers", "patient", dir); code != 1 {
		t.Errorf("-cv with -customers: exit %d, want 1", code)
	}
}

// lensMentions runs faces lens --json with args on one document and lists
// its mentions as "text:level".
func lensMentions(t *testing.T, args ...string) string {
	t.Helper()
	var d lens.Document
	if err := json.Unmarshal([]byte(strings.TrimSpace(runFacesOK(t, append([]string{"lens", "--json"}, args...)...))), &d); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range d.Mentions {
		got = append(got, m.Text+":"+m.Level.String())
	}
	return strings.Join(got, " ")
}

// -db reads our names and our words for customers from a Faces database's
// settings, as Faces reads its own texts, beside those the flags give, in
// faces lens, label and eval; a database that is not there is an error,
// not a new empty one.
func TestLensReadsWordsFromFaces(t *testing.T) {
	dir := writeFiles(t, map[string]string{"notes.txt": "Patients wait three weeks for a slot. Ada flagged the late ones.\n"})
	path := filepath.Join(t.TempDir(), "faces.db")
	db, err := openDB(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveStoryCheck(context.Background(), faces.StoryCheck{OurNames: []string{"Ada"}, CustomerWords: []string{"patients"}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got := lensMentions(t, dir); got != "Ada:person" {
		t.Fatalf("without -db: %q, want Ada:person (the test needs it)", got)
	}
	if got := lensMentions(t, "-db", path, dir); got != "Patients:market" {
		t.Errorf("with -db: %q, want Patients:market", got)
	}
	outputHas(t, runFacesOK(t, "lens", "-db", path, "-customers", "residents", dir), "with Ada read as ours and residents, patients read as customers.")
	// faces lens label and faces lens eval take it too.
	if got := labeledLevels(t, dir, 0, "-db", path); got != lens.LevelSet(0).Add(lens.Market) {
		t.Errorf("label -db filled in %v, want market", got)
	}
	labeled := writeFiles(t, map[string]string{
		"docs/a.txt":   "Patients wait less since March.\n",
		"labels.jsonl": `{"doc":"a.txt","start":0,"end":31,"text":"Patients wait less since March.","labels":["market"]}` + "\n",
	})
	outputHas(t, runFacesOK(t, "lens", "eval", "-db", path, labeled), "micro      1.000")
	if code, _, _ := runFaces(t, "", "lens", "eval", "-cv", "-db", path, labeled); code != 1 {
		t.Errorf("-cv with -db: exit %d, want 1", code)
	}
	missing := filepath.Join(t.TempDir(), "nowhere.db")
	if code, _, errOut := runFaces(t, "", "lens", "-db", missing, dir); code != 1 || !strings.Contains(errOut, "no such file") {
		t.Errorf("a database that is not there: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("faces lens -db made a database that was not there")
	}
}

// The dated JSON line is what encoding/json writes for the document with
// its date fields after its own.
func TestDatedDocumentJSON(t *testing.T) {
	doc := lens.AnalyzeString("Our customers at Acme say \"we ship daily\".")
	doc.Path = "notes/2024-05 <draft>.md"
	for _, d := range []datedDocument{
		{Document: doc, Date: "2024-05-01", DateFrom: "front matter"},
		{Document: doc, Date: "2024-05-01", DateFrom: "file time"},
		{Document: doc},
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
		if got := string(d.appendJSON(doc.AppendJSON(nil))) + "\n"; got != want.String() {
			t.Errorf("got  %s\nwant %s", got, want.String())
		}
	}
}

// On several cores the documents are read in parallel and recorded in the
// order given: the output, the warnings and the report are those of one
// core, byte for byte.
func TestLensOnManyCoresWritesWhatOneCoreDoes(t *testing.T) {
	files := map[string]string{
		"binary.dat":  "\x00\x01\x02customers",
		"empty.txt":   "",
		"latin1.txt":  "Caf\xe9 customers and the CFO.\n",
		"z/notes.md":  "---\ndate: 2026-03-02\n---\n# Visit\n\nWe met *Jill*, the **CFO** of [Acme](https://acme.example).\n",
		"z/page.html": "<html><head><meta name=\"date\" content=\"2025-11-05\"></head><body><p>Hospitals buy from us.</p></body></html>",
	}
	stories := []string{
		"Our customers are busy.\n\nWhat is Jill thinking about this?\n",
		"2026-01-15\n\nThe account asked for a second site. Their ops managers were there.\n",
		"We shipped a release.\n",
		"“We had no idea,” said Priya Raman, VP Engineering at Northwind.\n",
	}
	for i := range 60 {
		files[filepath.Join("docs", strings.Repeat("d", 1+i/10), fmt.Sprintf("%02d.txt", i))] = strings.Repeat(stories[i%len(stories)], 1+i%3)
	}
	dir := writeFiles(t, files)
	runOn := func(cores int, args ...string) (int, string, string, string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cores))
		report := filepath.Join(t.TempDir(), "report.html")
		code, out, errOut := runFaces(t, "", append(append([]string{"lens", "-progress", "never", "-html", report}, args...), dir)...)
		html, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		return code, out, errOut, string(html)
	}
	for _, args := range [][]string{{"--json"}, {"-by", "month"}} {
		code1, out1, err1, html1 := runOn(1, args...)
		if !strings.Contains(err1, "binary file") || !strings.Contains(err1, "invalid UTF-8") {
			t.Fatalf("%v: the folder's bad files were not reported:\n%s", args, err1)
		}
		code4, out4, err4, html4 := runOn(4, args...)
		if code1 != code4 || out1 != out4 || err1 != err4 || html1 != html4 {
			t.Errorf("%v: four cores wrote otherwise than one (exit %d and %d)\n--- one:\n%s\n%s\n--- four:\n%s\n%s", args, code1, code4, out1, err1, out4, err4)
		}
	}
}
