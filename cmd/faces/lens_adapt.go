package main

import (
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/faces-org/faces/lens"
)

// minAdaptSentences is how many labeled sentences adaptation needs before
// it helps on average (BENCHMARKS.md: with 100 or fewer it made the lens
// worse, whichever sentences were picked; with 200 of those it doubted
// most, it gained what a whole source gave).
const minAdaptSentences = 200

// runLensAdapt adapts the shipped model to an organization's own labeled
// writing (made with `faces lens label`), says how the adapted model does
// on documents it was not adapted on, and writes it.
func runLensAdapt(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces lens adapt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the adapted model to `file` (default: standard output)")
	version := fs.String("version", "", "name the model `v` (a date, say)")
	from := fs.String("from", "", "adapt the model in `file` instead of the one Faces ships")
	folds := fs.Int("folds", 5, "check the adaptation on held-out documents in `n` rounds (0: no check)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: faces lens adapt [-o FILE] [-version V] [-from MODEL] [-folds N] DIR[=WEIGHT]...\n\nAdapts the lens's model to your own labeled writing (each DIR made by\n\"faces lens label\" and corrected by hand), after checking it on documents\nleft out in turn. Use the result with \"faces lens -model FILE\".")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 || *folds < 0 {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "faces lens adapt: %v\n", err)
		return 1
	}
	examples, err := loadExamples(fs.Args())
	if err != nil {
		return fail(err)
	}
	if len(examples) == 0 {
		return fail(fmt.Errorf("no labeled sentences in %v", fs.Args()))
	}
	base, err := lens.ShippedModel()
	if *from != "" {
		base, err = readModelFile(*from)
	}
	if err != nil {
		return fail(err)
	}
	report := stdout // the model goes to standard output when no -o is given
	if *out == "" {
		report = stderr
	}
	docs := lens.CountDocuments(examples)
	fmt.Fprintf(report, "%s in %s.\n", count(len(examples), "labeled sentence"), count(docs, "document"))
	if len(examples) < minAdaptSentences {
		fmt.Fprintf(report, "Fewer than %d: adapting on so few sentences more often makes the lens worse than better.\n", minAdaptSentences)
	}
	opt := lens.DefaultAdapting
	opt.Version = *version
	better := true // unless the check says otherwise
	if *folds > 0 && docs >= 2 {
		v, err := lens.ValidateAdapt(base, examples, opt, *folds)
		if err != nil {
			return fail(err)
		}
		better = writeAdaptValidation(report, v, *from)
	} else if *folds > 0 {
		fmt.Fprintln(report, "One document: nothing to check the adaptation on; label more.")
	}
	m := lens.Adapt(base, examples, opt)
	if *out == "" {
		_, err = m.WriteTo(stdout)
	} else {
		err = writeModel(*out, m)
	}
	if err != nil {
		return fail(err)
	}
	switch {
	case *out != "" && better:
		fmt.Fprintf(report, "Adapted model (%d features) → %s; read with it: faces lens -model %s PATH…\n", m.Features(), *out, *out)
	case *out != "":
		// Adapting can make the lens worse on an organization's other
		// kinds of documents (BENCHMARKS.md: two labeled sources of eight
		// lost up to 0.09): the model is written, but not recommended.
		fmt.Fprintf(report, "Adapted model (%d features) → %s, for comparison only: on your held-out documents it read no better than %s, so keep reading without it.\n", m.Features(), *out, baseName(*from))
	}
	return 0
}

// baseName names the model adapted: the one Faces ships, or the one in
// from.
func baseName(from string) string {
	if from != "" {
		return "the model in " + from
	}
	return "the model Faces ships"
}

// writeAdaptValidation prints the held-out scores of the model before and
// after adaptation, and what they mean; it tells whether the adapted model
// did better.
func writeAdaptValidation(w io.Writer, v *lens.AdaptValidation, from string) bool {
	base := baseName(from)
	fmt.Fprintf(w, "\nOn documents held out in turn (%d rounds, %d sentences), F1 of %s and of it adapted on the other documents:\n", v.Folds, v.After.Sentences, base)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "level\tbefore\tadapted\t")
	for _, l := range lens.Levels {
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", l, foldF1(v.Before.PerLevel[l]), foldF1(v.After.PerLevel[l]))
	}
	fmt.Fprintf(tw, "micro\t%.3f\t%.3f\t\n", v.Before.Micro().F1(), v.After.Micro().F1())
	tw.Flush()
	before, after := v.Before.Micro().F1(), v.After.Micro().F1()
	if after > before {
		fmt.Fprintf(w, "Adapted, the lens reads your held-out documents better (micro F1 %.3f → %.3f).\n\n", before, after)
		return true
	}
	fmt.Fprintf(w, "Adapted, the lens reads your held-out documents no better (micro F1 %.3f → %.3f): label more documents, and more kinds of them, before relying on it.\n\n", before, after)
	return false
}

// count writes n and the noun, plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
