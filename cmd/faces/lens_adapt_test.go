package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/faces-org/faces/lens"
)

// What an organization that calls its customers "wayfarers" writes: only
// the word tells the sentences about them from the rest.
var (
	wayfarerSentences = []string{
		"Wayfarers plan trip number %d months ahead.",
		"Each wayfarer gets map %d before leaving.",
		"In spring %d the wayfarers asked for shorter routes.",
		"Ask wayfarers about stop %d when they return.",
		"Wayfarers rated hostel %d highly.",
	}
	otherSentences = []string{
		"The booking engine was rebuilt in sprint %d.",
		"Release %d moved the search box to the top.",
		"Ticket %d is about slow page loads.",
		"Version %d of the style sheet uses larger type.",
	}
)

// An organization that calls its customers "wayfarers", which nothing in
// the shipped lens knows, labels its own writing and teaches the lens.
func TestLensLabelAdaptAndReadWithTheModel(t *testing.T) {
	files := map[string]string{}
	for d := 0; d < 4; d++ {
		var b strings.Builder
		for i := 0; i < 30; i++ {
			n := i + 30*d
			fmt.Fprintf(&b, "%s\n\n%s\n\n", fmt.Sprintf(wayfarerSentences[n%len(wayfarerSentences)], n), fmt.Sprintf(otherSentences[n%len(otherSentences)], n))
		}
		files[fmt.Sprintf("guild/notes-%d.md", d)] = b.String()
	}
	src := writeFiles(t, files)
	dir := filepath.Join(t.TempDir(), "ours")

	code, out, errOut := runFaces(t, "", "lens", "label", "-o", dir, filepath.Join(src, "guild"))
	if code != 0 {
		t.Fatalf("label: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "4 documents, 240 sentences") {
		t.Errorf("label says %q", out)
	}
	for _, name := range []string{"GUIDE.md", "docs/notes-0.md.txt", "docs/notes-3.md.txt"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	labels, err := lens.LoadLabeled(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != 240 {
		t.Fatalf("%d labeled sentences, want 240", len(labels))
	}
	// Adapted on the labels as the lens filled them in, the model learns
	// nothing it did not read already: it is written, and not recommended.
	unhelped := filepath.Join(t.TempDir(), "unhelped.txt")
	code, out, errOut = runFaces(t, "", "lens", "adapt", "-folds", "2", "-o", unhelped, dir)
	if code != 0 {
		t.Fatalf("adapt on unchanged labels: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"reads your held-out documents no better", "→ " + unhelped + ", for comparison only", "keep reading without it"} {
		if !strings.Contains(out, want) {
			t.Errorf("adapting on unchanged labels: output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "read with it") {
		t.Errorf("a model that reads no better is recommended:\n%s", out)
	}

	// The person labeling: every sentence about wayfarers is market.
	var fixed strings.Builder
	for _, s := range labels {
		if s.Labels != 0 {
			t.Fatalf("the lens already reads %q as %v: the test would prove nothing", s.Text, s.Labels)
		}
		doc, err := os.ReadFile(filepath.Join(dir, "docs", s.Doc))
		if err != nil {
			t.Fatal(err)
		}
		if string(doc[s.Start:s.End]) != s.Text {
			t.Fatalf("%s at %d–%d holds %q, labels.jsonl says %q", s.Doc, s.Start, s.End, doc[s.Start:s.End], s.Text)
		}
		if strings.Contains(strings.ToLower(s.Text), "wayfarer") {
			s.Labels = s.Labels.Add(lens.Market)
		}
		line, _ := json.Marshal(s)
		fixed.Write(line)
		fixed.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "labels.jsonl"), []byte(fixed.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runFaces(t, "", "lens", "label", "-o", dir, src); code != 1 || !strings.Contains(errOut, "never written over") {
		t.Errorf("labeling into a folder with labels: exit %d, %q", code, errOut)
	}

	model := filepath.Join(t.TempDir(), "model.txt")
	code, out, errOut = runFaces(t, "", "lens", "adapt", "-folds", "2", "-o", model, dir)
	if code != 0 {
		t.Fatalf("adapt: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"240 labeled sentences in 4 documents", "2 rounds", "reads your held-out documents better", "→ " + model + "; read with it"} {
		if !strings.Contains(out, want) {
			t.Errorf("adapt output lacks %q:\n%s", want, out)
		}
	}

	unseen := writeFiles(t, map[string]string{"new.txt": "Most wayfarers travel in spring.\n"})
	code, out, errOut = runFaces(t, "", "lens", "--json", "-model", model, unseen)
	if code != 0 || !strings.Contains(out, `"level":"market","text":"wayfarers"`) {
		t.Errorf("read with the adapted model: exit %d, %s %s", code, out, errOut)
	}
	if _, out, _ := runFaces(t, "", "lens", "-model", model, unseen); !strings.Contains(out, "Read by the rules and the model in "+model) {
		t.Errorf("the summary does not say the adapted model read it:\n%s", out)
	}
	if _, out, _ := runFaces(t, "", "lens", "--json", unseen); strings.Contains(out, `"level":"market"`) {
		t.Errorf("the shipped model should not know wayfarers: %s", out)
	}
	if code, _, _ := runFaces(t, "", "lens", "-rules", "-model", model, unseen); code != 2 {
		t.Errorf("-rules with -model: exit %d, want 2", code)
	}
	if code, _, errOut := runFaces(t, "", "lens", "-model", filepath.Join(src, "guild", "notes-0.md"), unseen); code != 1 || !strings.Contains(errOut, "faces lens:") {
		t.Errorf("a model file that is no model: exit %d, %q", code, errOut)
	}
}

// faces lens label -ours fills in the labels as faces lens -ours reads:
// our product's name is no customer, in the labels or in the doubts.
func TestLensLabelReadsOurNamesAsOurs(t *testing.T) {
	// A customer first: the model reads no customer organization into a
	// text that has named none. Only the sentences after it are looked at.
	const customer = "Jane Doe runs support at Acme Corp.\n\n"
	src := writeFiles(t, map[string]string{"notes.md": customer + "Pulsar Inc. ships every week.\n\nPulsar reads the logs and Pulsar writes the report. The Pulsar team fixed two bugs.\n"})
	levels := func(args ...string) lens.LevelSet { return labeledLevels(t, src, len(customer), args...) }
	if levels() == 0 {
		t.Fatal("without -ours the lens reads no customer: the test would prove nothing")
	}
	for _, args := range [][]string{{"-ours", "Pulsar"}, {"-ours", "Pulsar", "-sentences", "2"}} {
		if got := levels(args...); got != 0 {
			t.Errorf("label %v filled in %v", args, got)
		}
	}
}

// faces lens label -customers fills in the labels as faces lens
// -customers reads: the organization's word for its customers is one.
func TestLensLabelReadsCustomerWordsGiven(t *testing.T) {
	src := writeFiles(t, map[string]string{"notes.md": "Patients wait less since March.\n"})
	levels := func(args ...string) lens.LevelSet { return labeledLevels(t, src, 0, args...) }
	if got := levels(); got != 0 {
		t.Fatalf("without -customers the lens reads %v: the test would prove nothing", got)
	}
	if got := levels("-customers", "patients"); got != lens.LevelSet(0).Add(lens.Market) {
		t.Errorf("label -customers patients filled in %v, want market", got)
	}
}

// labeledLevels runs faces lens label with args over src and returns every
// level it filled in for the sentences from byte from on.
func labeledLevels(t *testing.T, src string, from int, args ...string) lens.LevelSet {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "labels")
	if code, _, errOut := runFaces(t, "", append(append([]string{"lens", "label", "-o", dir}, args...), src)...); code != 0 {
		t.Fatalf("label %v: exit %d: %s", args, code, errOut)
	}
	labels, err := lens.LoadLabeled(dir)
	if err != nil {
		t.Fatal(err)
	}
	var all lens.LevelSet
	for _, s := range labels {
		if s.Start >= from {
			all |= s.Labels
		}
	}
	return all
}

func TestLensAdaptRefusesBadLabels(t *testing.T) {
	for name, labels := range map[string]string{
		"unknown level": `{"doc":"a.txt","start":0,"end":18,"text":"Customers love it.","labels":["markt"]}`,
		"not JSON":      `{"doc":"a.txt","start":0,`,
		"missing doc":   `{"doc":"b.txt","start":0,"end":18,"text":"Customers love it.","labels":["market"]}`,
		"moved":         `{"doc":"a.txt","start":1,"end":18,"text":"Customers love it.","labels":["market"]}`,
		"past the end":  `{"doc":"a.txt","start":0,"end":99,"text":"Customers love it.","labels":["market"]}`,
	} {
		dir := writeFiles(t, map[string]string{"docs/a.txt": "Customers love it.\n", "labels.jsonl": labels + "\n"})
		code, _, errOut := runFaces(t, "", "lens", "adapt", dir)
		if code != 1 || !strings.Contains(errOut, "faces lens adapt:") {
			t.Errorf("%s: exit %d, %q", name, code, errOut)
		}
	}
	src := writeFiles(t, map[string]string{"latin1.txt": "Caf\xe9 customers.\n", "ok.txt": "Customers.\n"})
	dir := filepath.Join(t.TempDir(), "l")
	code, _, errOut := runFaces(t, "", "lens", "label", "-o", dir, src)
	if code != 0 || !strings.Contains(errOut, "latin1.txt: not valid UTF-8") {
		t.Errorf("labeling a file that is not UTF-8: exit %d, %q; want it left out, said why", code, errOut)
	}
	if labels, err := lens.LoadLabeled(dir); err != nil || len(labels) != 1 {
		t.Errorf("%d sentences labeled (%v), want the one of ok.txt", len(labels), err)
	}
	onlyLatin1 := writeFiles(t, map[string]string{"latin1.txt": "Caf\xe9 customers.\n"})
	dir = filepath.Join(t.TempDir(), "l")
	if code, _, errOut := runFaces(t, "", "lens", "label", "-o", dir, onlyLatin1); code != 1 || !strings.Contains(errOut, "nothing to label") {
		t.Errorf("nothing labeled: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a labeling folder with nothing in it was left behind")
	}
	if code, _, _ := runFaces(t, "", "lens", "adapt"); code != 2 {
		t.Errorf("no folder: exit %d, want 2", code)
	}
}

// With -sentences, the labeling folder lists only the sentences the lens
// doubts most, in document order, and adapting on them works as on all.
func TestLensLabelPicksTheSentencesTheLensDoubtsMost(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"a.txt": "Customers want faster reports.\n\nThe build was green on Tuesday.\n\nAna Ruiz, Head of Data, Acme: “We moved our dashboards in a week.”\n",
		"b.txt": "Our buyers compare three vendors.\n\nTheir CFO signs every renewal.\n\nWe rewrote the parser.\n",
	})
	dir := filepath.Join(t.TempDir(), "few")
	code, out, errOut := runFaces(t, "", "lens", "label", "-sentences", "3", "-o", dir, src)
	if code != 0 || !strings.Contains(out, "lists the 3 sentences the lens is least sure of") {
		t.Fatalf("exit %d, %q, %q", code, out, errOut)
	}
	labels, err := lens.LoadLabeled(dir)
	if err != nil || len(labels) != 3 {
		t.Fatalf("%d sentences listed (%v), want 3", len(labels), err)
	}
	// The three are those of smallest doubt, kept in document order.
	m, _ := lens.ShippedModel()
	type doubt struct {
		doc   string
		start int
		d     float32
	}
	var all []doubt
	for _, name := range []string{"a.txt", "b.txt"} {
		b, _ := os.ReadFile(filepath.Join(src, name))
		for _, d := range (lens.Analyzer{Model: m}).Doubts(b) {
			all = append(all, doubt{name, d.Start, d.Doubt})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
	want := map[string]bool{}
	for _, d := range all[:3] {
		want[fmt.Sprintf("%s@%d", d.doc, d.start)] = true
	}
	for i, s := range labels {
		if !want[fmt.Sprintf("%s@%d", s.Doc, s.Start)] {
			t.Errorf("listed %s at %d, which the lens doubts less than others", s.Doc, s.Start)
		}
		if i > 0 && (s.Doc < labels[i-1].Doc || s.Doc == labels[i-1].Doc && s.Start < labels[i-1].Start) {
			t.Errorf("sentence %d is out of document order", i)
		}
	}
	if code, _, errOut := runFaces(t, "", "lens", "label", "-sentences", "3", "-model", filepath.Join(src, "a.txt"), "-o", filepath.Join(t.TempDir(), "x"), src); code != 1 || !strings.Contains(errOut, "faces lens label:") {
		t.Errorf("a model file that is no model: exit %d, %q", code, errOut)
	}
	if code, _, _ := runFaces(t, "", "lens", "label", "-sentences", "-1", "-o", filepath.Join(t.TempDir(), "y"), src); code != 2 {
		t.Errorf("-sentences -1: exit %d, want 2", code)
	}
}

// One labeled document can be adapted on, but not checked: it says so.
func TestLensAdaptOnOneDocument(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"docs/a.txt":   "Customers love it.\n\nWe shipped it.\n",
		"labels.jsonl": `{"doc":"a.txt","start":0,"end":18,"text":"Customers love it.","labels":["market"]}` + "\n" + `{"doc":"a.txt","start":20,"end":34,"text":"We shipped it.","labels":[]}` + "\n",
	})
	model := filepath.Join(t.TempDir(), "m.txt")
	code, out, errOut := runFaces(t, "", "lens", "adapt", "-o", model, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"2 labeled sentences in 1 document.", "Fewer than 200", "One document: nothing to check"} {
		if !strings.Contains(out, want) {
			t.Errorf("adapt output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(model); err != nil {
		t.Error(err)
	}
}
