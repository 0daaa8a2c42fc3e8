package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/contacts"
	"github.com/faces-org/faces/photo"
)

const importUsage = `Usage: faces import [--db DB] [--dry-run] [--skip-invalid] [--map 'Column=field']… FILE

Takes in the people in FILE ("-": standard input): a CSV export of a CRM
or an address book (HubSpot, Salesforce, Google Contacts, Outlook and most
others are recognized by their column names; --map maps any other column),
or a vCard file (versions 2.1, 3.0 and 4.0; photos inline or by web
address, fetched with a timeout and a size cap, never from internal
addresses unless --allow-internal-photos). The format and the encoding are
told by the content. Each contact is
matched to a person Faces knows — by e-mail, then by name and company,
then by name and former company — and given what the file adds, or
created. It all happens in one transaction: the import completes, or
changes nothing and says which line failed and why. Ctrl-C cancels it,
changing nothing.

A Faces archive (faces export --archive) is restored instead: into an
empty database, everything it holds, in one transaction.

Fields for --map: name, first name, middle name, last name, email, phone,
company, title, tags, notes, link, or nothing ('Column=') to skip a column.

Flags:
`

// mapFlags collects repeated --map 'Column=field'.
type mapFlags []string

func (m *mapFlags) String() string     { return strings.Join(*m, ", ") }
func (m *mapFlags) Set(v string) error { *m = append(*m, v); return nil }

func runImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, importUsage); fs.PrintDefaults() }
	dsn := dbFlag(fs)
	dryRun := fs.Bool("dry-run", false, "do all the work and report it, but change nothing")
	skip := fs.Bool("skip-invalid", false, "skip contacts that cannot be imported (each reported with its line) instead of importing nothing")
	var maps mapFlags
	fs.Var(&maps, "map", "read a column as a field: 'Column=field' (repeatable)")
	internal := fs.Bool("allow-internal-photos", false, "fetch vCard photos from loopback, link-local and private addresses too")
	progress := fs.String("progress", "auto", "show progress: auto (a bar on a terminal, a line every few seconds otherwise), always (the bar), never")
	rest, err := parseArgs(fs, args)
	if err != nil || len(rest) != 1 {
		fs.Usage()
		return 2
	}
	name := rest[0]
	var in io.Reader = stdin
	size := int64(0)
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "faces import: %v\n", err)
			return 1
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		in = f
	}
	counted := &countingReader{r: in}
	counted.peek()
	if bytes.HasPrefix(counted.head, []byte("PK\x03\x04")) {
		return runRestore(ctx, *dsn, name, counted, *progress, stdout, stderr)
	}
	file, err := openContacts(counted, maps)
	if err != nil {
		fmt.Fprintf(stderr, "faces import: %s: %s\n", name, faces.ErrorMessage(err))
		return 1
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces import: opening %s: %v\n", redactDSN(*dsn), err)
		return 1
	}
	defer db.Close()

	show := *progress == "always" || *progress == "auto" && isTerminal(stderr)
	p := &importProgress{w: stderr, size: size, progressed: counted.n.Load, unit: "contacts", bar: show, last: time.Now()}
	opts := faces.ImportOptions{DryRun: *dryRun, SkipInvalid: *skip, Progress: p.update}
	if *progress == "never" {
		opts.Progress = nil
	}
	taker := &contacts.PhotoTaker{Pipeline: photo.NewPipeline(photo.DefaultBudget), Fetcher: &contacts.Fetcher{AllowPrivate: *internal}}
	rep, err := db.ImportContacts(faces.NewContextWithActor(ctx, 0), taker.Take(ctx, file.Contacts()), opts)
	p.done()
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "faces import: cancelled; nothing was imported.")
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "faces import: %s: %s\n", name, importError(err))
		return 1
	}
	printImportReport(stdout, name, file, rep)
	return 0
}

// contactFile is a file of contacts, CSV or vCard.
type contactFile interface {
	Contacts() iter.Seq2[*faces.Contact, error]
	Ignored() []string
	Describe() string
}

