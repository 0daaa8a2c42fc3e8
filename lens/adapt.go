package lens

import (
	"bytes"
	"fmt"
	"math"
	"sort"
)

// An organization's own writing is what the lens is run on, and no rule or
// weight was made for it. Adapt lets the organization teach the shipped
// model its own ways of speaking of customers from a few hundred sentences
// it has labeled itself (see `faces lens label`). How much that gains
// depends on the organization's documents: with each labeled source's
// documents held out in turn, adapting on the others took micro F1 from
// 0.798 to 0.805 over eight sources, six gaining up to 0.04 and two whose
// documents are of different kinds losing up to 0.09 (BENCHMARKS.md). That
// is why `faces lens adapt` first says how the adapted model does on the
// organization's own documents held out.

// DefaultAdapting is how Adapt trains: as DefaultTraining, but every
// feature of the organization's sentences is kept (its own names, words
// and word pairs are what it is teaching), the weights are pulled back
// toward the shipped model's (L2 0.2), and the rate is higher (0.1; both
// chosen on the labeled corpora, BENCHMARKS.md).
var DefaultAdapting = TrainOptions{Epochs: 12, Rate: 0.1, L2: 0.2, MinSources: 1, WordPairs: true, Seed: 1}

// Adapt fits base further to examples, starting from its weights and
// pulling each weight back toward base's, so that what the examples do not
// speak to stays as base learned it. The thresholds are base's.
func Adapt(base *Model, examples []Example, opt TrainOptions) *Model {
	// What base reads as the sentence before each one is what the adapted
	// model will be given, as in Train.
	m := fitFrom(base, readAgain(base, examples), opt)
	m.Threshold, m.AddMargin = base.Threshold, base.AddMargin
	m.Version = opt.Version
	return m
}

// AdaptValidation compares, on documents held out of the adaptation, the
// base model with the model adapted on the other documents.
type AdaptValidation struct {
	Folds         int
	Before, After *Evaluation
}

// ValidateAdapt estimates what Adapt gains on documents it did not see:
// the examples' documents are dealt into at most folds groups (in name
// order, round-robin), and each group is scored by base and by base
// adapted on the other groups. It needs at least two documents.
func ValidateAdapt(base *Model, examples []Example, opt TrainOptions, folds int) (*AdaptValidation, error) {
	docs := map[string]bool{}
	for _, ex := range examples {
		docs[docOf(ex)] = true
	}
	if len(docs) < 2 {
		return nil, fmt.Errorf("checking the adaptation needs at least two labeled documents, got %d", len(docs))
	}
	names := make([]string, 0, len(docs))
	for d := range docs {
		names = append(names, d)
	}
	sort.Strings(names)
	folds = max(2, min(folds, len(names)))
	foldOf := make(map[string]int, len(names))
	for i, d := range names {
		foldOf[d] = i % folds
	}
	v := &AdaptValidation{Folds: folds, Before: &Evaluation{}, After: &Evaluation{}}
	for f := range folds {
		var train, test []Example
		for _, ex := range examples {
			if foldOf[docOf(ex)] == f {
				test = append(test, ex)
			} else {
				train = append(train, ex)
			}
		}
		adapted := Adapt(base, train, opt)
		v.Before.merge(heldOut(base, test))
		v.After.merge(heldOut(adapted, test))
	}
	v.Before.Documents, v.After.Documents = len(names), len(names)
	return v, nil
}

// docOf names an example's document: its name within its source.
func docOf(ex Example) string { return ex.Source + "\x00" + ex.Gold.Doc }

// CountDocuments counts the documents the examples come from.
func CountDocuments(examples []Example) int {
	docs := map[string]bool{}
	for _, ex := range examples {
		docs[docOf(ex)] = true
	}
	return len(docs)
}

// SentenceDoubt is how near the model came to reading a sentence
// otherwise: the smallest distance, in logits, between a level's score and
// the threshold it had to clear (0: a coin toss).
type SentenceDoubt struct {
	Start, End int
	Doubt      float32
}

// Doubts reads text as Stream does and tells, sentence by sentence, how
// near the analyzer's model (which must not be nil) came to reading it
// otherwise. The sentences it doubts most are the ones worth labeling
// first: adapting on the 200 sentences of a source the model doubted most
// gained as much as on every sentence, and more than on 200 drawn at
// random or the first 200 (BENCHMARKS.md).
func (a Analyzer) Doubts(text []byte) []SentenceDoubt {
	var out []SentenceDoubt
	m := a.Model
	rd := newReader()
	rd.model = m
	rd.knowOurs(a.Ours)
	rd.knowCustomerKinds(a.Customers)
	// Called once the model has scored the sentence (rd.z), before it
	// decides: s.Levels are still the rules' own.
	rd.collect = func(s Sentence, _ []feature) {
		doubt := float32(math.MaxFloat32)
		for _, l := range Levels {
			doubt = min(doubt, float32(math.Abs(float64(rd.z[l]-m.threshold(l, s.Levels)))))
		}
		out = append(out, SentenceDoubt{s.Start, s.End, doubt})
	}
	_ = rd.stream(bytes.NewReader(text), func(Sentence, []Mention) {}, nil) // a bytes.Reader never fails
	return out
}
