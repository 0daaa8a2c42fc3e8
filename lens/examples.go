package lens

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"
)

// Labeled sentences as training reads them: each read by the lens as it
// reads any text, with the features it computed and the source it came
// from (for cross-validation grouped by source).

// Example is one labeled sentence as the model sees it: its features, what
// the rules found, and the levels a human gave it.
type Example struct {
	Gold   LabeledSentence
	Source string // where the document comes from: one company, one site
	Rules  LevelSet
	Feats  []uint64
	Pairs  []uint64 // its word pairs' features (TrainOptions.WordPairs)
	// Weight counts the example as this many (0 is read as 1): the guide's
	// own examples weigh more than one sentence of a long document.
	Weight float64
	// doc is the whole document the sentence is from (LoadExamples), shared
	// by its sentences: cross-validation reads a held-out document as the
	// lens reads any text, limits on what the model may add included.
	doc []byte
}

// LoadExamples reads a labeled folder (as Evaluate does) and turns each
// labeled sentence into an Example. The document's source is read from
// its file name (see SourceOf).
func LoadExamples(dir string) ([]Example, error) {
	var out []Example
	corpus := filepath.Base(filepath.Clean(dir))
	err := eachLabeledDoc(dir, func(name string, data []byte, gold []LabeledSentence) {
		out = append(out, docExamples(data, gold, SourceOf(corpus, name), nil)...)
	})
	return out, err
}

// SourceOf names the source of a labeled document for grouped
// cross-validation: the corpus and the file name up to its first hyphen
// ("dev2/zulip-tum.txt" → "dev2/zulip"); a name without one is a source of
// its own.
func SourceOf(corpus, doc string) string {
	name := strings.TrimSuffix(doc, filepath.Ext(doc))
	if i := strings.IndexByte(name, '-'); i > 0 {
		name = name[:i]
	}
	return corpus + "/" + name
}

// analyzedSentence is a sentence as the reader split it, with its features.
type analyzedSentence struct {
	start, end   int
	rules        LevelSet
	feats, pairs []uint64
}

// docExamples reads one document with the rules and the model m (nil: the
// rules alone), collecting every sentence's features, and pairs them with
// the labeled sentences. The labels follow the reader's own sentence
// splitting, so each labeled sentence is usually one analyzed sentence;
// when not, it takes the features of every analyzed sentence that starts
// inside it. Read with a model, the levels the sentence before was given
// are among the features (reader.features); without one, its labels stand
// in for them.
func docExamples(data []byte, gold []LabeledSentence, source string, m *Model) []Example {
	rd := newReader()
	rd.model = m
	var got []analyzedSentence
	rd.collect = func(s Sentence, fs []feature) {
		var hs, ps []uint64
		for _, f := range fs {
			if f.pair {
				ps = append(ps, f.hash)
			} else {
				hs = append(hs, f.hash)
			}
		}
		got = append(got, analyzedSentence{s.Start, s.End, s.Levels, hs, ps})
	}
	_ = rd.stream(bytes.NewReader(data), func(Sentence, []Mention) {}, nil)
	sort.Slice(gold, func(i, j int) bool { return gold[i].Start < gold[j].Start })
	out := make([]Example, 0, len(gold))
	k := 0
	var prev LevelSet
	for _, g := range gold {
		ex := Example{Gold: g, Source: source, doc: data}
		if m == nil {
			for _, l := range Levels {
				if prev.Has(l) {
					ex.Feats = append(ex.Feats, fPrevious[l])
				}
			}
		}
		prev = g.Labels
		for k < len(got) && got[k].end <= g.Start {
			k++
		}
		for j := k; j < len(got) && got[j].start < g.End; j++ {
			ex.Rules |= got[j].rules
			ex.Feats = append(ex.Feats, got[j].feats...)
			ex.Pairs = append(ex.Pairs, got[j].pairs...)
		}
		out = append(out, ex)
	}
	return out
}
