package lens

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The lens's quality on the labeled corpora, with the model Faces ships.
// The model was trained on these very sentences, so these floors (a little
// under the measured figures) guard against a broken build or model, not
// promise what users get: that is the cross-validated figure in
// BENCHMARKS.md (`faces lens eval -cv`).
func TestQualityOnLabeledCorpora(t *testing.T) {
	tests := []struct {
		dir          string
		micro, level float64
		min          int
	}{
		{devCorpusDir, 0.84, 0.75, 1000},
		{dev2CorpusDir, 0.84, 0.73, 1500},
		// The guide's examples give a level as few as five sentences: one
		// sentence moves its F1 by 0.1 or more, and the micro figure by
		// 0.015 ("She showed us the line": us read as the customer's).
		{guideCorpusDir, 0.88, 0.70, 30},
		// Interviews of another project's users, which the model is not
		// trained on; market and role have six and seven sentences.
		{dev3CorpusDir, 0.88, 0.35, 270},
		// A company handbook and a customer-service guide, not trained on
		// either: held out, it scores far lower than the corpora above
		// (BENCHMARKS.md). It labels no enterprise and five persons, so
		// only the micro figure has a floor.
		{meltanoCorpusDir, 0.58, 0, 350},
		// Incident-response procedures labeled after the seventh session's
		// rules were written, not trained on: customers only as a group.
		{pagerdutyCorpusDir, 0.93, 0, 100},
		// Texts written for the purpose in the genres the other corpora
		// lack, trained on.
		{writtenCorpusDir, 0.78, 0.72, 700},
		// Company handbooks written for the purpose and labeled blind,
		// not trained on: a handful of sentences give role and person.
		{handbookCorpusDir, 0.66, 0, 490},
		// A real company's engineering handbook, labeled blind, not
		// trained on: customers are spoken of in passing, among staff,
		// candidates and people at large, and it is read worst of all
		// (BENCHMARKS.md). 45 sentences carry a label, so only the micro
		// figure has a floor.
		{artsyCorpusDir, 0.36, 0, 470},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.dir), func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(tt.dir, "labels.jsonl")); err != nil {
				requireInCI(t, tt.dir)
				t.Skip("corpus not found:", err)
			}
			ev, err := Evaluate(tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Sentences < tt.min {
				t.Fatalf("only %d sentences scored", ev.Sentences)
			}
			micro := ev.Micro().F1()
			t.Logf("micro F1 %.3f, macro F1 %.3f", micro, ev.MacroF1())
			if micro < tt.micro {
				t.Errorf("micro F1 %.3f, want ≥ %.2f", micro, tt.micro)
			}
			for _, l := range Levels {
				if f := ev.PerLevel[l].F1(); f < tt.level {
					t.Errorf("%s F1 %.3f, want ≥ %.2f", l, f, tt.level)
				}
			}
		})
	}
}

// The rules alone on the corpus they were written for keep their figures:
// they are the model's strongest features.
func TestRulesQualityOnDevCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(devCorpusDir, "labels.jsonl")); err != nil {
		requireInCI(t, "the dev corpus")
		t.Skip("dev corpus not found:", err)
	}
	ev, err := Rules.Evaluate(devCorpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if micro := ev.Micro().F1(); micro < 0.80 {
		t.Errorf("rules: micro F1 %.3f, want ≥ 0.80", micro)
	}
}

// Evaluate's arithmetic on a corpus small enough to score by hand.
func TestEvaluateScoresSentences(t *testing.T) {
	dir := t.TempDir()
	doc := "Customers love it. We shipped it. Jill called. Nice weather."
	os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "a.txt"), []byte(doc), 0o644)
	// Labels: the first is right, the second is labeled market but has no
	// mention (a false negative), Jill is labeled person but predicted as
	// such only with customer context (it has: the first sentence), and the
	// last is labeled enterprise by mistake (a false negative).
	labels := `{"doc":"a.txt","start":0,"end":18,"text":"Customers love it.","labels":["market"]}
{"doc":"a.txt","start":19,"end":33,"text":"We shipped it.","labels":["market"]}
{"doc":"a.txt","start":34,"end":46,"text":"Jill called.","labels":["person"]}
{"doc":"a.txt","start":47,"end":60,"text":"Nice weather.","labels":["enterprise"]}
`
	os.WriteFile(filepath.Join(dir, "labels.jsonl"), []byte(labels), 0o644)
	ev, err := Rules.Evaluate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Sentences != 4 || ev.Documents != 1 {
		t.Fatalf("scored %d sentences in %d documents", ev.Sentences, ev.Documents)
	}
	want := [4]Score{Market: {TP: 1, FN: 1}, Enterprise: {FN: 1}, Person: {TP: 1}}
	if ev.PerLevel != want {
		t.Errorf("per level %+v, want %+v", ev.PerLevel, want)
	}
	if m := ev.Micro(); m.Precision() != 1 || m.Recall() != 0.5 {
		t.Errorf("micro %+v: precision %.2f recall %.2f", m, m.Precision(), m.Recall())
	}
	if ev.Confusion[Market][None] != 1 || ev.Confusion[Enterprise][None] != 1 || ev.Confusion[Person][Person] != 1 {
		t.Errorf("confusion %v", ev.Confusion)
	}
	if len(ev.Mistakes) != 2 {
		t.Errorf("%d mistakes, want 2", len(ev.Mistakes))
	}
}

func TestLoadLabeledReportsTheBadLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "labels.jsonl"), []byte("{\"doc\":\"a\"}\nnot json\n"), 0o644)
	if _, err := LoadLabeled(dir); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("error %v, want one naming line 2", err)
	}
}
