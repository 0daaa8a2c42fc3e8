package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/faces-org/faces/lens"
)

func runLensEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces lens eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mistakes := fs.Bool("mistakes", false, "list every sentence the lens got wrong")
	words := fs.Int("words", 0, "list the `n` words that caused the most wrong labels, with the right ones they alone caused")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: faces lens eval [-mistakes] DIR\n\nDIR holds docs/ and labels.jsonl in the labeling guide's format.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	ev, err := lens.Evaluate(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "faces lens eval: %v\n", err)
		return 1
	}
	writeEvaluation(stdout, ev, *mistakes)
	if *words > 0 {
		writeWords(stdout, ev, *words)
	}
	return 0
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
