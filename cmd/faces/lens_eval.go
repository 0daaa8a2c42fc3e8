package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/faces-org/faces/lens"
)

func runLensEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces lens eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mistakes := fs.Bool("mistakes", false, "list every sentence the lens got wrong")
	words := fs.Int("words", 0, "list the `n` words that caused the most wrong labels, with the right ones they alone caused")
	rules := fs.Bool("rules", false, "score the rules alone, without the learned model")
	modelFile := fs.String("model", "", "score the model in `file` instead of the one Faces ships")
	cv := fs.Bool("cv", false, "cross-validate by source over all the DIRs: train on every source but one, score the one left out, in turn")
	names := addLensNames(fs)
	seeds := fs.Int("seeds", 1, "with -cv: cross-validate again with training seeds 2 to `n` (the order training reads the sentences in) and report each and their mean")
	var alsoTrain []string
	fs.Func("train", "with -cv: also train every fold on the labeled folder `DIR[=WEIGHT]`, never holding it out nor scoring it (repeatable)", func(dir string) error {
		alsoTrain = append(alsoTrain, dir)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: faces lens eval [-rules | -model FILE] [-ours NAMES] [-customers WORDS] [-db DB] [-mistakes] [-words N] DIR...\n       faces lens eval -cv [-seeds N] [-train DIR]... DIR...\n\nEach DIR holds docs/ and labels.jsonl in the labeling guide's format.\nWith -cv, a document's source is its folder and its file name up to the\nfirst hyphen (dev2/zulip-tum.txt is from dev2/zulip).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "faces lens eval: %v\n", err)
		return 1
	}
	if len(alsoTrain) > 0 && !*cv {
		return fail(fmt.Errorf("-train goes with -cv"))
	}
	if *cv && names.given() {
		return fail(fmt.Errorf("-ours, -customers and -db do not go with -cv, which reads the corpora as the shipped model is trained on them"))
	}
	if *cv {
		examples, err := loadExamples(fs.Args())
		if err != nil {
			return fail(err)
		}
		extra, err := loadExamples(alsoTrain)
		if err != nil {
			return fail(err)
		}
		res, err := lens.CrossValidateWith(examples, extra, lens.DefaultTraining)
		if err != nil {
			return fail(err)
		}
		writeCrossValidation(stdout, res, *mistakes)
		if *seeds > 1 {
			writeSeeds(stdout, append([]*lens.Evaluation{res.Pooled}, crossValidateSeeds(examples, extra, 2, *seeds)...))
		}
		return 0
	}
	an := lens.Default()
	switch {
	case *rules:
		an = lens.Rules
	case *modelFile != "":
		m, err := readModelFile(*modelFile)
		if err != nil {
			return fail(err)
		}
		an = lens.Analyzer{Model: m}
	}
	if err := names.apply(ctx, &an); err != nil {
		return fail(err)
	}
	for i, dir := range fs.Args() {
		ev, err := an.Evaluate(dir)
		if err != nil {
			return fail(err)
		}
		if fs.NArg() > 1 {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "== %s\n", dir)
		}
		writeEvaluation(stdout, ev, *mistakes)
		if *words > 0 {
			writeWords(stdout, ev, *words)
		}
	}
	return 0
}

// loadExamples reads labeled folders, each given as DIR or DIR=WEIGHT (a
// folder's sentences counted WEIGHT times in training).
func loadExamples(dirs []string) ([]lens.Example, error) {
	var all []lens.Example
	for _, arg := range dirs {
		dir, weight := arg, 1.0
		if d, w, ok := strings.Cut(arg, "="); ok {
			v, err := strconv.ParseFloat(w, 64)
			if err != nil || v <= 0 {
				return nil, fmt.Errorf("%s: the weight after = must be a positive number", arg)
			}
			dir, weight = d, v
		}
		ex, err := lens.LoadExamples(dir)
		if err != nil {
			return nil, err
		}
		for i := range ex {
			ex[i].Weight = weight
		}
		all = append(all, ex...)
	}
	return all, nil
}

func readModelFile(path string) (*lens.Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return lens.ReadModel(f)
}

// crossValidateSeeds cross-validates with each training seed from first
// to last, on every core, and returns the pooled held-out scores in the
// order of the seeds; alsoTrain is trained on in every fold and never
// held out. The examples are only read, so the runs share them.
func crossValidateSeeds(examples, alsoTrain []lens.Example, first, last int) []*lens.Evaluation {
	pooled := make([]*lens.Evaluation, last-first+1)
	seeds := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for seed := range seeds {
				opt := lens.DefaultTraining
				opt.Seed = uint64(seed)
				res, _ := lens.CrossValidateWith(examples, alsoTrain, opt) // the first run checked the sources
				pooled[seed-first] = res.Pooled
			}
		})
	}
	for seed := first; seed <= last; seed++ {
		seeds <- seed
	}
	close(seeds)
	wg.Wait()
	return pooled
}

// writeSeeds prints the pooled held-out scores of the same
// cross-validation trained with seeds 1, 2, …: a difference between two
// variants smaller than the spread between seeds is the order's luck.
func writeSeeds(w io.Writer, pooled []*lens.Evaluation) {
	fmt.Fprintf(w, "\nThe same, trained with %d seeds (the order training reads the sentences in), F1:\n\n", len(pooled))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "seed\tmarket\tenterprise\trole\tperson\tmicro\t")
	var sum [5]float64
	lo, hi := 1.0, 0.0
	for i, ev := range pooled {
		fmt.Fprintf(tw, "%d", i+1)
		for k, l := range lens.Levels {
			f := ev.PerLevel[l].F1()
			sum[k] += f
			fmt.Fprintf(tw, "\t%.3f", f)
		}
		micro := ev.Micro().F1()
		sum[4] += micro
		lo, hi = min(lo, micro), max(hi, micro)
		fmt.Fprintf(tw, "\t%.3f\t\n", micro)
	}
	fmt.Fprint(tw, "mean")
	for _, v := range sum {
		fmt.Fprintf(tw, "\t%.3f", v/float64(len(pooled)))
	}
	fmt.Fprintln(tw, "\t")
	tw.Flush()
	fmt.Fprintf(w, "\nMicro F1 from %.3f to %.3f.\n", lo, hi)
}

