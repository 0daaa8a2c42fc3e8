package lens

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

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

// TrainOptions are the settings of a training run. The zero value is not
// useful; start from DefaultTraining.
type TrainOptions struct {
	Epochs int
	// Rate is AdaGrad's learning rate; L2 the weight decay per update.
	Rate, L2 float64
	// MinSources drops a feature seen in fewer sources than this, so the
	// model cannot lean on one company's own words ("Zulip", a product
	// name) that will never be seen again.
	MinSources int
	// TuneThresholds picks each level's threshold, and the margin by which
	// a level the rules did not find must clear it, by cross-validation
	// over the training sources (leave one source out), maximizing F1 on
	// sentences the inner models did not see. Otherwise the thresholds are
	// 0 (probability ½) and there is no margin.
	TuneThresholds bool
	// WordPairs learns the features of word pairs too. Across
	// organizations they do harm (a source's pairs are its own turns of
	// phrase); on one organization's own writing they help, so adapting
	// learns them and training does not.
	WordPairs bool
	Seed      uint64
	// Orders is how many models, each trained in another order (drawn
	// from Seed) and tuned on its own, are averaged into one (Train). One
	// order's luck moved the held-out score by ±0.005 and the references
	// found in technical writing, which no corpus labels, by ±26%; four
	// orders, trained side by side, by ±0.0015 and ±6% (BENCHMARKS.md).
	// 0 means 1.
	Orders  int
	Version string
	// PreviousRead trains twice: first with the labeled levels of the
	// sentence before each one as features, then with the levels that
	// first model gives it, read as the lens reads (readAgain).
	// The lens only ever knows its own reading of the sentence before,
	// mistakes included; a model trained on the labels trusted it too
	// much (BENCHMARKS.md).
	PreviousRead bool
	// stream picks the order of a model trained in one order, as one of
	// the Orders of another.
	stream uint64
}

// DefaultTraining is how the shipped model is trained.
var DefaultTraining = TrainOptions{Epochs: 12, Rate: 0.03, L2: 1e-4, MinSources: 3, TuneThresholds: true, Seed: 1, Orders: 4, PreviousRead: true}

// Train fits a model to the examples. With several Orders, each order's
// model is trained and tuned on its own, side by side, and the models are
// averaged, thresholds included: a threshold tuned once is as much the
// luck of the order its inner models were trained in as a weight is
// (BENCHMARKS.md).
func Train(examples []Example, opt TrainOptions) *Model {
	if opt.PreviousRead {
		opt.PreviousRead = false
		first := Train(examples, opt)
		examples = readAgain(first, examples)
	}
	if opt.Orders > 1 {
		models := make([]*Model, opt.Orders)
		var wg sync.WaitGroup
		for k := range models {
			one := opt
			one.Orders, one.stream = 1, opt.stream+uint64(k)
			wg.Go(func() { models[k] = Train(examples, one) })
		}
		wg.Wait()
		m := averageModels(models)
		m.Version = opt.Version
		return m
	}
	m := fit(examples, opt)
	if opt.TuneThresholds {
		m.Threshold, m.AddMargin = tuneThresholds(examples, opt)
	}
	m.Version = opt.Version
	return m
}

// readAgain returns the examples read again with m: each
// sentence's features are then those the lens computes as it reads with m,
// the levels m gave the sentence before among them. Examples made without
// their document are kept as they are.
func readAgain(m *Model, examples []Example) []Example {
	out := make([]Example, 0, len(examples))
	for i := 0; i < len(examples); {
		j := i + 1
		for j < len(examples) && examples[j].Source == examples[i].Source && examples[j].Gold.Doc == examples[i].Gold.Doc {
			j++
		}
		doc := examples[i:j]
		if doc[0].doc == nil {
			out = append(out, doc...)
			i = j
			continue
		}
		gold := make([]LabeledSentence, len(doc))
		for k, ex := range doc {
			gold[k] = ex.Gold
		}
		again := docExamples(doc[0].doc, gold, doc[0].Source, m)
		for k := range again {
			again[k].Weight = doc[k].Weight
		}
		out = append(out, again...)
		i = j
	}
	return out
}