// openContacts tells the file's format by its content and opens it.
func openContacts(r *countingReader, maps []string) (contactFile, error) {
	switch contacts.Sniff(r.head) {
	case contacts.FormatVCard:
		if len(maps) > 0 {
			return nil, faces.Errorf(faces.EINVALID, "This is a vCard file: its properties need no --map.")
		}
		return contacts.ReadVCards(r), nil
	case contacts.FormatICalendar:
		return nil, faces.Errorf(faces.EINVALID, "This is an iCalendar file, not a list of contacts.")
	case "":
		return nil, faces.Errorf(faces.EINVALID, "This is not a text file; Faces imports CSV and vCard files.")
	}
	file, err := contacts.ReadCSV(r)
	if err != nil {
		return nil, err
	}
	for _, m := range maps {
		column, field, ok := strings.Cut(m, "=")
		if !ok {
			return nil, faces.Errorf(faces.EINVALID, "--map takes 'Column=field', not %q.", m)
		}
		if err := file.Map(column, strings.TrimSpace(field)); err != nil {
			return nil, err
		}
	}
	if missing := file.Missing(); missing != "" {
		return nil, faces.Errorf(faces.EINVALID, "%s The columns are: %s.", missing, strings.Join(file.Header, ", "))
	}
	return file, nil
}

// importError words an import's failure: the application's message, or
// the underlying error with its line.
func importError(err error) string {
	var fe *faces.Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error() + "; nothing was imported."
}

func printImportReport(w io.Writer, name string, file contactFile, rep *faces.ImportReport) {
	verb := "Imported"
	if rep.DryRun {
		verb = "Dry run — nothing was changed. Would import"
	}
	fmt.Fprintf(w, "%s %s (%s): %d contacts read in %.1f s.\n", verb, name, file.Describe(), rep.Read, rep.Took.Seconds())
	fmt.Fprintf(w, "  new people: %d; new companies: %d\n", rep.Created, rep.Companies)
	if rep.Photos > 0 || rep.Linked > 0 {
		fmt.Fprintf(w, "  portraits taken: %d; relationships made: %d\n", rep.Photos, rep.Linked)
	}
	if matched := rep.Updated + rep.Unchanged; matched > 0 {
		fmt.Fprintf(w, "  already known: %d (%s); given what the file adds: %d; unchanged: %d\n", matched, rep.Ways(), rep.Updated, rep.Unchanged)
	}
	list := func(title string, problems []faces.LineProblem) {
		if len(problems) == 0 {
			return
		}
		fmt.Fprintf(w, "  %s: %d\n", title, len(problems))
		for _, p := range problems {
			fmt.Fprintf(w, "    line %d: %s\n", p.Line, p.Reason)
		}
	}
	list("left for a person to decide", rep.ForAHuman)
	list("not placed at their company", rep.Unplaced)
	list("skipped", rep.Skipped)
	list("imported without their photo", rep.PhotoProblems)
	if ignored := file.Ignored(); len(ignored) > 0 {
		if _, csv := file.(*contacts.CSV); csv {
			fmt.Fprintf(w, "  columns not read: %s (--map 'Column=field' reads one)\n", strings.Join(ignored, ", "))
		} else {
			fmt.Fprintf(w, "  properties not read: %s\n", strings.Join(ignored, ", "))
		}
	}
}

// countingReader counts the bytes read, for the progress, and keeps the
// file's first bytes to tell its format.
type countingReader struct {
	r    io.Reader
	n    atomic.Int64
	head []byte
	pos  int
}

// peek reads the first 4 KB ahead.
func (c *countingReader) peek() {
	buf := make([]byte, 4096)
	n, _ := io.ReadFull(c.r, buf)
	c.head = buf[:n]
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.pos < len(c.head) {
		n := copy(p, c.head[c.pos:])
		c.pos += n
		c.n.Add(int64(n))
		return n, nil
	}
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// importProgress shows how far an import is: a bar on a terminal, a line
// every few seconds otherwise.
type importProgress struct {
	w          io.Writer
	size       int64        // the whole, when known
	progressed func() int64 // how much of it is done (bytes read, rows restored)
	unit       string       // what update counts
	verb       string       // what is done to them: "Read" when empty
	bar        bool
	last       time.Time
	wroteLine  bool
}

func (p *importProgress) update(contacts int) {
	interval := 3 * time.Second
	if p.bar {
		interval = 100 * time.Millisecond
	}
	if time.Since(p.last) < interval {
		return
	}
	p.last = time.Now()
	percent := ""
	if p.size > 0 {
		percent = fmt.Sprintf(" (%d%%)", min(100, p.progressed()*100/p.size))
	}
	if p.bar {
		const width = 30
		filled := 0
		if p.size > 0 {
			filled = int(min(width, p.progressed()*width/p.size))
		}
		fmt.Fprintf(p.w, "\r\033[K[%s%s] %d %s%s", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), contacts, p.unit, percent)
		p.wroteLine = true
		return
	}
	verb := p.verb
	if verb == "" {
		verb = "Read"
	}
	fmt.Fprintf(p.w, "%s %d %s%s…\n", verb, contacts, p.unit, percent)
}

func (p *importProgress) done() {
	if p.bar && p.wroteLine {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
