package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/faces-org/faces/lens"
	"github.com/faces-org/faces/lens/htmlreport"
	"golang.org/x/term"
)

const lensUsage = `Usage: faces lens [flags] PATH…

Finds every customer reference in the files and folders given (folders are
read recursively; "-" reads standard input) and tells its level: market,
enterprise, role or person. Plain text, Markdown and HTML are read; offsets
are byte offsets into each original file.

Flags:
`

// maxMarkupBytes bounds a Markdown or HTML file, which is read whole to strip
// its markup; a larger one is read as plain text, streaming.
const maxMarkupBytes = 64 << 20

type lensOptions struct {
	json     bool
	htmlPath string
	progress string
	by       string     // "", "month" or "year": group documents by date
	rules    bool       // the rules alone, without the learned model
	model    string     // a model file (faces lens adapt) instead of the shipped model
	names    *lensNames // our names and words for customers: -ours, -customers, -db
}

func runLens(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("faces lens", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var opt lensOptions
	fset.BoolVar(&opt.json, "json", false, "write JSON Lines, one object per document, instead of the report")
	fset.StringVar(&opt.htmlPath, "html", "", "also write a self-contained HTML report to this `file`")
	fset.StringVar(&opt.progress, "progress", "auto", "progress bar on standard error: auto (when it is a terminal and there are many files), always or never")
	fset.BoolVar(&opt.rules, "rules", false, "read with the rules alone, without the learned model (to compare)")
	fset.StringVar(&opt.model, "model", "", "read with the model in `file` (made by faces lens adapt) instead of the one Faces ships")
	opt.names = addLensNames(fset)
	fset.StringVar(&opt.by, "by", "", "group documents by `period` (month or year) of their date: front matter, HTML meta date, a leading date line, else the file's modification time")
	fset.Usage = func() { fmt.Fprint(stderr, lensUsage); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if opt.by != "" && opt.by != "month" && opt.by != "year" {
		fmt.Fprintf(stderr, "faces lens: -by %q: want month or year\n", opt.by)
		return 2
	}
	if fset.NArg() == 0 {
		fset.Usage()
		return 2
	}
	if opt.rules && opt.model != "" {
		fmt.Fprintln(stderr, "faces lens: -rules reads without a model; give -rules or -model, not both")
		return 2
	}
	out := bufio.NewWriterSize(stdout, 64*1024) // --json writes about as many bytes as it reads
	defer out.Flush()
	l := &lensRun{ctx: ctx, opt: opt, stdin: stdin, out: out, stderr: stderr, analyzer: lens.Default(),
		workers: runtime.GOMAXPROCS(0)}
	if opt.rules {
		l.analyzer = lens.Rules
	}
	if opt.model != "" {
		m, err := readModelFile(opt.model)
		if err != nil {
			fmt.Fprintf(stderr, "faces lens: %v\n", err)
			return 1
		}
		l.analyzer = lens.Analyzer{Model: m}
	}
	if err := opt.names.apply(ctx, &l.analyzer); err != nil {
		fmt.Fprintf(stderr, "faces lens: %v\n", err)
		return 1
	}
	return l.run(fset.Args())
}

// lensNames are the flags that tell the lens our own names and our words
// for our customers, as lens, eval and label take them: on the command
// line, or as a Faces database holds them, or both.
type lensNames struct{ ours, customers, db string }

func addLensNames(fset *flag.FlagSet) *lensNames {
	n := &lensNames{}
	fset.StringVar(&n.ours, "ours", "", "our own organization's and products' `names`, comma-separated (\"Acme,Acme Cloud\"): read as ours, never as a customer")
	fset.StringVar(&n.customers, "customers", "", customersUsage)
	fset.StringVar(&n.db, "db", "", "also read with our own names and our words for customers as Faces holds them (Admin, Our words) in this `database`: an SQLite file or a postgres:// URL")
	return n
}

// given tells whether any of the flags was given.
func (n *lensNames) given() bool { return n.ours != "" || n.customers != "" || n.db != "" }

// apply gives the analyzer the names and words: the flags', then the
// database's.
func (n *lensNames) apply(ctx context.Context, a *lens.Analyzer) error {
	a.Ours, a.Customers = splitNames(n.ours), splitNames(n.customers)
	if n.db == "" {
		return nil
	}
	ours, customers, err := wordsFromFaces(ctx, n.db)
	a.Ours, a.Customers = append(a.Ours, ours...), append(a.Customers, customers...)
	return err
}

// wordsFromFaces reads our own names and our words for customers from the
// settings of the Faces database dsn, so the lens reads files as Faces
// reads its own texts. A database that is not there is an error, never
// a new empty one.
func wordsFromFaces(ctx context.Context, dsn string) (ours, customers []string, err error) {
	if !isPostgres(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, nil, fmt.Errorf("-db: %w", err)
		}
	}
	db, err := openDB(ctx, dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("-db: %w", err)
	}
	defer db.Close()
	c, err := db.StoryCheck(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("-db: reading its settings: %w", err)
	}
	return c.OurNames, c.CustomerWords, nil
}

// customersUsage describes the -customers flag of faces lens and faces
// lens eval.
const customersUsage = "the `words` your organization calls its customers by, comma-separated (\"patients,members\", \"collectors,galleries,auction houses\"): read as customers, as \"customers\" and \"clients\" are"

// splitNames reads a comma-separated list of names.
func splitNames(list string) []string {
	var names []string
	for _, n := range strings.Split(list, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// lensRun is one run of "faces lens": its inputs, outputs and tallies.
type lensRun struct {
	ctx    context.Context
	opt    lensOptions
	stdin  io.Reader
	out    *bufio.Writer
	stderr io.Writer

	analyzer lens.Analyzer
	corpus   lens.Corpus
	trend    lens.Trend
	failed   int
	report   *htmlreport.Writer
	progress *progressBar
	in       *bufio.Reader // reads each file, on one core
	line     []byte        // a document's JSON line
	label    *labelWriter  // faces lens label: writes a labeling folder instead

	// workers reads documents on that many cores (0 or 1: one). When
	// several read, work carries the documents to them and order holds
	// where each will be left, in the order given (readInParallel).
	workers int
	work    chan lensJob
	order   chan chan lensDoc
}

func (l *lensRun) run(paths []string) int {
	if l.opt.htmlPath != "" {
		r, err := htmlreport.NewWriter()
		if err != nil {
			fmt.Fprintf(l.stderr, "faces lens: %v\n", err)
			return 1
		}
		defer r.Discard()
		r.ReadBy = l.readBy()
		l.report = r
	}
	if l.opt.progress == "always" || l.opt.progress == "auto" && isTerminal(l.stderr) {
		if n := countFiles(paths); l.opt.progress == "always" || n >= manyFiles {
			l.progress = newProgressBar(l.stderr, n)
		}
	}
	if !l.opt.json && l.label == nil {
		fmt.Fprintf(l.out, "%-44s %8s %10s %8s %8s %11s %9s\n", "document", "market", "enterprise", "role", "person", "no customer", "us share")
	}
	if l.workers > 1 {
		wait := l.readInParallel(l.workers)
		l.walkAll(paths)
		wait()
	} else {
		l.walkAll(paths)
	}
	l.progress.done()
	var periods []lens.Period
	if l.opt.by != "" {
		periods = l.trend.Periods()
	}
	if !l.opt.json && l.label == nil {
		writeCorpusSummary(l.out, &l.corpus, l.failed)
		fmt.Fprintf(l.out, "Read by %s.\n", l.readBy())
		if periods != nil {
			writeTrend(l.out, l.opt.by, periods)
		}
	}
	if l.report != nil {
		if err := l.report.Finish(l.opt.htmlPath, &l.corpus, l.opt.by, periods); err != nil {
			fmt.Fprintf(l.stderr, "faces lens: writing %s: %v\n", l.opt.htmlPath, err)
			return 1
		}
	}
	if l.corpus.Documents == 0 {
		fmt.Fprintln(l.stderr, "faces lens: nothing could be analyzed")
		return 1
	}
	return 0
}

func (l *lensRun) walkAll(paths []string) {
	for _, p := range paths {
		if l.ctx.Err() != nil {
			break
		}
		l.walk(p)
	}
}

// manyFiles is how many files make a folder large enough for a progress bar.
const manyFiles = 20

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// walk analyzes a file, or every file under a folder, in name order.
func (l *lensRun) walk(root string) {
	if root == "-" {
		l.submit(lensJob{path: "-", stdin: l.stdin})
		return
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if l.ctx.Err() != nil {
			return l.ctx.Err()
		}
		if err != nil {
			l.submit(lensJob{path: path, err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir // .git and the like
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		var modTime time.Time
		if l.opt.by != "" { // a file's date is its last resort; a stat each costs
			if info, err := d.Info(); err == nil {
				modTime = info.ModTime()
			}
		}
		l.submit(lensJob{path: path, modTime: modTime})
		return nil
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		l.submit(lensJob{path: root, err: err})
	}
}

// lensJob is one document to read: a file's path (with its modification
// time when -by needs it), standard input, or what kept the walk from it.
type lensJob struct {
	path    string
	modTime time.Time
	stdin   io.Reader // for "-"
	err     error
	done    chan lensDoc // where a worker leaves it read
}

// lensDoc is a document as read, waiting to be recorded in the order the
// documents were given.
type lensDoc struct {
	path    string
	doc     *lens.Document
	text    []byte // the whole text, when the report or the labeling keeps it
	dated   datedDocument
	badUTF8 bool // text is not valid UTF-8
	err     error
}

// submit has a document read and recorded: at once when the run reads on
// one core, else by the workers (readInParallel), recorded in turn.
func (l *lensRun) submit(j lensJob) {
	if l.work == nil {
		l.record(l.read(&l.in, j))
		return
	}
	j.done = make(chan lensDoc, 1)
	l.order <- j.done
	l.work <- j
}

// readInParallel starts n workers that read documents while the walk goes
// on, and one goroutine that records them in the order they were
// submitted, so the output is the same as on one core. At most 2n
// documents wait to be recorded, which bounds the memory. The returned
// function waits until every submitted document is recorded.
func (l *lensRun) readInParallel(n int) (wait func()) {
	l.work, l.order = make(chan lensJob), make(chan chan lensDoc, 2*n)
	var workers sync.WaitGroup
	for range n {
		workers.Go(func() {
			var in *bufio.Reader
			for j := range l.work {
				j.done <- l.read(&in, j)
			}
		})
	}
	recorded := make(chan struct{})
	go func() {
		for done := range l.order {
			l.record(<-done)
		}
		close(recorded)
	}()
	return func() {
		close(l.work)
		close(l.order)
		workers.Wait()
		<-recorded
		l.work, l.order = nil, nil
	}
}

// read opens and analyzes one document. in is the reader's buffer, kept
// from document to document. It touches nothing the other workers do.
func (l *lensRun) read(in **bufio.Reader, j lensJob) lensDoc {
	d := lensDoc{path: j.path, err: j.err}
	if d.err != nil {
		return d
	}
	r := j.stdin
	if r == nil {
		f, err := openText(j.path)
		if err != nil {
			d.err = err
			return d
		}
		defer f.Close()
		r = f
	}
	if *in == nil {
		*in = bufio.NewReaderSize(r, 64*1024)
	} else {
		(*in).Reset(r) // its 64 kB buffer kept from file to file
	}
	d.doc, d.text, d.dated, d.err = l.analyze(j.path, *in, j.modTime)
	d.badUTF8 = d.text != nil && !utf8.Valid(d.text)
	return d
}

// analyze reads one document from br. modTime is the file's, zero for
// standard input. text is the whole text when the report or the labeling
// keeps it, or the file is Markdown or HTML (read whole to mask its
// markup).
func (l *lensRun) analyze(path string, br *bufio.Reader, modTime time.Time) (doc *lens.Document, text []byte, dated datedDocument, err error) {
	head, err := br.Peek(8192)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, nil, dated, err
	}
	if isBinary(head) {
		return nil, nil, dated, errors.New("binary file, not text")
	}
	format := lens.DetectFormat(path, head)
	if l.opt.by != "" {
		dated = documentDate(format, head, modTime)
	}
	switch {
	case format != lens.PlainText:
		b, err := io.ReadAll(io.LimitReader(br, maxMarkupBytes+1))
		if err != nil {
			return nil, nil, dated, err
		}
		if len(b) > maxMarkupBytes {
			return nil, nil, dated, fmt.Errorf("%s file over %d MB; not analyzed", format, maxMarkupBytes>>20)
		}
		text = lens.Mask(format, b)
		return l.analyzer.AnalyzeBytes(text), text, dated, nil
	case l.report != nil || l.label != nil: // both keep the text
		var r io.Reader = br
		if l.label != nil {
			r = io.LimitReader(br, maxLabelBytes+1) // enough for label.add to refuse it
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, nil, dated, err
		}
		return l.analyzer.AnalyzeBytes(b), b, dated, nil
	}
	doc, err = l.analyzer.Analyze(br)
	return doc, nil, dated, err
}

// record writes a document's results and adds it to the run's tallies.
func (l *lensRun) record(d lensDoc) {
	defer l.progress.step(d.path)
	if d.err != nil {
		l.fail(d.path, d.err)
		return
	}
	doc := d.doc
	doc.Path = d.path
	l.corpus.Add(doc)
	if l.opt.by != "" {
		l.trend.Add(d.dated.period(l.opt.by), doc)
	}
	if l.label != nil {
		if err := l.label.add(d.path, d.text, doc); err != nil {
			l.fail(d.path, err)
		}
		return
	}
	if d.badUTF8 {
		fmt.Fprintf(l.stderr, "faces lens: %s: invalid UTF-8, analyzed what could be read\n", d.path)
	}
	if l.report != nil {
		if err := l.report.Add(doc, d.text); err != nil {
			fmt.Fprintf(l.stderr, "faces lens: report: %v\n", err)
		}
	}
	if l.opt.json {
		l.line = doc.AppendJSON(l.line[:0])
		if l.opt.by != "" {
			l.line = d.dated.appendJSON(l.line)
		}
		l.out.Write(append(l.line, '\n'))
		return
	}
	writeDocumentLine(l.out, doc)
}

// readBy says what read the documents, so that reports made with the
// shipped model, an adapted one or the rules alone are told apart.
func (l *lensRun) readBy() string {
	by := "the rules alone"
	if m := l.analyzer.Model; m != nil {
		by = "the rules and the model Faces ships"
		if l.opt.model != "" {
			by = "the rules and the model in " + l.opt.model
		}
		if m.Version != "" {
			by += " (" + m.Version + ")"
		}
	}
	var given []string
	if ours := l.analyzer.Ours; len(ours) > 0 {
		given = append(given, strings.Join(ours, ", ")+" read as ours")
	}
	if kinds := l.analyzer.Customers; len(kinds) > 0 {
		given = append(given, strings.Join(kinds, ", ")+" read as customers")
	}
	if len(given) > 0 {
		by += ", with " + strings.Join(given, " and ")
	}
	return by
}

func (l *lensRun) fail(path string, err error) {
	l.failed++
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	fmt.Fprintf(l.stderr, "faces lens: %s: %v\n", path, err)
}

// isBinary tells text from binary by the first bytes: a NUL byte, or many
// control characters, mean binary.
func isBinary(head []byte) bool {
	control := 0
	for _, c := range head {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f':
			control++
		}
	}
	return len(head) > 0 && control*10 > len(head)
}

func countFiles(paths []string) int {
	n := 0
	for _, root := range paths {
		if root == "-" {
			n++
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				n++
			}
			return nil
		})
	}
	return n
}

func writeDocumentLine(w io.Writer, d *lens.Document) {
	free := ""
	if d.CustomerFree {
		free = "yes"
	}
	name := d.Path
	if len(name) > 44 {
		name = "…" + name[len(name)-43:]
	}
	fmt.Fprintf(w, "%-44s %8d %10d %8d %8d %11s %8.0f%%\n", name, d.Counts[lens.Market], d.Counts[lens.Enterprise], d.Counts[lens.Role], d.Counts[lens.Person], free, d.UsShare*100)
}

func writeCorpusSummary(w io.Writer, c *lens.Corpus, failed int) {
	fmt.Fprintf(w, "\n%d documents (%s), %d sentences, %d customer references", c.Documents, humanBytes(c.Bytes), c.Sentences, c.Mentions.Total())
	if failed > 0 {
		fmt.Fprintf(w, "; %d could not be read", failed)
	}
	fmt.Fprintf(w, "\nDocuments that never mention a customer: %d (%.0f%%)\n", c.CustomerFree, c.CustomerFreeShare()*100)
	if mentioned := c.Documents - c.CustomerFree; mentioned > 0 {
		fmt.Fprintf(w, "Of the %d that do, the most concrete level they reach:", mentioned)
		for _, l := range lens.Levels {
			fmt.Fprintf(w, " %s %.0f%%", l, c.MostConcreteShare(l)*100)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "References by level:")
	for _, l := range lens.Levels {
		share := c.LevelShare(l)
		fmt.Fprintf(w, "  %-10s %6d  %5.1f%%  %s\n", l, c.Mentions[l], share*100, strings.Repeat("█", int(share*40+0.5)))
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// datedDocument is a document's analysis with the date it was written, as
// `faces lens -by` reads it.
type datedDocument struct {
	*lens.Document
	Date     string `json:"date,omitempty"`      // 2006-01-02
	DateFrom string `json:"date_from,omitempty"` // front matter, meta, date line or file time
}

func documentDate(f lens.Format, head []byte, modTime time.Time) datedDocument {
	if d, from, ok := lens.DocumentDate(f, head); ok {
		return datedDocument{Date: d.Format("2006-01-02"), DateFrom: from}
	}
	if !modTime.IsZero() {
		return datedDocument{Date: modTime.Format("2006-01-02"), DateFrom: "file time"}
	}
	return datedDocument{}
}

// appendJSON adds the date fields to a document's JSON object, as
// encoding/json writes the embedded document's fields and then these.
func (d datedDocument) appendJSON(b []byte) []byte {
	b = b[:len(b)-1] // the document's closing brace
	if d.Date != "" {
		q, _ := json.Marshal(d.Date)
		b = append(append(b, `,"date":`...), q...)
	}
	if d.DateFrom != "" {
		q, _ := json.Marshal(d.DateFrom)
		b = append(append(b, `,"date_from":`...), q...)
	}
	return append(b, '}')
}

func (d datedDocument) period(by string) string {
	switch {
	case d.Date == "":
		return lens.Undated
	case by == "year":
		return d.Date[:4]
	}
	return d.Date[:7]
}

// writeTrend prints the seed's two figures period by period: the share of
// documents that never mention a customer, and among the rest, the share
// whose most concrete reference is at each level.
func writeTrend(w io.Writer, by string, periods []lens.Period) {
	fmt.Fprintf(w, "\nBy %s (among documents that mention customers, the share whose most concrete level is each):\n", by)
	fmt.Fprintf(w, "%-9s %9s %12s %8s %11s %6s %7s\n", by, "documents", "no customer", "market", "enterprise", "role", "person")
	for _, p := range periods {
		c := p.Corpus
		fmt.Fprintf(w, "%-9s %9d %11.0f%%", p.Name, c.Documents, c.CustomerFreeShare()*100)
		for i, l := range lens.Levels {
			fmt.Fprintf(w, " %*.0f%%", []int{7, 10, 5, 6}[i], c.MostConcreteShare(l)*100)
		}
		fmt.Fprintln(w)
	}
}
