package lens

import (
	"bytes"
	"fmt"
	"math"
	"testing"
)

func TestAdaptLearnsAnOrganizationsOwnWords(t *testing.T) {
	base, err := ShippedModel()
	if err != nil {
		t.Fatal(err)
	}
	// An organization that calls its customers "wayfarers": no rule and no
	// weight of the shipped model knows the word, and only the word tells
	// the sentences about them from the rest.
	wayfarers := []string{
		"Wayfarers plan trip number %d months ahead.",
		"Each wayfarer gets map %d before leaving.",
		"In spring %d the wayfarers asked for shorter routes.",
		"Ask wayfarers about stop %d when they return.",
		"Wayfarers rated hostel %d highly.",
	}
	others := []string{
		"The booking engine was rebuilt in sprint %d.",
		"Release %d moved the search box to the top.",
		"Ticket %d is about slow page loads.",
		"Version %d of the style sheet uses larger type.",
	}
	docs := map[string][][2]string{}
	for d := 0; d < 4; d++ {
		var ss [][2]string
		for i := 0; i < 8; i++ {
			n := i + 8*d
			ss = append(ss,
				[2]string{fmt.Sprintf(wayfarers[n%len(wayfarers)], n), "market"},
				[2]string{fmt.Sprintf(others[n%len(others)], n), ""})
		}
		docs[fmt.Sprintf("guild-%d.txt", d)] = ss
	}
	examples, err := LoadExamples(writeCorpus(t, docs))
	if err != nil {
		t.Fatal(err)
	}
	unseen := "Most wayfarers travel in spring."
	if n := (Analyzer{Model: base}).AnalyzeBytes([]byte(unseen)).Counts[Market]; n != 0 {
		t.Fatalf("the shipped model finds %d market references in %q already: the test would prove nothing", n, unseen)
	}

	v, err := ValidateAdapt(base, examples, DefaultAdapting, 3)
	if err != nil {
		t.Fatal(err)
	}
	if v.Folds != 3 || v.Before.Sentences != len(examples) || v.After.Sentences != len(examples) || v.After.Documents != 4 {
		t.Fatalf("%d folds, %d and %d sentences scored, %d documents", v.Folds, v.Before.Sentences, v.After.Sentences, v.After.Documents)
	}
	before, after := v.Before.PerLevel[Market].F1(), v.After.PerLevel[Market].F1()
	if before > 0.5 || after < 0.95 {
		t.Errorf("market F1 on held-out documents: shipped %.2f, adapted %.2f; want the adapted model to have learned the word", before, after)
	}
	if f := v.After.Micro().F1(); f < 0.95 {
		t.Errorf("adapted micro F1 %.2f: it should not start finding customers in the other sentences", f)
	}

	m := Adapt(base, examples, DefaultAdapting)
	if n := (Analyzer{Model: m}).AnalyzeBytes([]byte(unseen)).Counts[Market]; n != 1 {
		t.Errorf("adapted: %d market references in %q, want 1", n, unseen)
	}
	if m.Threshold != base.Threshold || m.AddMargin != base.AddMargin {
		t.Error("the adapted model should keep the shipped thresholds")
	}
	if !m.wordPairs {
		t.Error("the adapted model should weigh the organization's word pairs")
	}
	// What the examples do not speak to stays as it was.
	text := devCorpus(t)
	if a, b := (Analyzer{Model: m}).AnalyzeBytes(text).Counts, (Analyzer{Model: base}).AnalyzeBytes(text).Counts; a.Total() < b.Total()*9/10 || a.Total() > b.Total()*11/10 {
		t.Errorf("on the dev corpus the adapted model finds %d references, the shipped one %d", a.Total(), b.Total())
	}
	// It is a model like any other: written and read back the same.
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n := (Analyzer{Model: back}).AnalyzeBytes([]byte(unseen)).Counts[Market]; n != 1 {
		t.Errorf("read back: %d market references, want 1", n)
	}

	oneDoc := examples[:0:0]
	for _, ex := range examples {
		if ex.Gold.Doc == "guild-0.txt" {
			oneDoc = append(oneDoc, ex)
		}
	}
	if _, err := ValidateAdapt(base, oneDoc, DefaultAdapting, 3); err == nil {
		t.Error("checking an adaptation on one document should be refused")
	}
}

func TestDoubtsMeasureTheDistanceToEachThreshold(t *testing.T) {
	// Only the bias weighs: market 0.3, the rest nothing. A level must
	// clear 0, or 1 when the rules did not find it.
	m := &Model{AddMargin: 1}
	m.table.put(fBias, [numLevels]float32{Market: 0.3})
	text := []byte("Customers want reports.\n\nThe build was green.\n")
	doubts := Analyzer{Model: m}.Doubts(text)
	doc := Rules.AnalyzeBytes(text)
	if len(doubts) != len(doc.Sentences) {
		t.Fatalf("%d doubts for %d sentences", len(doubts), len(doc.Sentences))
	}
	want := []float32{
		0.3, // the rules read market: 0.3 above its threshold of 0
		0.7, // nothing read: market is 0.7 short of 1, the others 1
	}
	for i, d := range doubts {
		if d.Start != doc.Sentences[i].Start || d.End != doc.Sentences[i].End {
			t.Errorf("doubt %d spans %d–%d, the sentence %d–%d", i, d.Start, d.End, doc.Sentences[i].Start, doc.Sentences[i].End)
		}
		if math.Abs(float64(d.Doubt-want[i])) > 1e-6 {
			t.Errorf("sentence %d: doubt %v, want %v", i, d.Doubt, want[i])
		}
	}
}
