package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/faces-org/faces/lens"
)

const lensLabelUsage = `Usage: faces lens label -o DIR [-sentences N] [-blank] [-model FILE] [-ours NAMES] [-customers WORDS] [-db DB] PATH…

Makes a labeling folder of your own writing, in the labeled corpora's
format: DIR/docs/ holds each document as the lens reads it, DIR/labels.jsonl
every sentence with the levels the lens reads in it (for you to correct),
and DIR/GUIDE.md the rules to label by. Then "faces lens adapt DIR" teaches
the lens your writing. With -sentences N, labels.jsonl lists only the N
sentences the lens is least sure of: labeling those teaches it most. DIR
must be new or empty: labels are never written over.

Flags:
`

// maxLabelBytes bounds a document taken for labeling: no one labels a
// longer one by hand, sentence by sentence. maxLabelTotal bounds them all
// together: the sentences are held until the doubted ones are picked.
const (
	maxLabelBytes = 1 << 20
	maxLabelTotal = 64 << 20
)

func runLensLabel(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("faces lens label", flag.ContinueOnError)
	fset.SetOutput(stderr)
	dir := fset.String("o", "", "write the labeling folder `DIR` (new or empty)")
	blank := fset.Bool("blank", false, "leave every sentence unlabeled instead of filling in what the lens reads")
	sentences := fset.Int("sentences", 0, "list only the `n` sentences the lens is least sure of (0: every sentence)")
	modelFile := fset.String("model", "", "read with the model in `file` (an adapted one, to pick the next sentences to label)")
	names := addLensNames(fset)
	fset.Usage = func() { fmt.Fprint(stderr, lensLabelUsage); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if *dir == "" || fset.NArg() == 0 || *sentences < 0 {
		fset.Usage()
		return 2
	}
	analyzer := lens.Default()
	if *modelFile != "" {
		m, err := readModelFile(*modelFile)
		if err != nil {
			fmt.Fprintf(stderr, "faces lens label: %v\n", err)
			return 1
		}
		analyzer = lens.Analyzer{Model: m}
	}
	if err := names.apply(ctx, &analyzer); err != nil {
		fmt.Fprintf(stderr, "faces lens label: %v\n", err)
		return 1
	}
	if *sentences > 0 && analyzer.Model == nil {
		fmt.Fprintln(stderr, "faces lens label: -sentences needs the lens's model, which this build could not read")
		return 1
	}
	lw, err := newLabelWriter(*dir, *blank, *sentences, analyzer)
	if err != nil {
		fmt.Fprintf(stderr, "faces lens label: %v\n", err)
		return 1
	}
	l := &lensRun{ctx: ctx, opt: lensOptions{progress: "auto"}, stdin: stdin,
		out: bufio.NewWriter(io.Discard), stderr: stderr, analyzer: analyzer, label: lw,
		workers: runtime.GOMAXPROCS(0)}
	code := l.run(fset.Args())
	if code == 0 && lw.docs == 0 {
		fmt.Fprintln(stderr, "faces lens label: nothing to label")
		code = 1
	}
	if code != 0 {
		lw.discard()
		return code
	}
	if err := lw.finish(); err != nil {
		fmt.Fprintf(stderr, "faces lens label: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s, %s (%d with a customer reference, as the lens reads them) → %s\n",
		count(lw.docs, "document"), count(lw.sentences, "sentence"), lw.referring, *dir)
	if lw.keep > 0 && lw.keep < lw.sentences {
		fmt.Fprintf(stdout, "labels.jsonl lists the %d sentences the lens is least sure of.\n", lw.keep)
	}
	fmt.Fprintf(stdout, "Correct the labels in %s by %s, then:\n  faces lens adapt -o our-model.txt %s\n",
		filepath.Join(*dir, "labels.jsonl"), filepath.Join(*dir, "GUIDE.md"), *dir)
	return 0
}

// labelWriter makes a labeling folder: each document into docs/, and its
// sentences into labels.jsonl, written once all documents are read.
type labelWriter struct {
	dir     string
	blank   bool
	keep    int           // list only this many sentences, those the model doubts most (0: all)
	doubter lens.Analyzer // what doubts them
	names   map[string]bool
	lines   []labelLine

	docs, sentences, referring, bytes int
}

// labelLine is a sentence of labels.jsonl, with how much the model doubts
// its reading.
type labelLine struct {
	lens.LabeledSentence
	doubt float32
}

func newLabelWriter(dir string, blank bool, keep int, doubter lens.Analyzer) (*labelWriter, error) {
	switch entries, err := os.ReadDir(dir); {
	case err == nil && len(entries) > 0:
		return nil, fmt.Errorf("%s is not empty: labels are never written over; choose a new folder", dir)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		return nil, err
	}
	return &labelWriter{dir: dir, blank: blank, keep: keep, doubter: doubter, names: map[string]bool{}}, nil
}

// add writes one document (text, as the lens read it) and its sentences.
func (w *labelWriter) add(path string, text []byte, doc *lens.Document) error {
	if len(text) > maxLabelBytes {
		return fmt.Errorf("over %d kB, too long to label by hand; label a part of it", maxLabelBytes>>10)
	}
	if w.bytes+len(text) > maxLabelTotal {
		return fmt.Errorf("left out: the labeling folder already holds %d MB of documents; label a sample", w.bytes>>20)
	}
	if !utf8.Valid(text) {
		// labels.jsonl holds each sentence's text, which JSON cannot
		// hold byte for byte unless it is UTF-8.
		return errors.New("not valid UTF-8; convert it to UTF-8 to label it")
	}
	w.bytes += len(text)
	name := w.nameFor(path)
	if err := os.WriteFile(filepath.Join(w.dir, "docs", name), text, 0o644); err != nil {
		return err
	}
	w.docs++
	doubts := map[int]float32{} // by where the sentence starts
	if w.keep > 0 {
		for _, d := range w.doubter.Doubts(text) {
			doubts[d.Start] = d.Doubt
		}
	}
	for _, s := range doc.Sentences {
		line := labelLine{LabeledSentence: lens.LabeledSentence{Doc: name, Start: s.Start, End: s.End, Text: string(text[s.Start:s.End])}}
		if !w.blank {
			line.Labels = s.Levels
		}
		line.doubt = doubts[s.Start]
		if s.Levels != 0 {
			w.referring++
		}
		w.sentences++
		w.lines = append(w.lines, line)
	}
	return nil
}

// nameFor names a document in docs/: its file name, ending in .txt, made
// unique with a number when two folders hold the same name.
func (w *labelWriter) nameFor(path string) string {
	base := filepath.Base(path)
	if path == "-" {
		base = "stdin"
	}
	base = strings.TrimSuffix(base, ".txt")
	name := base + ".txt"
	for n := 2; w.names[name]; n++ {
		name = fmt.Sprintf("%s~%d.txt", base, n)
	}
	w.names[name] = true
	return name
}

// discard removes what the writer made, when nothing was written: the
// folder stays new, to be used again.
func (w *labelWriter) discard() {
	if w.docs > 0 {
		return
	}
	os.Remove(filepath.Join(w.dir, "docs"))
	os.Remove(w.dir) // only if empty: it may have been there, empty, before
}

// finish writes labels.jsonl, whole or not at all, and the guide.
func (w *labelWriter) finish() error {
	if err := os.WriteFile(filepath.Join(w.dir, "GUIDE.md"), []byte(lens.LabelingGuide), 0o644); err != nil {
		return err
	}
	lines := w.lines
	if w.keep > 0 && w.keep < len(lines) {
		// The sentences doubted most, then back in document order.
		order := make([]int, len(lines))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return lines[order[a]].doubt < lines[order[b]].doubt })
		order = order[:w.keep]
		sort.Ints(order)
		kept := make([]labelLine, len(order))
		for i, k := range order {
			kept[i] = lines[k]
		}
		lines = kept
	}
	return writeWhole(filepath.Join(w.dir, "labels.jsonl"), func(out io.Writer) error {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false) // the text stays as readable as the document
		for _, l := range lines {
			if err := enc.Encode(l.LabeledSentence); err != nil {
				return err
			}
		}
		return nil
	})
}
