package lens

import (
	"fmt"
)

// Cross-validation grouped by source: a source's documents are never split
// between training and testing, so the score is what a user can expect on
// writing the lens was not trained on.

// Sources lists the examples' sources in order of first appearance.
func Sources(examples []Example) []string {
	var out []string
	seen := map[string]bool{}
	for _, ex := range examples {
		if !seen[ex.Source] {
			seen[ex.Source] = true
			out = append(out, ex.Source)
		}
	}
	return out
}

func splitBySource(examples []Example, source string) (train, test []Example) {
	for _, ex := range examples {
		if ex.Source == source {
			test = append(test, ex)
		} else {
			train = append(train, ex)
		}
	}
	return train, test
}

// Fold is one round of a grouped cross-validation: the source held out,
// and the scores on it of a model trained on every other source.
type Fold struct {
	Source     string
	Evaluation *Evaluation
}

// CrossValidation is the result of CrossValidate: each fold, and every
// fold's held-out sentences scored together.
type CrossValidation struct {
	Folds  []Fold
	Pooled *Evaluation
}

// CrossValidate estimates how the model does on writing it was not trained
// on: for each source in turn, it trains on all the others (with opt) and
// scores the held-out source's sentences. A source's documents are never
// split between training and testing, so a company's names and habits of
// writing cannot leak into its own test.
func CrossValidate(examples []Example, opt TrainOptions) (*CrossValidation, error) {
	return CrossValidateWith(examples, nil, opt)
}

// CrossValidateWith cross-validates over the sources of examples as
// CrossValidate does, and adds alsoTrain to every fold's training without
// ever holding it out: writing one may train on but whose score is not
// what is measured (texts written for the purpose, say), so the pooled
// score stays that of the examples' sources alone.
func CrossValidateWith(examples, alsoTrain []Example, opt TrainOptions) (*CrossValidation, error) {
	sources := Sources(examples)
	if len(sources) < 2 {
		return nil, fmt.Errorf("cross-validation needs documents of at least two sources, got %d", len(sources))
	}
	cv := &CrossValidation{Pooled: &Evaluation{}}
	for _, src := range sources {
		train, test := splitBySource(examples, src)
		train = append(train, alsoTrain...)
		ev := heldOut(Train(train, opt), test)
		cv.Pooled.merge(ev)
		cv.Folds = append(cv.Folds, Fold{src, ev})
	}
	return cv, nil
}

// heldOut scores m on the test examples. A document LoadExamples read is
// read whole, as the lens reads any text, so that what the scores say is
// what users get: the model's decisions and the limits on what it may add
// (Model.decide), which the features of one sentence alone cannot show.
// Examples made without their document are scored sentence by sentence.
func heldOut(m *Model, test []Example) *Evaluation {
	type document struct {
		text     []byte
		examples []Example
	}
	var docs []*document
	byName := map[string]*document{}
	for _, ex := range test {
		d := byName[ex.Gold.Doc]
		if d == nil {
			d = &document{text: ex.doc}
			byName[ex.Gold.Doc] = d
			docs = append(docs, d)
		}
		d.examples = append(d.examples, ex)
	}
	ev := &Evaluation{}
	a := Analyzer{Model: m}
	for _, d := range docs {
		ev.Documents++
		if d.text == nil {
			for _, ex := range d.examples {
				ev.Sentences++
				ev.score(ex.Gold, m.Predict(ex))
			}
			continue
		}
		gold := make([]LabeledSentence, len(d.examples))
		for i, ex := range d.examples {
			gold[i] = ex.Gold
		}
		ev.add(gold, a.AnalyzeBytes(d.text).Mentions)
	}
	return ev
}

// EvaluateExamples scores a model (nil: the rules) on examples, reading
// their documents as the lens does (heldOut).
func EvaluateExamples(m *Model, examples []Example) *Evaluation {
	if m != nil {
		return heldOut(m, examples)
	}
	ev := &Evaluation{}
	docs := map[string]bool{}
	for _, ex := range examples {
		p := ex.Rules
		ev.Sentences++
		ev.score(ex.Gold, p)
		docs[ex.Gold.Doc] = true
	}
	ev.Documents = len(docs)
	return ev
}