// writeCrossValidation prints one line per held-out source, then the
// held-out sentences of all folds scored together.
func writeCrossValidation(w io.Writer, cv *lens.CrossValidation, mistakes bool) {
	fmt.Fprintf(w, "Cross-validation by source: %d folds, each source held out in turn\n\n", len(cv.Folds))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "held out\tdocs\tsentences\tmarket\tenterprise\trole\tperson\tmicro F1\t")
	for _, f := range cv.Folds {
		ev := f.Evaluation
		fmt.Fprintf(tw, "%s\t%d\t%d", f.Source, ev.Documents, ev.Sentences)
		for _, l := range lens.Levels {
			fmt.Fprintf(tw, "\t%s", foldF1(ev.PerLevel[l]))
		}
		fmt.Fprintf(tw, "\t%s\t\n", foldF1(ev.Micro()))
	}
	tw.Flush()
	fmt.Fprintln(w, "\n(\"–\": the source has no sentence labeled or predicted at that level)")
	fmt.Fprintln(w, "\nAll held-out sentences together:")
	writeEvaluation(w, cv.Pooled, mistakes)
}

func foldF1(s lens.Score) string {
	if s.TP+s.FP+s.FN == 0 {
		return "–"
	}
	return fmt.Sprintf("%.3f", s.F1())
}

func writeEvaluation(w io.Writer, ev *lens.Evaluation, mistakes bool) {
	fmt.Fprintf(w, "%d documents, %d sentences\n\n", ev.Documents, ev.Sentences)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "level\tprecision\trecall\tF1\tTP\tFP\tFN\t")
	for _, l := range lens.Levels {
		writeScore(tw, l.String(), ev.PerLevel[l])
	}
	writeScore(tw, "micro", ev.Micro())
	fmt.Fprintf(tw, "macro\t\t\t%.3f\t\t\t\t\n", ev.MacroF1())
	tw.Flush()

	fmt.Fprintln(w, "\nConfusion (rows: labeled, columns: predicted; off the diagonal, mistakes)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	names := []string{"market", "enterprise", "role", "person", "none"}
	fmt.Fprintln(tw, "\t"+strings.Join(names, "\t")+"\t")
	for g, row := range ev.Confusion {
		fmt.Fprint(tw, names[g])
		for _, n := range row {
			fmt.Fprintf(tw, "\t%d", n)
		}
		fmt.Fprintln(tw, "\t")
	}
	tw.Flush()

	writePatterns(w, ev, 10)

	if mistakes {
		fmt.Fprintf(w, "\n%d sentences with mistakes\n", len(ev.Mistakes))
		for _, m := range ev.Mistakes {
			fmt.Fprintf(w, "%s:%d labeled %s predicted %s | %s\n", m.Doc, m.Start, levelList(m.Labels), levelList(m.Predicted), m.Text)
		}
	}
}

func writeScore(w io.Writer, name string, s lens.Score) {
	fmt.Fprintf(w, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t\n", name, s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN)
}

func levelList(s lens.LevelSet) string {
	var names []string
	for _, l := range s.Slice() {
		names = append(names, l.String())
	}
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, ",")
}

func writeWords(w io.Writer, ev *lens.Evaluation, n int) {
	keys := make([]lens.WordLevel, 0, len(ev.Words))
	for k := range ev.Words {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := ev.Words[keys[i]], ev.Words[keys[j]]
		if a.FP-a.TP != b.FP-b.TP {
			return a.FP-a.TP > b.FP-b.TP
		}
		return keys[i].Word < keys[j].Word
	})
	fmt.Fprintf(w, "\nWords by wrong labels minus right ones they alone made\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "word\tlevel\twrong\tright alone")
	for _, k := range keys[:min(n, len(keys))] {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", k.Word, k.Level, ev.Words[k].FP, ev.Words[k].TP)
	}
	tw.Flush()
}

// writePatterns lists the n most common kinds of mistake: a sentence's
// labels and what was predicted instead, counted over every mistake.
func writePatterns(w io.Writer, ev *lens.Evaluation, n int) {
	type pattern struct{ gold, pred lens.LevelSet }
	counts := map[pattern]int{}
	for _, m := range ev.Mistakes {
		counts[pattern{m.Labels, m.Predicted}]++
	}
	if len(counts) == 0 {
		return
	}
	ps := make([]pattern, 0, len(counts))
	for p := range counts {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool {
		if counts[ps[i]] != counts[ps[j]] {
			return counts[ps[i]] > counts[ps[j]]
		}
		if ps[i].gold != ps[j].gold {
			return ps[i].gold < ps[j].gold
		}
		return ps[i].pred < ps[j].pred
	})
	fmt.Fprintf(w, "\nThe %d most common mistakes (of %d sentences with one)\n", min(n, len(ps)), len(ev.Mistakes))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "sentences\tlabeled\tpredicted")
	for _, p := range ps[:min(n, len(ps))] {
		fmt.Fprintf(tw, "%d\t%s\t%s\n", counts[p], levelList(p.gold), levelList(p.pred))
	}
	tw.Flush()
}
