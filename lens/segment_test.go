package lens

import (
	"reflect"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"Heading\n\nA line.\n- item one\n- item two", []string{"Heading", "A line.", "item one", "item two"}},
		{"  1. First step. Then more.", []string{"First step.", "Then more."}},
		{"He said “Go.” Then left.", []string{"He said “Go.”", "Then left."}},
		{"Use e.g. this, i.e. that. Mr. Smith agreed.", []string{"Use e.g. this, i.e. that.", "Mr. Smith agreed."}},
		{"Wait… what?\u00a0Really.", []string{"Wait…", "what?", "Really."}},
		{"Version 2.0 shipped. J. Smith cheered.", []string{"Version 2.0 shipped.", "J. Smith cheered."}},
		{"", nil},
		{"\n\n   \n", nil},
	}
	for _, tt := range tests {
		var got []string
		splitSentences(tt.text, func(s span) { got = append(got, tt.text[s.start:s.end]) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

// The segmenter reproduces the labeled corpus's sentences almost exactly;
// the few differences are single capital letters before a period ("X. If")
// and the like.
func TestSegmentationMatchesLabels(t *testing.T) {
	labels, err := LoadLabeled(devCorpusDir)
	if err != nil {
		requireInCI(t, "the dev corpus")
		t.Skip(err)
	}
	byDoc := map[string]map[span]bool{}
	for _, l := range labels {
		if byDoc[l.Doc] == nil {
			byDoc[l.Doc] = map[span]bool{}
		}
		byDoc[l.Doc][span{l.Start, l.End}] = true
	}
	miss := 0
	for name, gold := range byDoc {
		for _, s := range AnalyzeBytes(readDoc(t, name)).Sentences {
			if !gold[span{s.Start, s.End}] {
				miss++
			}
		}
	}
	if miss*100 > len(labels) {
		t.Errorf("%d of %d sentences differ from the labeled segmentation (more than 1%%)", miss, len(labels))
	}
}
