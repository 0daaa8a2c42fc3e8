package lens

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
)

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