// averageModels averages the models' weights (a feature one of them does
// not weigh counts as 0 there), thresholds and margins, in the order given,
// so that the sums are the same every time.
func averageModels(models []*Model) *Model {
	n := float32(len(models))
	sums := map[uint64]*[numLevels]float32{}
	var keys []uint64
	out := &Model{wordPairs: models[0].wordPairs}
	for _, m := range models {
		for _, h := range m.table.keys() {
			sum := sums[h]
			if sum == nil {
				sum = new([numLevels]float32)
				sums[h] = sum
				keys = append(keys, h)
			}
			for l, w := range m.table.get(h) {
				sum[l] += w / n
			}
		}
		for l := range out.Threshold {
			out.Threshold[l] += m.Threshold[l] / n
		}
		out.AddMargin += m.AddMargin / n
	}
	for _, h := range keys {
		out.table.put(h, *sums[h])
	}
	return out
}

// fit runs logistic regression, one per level over shared features,
// trained by AdaGrad in a fixed shuffled order (so a run is reproducible).
func fit(examples []Example, opt TrainOptions) *Model {
	return fitFrom(nil, examples, opt)
}

// fitFrom fits as fit does, starting from the prior's weights and pulling
// each weight back toward the prior's rather than toward 0 (nil prior:
// from 0). Every feature of the prior is kept, beside those of the
// examples seen in opt.MinSources sources.
func fitFrom(prior *Model, examples []Example, opt TrainOptions) *Model {
	pairs := opt.WordPairs || prior != nil && prior.wordPairs
	vocab := keptFeatures(examples, opt.MinSources, pairs)
	index := make(map[uint64]int, len(vocab))
	for i, h := range vocab {
		index[h] = i
	}
	if prior != nil {
		for _, h := range prior.table.keys() {
			if _, ok := index[h]; !ok {
				index[h] = len(vocab)
				vocab = append(vocab, h)
			}
		}
	}
	rows := make([][]int, len(examples))
	for i, ex := range examples {
		for _, h := range ex.features(pairs) {
			if j, ok := index[h]; ok {
				rows[i] = append(rows[i], j)
			}
		}
	}
	w := make([][numLevels]float64, len(vocab))
	w0 := make([][numLevels]float64, len(vocab)) // the prior's weights
	if prior != nil {
		for j, h := range vocab {
			if pw := prior.table.get(h); pw != nil {
				for l := range pw {
					w0[j][l] = float64(pw[l])
				}
			}
		}
		copy(w, w0)
	}
	avg := descend(examples, rows, w, w0, opt)
	m := &Model{wordPairs: pairs}
	for j, h := range vocab {
		var ws [numLevels]float32
		keep := false
		for l := range ws {
			ws[l] = float32(avg[j][l])
			keep = keep || math.Abs(avg[j][l]) >= 5e-5
		}
		if keep {
			m.table.put(h, ws)
		}
	}
	return m
}

// descend runs AdaGrad over the examples, updating the weights w in place
// (each pulled back toward its w0), in the order that opt.Seed and
// opt.stream shuffle them, and returns the mean of the weights after each
// epoch.
func descend(examples []Example, rows [][]int, w, w0 [][numLevels]float64, opt TrainOptions) [][numLevels]float64 {
	g2 := make([][numLevels]float64, len(w))
	avg := make([][numLevels]float64, len(w))
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed+opt.stream))
	for epoch := 0; epoch < opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			weight := examples[i].Weight
			if weight == 0 {
				weight = 1
			}
			var z [numLevels]float64
			for _, j := range rows[i] {
				for l := range z {
					z[l] += w[j][l]
				}
			}
			for l := range z {
				y := 0.0
				if examples[i].Gold.Labels.Has(Level(l)) {
					y = 1
				}
				d := (sigmoid(z[l]) - y) * weight
				for _, j := range rows[i] {
					grad := d + opt.L2*(w[j][l]-w0[j][l])
					g2[j][l] += grad * grad
					w[j][l] -= opt.Rate * grad / math.Sqrt(g2[j][l]+1e-8)
				}
			}
		}
		for j := range w {
			for l := range w[j] {
				avg[j][l] += w[j][l] / float64(opt.Epochs)
			}
		}
	}
	return avg
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// keptFeatures lists, in a fixed order, the features seen in at least
// minSources sources.
func keptFeatures(examples []Example, minSources int, pairs bool) []uint64 {
	seen := map[uint64]map[string]bool{}
	for _, ex := range examples {
		for _, h := range ex.features(pairs) {
			s := seen[h]
			if s == nil {
				s = map[string]bool{}
				seen[h] = s
			}
			s[ex.Source] = true
		}
	}
	var out []uint64
	for h, s := range seen {
		if len(s) >= minSources {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// marginChoices are the margins tuneThresholds tries for the levels the
// rules did not find.
var marginChoices = []float32{0, 0.25, 0.5, 0.75, 1}

// tuneThresholds fits one model per training source left out, scores the
// left-out sentences, and picks the margin a level the rules did not find
// must clear, and for each level the threshold, that give the best micro
// F1 over all of them.
func tuneThresholds(examples []Example, opt TrainOptions) (th [numLevels]float32, margin float32) {
	inner := opt
	inner.TuneThresholds = false
	type scored struct {
		z           [numLevels]float32
		gold, rules LevelSet
	}
	var all []scored
	for _, src := range Sources(examples) {
		train, test := splitBySource(examples, src)
		if len(train) == 0 || len(test) == 0 {
			continue
		}
		m := fit(train, inner)
		for _, ex := range test {
			all = append(all, scored{m.scoreHashes(ex.Feats), ex.Gold.Labels, ex.Rules})
		}
	}
	bestF1 := -1.0
	for _, mg := range marginChoices {
		var cand [numLevels]float32
		var total Score
		for _, l := range Levels {
			zs := make([]float32, len(all))
			gold := make([]bool, len(all))
			for i, s := range all {
				zs[i], gold[i] = s.z[l], s.gold.Has(l)
				if !s.rules.Has(l) {
					zs[i] -= mg
				}
			}
			cand[l] = bestThreshold(zs, gold)
			for i := range zs {
				switch p := zs[i] >= cand[l]; {
				case p && gold[i]:
					total.TP++
				case p:
					total.FP++
				case gold[i]:
					total.FN++
				}
			}
		}
		if f := total.F1(); f > bestF1 {
			bestF1, th, margin = f, cand, mg
		}
	}
	return th, margin
}

// bestThreshold returns the cut (between two adjacent scores) that
// maximizes F1, or 0 when there is nothing to learn from.
func bestThreshold(z []float32, gold []bool) float32 {
	idx := make([]int, len(z))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return z[idx[a]] > z[idx[b]] })
	positives := 0
	for _, g := range gold {
		if g {
			positives++
		}
	}
	if positives == 0 {
		return 0
	}
	best, bestF1, tp := float32(0), -1.0, 0
	for k, i := range idx {
		if gold[i] {
			tp++
		}
		if k+1 < len(idx) && z[idx[k+1]] == z[i] {
			continue // a cut between equal scores is no cut
		}
		f1 := 2 * float64(tp) / float64(k+1+positives)
		if f1 > bestF1 {
			bestF1 = f1
			if k+1 < len(idx) {
				best = (z[i] + z[idx[k+1]]) / 2
			} else {
				best = z[i] - 1
			}
		}
	}
	return best
}

func (m *Model) scoreHashes(hs []uint64) [numLevels]float32 {
	var z [numLevels]float32
	for _, h := range hs {
		if w := m.table.get(h); w != nil {
			for l := range z {
				z[l] += w[l]
			}
		}
	}
	return z
}

// Predict gives the levels the model assigns to an example.
func (m *Model) Predict(ex Example) LevelSet {
	return m.levels(m.scoreHashes(ex.features(m.wordPairs)), ex.Rules)
}

// features lists the example's features, with its word pairs or without.
func (ex Example) features(pairs bool) []uint64 {
	if !pairs || len(ex.Pairs) == 0 {
		return ex.Feats
	}
	return append(slices.Clip(ex.Feats), ex.Pairs...)
}

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
	sources := Sources(examples)
	if len(sources) < 2 {
		return nil, fmt.Errorf("cross-validation needs documents of at least two sources, got %d", len(sources))
	}
	cv := &CrossValidation{Pooled: &Evaluation{}}
	for _, src := range sources {
		train, test := splitBySource(examples, src)
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
